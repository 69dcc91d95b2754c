#!/usr/bin/env node
/**
 * Regenerates docs/screenshot.png: the QA demo (`npm start`) in headless Chromium, its fake
 * camera showing the synthetic card (bench/card-frame.mjs), after the front was captured and
 * the mock API answered (the review step, the face outlined, the event log).
 */
import { resolve } from 'node:path';
import { chromium } from 'playwright';
import { createServer } from 'vite';
import { cardFrame, CHROME_PATH, fakeCameraArgs, SAFE_ARGS } from '../bench/card-frame.mjs';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const server = await createServer({
  configFile: resolve(root, 'vite.config.ts'),
  logLevel: 'warn',
  server: { port: 0, hmr: false },
});
await server.listen();
const { port } = server.httpServer.address();
const browser = await chromium.launch({
  executablePath: CHROME_PATH,
  args: [...SAFE_ARGS, ...fakeCameraArgs(await cardFrame())],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(`http://127.0.0.1:${port}/`);
  const widget = page.locator('dni-capture');
  await widget.locator('[part="capture-button"]').click({ timeout: 30_000 });
  await widget.locator('[part="face-region"]').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: resolve(root, 'docs/screenshot.png') });
  console.log('docs/screenshot.png');
} finally {
  await browser.close();
  await server.close();
}
