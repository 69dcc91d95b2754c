/**
 * browser-image-compression 2.0.2 ships as one module that carries, besides its own code, a PNG
 * encoder (UPNG) and the deflate code it runs on (UZIP): 41 of its 57 KB, 15 of its 20 KB
 * gzipped. They serve one case only, PNG output (`fileType: 'image/png'`); the widget always asks
 * for JPEG (`FILE_COMPRESSION` in src/image/limits.ts), so they are dead weight in the file
 * worker, and their set-up (lookup tables of 64K entries) runs each time the worker starts.
 *
 * `stripPngEncoder` cuts them out of the library's module and leaves a `UPNG` whose `encode`
 * throws, so that PNG output, if it were ever asked for, fails loudly instead of sending
 * something else. The cut is between two fixed pieces of the published file; if either is
 * missing or moved (another version of the library), it throws, and the build or the test run
 * that used it fails: the version is pinned in package.json, and
 * test/node/without-png-encoder.test.ts checks the installed one.
 *
 * Used by the library build (the file worker, vite.config.ts), the demo's and end-to-end tests'
 * dev server (same file; `withoutPngEncoder`) and the unit tests' server
 * (web-test-runner.config.mjs; `withoutPngEncoderServed`), so that what is tested is what ships.
 */

/** Where UZIP begins: the CommonJS shim the library's bundler wrapped it in. */
const START = 'var e={},t={get exports(){return e},set exports(t){e=t}};!function(e){var r,i,UZIP={};';
/** The first statement after UPNG: the library's own canvas helpers. */
const END = 'const r={toArrayBuffer(';
/** What stands for UPNG: its one use left is `UPNG.encode(...)`, for PNG output. */
const STUB =
  'const UPNG={encode(){throw new Error("browser-image-compression is built without PNG output here (dni-capture asks for JPEG)")}};';

/** The library's module, as its package publishes it (the `module` entry). */
export const LIBRARY_MODULE = /[\\/]browser-image-compression[\\/]dist[\\/]browser-image-compression\.mjs(\?.*)?$/;

/**
 * The library's module without its PNG encoder. Throws if `code` is not the module this cut was
 * made for.
 * @param {string} code
 * @returns {string}
 */
export function stripPngEncoder(code) {
  const start = code.indexOf(START);
  const end = code.indexOf(END);
  const once = (piece, at) => at >= 0 && code.indexOf(piece, at + 1) < 0;
  if (!once(START, start) || !once(END, end) || end < start) {
    throw new Error(
      'without-png-encoder: browser-image-compression is not the 2.0.2 this build cuts its PNG encoder out of; ' +
        'update scripts/build/without-png-encoder.mjs for the installed version',
    );
  }
  const stripped = code.slice(0, start) + STUB + code.slice(end);
  if (stripped.includes('UZIP')) throw new Error('without-png-encoder: UZIP is still referenced after the cut');
  return stripped;
}

/**
 * The cut as a Vite (Rolldown) plugin: in the build, the workers' build and the dev server.
 * @returns {import('vite').Plugin}
 */
export function withoutPngEncoder() {
  return {
    name: 'dni-without-png-encoder',
    enforce: 'pre',
    transform(code, id) {
      // No source map: the library's own no longer matches what is left.
      return LIBRARY_MODULE.test(id) ? { code: stripPngEncoder(code), map: { mappings: '' } } : null;
    },
  };
}

/**
 * The cut as a plugin of web-test-runner's server (@web/dev-server), for the unit tests.
 * @returns {{ name: string, transform(context: { path: string, body: unknown }): { body: string } | undefined }}
 */
export function withoutPngEncoderServed() {
  return {
    name: 'dni-without-png-encoder',
    transform(context) {
      // A body that is not yet text is made text: never served uncut.
      return LIBRARY_MODULE.test(context.path) ? { body: stripPngEncoder(String(context.body)) } : undefined;
    },
  };
}
