/**
 * How the library builds load the image worker (src/image/encoder.ts creates it with
 * `new Worker(new URL('./image.worker.ts', import.meta.url), { type: 'module' })`).
 *
 * Vite bundles the worker into one self-contained file (`worker.format: 'es'`, named
 * `image.worker.js` by `worker.rolldownOptions`), and with `base: './'` points at it with
 * `new URL(/* @vite-ignore *\/ new URL("image.worker.js", import.meta.url).href, "" + import.meta.url)`.
 * That loads, but hides the worker from the integrator's bundler: Vite and webpack only
 * follow the literal `new Worker(new URL('./x.js', import.meta.url))`, and with the
 * `@vite-ignore` and the `'' +` they leave the file behind, so the page falls back to encoding
 * on its main thread. This plugin, run on the finished bundle, writes the literal form back:
 *
 * - `mode: 'file'` (the module build): `new URL("./image.worker.js", import.meta.url)`; the
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

export const WORKER_FILE = 'image.worker.js';

const escaped = WORKER_FILE.replace(/\./g, '\\.');
/** What Vite 8 emits for the worker URL with a relative base (comments and spaces optional). */
const VITE_WORKER_URL = new RegExp(
  String.raw`new URL\(\s*(?:/\*\s*@vite-ignore\s*\*/\s*)?new URL\(\s*(["'\`])(?:\./)?${escaped}\1\s*,\s*import\.meta\.url\s*\)\.href\s*,\s*(["'\`])\2\s*\+\s*import\.meta\.url\s*\)`,
  'g',
);

/** Turns the worker's code into a same-document `blob:` URL, revoked once the worker holds it. */
function inlineLoader(source: string): string {
  return (
    `\nfunction __dniCaptureWorkerUrl(){` +
    `const u=URL.createObjectURL(new Blob([${JSON.stringify(source)}],{type:"text/javascript"}));` +
    `setTimeout(()=>URL.revokeObjectURL(u),0);return u}\n`
  );
}

export function workerUrl(mode: 'file' | 'inline'): Plugin {
  return {
    name: 'dni-capture:worker-url',
    apply: 'build',
    generateBundle(_options, bundle) {
      // The worker's own bundle goes through the same plugins: nothing to do there.
      if (Object.values(bundle).every((output) => output.fileName === WORKER_FILE || output.type === 'asset')) return;
      const worker = bundle[WORKER_FILE];
      if (!worker) return this.error(`${WORKER_FILE} is missing from the bundle: check worker.rolldownOptions`);
      const workerSource = worker.type === 'asset' ? String(worker.source) : worker.code;
      let found = 0;
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk' || output.fileName === WORKER_FILE) continue;
        const code = output.code.replace(VITE_WORKER_URL, () => {
          found++;
          return mode === 'file' ? `new URL("./${WORKER_FILE}", import.meta.url)` : '__dniCaptureWorkerUrl()';
        });
        if (code === output.code) continue;
        output.code = mode === 'inline' ? code + inlineLoader(workerSource) : code;
      }
      if (found !== 1) return this.error(`expected one worker URL in the output, found ${found}`);
      if (mode === 'inline') delete bundle[WORKER_FILE];
    },
  };
}
