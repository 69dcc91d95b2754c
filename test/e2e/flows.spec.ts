/**
 * The good paths, with the camera: a new DNI and an old DNI front then back, a foreigner card
 * front only. The fake camera shows the front card; the test swaps in the back card while the
 * widget has the camera stopped (after the front's capture), so the back side really is a
 * second photo.
 */
import type { CardType } from '../../src/api/types.ts';
import { FACE_RGB, type CardKind } from './support/cards.ts';
import { expect, test, type FakeCamera } from './support/fixtures.ts';
import { colourAtPhotoCentre, expectFaceRegionOverFace, isNear } from './support/preview.ts';
import { STEP, type Widget } from './support/widget.ts';

// Two captures and uploads, each step bounded; on a loaded 2-core machine the whole took 32 s.
test.describe.configure({ timeout: 60_000 });

/** Camera ready, capture clicked, the side sent and answered; returns what was captured. */
async function captureAndSend(widget: Widget, side: 'front' | 'back', index: number) {
  const ready = await widget.waitForEvent('dni-camera-ready', { count: index + 1, timeout: STEP.camera });
  expect(ready.width, 'the camera delivers the fake file at full size').toBe(1920);
  expect(ready.height).toBe(1080);
  await expect(widget.part('video')).toBeVisible();

  const capture = await widget.captureSide(index);
  expect(capture.side).toBe(side);
  expect(capture.source).toBe('camera');
  expect(capture.blob.type).toBe('image/jpeg');
  expect(capture.blob.size).toBeGreaterThan(10_000);
  expect(capture.blob.size).toBeLessThan(5_000_000);
  expect(capture.width).toBeGreaterThanOrEqual(1280);

  const result = await widget.waitForEvent('dni-result', { count: index + 1, timeout: STEP.upload });
  expect(result.side).toBe(side);
  expect((result.response as { status?: string }).status).toBe('OK');
  expect(result.result.card_side).toBe(side);

  const progress = (await widget.events('dni-upload-progress')).map((e) => e.detail).filter((d) => d.side === side);
  expect(progress.length, `dni-upload-progress for the ${side}`).toBeGreaterThan(0);
  const last = progress.at(-1) as { loaded: number; total: number };
  expect(last.total, 'the request body has bytes').toBeGreaterThan(capture.blob.size);
  expect(last.loaded, 'the last progress event says everything was sent').toBe(last.total);

  await expect(widget.part('status')).not.toBeEmpty();
  await expect(widget.part('confirm-button')).toBeVisible({ timeout: STEP.ui });
  return { capture, result };
}

interface TwoSided {
  scenario: CardType;
  /** The card the camera shows after the front (the front is the test's `cameraScene`). */
  back: CardKind;
}

async function frontAndBack(widget: Widget, camera: FakeCamera, { scenario, back }: TwoSided) {
  await widget.useScenario(scenario);

  const front = await captureAndSend(widget, 'front', 0);
  expect(front.result.result.card_type).toBe(scenario);
  const sent = { width: front.capture.width, height: front.capture.height };
  await expectFaceRegionOverFace(widget, sent);

  // The widget stopped the camera when it took the front; it opens it again after confirm.
  await camera.show({ kind: back });
  await widget.part('confirm-button').click();

  const second = await captureAndSend(widget, 'back', 1);
  expect(second.result.result.card_type).toBe(scenario);
  await expect(widget.part('preview')).toBeVisible();
  await expect(widget.part('face-region'), 'a back has no photo, so no face polygon').toHaveCount(0);
  const backSent = { width: second.capture.width, height: second.capture.height };
  const whereThePhotoWas = await colourAtPhotoCentre(widget, backSent);
  expect(
    isNear(whereThePhotoWas, FACE_RGB, 40),
    `the back preview shows the back card, not the front (${String(whereThePhotoWas)})`,
  ).toBe(false);
  expect(await widget.captureSha256(1), 'a second, different photo was sent for the back').not.toBe(
    await widget.captureSha256(0),
  );

  await widget.part('confirm-button').click();
  const complete = await widget.waitForEvent('dni-complete', { timeout: STEP.ui });
  expect(complete.cardType).toBe(scenario);
  expect(complete.front.card_side).toBe('front');
  expect(complete.back?.card_side).toBe('back');
  expect(complete.front).toEqual(front.result.result);
  expect(complete.back).toEqual(second.result.result);
  await expect(widget.part('status')).not.toBeEmpty();

  expect((await widget.events('dni-capture')).length, 'one capture per side').toBe(2);
  expect((await widget.events('dni-error')).length).toBe(0);
  const journal = await widget.waitForJournal(2);
  expect(journal.map((j) => j.proxy?.side)).toEqual(['front', 'back']);
}

test.describe('new DNI', () => {
  test.use({ cameraScene: { kind: 'new-front' } });

  test('front and back: capture, upload, face polygon over the face, confirm, complete', async ({ widget, camera }) => {
    await frontAndBack(widget, camera, { scenario: 'new', back: 'new-back' });
  });
});

test.describe('old DNI', () => {
  test.use({ cameraScene: { kind: 'old-front' } });

  test('front and back complete with cardType old', async ({ widget, camera }) => {
    await frontAndBack(widget, camera, { scenario: 'old', back: 'old-back' });
  });
});

test.describe('foreigner card', () => {
  test.use({ cameraScene: { kind: 'alien-front' } });

  test('ALIEN completes after the front, with back null', async ({ widget }) => {
    await widget.useScenario('ALIEN');
    const front = await captureAndSend(widget, 'front', 0);
    expect(front.result.result.card_type).toBe('ALIEN');
    await expectFaceRegionOverFace(widget, { width: front.capture.width, height: front.capture.height });

    await widget.part('confirm-button').click();
    const complete = await widget.waitForEvent('dni-complete', { timeout: STEP.ui });
    expect(complete.cardType).toBe('ALIEN');
    expect(complete.front).toEqual(front.result.result);
    expect(complete.back).toBeNull();
    await expect(widget.part('capture-button'), 'no back is asked for').toHaveCount(0);
    expect((await widget.events('dni-camera-ready')).length, 'the camera is not opened for a back').toBe(1);
    expect(await widget.journal()).toHaveLength(1);
  });
});
