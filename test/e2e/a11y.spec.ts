/**
 * Accessibility of every screen of the flow, on the QA page: axe-core reports no violation
 * (camera live, review with warnings, error, camera denied with the file path, complete; light
 * and dark; the theming page); the whole flow works with the keyboard alone and focus moves to
 * where each step starts, without being taken on first load; motion respects
 * `prefers-reduced-motion`; touch targets are at least 44 × 44 px on a phone.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { cardPng, UPLOAD_SCENE } from './support/cards.ts';
import { expect, test } from './support/fixtures.ts';
import { STEP, type Widget } from './support/widget.ts';

test.describe.configure({ timeout: 60_000 });

/** Runs axe on the page (shadow roots included) and expects no violation, listing any it finds. */
async function expectNoViolations(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const found = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
  );
  expect(found, `axe violations on the ${screen} screen`).toEqual([]);
}

/**
 * Waits until the colours have settled: a change of colour scheme restyles the buttons through
 * their 150 ms colour transition, and axe measuring contrast mid-way sees colours no one reads.
 */
async function settled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const finite = document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
    await Promise.all(finite.map((animation) => animation.finished.catch(() => undefined)));
  });
}

/** The `part` of the element that has focus, through shadow roots (or its tag name). */
function focusedPart(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.getAttribute('part') ?? active?.tagName.toLowerCase() ?? 'none';
  });
}

async function live(widget: Widget, count = 1): Promise<void> {
  await widget.waitForEvent('dni-camera-ready', { count, timeout: STEP.camera });
  await expect(widget.part('capture-button')).toBeVisible({ timeout: STEP.ui });
}

async function review(widget: Widget, count = 1): Promise<void> {
  await widget.waitForEvent('dni-result', { count, timeout: STEP.upload });
  await expect(widget.part('confirm-button')).toBeVisible({ timeout: STEP.ui });
}

test.describe('axe: no violations', () => {
  test.use({ cameraShared: true });

  test('camera live', async ({ widget, page }) => {
    await live(widget);

    await expectNoViolations(page, 'camera');
  });

  test('review with a warning (the wrong side)', async ({ widget, page }) => {
    await widget.useScenario('wrong-side');
    await live(widget);
    await widget.captureSide();
    await review(widget);
    await expect(widget.part('warning')).toHaveCount(1);

    await expectNoViolations(page, 'review (wrong side, with a warning)');
  });

  test('review of every field, then complete', async ({ widget, page }) => {
    await widget.setProperty('sides', 'front');
    await widget.useScenario('new');
    await live(widget);
    await widget.captureSide();
    await review(widget);
    await expect(widget.part('field-value').filter({ hasText: 'JESUS MARIA' })).toHaveCount(1, { timeout: STEP.ui });
    await expectNoViolations(page, 'review (front, every field)');

    await widget.part('confirm-button').click({ timeout: STEP.upload });
    await widget.waitForEvent('dni-complete', { timeout: STEP.ui });
    await expect(widget.part('restart-button')).toBeVisible();
    await expectNoViolations(page, 'complete');
  });

  test('error after a failed upload', async ({ widget, page }) => {
    await widget.useScenario('DETECTION_FAILED');
    await live(widget);
    await widget.captureSide();
    await widget.waitForEvent('dni-error', { timeout: STEP.upload });
    await expect(widget.part('retake-button')).toBeVisible({ timeout: STEP.ui });

    await expectNoViolations(page, 'error');
  });

  test('review in the dark scheme and in English', async ({ widget, page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await widget.setProperty('lang', 'en');
    await widget.useScenario('old');
    await live(widget);
    await expectNoViolations(page, 'camera (dark)');
    await widget.captureSide();
    await review(widget);

    await expectNoViolations(page, 'review (dark, English)');
  });

  test('the theming page: default and branded, light and dark', async ({ page }) => {
    await page.goto('/demo/theming.html?auto-capture=off');
    for (const id of ['default', 'branded']) {
      await expect(page.locator(`#${id} [part~="capture-button"]`)).toBeVisible({ timeout: STEP.camera });
    }
    await expectNoViolations(page, 'theming (light)');
    await page.emulateMedia({ colorScheme: 'dark' });
    await settled(page);
    await expectNoViolations(page, 'theming (dark)');
  });
});

test.describe('camera denied: the file path', () => {
  test.use({ cameraAllowed: false });

  test('no violations with the file path, and a picked file reaches a review that takes focus', async ({
    widget,
    page,
  }) => {
    await widget.waitForEvent('dni-camera-error', { timeout: STEP.camera });
    await expect(widget.part('file-input')).toBeAttached({ timeout: STEP.ui });
    expect(await focusedPart(page), 'the error on load does not take focus').toBe('body');
    await expectNoViolations(page, 'no camera');

    await widget.useScenario('new');
    await widget.part('file-input').focus();
    await widget.part('file-input').setInputFiles(await cardPng(UPLOAD_SCENE));
    await review(widget);

    await expect.poll(() => focusedPart(page), { timeout: STEP.ui }).toBe('review-title');
    await expectNoViolations(page, 'review after a file');
  });
});

test.describe('keyboard only', () => {
  test.use({ cameraShared: true });

  test('front and back with Tab and Enter; focus follows each step; nothing taken on load', async ({
    widget,
    page,
  }) => {
    await widget.useScenario('new');
    await live(widget);
    expect(await focusedPart(page), 'first load leaves focus where it was').toBe('body');

    for (let i = 0; i < 10 && (await focusedPart(page)) !== 'capture-button'; i++) await page.keyboard.press('Tab');
    expect(await focusedPart(page)).toBe('capture-button');
    await page.keyboard.press('Enter');
    await review(widget);
    await expect.poll(() => focusedPart(page), { timeout: STEP.ui }).toBe('review-title');

    await page.keyboard.press('Tab');
    expect(await focusedPart(page)).toBe('confirm-button');
    await page.keyboard.press('Enter');
    await live(widget, 2);
    await expect.poll(() => focusedPart(page), { timeout: STEP.ui }).toBe('capture-button');

    await page.keyboard.press('Enter');
    await review(widget, 2);
    await expect.poll(() => focusedPart(page), { timeout: STEP.ui }).toBe('review-title');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedPart(page), 'after confirm comes retake').toBe('retake-button');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');

    const complete = await widget.waitForEvent('dni-complete', { timeout: STEP.ui });
    expect(complete.back?.card_side).toBe('back');
    await expect.poll(() => focusedPart(page), { timeout: STEP.ui }).toBe('status');
  });

  test('an error moves focus to its message; retake with the keyboard brings the camera back', async ({
    widget,
    page,
  }) => {
    await widget.useScenario('DETECTION_FAILED');
    await live(widget);
    await widget.part('capture-button').focus();
    await page.keyboard.press('Enter');
    await widget.waitForEvent('dni-error', { timeout: STEP.upload });
    await expect.poll(() => focusedPart(page), { timeout: STEP.ui }).toBe('status');

    await page.keyboard.press('Tab');
    expect(await focusedPart(page)).toBe('retake-button');
    await page.keyboard.press('Enter');
    await live(widget, 2);
    await expect.poll(() => focusedPart(page), { timeout: STEP.ui }).toBe('capture-button');
  });
});

test.describe('motion and touch targets', () => {
  test.use({ cameraShared: true });

  test('no transitions or animations with prefers-reduced-motion: reduce', async ({ widget, page }) => {
    const motion = () =>
      widget.part('capture-button').evaluate((button) => {
        const style = getComputedStyle(button);
        return { transition: style.transitionDuration, animation: style.animationName };
      });
    await live(widget);
    expect((await motion()).transition, 'buttons ease by default').not.toBe('0s');

    await page.emulateMedia({ reducedMotion: 'reduce' });

    expect(await motion()).toEqual({ transition: '0s', animation: 'none' });
    await widget.useScenario('new');
    await widget.captureSide();
    await review(widget);
    const reviewAnimation = await widget.part('review').evaluate((el) => getComputedStyle(el).animationName);
    expect(reviewAnimation).toBe('none');
  });

  test.describe('on a phone', () => {
    test.use({ viewport: { width: 390, height: 844 } });

    test('every button and the file picker are at least 44 × 44 px', async ({ widget }) => {
      const tooSmall = async () =>
        widget.host.evaluate((el) =>
          [...el.shadowRoot!.querySelectorAll('button, label.file')]
            .map((node) => ({ part: node.getAttribute('part'), box: node.getBoundingClientRect() }))
            .filter(({ box }) => box.width < 44 || box.height < 44)
            .map(({ part, box }) => `${part} ${box.width}×${box.height}`),
        );
      await live(widget);
      expect(await tooSmall(), 'camera').toEqual([]);

      await widget.useScenario('new');
      await widget.captureSide();
      await review(widget);
      expect(await tooSmall(), 'review').toEqual([]);
    });
  });
});
