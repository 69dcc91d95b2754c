/**
 * An integrator's bundler must find the image worker: a Vite production build of the React
 * and Vue examples (which `import 'dni-capture'` from dist/) emits the worker as a file of its
 * own and points the widget at it. If the build lost the literal
 * `new Worker(new URL('./image.worker.js', import.meta.url))`, the worker would be left behind
 * and every capture would be encoded on the page's main thread.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { build } from 'vite';

test('a consumer Vite build emits the image worker as its own file and loads it from there', async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'dni-consumer-'));
  try {
    await build({
      configFile: resolve('examples/vite.config.ts'),
      logLevel: 'silent',
      build: {
        outDir,
        emptyOutDir: true,
        rolldownOptions: {
          input: { react: resolve('examples/react/index.html'), vue: resolve('examples/vue/index.html') },
        },
      },
    });
    const assets = readdirSync(join(outDir, 'assets'));
    const worker = assets.find((name) => /^image\.worker-.*\.js$/.test(name));
    expect(worker, `assets: ${assets.join(', ')}`).toBeTruthy();
    const code = assets
      .filter((name) => name.endsWith('.js'))
      .map((name) => readFileSync(join(outDir, 'assets', name), 'utf8'));
    const reference = new RegExp(String.raw`new Worker\(new URL\(["'\`]/assets/${worker!.replace(/\./g, '\\.')}["'\`]`);
    expect(code.some((text) => reference.test(text))).toBe(true);
    expect(readFileSync(join(outDir, 'assets', worker!), 'utf8')).toContain('onmessage');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});
