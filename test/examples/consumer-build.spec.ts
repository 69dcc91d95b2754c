/**
 * An integrator's bundler must find the workers: a Vite production build of the React and Vue
 * examples (which `import 'dni-capture'` from dist/) emits the quality worker (whose script also
 * encodes the capture) and the file worker each as a file of its own and points the widget at
 * them. If the build lost the literal `new Worker(new URL('./quality.worker.js', import.meta.url))`,
 * the worker would be left behind: no quality gate, and every capture encoded on the page's main
 * thread.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { build } from 'vite';

test('a consumer Vite build emits each worker as its own file and loads it from there', async () => {
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
    const read = (name: string) => readFileSync(join(outDir, 'assets', name), 'utf8');
    const code = assets.filter((name) => name.endsWith('.js')).map(read);
    const workers: Record<string, string> = {};
    for (const name of ['quality', 'file']) {
      const worker = assets.find((asset) => asset.startsWith(`${name}.worker-`) && asset.endsWith('.js'));
      expect(worker, `${name} worker in assets: ${assets.join(', ')}`).toBeTruthy();
      const escaped = worker!.replace(/\./g, '\\.');
      const reference = new RegExp(String.raw`new Worker\(new URL\(["'\`]/assets/${escaped}["'\`]`);
      expect(
        code.some((text) => reference.test(text)),
        `a reference to ${worker}`,
      ).toBe(true);
      workers[name] = read(worker!);
      expect(workers[name]).toContain('onmessage');
    }
    // browser-image-compression is in the file worker only: the camera's worker, which encodes
    // the capture, does not carry it (one of the library's own property names, which minifying
    // keeps, tells it).
    const library = 'approximateBelowMaximumCanvasSizeOfBrowser';
    expect(workers.file).toContain(library);
    expect(workers.quality).not.toContain(library);
    // Without the PNG encoder the library carries (scripts/build/without-png-encoder.mjs): the
    // widget asks for JPEG only. UZIP's own error message would be there otherwise.
    expect(workers.file).not.toContain('unknown compression method');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});
