/**
 * `package.json` `sideEffects` tells integrators' bundlers which built files must be kept even
 * when nothing imports a name from them: the element's module (it registers `<dni-capture>`) and
 * each worker (its top level is what the worker does). The library is built here, into a
 * temporary folder, with the repository's own `vite.config.ts`, and what it emits is compared
 * with the list: a worker added or renamed without updating `sideEffects` fails this test.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '../..');

describe('package.json sideEffects', { timeout: 120_000 }, () => {
  const outDir = mkdtempSync(join(tmpdir(), 'dni-capture-build-'));
  const declared = new Set(
    (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { sideEffects: string[] }).sideEffects,
  );
  let emitted: string[] = [];

  before(async () => {
    await build({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
    });
    emitted = readdirSync(outDir).filter((name) => name.endsWith('.js'));
  });

  after(() => rmSync(outDir, { recursive: true, force: true }));

  test('the build emits the two workers beside the element', () => {
    assert.deepEqual(emitted.filter((name) => name.endsWith('.worker.js')).sort(), [
      'file.worker.js',
      'quality.worker.js',
    ]);
  });

  test('lists every worker file the build emits', () => {
    const missing = emitted.filter((name) => name.endsWith('.worker.js') && !declared.has(`./dist/${name}`));

    assert.deepEqual(missing, []);
  });

  test('lists the element module, which registers <dni-capture>', () => {
    assert.ok(emitted.includes('dni-capture.js'));
    assert.ok(declared.has('./dist/dni-capture.js'));
  });

  test('lists no worker file the build does not emit', () => {
    const stale = [...declared].filter((path) => path.endsWith('.worker.js') && !emitted.includes(path.slice(7)));

    assert.deepEqual(stale, []);
  });
});
