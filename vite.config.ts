/**
 * `npm start` serves the QA demo (`index.html` at the repository root) with the reference
 * proxy and the mock API mounted by `dniDevServer()`; `vite build` builds the library.
 */
import { defineConfig } from 'vite';
import { dniDevServer } from './server/dev-plugin.ts';
import { minifyCss } from './scripts/build/minify-css.ts';
import { withoutPngEncoder } from './scripts/build/without-png-encoder.mjs';
import { workerUrl } from './scripts/build/worker-url.ts';

export default defineConfig({
  // withoutPngEncoder: browser-image-compression without the PNG encoder it carries and the
  // widget never uses (scripts/build/without-png-encoder.mjs), in the dev server as in the build.
  plugins: [dniDevServer(), minifyCss(), withoutPngEncoder()],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  // Pre-bundle the demo's dependencies only: the examples' pages import the published package
  // name, which only their own server (playwright.examples.config.ts) resolves.
  // browser-image-compression is served as it is installed, for withoutPngEncoder() to cut.
  optimizeDeps: { entries: ['index.html', 'demo/*.html'], exclude: ['browser-image-compression'] },

  // The library build (`npm run build`; the single-file build is vite.bundled.config.ts).
  // `./` makes every emitted URL relative to the module that uses it (the dev server still
  // serves from `/`), so the worker loads from wherever the package is served.
  base: './',
  // The workers: each one self-contained ES module beside dni-capture.js, under a stable name
  // (scripts/build/worker-url.ts turns Vite's reference to each back into a literal
  // `new URL('./quality.worker.js', import.meta.url)` that integrators' bundlers follow).
  worker: {
    format: 'es',
    plugins: () => [withoutPngEncoder()],
    rolldownOptions: { output: { entryFileNames: '[name].js' } },
  },
  build: {
    target: 'es2022',
    lib: { entry: 'src/dni-capture.ts', formats: ['es'], fileName: 'dni-capture' },
    // The package's dependencies stay imports, for the integrator's bundler to resolve once.
    rolldownOptions: {
      external: [/^lit(\/.*)?$/, /^@lit\//, /^@lit-labs\//, /^browser-image-compression(\/.*)?$/],
      // Code the entry shares with its lazy chunks (src/flow/results.ts, the strings, the file
      // intake) stays in dni-capture.js, which the chunks import from, instead of in small
      // shared chunks of their own: each chunk costs the camera path a request and compresses
      // apart. The entry then has extra exports with short names: internal links between its
      // chunks, not API (the types declare only the public names).
      preserveEntrySignatures: 'allow-extension',
      output: { chunkFileNames: 'chunks/[name]-[hash].js' },
      plugins: [workerUrl('file')],
    },
  },
});
