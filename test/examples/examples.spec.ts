/**
 * Each example page proves that the widget's events reach the host's own code, that the host's
 * properties reach the widget (its `headers` ask the mock for an old DNI, so an old DNI in the
 * result is the proof) and that its methods work (the host's button calls `capture()`), under
 * the README's strict Content-Security-Policy with the image workers running.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium, expect, test as base, type Browser, type Page } from '@playwright/test';
import { cardFrame, CHROME_PATH, fakeCameraArgs, SAFE_ARGS } from '../../bench/card-frame.mjs';
import { STRICT_CSP } from '../../examples/csp.ts';

/** One Chromium per worker whose fake camera shows the synthetic card. */
const test = base.extend<{ page: Page }, { cameraBrowser: Browser }>({
  cameraBrowser: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from a destructuring pattern, required even when empty
    async ({}, use) => {
      const browser = await chromium.launch({
        executablePath: CHROME_PATH,
        args: [...SAFE_ARGS, ...fakeCameraArgs(await cardFrame())],
      });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  page: async ({ cameraBrowser, baseURL, viewport }, use) => {
    const context = await cameraBrowser.newContext({ baseURL, viewport });
    const page = await context.newPage();
    // Anything the CSP blocks, recorded before the page's own scripts run.
    await page.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { cspViolations: seen });
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await use(page);
    await context.close();
  },
});

const EXAMPLES = [
  { name: 'plain HTML (single-file build)', path: '/plain/' },
  { name: 'React 19', path: '/react/' },
  { name: 'Vue 3', path: '/vue/' },
];

for (const example of EXAMPLES) {
  test(`${example.name}: events, properties and methods reach the host under the strict CSP`, async ({ page }) => {
    const response = await page.goto(example.path);
    expect(response?.headers()['content-security-policy']).toBe(STRICT_CSP);
    const events = page.locator('#events');

    await expect(events).toContainText('dni-camera-ready 1920×1080');
    await page.locator('#take').click();

    await expect(events).toContainText(/dni-capture front \d+×\d+ \d+ bytes, encoded in worker/);
    await expect(events).toContainText(/dni-upload-progress front (\d+)\/\1/);
    await expect(events).toContainText('dni-result front old');
    await expect(page.locator('#result')).toContainText('"id_number": "16793105-2"');

    await page.locator('dni-capture').locator('[part="confirm-button"]').click();
    await expect(events).toContainText('dni-complete old 16793105-2');
    await expect(events).not.toContainText('dni-error');
    await expect(events).not.toContainText('dni-camera-error');
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  });
}

test('plain HTML (single-file build): a picked picture is compressed in its file worker under the strict CSP', async ({
  page,
}) => {
  await page.goto('/plain/');
  const events = page.locator('#events');
  await expect(events).toContainText('dni-camera-ready 1920×1080');

  // A grey picture with no card in it: the widget asks, and "send anyway" sends it whole,
  // compressed by the single-file build's canvas compressor (it has no browser-image-compression).
  await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(1600, 1000);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#c8d2dc';
    context.fillRect(0, 0, 1600, 1000);
    const png = await canvas.convertToBlob({ type: 'image/png' });
    const widget = document.querySelector('dni-capture') as HTMLElement & { uploadFile(file: File): Promise<void> };
    void widget.uploadFile(new File([png], 'card.png', { type: 'image/png' }));
  });
  await page.locator('dni-capture').locator('[part="send-anyway-button"]').click();

  await expect(events).toContainText(/dni-capture front 1600×1000 \d+ bytes, encoded in worker/);
  await expect(events).toContainText('dni-result front');
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
});

test('the single-file build stays within 60 KB gzipped, without browser-image-compression', () => {
  const code = readFileSync('dist/dni-capture.bundled.js');

  expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(60_000);
  // One of browser-image-compression's own property names, which minifying keeps.
  expect(code.toString()).not.toContain('approximateBelowMaximumCanvasSizeOfBrowser');
});
