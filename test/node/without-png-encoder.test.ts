/**
 * The cut that leaves browser-image-compression's PNG encoder out of what ships
 * (scripts/build/without-png-encoder.mjs), on the library as installed: it finds its two
 * anchors, what is left is a whole module with no name left undefined, it is the size the README
 * states, and a library it was not made for is refused rather than cut somewhere else. The
 * file worker's tests (test/unit/dni-capture.test.ts, a PNG and a JPEG compressed) run the cut
 * library in the browsers.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { Linter } from 'eslint';
import globals from 'globals';
import { LIBRARY_MODULE, stripPngEncoder, withoutPngEncoderServed } from '../../scripts/build/without-png-encoder.mjs';

const require = createRequire(import.meta.url);
const path = join(require.resolve('browser-image-compression/package.json'), '../dist/browser-image-compression.mjs');
const original = readFileSync(path, 'utf8');
const gzipped = (code: string) => gzipSync(code, { level: 9 }).length;

describe('browser-image-compression without its PNG encoder', () => {
  const stripped = stripPngEncoder(original);

  test('the installed module is the one the plugins transform', () => {
    assert.match(path, LIBRARY_MODULE);
    assert.match(`${path}?v=1a2b3c`, LIBRARY_MODULE);
  });

  test('UZIP and UPNG are gone, and the library is a quarter of its gzipped size', () => {
    assert.ok(!stripped.includes('UZIP'));
    assert.ok(!stripped.includes('unknown compression method'), "UZIP's own message");
    assert.equal(stripped.match(/UPNG\./g)?.length, 1, 'one use left: UPNG.encode for PNG output');
    assert.ok(stripped.includes('built without PNG output'));
    // 2.0.2: 20,397 bytes gzipped (level 9) as published, 5,182 cut.
    assert.ok(gzipped(stripped) < 6000, `${gzipped(stripped)} bytes gzipped`);
    assert.ok(gzipped(original) - gzipped(stripped) > 14000);
  });

  test('what is left refers to no name it does not define (browser and worker globals aside)', () => {
    const linter = new Linter({ configType: 'flat' });
    const config = {
      languageOptions: {
        ecmaVersion: 2022 as const,
        sourceType: 'module' as const,
        globals: { ...globals.browser, ...globals.worker },
      },
      rules: { 'no-undef': 'error' as const },
    };
    const undefinedNames = linter.verify(stripped, config).map((m) => m.message);
    assert.deepEqual(undefinedNames, []);
    // The check itself sees an undefined name: the published module's UPNG refers to a `pako`
    // it never defines (in code the cut removes).
    assert.ok(linter.verify(original, config).some((m) => m.message.includes("'pako' is not defined")));
  });

  test('what is left loads as a module with the same exports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dni-bic-'));
    try {
      writeFileSync(join(dir, 'stripped.mjs'), stripped);
      const module = (await import(pathToFileURL(join(dir, 'stripped.mjs')).href)) as Record<string, unknown>;
      const published = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
      assert.deepEqual(Object.keys(module).sort(), Object.keys(published).sort());
      assert.equal(typeof module.default, 'function');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the unit tests' server cuts the library, as text or as bytes, and nothing else", () => {
    const served = withoutPngEncoderServed();
    const url = '/node_modules/browser-image-compression/dist/browser-image-compression.mjs';
    assert.equal(served.transform({ path: url, body: original })?.body, stripped);
    assert.equal(served.transform({ path: url, body: Buffer.from(original) })?.body, stripped);
    assert.equal(served.transform({ path: '/src/image/compress-file.ts', body: 'UZIP' }), undefined);
  });

  test('another version of the library is refused, not cut', () => {
    assert.throws(() => stripPngEncoder(original.replace('const r={toArrayBuffer(', 'const q={toArrayBuffer(')), {
      message: /not the 2\.0\.2 this build cuts/,
    });
    assert.throws(() => stripPngEncoder('export default 1;'), { message: /not the 2\.0\.2/ });
  });
});
