/**
 * The network misbehaving, for real: the browser offline (Playwright's offline emulation),
 * an answer slower than the widget's timeout, a rate limit with Retry-After, and uploads
 * cancelled by reset() and by removing the element.
 */
import { expect, test } from './support/fixtures.ts';
import { STEP } from './support/widget.ts';

test.describe('network faults', () => {
  test.use({ cameraShared: true });

  test('offline: says so, keeps the photo, and sends it by itself when the network returns', async ({
    widget,
    context,
  }) => {
    await widget.useScenario('new');
    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    await context.setOffline(true);
    const shot = await widget.captureSide();

    const error = await widget.waitForEvent('dni-error', { timeout: STEP.upload });
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.retryIn, 'waits for the network, not a timer').toBeNull();
    await expect(widget.part('status')).toHaveText(/conexión/i);
    expect(await widget.journal()).toHaveLength(0);

    await context.setOffline(false);
    const result = await widget.waitForEvent('dni-result', { timeout: STEP.upload });

    expect(result.side).toBe('front');
    expect((await widget.events('dni-capture')).length, 'no new photo was needed').toBe(1);
    const journal = await widget.waitForJournal(1);
    expect(journal[0].mock?.bytes).toBe(shot.blob.size);
  });

  test("an answer lost on the way back costs one API call: the retry reuses the photo's idempotency key and the proxy replays", async ({
    widget,
    page,
  }) => {
    await widget.useScenario('new');
    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    // The first upload reaches the proxy, which pays the API and answers; the answer never
    // reaches the page (the connection drops): the widget retries by itself.
    let first = true;
    await page.route('**/api/idcard', async (route) => {
      if (!first) return route.continue();
      first = false;
      await route.fetch();
      await route.abort('connectionreset');
    });
    const shot = await widget.captureSide();

    const error = await widget.waitForEvent('dni-error', { timeout: STEP.upload });
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.retryIn, 'retried by itself').not.toBeNull();
    const result = await widget.waitForEvent('dni-result', { timeout: STEP.upload });

    expect(result.side).toBe('front');
    const journal = await widget.waitForJournal(2);
    const keys = journal.map((entry) => entry.proxy?.headers['idempotency-key']);
    expect(keys[0], 'the photo carries a key').toMatch(/^[\w-]{16,64}$/);
    expect(keys[1], 'the retry carries the same key').toBe(keys[0]);
    expect(journal.filter((entry) => entry.mock).length, 'the API was called once').toBe(1);
    expect(journal.find((entry) => entry.mock)!.mock!.bytes).toBe(shot.blob.size);
  });

  test('an answer slower than the timeout is a TIMEOUT, retryable', async ({ widget }) => {
    await widget.useScenario('new', { 'X-Mock-Delay': '3000' });
    await widget.setProperty('timeout', 1000);
    await widget.setProperty('retryPolicy', { retries: 0 });
    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    await widget.captureSide();

    const error = await widget.waitForEvent('dni-error', { timeout: STEP.upload });

    expect(error.code).toBe('TIMEOUT');
    expect(error.retryable).toBe(true);
    await expect(widget.part('retry-button')).toBeVisible();
  });

  test('RATE_LIMIT_EXCEEDED waits exactly the Retry-After the API gave', async ({ widget }) => {
    await widget.useScenario('RATE_LIMIT_EXCEEDED');
    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    await widget.captureSide();

    const error = await widget.waitForEvent('dni-error', { timeout: STEP.upload });

    expect(error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(error.retryIn).toBe(2000);
    await expect(widget.part('status')).toContainText('2');
  });

  test('reset() aborts the upload in flight: no result, no error, the camera back', async ({ widget, page }) => {
    await widget.useScenario('new', { 'X-Mock-Delay': '2500' });
    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    await widget.captureSide();
    await widget.waitForEvent('dni-upload-progress', { timeout: STEP.upload });

    await widget.host.evaluate((el) => (el as HTMLElement & { reset(): void }).reset());
    await widget.waitForEvent('dni-camera-ready', { count: 2, timeout: STEP.camera });
    await page.waitForTimeout(3000);

    expect(await widget.events('dni-result')).toHaveLength(0);
    expect(await widget.events('dni-error')).toHaveLength(0);
    await expect(widget.part('capture-button')).toBeVisible();
  });

  test('removing the element aborts its upload: no result, no error afterwards', async ({ widget, page }) => {
    await widget.useScenario('new', { 'X-Mock-Delay': '2500' });
    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    await widget.captureSide();
    await widget.waitForEvent('dni-upload-progress', { timeout: STEP.upload });

    await widget.host.evaluate((el) => el.remove());
    await page.waitForTimeout(3000);

    expect(await widget.events('dni-result')).toHaveLength(0);
    expect(await widget.events('dni-error')).toHaveLength(0);
  });
});
