/**
 * What is sent is the card itself, flattened: a card turned and tilted in front of the camera,
 * or lying turned on a table in a picked picture, reaches the API (the mock) as an upright ID-1
 * JPEG, with the face where the API says it is (the mock places `face_region` on the card's
 * photo by the card's layout, so the polygon lands on the drawn face only if the card was
 * flattened right). A picked picture with no card in it waits at the check step: send it anyway
 * (as the picture, `crop: 'file'`), or pick another.
 */
import { guideRect, ID1_ASPECT, type Size } from '../../src/geometry.ts';
import { es } from '../../src/i18n.ts';
import { cardCorners, cardPng, cornerError, type SceneOptions } from './support/cards.ts';
import { expect, test } from './support/fixtures.ts';
import { expectFaceRegionOverFace } from './support/preview.ts';
import { STEP, type JournalEntry, type Recorded, type Widget } from './support/widget.ts';

/** The image sent is ID-1 within this share. */
const ASPECT_TOLERANCE = 0.02;
/** Corners found within this share of the card's width of where the scene put them. */
const CORNER_TOLERANCE = 0.02;

function expectIdOneAspect(size: Size, what: string): void {
  const aspect = size.width / size.height;
  expect(
    Math.abs(aspect / ID1_ASPECT - 1),
    `${what}: ${size.width}×${size.height} is an ID-1 card (${ID1_ASPECT.toFixed(3)})`,
  ).toBeLessThanOrEqual(ASPECT_TOLERANCE);
}

/** The one request this test sent, as the mock received it: the bytes of `capture`, a JPEG of its size. */
async function sentToMock(
  widget: Widget,
  capture: Recorded<'dni-capture'>,
): Promise<NonNullable<JournalEntry['mock']>> {
  const journal = await widget.waitForJournal(1);
  expect(journal).toHaveLength(1);
  const mock = journal[0].mock;
  expect(mock, 'the proxy forwarded the request to the mock').not.toBeNull();
  expect(mock!.format).toBe('jpeg');
  expect({ width: mock!.width, height: mock!.height }).toEqual({ width: capture.width, height: capture.height });
  expect(mock!.sha256, 'the bytes of the dni-capture blob were sent').toBe(await widget.captureSha256(0));
  return mock!;
}

test.describe('a card turned 8° and tilted 15° in front of the camera', () => {
  test.use({ cameraScene: { kind: 'new-front', pose: { scale: 0.85, turn: 8, tilt: 15 } } });

  test('reaches the mock as a flat ID-1 JPEG, and the face polygon over the preview sits on the face', async ({
    widget,
  }) => {
    await widget.useScenario('new');
    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });

    const capture = await widget.captureSide();
    expect(capture.source).toBe('camera');
    expect(capture.crop, 'the card found is sent, flattened').toBe('card');
    expectIdOneAspect(capture, 'dni-capture');
    await widget.waitForEvent('dni-result', { timeout: STEP.upload });

    const mock = await sentToMock(widget, capture);
    expectIdOneAspect({ width: mock.width!, height: mock.height! }, 'what the mock received');
    await expectFaceRegionOverFace(widget, { width: capture.width, height: capture.height });
  });
});

test.describe('a picked picture', () => {
  test.use({ cameraAllowed: false });

  /** A phone photo (1280×720) of a card turned 10° on the wood table, 60% of the picture across. */
  const frame = { width: 1280, height: 720 };
  const CARD_ON_TABLE: SceneOptions = {
    kind: 'new-front',
    ...frame,
    pose: { scale: (0.6 * frame.width) / guideRect(frame.width, frame.height).width, turn: 10 },
  };
  /**
   * An empty white table. (Not the dark wood: a picked picture is judged for light before the
   * card, and the bare wood's mean luma, about 50, reads as too dark.)
   */
  const EMPTY_TABLE: SceneOptions = { kind: null, ...frame, table: 'white' };

  /** Picks `scene` as a PNG once the camera was refused and the file path is offered. */
  async function pick(widget: Widget, scene: SceneOptions): Promise<void> {
    await widget.useScenario('new');
    await widget.waitForEvent('dni-camera-error', { timeout: STEP.camera });
    await widget.part('file-input').setInputFiles(await cardPng(scene));
  }

  test('of a card turned on a table is sent as the flat card (crop card, ID-1), the face polygon on its face', async ({
    widget,
  }) => {
    await pick(widget, CARD_ON_TABLE);

    const capture = await widget.waitForEvent('dni-capture', { timeout: STEP.upload });
    expect(capture.source).toBe('file');
    expect(capture.crop, 'the card found in the picture is sent, flattened').toBe('card');
    expectIdOneAspect(capture, 'dni-capture');
    expect(capture.corners, 'where the card was in the picture').toBeDefined();
    const error = cornerError(capture.corners!, cardCorners(CARD_ON_TABLE)!);
    expect(
      error,
      `corners ${JSON.stringify(capture.corners)} off by ${(error * 100).toFixed(2)}% of the card's width`,
    ).toBeLessThanOrEqual(CORNER_TOLERANCE);
    await widget.waitForEvent('dni-result', { timeout: STEP.upload });

    await sentToMock(widget, capture);
    await expectFaceRegionOverFace(widget, { width: capture.width, height: capture.height });
  });

  test.describe('of an empty table', () => {
    test('waits at the check step, saying no card was found, with both ways forward', async ({ widget }) => {
      await pick(widget, EMPTY_TABLE);

      await expect(widget.part('status')).toHaveText(es.fileNoCard, { timeout: STEP.upload });
      const [quality] = await widget.events('dni-quality');
      expect(quality?.detail).toMatchObject({ source: 'file', ok: false, hint: 'place-card' });
      await expect(widget.part('send-anyway-button')).toHaveText(es.sendAnyway);
      await expect(widget.part('file-label')).toContainText(es.pickAnother);
      expect(await widget.events('dni-capture'), 'nothing is sent before the user decides').toHaveLength(0);
    });

    test('sent anyway: the picture goes as it is (crop file)', async ({ widget }) => {
      await pick(widget, EMPTY_TABLE);
      await expect(widget.part('send-anyway-button')).toBeVisible({ timeout: STEP.upload });

      await widget.part('send-anyway-button').click();
      const capture = await widget.waitForEvent('dni-capture', { timeout: STEP.upload });
      expect(capture.source).toBe('file');
      expect(capture.crop).toBe('file');
      expect(capture.corners, 'no card, no corners').toBeUndefined();
      expect(capture.width / capture.height, 'the whole picture, not a card').toBeCloseTo(
        frame.width / frame.height,
        2,
      );
      await widget.waitForEvent('dni-result', { timeout: STEP.upload });
      await sentToMock(widget, capture);
    });

    test('another picked, of a card: that one is sent as the flat card', async ({ widget }) => {
      await pick(widget, EMPTY_TABLE);
      await expect(widget.part('file-label')).toContainText(es.pickAnother, { timeout: STEP.upload });

      await widget.part('file-input').setInputFiles(await cardPng(CARD_ON_TABLE));
      const capture = await widget.waitForEvent('dni-capture', { timeout: STEP.upload });
      expect(capture.crop).toBe('card');
      expectIdOneAspect(capture, 'dni-capture');
      await widget.waitForEvent('dni-result', { timeout: STEP.upload });
      await sentToMock(widget, capture);
    });
  });
});
