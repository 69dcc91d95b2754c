/**
 * The package as an integrator's bundler ships it, for the size budgets (.size-limit.mjs) and
 * the README's sizes: the built module (`dist/dni-capture.js`) bundled with lit, minified and
 * code-split by esbuild, each worker file bundled and minified the same way (bundlers that follow
 * `new Worker(new URL('./x.worker.js', import.meta.url))` build it as an entry of its own), all
 * written to `.cache/size/`.
 *
 * Returns which output files load when:
 * - `first`: before the first capture, i.e. the entry chunk, every chunk it imports statically,
 *   and the worker a camera capture needs (the quality worker, whose script also encodes the
 *   capture, with what it imports statically);
 * - `later`: every other output (what a picked file, the review or the other language loads);
 * - `all`: both.
 * Needs `npm run build` first (scripts/build/ensure-dist.mjs).
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const OUT = '.cache/size';

/** The workers a camera capture starts, by their file names in dist/. */
export const CAPTURE_WORKERS = ['quality.worker.js'];
/** Every worker the package ships. */
export const WORKERS = [...CAPTURE_WORKERS, 'file.worker.js'];

/** Bundles `entries` (paths under dist/) into `outdir`, split and minified; returns esbuild's metafile. */
async function bundle(entries, outdir) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    metafile: true,
    legalComments: 'none',
    logLevel: 'error',
    // The worker files are the bundler's own entries (above): leave their URLs alone here.
    external: ['*.worker.js'],
  });
  return result.metafile;
}

/** The outputs an entry loads before it runs: itself and its static imports, transitively. */
function staticClosure(metafile, entryOutput) {
  const seen = new Set();
  const visit = (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entryOutput);
  return [...seen];
}

/** The output file of an entry point, by the entry's path relative to the root. */
function outputOf(metafile, entry) {
  const found = Object.entries(metafile.outputs).find(([, output]) => output.entryPoint === entry);
  if (!found) throw new Error(`no output for ${entry}`);
  return found[0];
}

export async function integratorBundle() {
  rmSync(resolve(root, OUT), { recursive: true, force: true });
  const main = await bundle(['dist/dni-capture.js'], `${OUT}/page`);
  const workers = await bundle(
    WORKERS.map((name) => `dist/${name}`),
    `${OUT}/workers`,
  );
  const js = (metafile) => Object.keys(metafile.outputs).filter((path) => path.endsWith('.js'));
  const first = [
    ...staticClosure(main, outputOf(main, 'dist/dni-capture.js')),
    ...CAPTURE_WORKERS.flatMap((name) => staticClosure(workers, outputOf(workers, `dist/${name}`))),
  ];
  const unique = (paths) => [...new Set(paths)].map((path) => relative(root, resolve(root, path)));
  const all = unique([...js(main), ...js(workers)]);
  const firstSet = new Set(unique(first));
  return { first: [...firstSet], later: all.filter((path) => !firstSet.has(path)), all };
}
