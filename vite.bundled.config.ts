/**
 * The single-file build, `dist/dni-capture.bundled.js`: lit, the element, the main-thread
 * fallback and the workers in one minified ES module, for pages that only add
 * `<script type="module" src="dni-capture.bundled.js">`. The workers travel inside as
 * strings and start from `blob:` URLs (scripts/build/worker-url.ts), so the page's CSP needs
 * `worker-src blob:` for them; without it the widget encodes on the page's thread instead.
 * Run after `vite build` (it adds to dist/ and leaves the module build in place).
 *
 * Its weight budget is 60 KB gzipped (`gzip -9c dist/dni-capture.bundled.js | wc -c`), and
 * everything in it is paid by every page, lazy or not. So it carries no
 * browser-image-compression (about 5 KB gzipped even without its PNG encoder, which it would
 * carry twice: in the file worker and for the page-thread fallback): a picked picture that is
 * not flattened as a card is compressed by src/image/compress-file-canvas.ts instead, in the
 * file worker and on the page alike: the browser decodes it (EXIF orientation applied), a canvas
 * scales it within the same 2560 px and encodes it with the camera's JPEG quality ladder. The
 * module build keeps the library.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { minifyCss } from './scripts/build/minify-css.ts';
import { workerUrl } from './scripts/build/worker-url.ts';

/** src/image's `./compress-file.js` → the canvas compressor (see above); the page's and the workers' imports alike. */
const canvasCompressor = {
  find: /^\.\/compress-file\.js$/,
  replacement: fileURLToPath(new URL('./src/image/compress-file-canvas.ts', import.meta.url)),
};

export default defineConfig({
  base: './',
  plugins: [minifyCss()],
  resolve: { alias: [canvasCompressor] },
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
