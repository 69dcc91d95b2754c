/**
 * The whole flow, camera and file, under the strict Content-Security-Policy that the README
 * gives integrators, with zero violations and no request to any origin but the page's.
 * The policy is added to the demo page's response by the test (the browser enforces it).
 */
import { cardPng, UPLOAD_SCENE } from './support/cards.ts';
import { expect, test } from './support/fixtures.ts';
import { STEP, Widget } from './support/widget.ts';

export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self'";

test.describe('strict CSP', () => {
  test.use({ cameraShared: true });

  test('camera and file flows run with zero violations and no third-party request', async ({ page }, testInfo) => {
    const violations: string[] = [];
    const origins = new Set<string>();
    page.on('request', (request) => origins.add(new URL(request.url()).origin));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await page.route('**/*', async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': STRICT_CSP } });
    });
    const widget = new Widget(page, `${testInfo.testId}-${Date.now().toString(36)}`);
    await widget.open('/?auto-capture=off');
    await widget.useScenario('new');

    // Camera: front, confirm, back, confirm.
    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    await widget.captureSide(0);
    const front = await widget.waitForEvent('dni-result', { timeout: STEP.upload });
    expect(front.side).toBe('front');
    await expect(widget.part('face-region')).toBeVisible({ timeout: STEP.ui });
    await widget.part('confirm-button').click();
    await widget.captureSide(1);
    await widget.waitForEvent('dni-result', { count: 2, timeout: STEP.upload });
    await widget.part('confirm-button').click();
    await widget.waitForEvent('dni-complete', { timeout: STEP.ui });

    // File: reset, then a picture through browser-image-compression in the worker.
    await widget.host.evaluate((el) => (el as HTMLElement & { reset(): void }).reset());
    await widget.part('file-input').setInputFiles(await cardPng(UPLOAD_SCENE));
    const file = await widget.waitForEvent('dni-capture', { count: 3, timeout: STEP.upload });
    expect(file.source).toBe('file');
    expect(file.encodedIn, 'compressed in the worker, which the CSP allows').toBe('worker');
    await widget.waitForEvent('dni-result', { count: 3, timeout: STEP.upload });

    const reported = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    expect(reported).toEqual([]);
    expect(violations).toEqual([]);
    expect(
      [...origins].filter(
        (o) => o !== new URL(page.url()).origin && o !== 'null' && !o.startsWith('blob:') && !o.startsWith('data:'),
      ),
    ).toEqual([]);
  });
});
