/**
 * How the library builds load the workers (src/image/encoder.ts and
 * src/quality/quality-controller.ts create them with
 * `new Worker(new URL('./file.worker.ts', import.meta.url), { type: 'module' })`).
 *
 * Vite bundles each worker into one self-contained file (`worker.format: 'es'`, named
 * `file.worker.js` and `quality.worker.js` by `worker.rolldownOptions`), and
 * with `base: './'` points at it with
 * `new URL(/* @vite-ignore *\/ new URL("file.worker.js", import.meta.url).href, "" + import.meta.url)`.
 * That loads, but hides the worker from the integrator's bundler: Vite and webpack only
 * follow the literal `new Worker(new URL('./x.js', import.meta.url))`, and with the
 * `@vite-ignore` and the `'' +` they leave the file behind, so the page falls back to encoding
 * on its main thread. This plugin, run on the finished bundle, writes the literal form back:
 *
 * - `mode: 'file'` (the module build): `new URL("./file.worker.js", import.meta.url)`; the
 *   file sits beside `dni-capture.js`, same origin as the page, so `worker-src 'self'` allows it.
 * - `mode: 'inline'` (the single-file build): the worker's code travels inside the file as a
 *   string and starts from a `blob:` URL (allowed by `worker-src blob:`), revoked as soon as
 *   the worker has been created; the separate worker file is dropped from the output.
 *
 * Never a `data:` URL: a module worker from `data:` has an opaque origin and `worker-src
 * 'self' blob:` blocks it. The build fails if the expression is not found, so a Vite upgrade
 * that changes it cannot silently ship a worker that never loads.
 */
import type { Plugin } from 'vite';

/** Every worker of the package, by its output name (`[name].js` of its source file). */
export const WORKER_FILES = ['file.worker.js', 'quality.worker.js'] as const;

/**
 * What Vite 8 emits for a worker URL with a relative base (comments and spaces optional); the
 * path from the chunk that starts it (`./`, or `../` from `chunks/`) is group 2.
 */
function viteWorkerUrl(file: string): RegExp {
  const escaped = file.replace(/\./g, '\\.');
  return new RegExp(
    String.raw`new URL\(\s*(?:/\*\s*@vite-ignore\s*\*/\s*)?new URL\(\s*(["'\`])((?:\.\.?/)*)${escaped}\1\s*,\s*import\.meta\.url\s*\)\.href\s*,\s*(["'\`])\3\s*\+\s*import\.meta\.url\s*\)`,
    'g',
  );
}

const isWorkerFile = (name: string) => (WORKER_FILES as readonly string[]).includes(name);

/** Turns a worker's code into a same-document `blob:` URL, revoked once the worker holds it. */
function inlineLoader(fn: string, source: string): string {
  return (
    `\nfunction ${fn}(){` +
    `const u=URL.createObjectURL(new Blob([${JSON.stringify(source)}],{type:"text/javascript"}));` +
    `setTimeout(()=>URL.revokeObjectURL(u),0);return u}\n`
  );
}

export function workerUrl(mode: 'file' | 'inline'): Plugin {
  return {
    name: 'dni-capture:worker-url',
    apply: 'build',
    generateBundle(_options, bundle) {
      // The workers' own bundles go through the same plugins: nothing to do there.
      if (Object.values(bundle).every((output) => isWorkerFile(output.fileName) || output.type === 'asset')) return;
      for (const [index, file] of WORKER_FILES.entries()) {
        const worker = bundle[file];
        if (!worker) return this.error(`${file} is missing from the bundle: check worker.rolldownOptions`);
        const workerSource = worker.type === 'asset' ? String(worker.source) : worker.code;
        const loader = `__dniCaptureWorkerUrl${index}`;
        let found = 0;
        for (const output of Object.values(bundle)) {
          if (output.type !== 'chunk' || isWorkerFile(output.fileName)) continue;
          const code = output.code.replace(viteWorkerUrl(file), (_match, _quote, path: string) => {
            found++;
            return mode === 'file' ? `new URL("${path || './'}${file}", import.meta.url)` : `${loader}()`;
          });
          if (code === output.code) continue;
          output.code = mode === 'inline' ? code + inlineLoader(loader, workerSource) : code;
        }
        // quality.worker.js is started from two places (the quality gate, the capture's thread).
        if (found === 0) return this.error(`no URL of ${file} found in the output`);
        if (mode === 'inline') delete bundle[file];
      }
    },
  };
}
