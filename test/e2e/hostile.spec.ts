/**
 * Malformed and hostile answers, from the mock through the real proxy: each ends in a
 * BAD_RESPONSE error or a result shown safely; no script runs, nothing crashes, and the
 * widget still offers a way forward.
 */
import { expect, test } from './support/fixtures.ts';
import { STEP } from './support/widget.ts';

const BAD: readonly string[] = [
  'not-json',
  'html-error',
  'empty-body',
  'truncated-json',
  'empty-results',
  'unknown-card-type',
];

test.describe('malformed answers', () => {
  test.use({ cameraShared: true });

  for (const scenario of BAD) {
    test(`${scenario}: BAD_RESPONSE, a message, the photo kept`, async ({ widget, page }) => {
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await widget.useScenario(scenario);
      await widget.setProperty('retryPolicy', { retries: 0 });
      await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
      await widget.captureSide();

      const error = await widget.waitForEvent('dni-error', { timeout: STEP.upload });

      expect(error.code).toBe('BAD_RESPONSE');
      await expect(widget.part('status')).toHaveText(error.message.trim(), { timeout: STEP.ui });
      await expect(widget.part('retake-button')).toBeVisible();
      expect(pageErrors).toEqual([]);
    });
  }

  test('ok-status-error: an error status inside HTTP 200 is that error', async ({ widget }) => {
    await widget.useScenario('ok-status-error');
    await widget.setProperty('retryPolicy', { retries: 0 });
    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    await widget.captureSide();

    const error = await widget.waitForEvent('dni-error', { timeout: STEP.upload });

    expect(error.code).toBe('INTERNAL_ERROR');
    expect(error.httpStatus).toBe(200);
  });

  for (const scenario of ['bad-face-region', 'face-outside']) {
    test(`${scenario}: the result is kept, the broken face region is not drawn`, async ({ widget }) => {
      await widget.useScenario(scenario);
      await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
      await widget.captureSide();

      const result = await widget.waitForEvent('dni-result', { timeout: STEP.upload });

      expect(result.result.face_region).toBeUndefined();
      await expect(widget.part('preview')).toBeVisible();
      await expect(widget.part('face-region')).toHaveCount(0);
    });
  }

  test('huge-field: a 1 MB string is cut, not shown whole', async ({ widget }) => {
    await widget.useScenario('huge-field');
    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    await widget.captureSide();

    const result = await widget.waitForEvent('dni-result', { timeout: STEP.upload });

    const name = (result.result.card_info as Record<string, string>).name ?? '';
    expect(name.length).toBeLessThanOrEqual(200);
  });

  test('hostile: markup and script in every field never run', async ({ widget, page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await widget.useScenario('hostile');
    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    await widget.captureSide();

    const result = await widget.waitForEvent('dni-result', { timeout: STEP.upload });
    await page.waitForTimeout(500);

    const values = Object.values(result.result.card_info as Record<string, string>);
    expect(
      values.some((v) => v.includes('<')),
      'the markup is kept as text',
    ).toBe(true);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    const injected = await widget.host.evaluate(
      (el) => el.shadowRoot!.querySelectorAll('script, img:not([part~="preview"]), iframe').length,
    );
    expect(injected).toBe(0);
  });
});
