/**
 * What the widget looks like, compared with committed baselines
 * (screenshots.spec.ts-snapshots/), at a phone portrait viewport (390 × 844) and a desktop one
 * (1280 × 800): the live camera (the video masked: only the frame around it is compared; the
 * quality gate's hint settled on "ready"; auto-capture off, as the fixture opens the page), the
 * review, an error, the dark scheme, and the branded instance of the theming page. Everything
 * on screen is deterministic: a synthetic card from the fake camera, the mock's fixed answers.
 * `npx playwright test screenshots --update-snapshots` redraws the baselines after a deliberate
 * change of look.
 */
import type { Locator, Page } from '@playwright/test';
import { es } from '../../src/i18n.ts';
import { expect, test } from './support/fixtures.ts';
import { STEP, type Widget } from './support/widget.ts';

test.describe.configure({ timeout: 60_000 });
test.use({ cameraShared: true });

const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

/**
 * Tolerant of a little anti-aliasing noise only: a changed word, a moved or recoloured part fails
 * (a ratio would let a changed line of text through on a large image).
 */
async function expectLook(page: Page, target: Locator, name: string, mask: Locator[] = []): Promise<void> {
  await page.mouse.move(0, 0);
  await expect(target).toHaveScreenshot(name, {
    mask,
    maskColor: '#ff00ff',
    animations: 'disabled',
    caret: 'hide',
    maxDiffPixels: 100,
    timeout: STEP.ui * 2,
  });
}

async function reviewOfNewFront(widget: Widget): Promise<void> {
  await widget.useScenario('new');
  await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
  await widget.captureSide();
  await widget.waitForEvent('dni-result', { timeout: STEP.upload });
  await expect(widget.part('field-value').filter({ hasText: 'JESUS MARIA' })).toHaveCount(1, { timeout: STEP.ui });
  await expect(widget.part('preview')).toHaveJSProperty('complete', true);
}

for (const [device, viewport] of Object.entries(VIEWPORTS)) {
  test.describe(device, () => {
    test.use({ viewport });

    test('camera live', async ({ widget, page }) => {
      await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
      await expect(widget.part('capture-button')).toBeVisible();
      // The quality gate settles on "ready" for the synthetic card filling the guide.
      await expect(widget.part('status')).toHaveText(es.hintReady, { timeout: STEP.camera });

      await expectLook(page, widget.host, `${device}-camera.png`, [widget.part('video')]);
    });

    test('review of a new DNI front', async ({ widget, page }) => {
      await reviewOfNewFront(widget);

      await expectLook(page, widget.host, `${device}-review.png`);
    });

    test('review with a warning (the wrong side)', async ({ widget, page }) => {
      await widget.useScenario('wrong-side');
      await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
      await widget.captureSide();
      await widget.waitForEvent('dni-result', { timeout: STEP.upload });
      await expect(widget.part('warning')).toHaveCount(1, { timeout: STEP.ui });
      await expect(widget.part('preview')).toHaveJSProperty('complete', true);

      await expectLook(page, widget.host, `${device}-wrong-side.png`);
    });

    test('error', async ({ widget, page }) => {
      await widget.useScenario('DETECTION_FAILED');
      await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
      await widget.captureSide();
      await widget.waitForEvent('dni-error', { timeout: STEP.upload });
      await expect(widget.part('retake-button')).toBeVisible({ timeout: STEP.ui });
      await expect(widget.part('preview')).toHaveJSProperty('complete', true);

      await expectLook(page, widget.host, `${device}-error.png`);
    });

    test('review in the dark scheme', async ({ widget, page }) => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await reviewOfNewFront(widget);

      await expectLook(page, widget.host, `${device}-review-dark.png`);
    });

    test('theming page: default and branded side by side', async ({ page }) => {
      await page.goto('/demo/theming.html?auto-capture=off');
      const videos: Locator[] = [];
      for (const id of ['default', 'branded']) {
        await expect(page.locator(`#${id} [part~="capture-button"]`)).toBeVisible({ timeout: STEP.camera });
        await expect(page.locator(`#${id} [part~="status"]`)).toHaveText(es.hintReady, { timeout: STEP.camera });
        videos.push(page.locator(`#${id} [part~="video"]`));
      }

      await expectLook(page, page.locator('main'), `${device}-theming.png`, videos);
    });
  });
}
