/**
 * The single-file build, `dist/dni-capture.bundled.js`: lit, the element, the main-thread
 * fallback and the workers in one minified ES module, for pages that only add
 * `<script type="module" src="dni-capture.bundled.js">`. The workers travel inside as
 * string and starts from a `blob:` URL (scripts/build/worker-url.ts), so the page's CSP needs
 * `worker-src blob:` for it; without it the widget encodes on the page's thread instead.
 * Run after `vite build` (it adds to dist/ and leaves the module build in place).
 */
import { defineConfig } from 'vite';
import { minifyCss } from './scripts/build/minify-css.ts';
import { workerUrl } from './scripts/build/worker-url.ts';

export default defineConfig({
  base: './',
  plugins: [minifyCss()],
  worker: { format: 'es', rolldownOptions: { output: { entryFileNames: '[name].js' } } },
  build: {
    target: 'es2022',
    emptyOutDir: false,
    minify: true,
    lib: { entry: 'src/dni-capture.ts', formats: ['es'], fileName: () => 'dni-capture.bundled.js' },
    rolldownOptions: {
      // One file: the main-thread fallback's dynamic import is inlined too.
      output: { codeSplitting: false, minify: true },
      plugins: [workerUrl('inline')],
    },
  },
});
