/**
 * The test rig itself: the fake camera shows the synthetic card where the widget's guide is,
 * with the photo's colours intact, and a card swapped in while the camera is stopped is what
 * the camera shows when it starts again. The widget tests rely on both; when they fail, this
 * one says whether the rig is to blame. It needs no server: the page is served by a route.
 */
import { guideRect } from '../../src/geometry.ts';
import { FACE_RGB, PHOTO_BG_RGB, type Rgb } from './support/cards.ts';
import { expect, test } from './support/fixtures.ts';
import { PHOTO_BOX } from '../../server/mock/layout.ts';

const CHECK_URL = '/__fake-camera-check';

interface SampleArgs {
  card: { x: number; y: number; width: number; height: number };
  /** Points as fractions of the card. */
  points: readonly (readonly [number, number])[];
}

/** Runs in the page: opens the camera, reads the given points of one frame, stops every track. */
async function sampleCard({ card, points }: SampleArgs) {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1920, height: 1080 } });
  try {
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = stream;
    await video.play();
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 100)));
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const g = canvas.getContext('2d', { willReadFrequently: true })!;
    g.drawImage(video, 0, 0);
    const colours = points.map(([fx, fy]) =>
      Array.from(
        g
          .getImageData(Math.round(card.x + fx * card.width), Math.round(card.y + fy * card.height), 1, 1)
          .data.slice(0, 3),
      ),
    );
    return { width: canvas.width, height: canvas.height, colours };
  } finally {
    stream.getTracks().forEach((track) => track.stop());
  }
}

function near(actual: readonly number[], expected: Rgb, tolerance = 4): boolean {
  return actual.every((v, i) => Math.abs(v - expected[i]) <= tolerance);
}

test.beforeEach(async ({ page }) => {
  await page.route(`**${CHECK_URL}`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>camera check</title>' }),
  );
});

test('the fake camera shows the card in the guide frame, and a swapped card after a restart', async ({
  page,
  camera,
}) => {
  await page.goto(CHECK_URL);
  const card = guideRect(1920, 1080);
  const photoCentre = [(PHOTO_BOX.x0 + PHOTO_BOX.x1) / 2, (PHOTO_BOX.y0 + PHOTO_BOX.y1) / 2] as const;
  const photoCorner = [PHOTO_BOX.x0 + 0.01, PHOTO_BOX.y0 + 0.01] as const;
  const points = [photoCentre, photoCorner];

  const front = await page.evaluate(sampleCard, { card, points });
  expect(front.width, 'frame width').toBe(1920);
  expect(front.height, 'frame height').toBe(1080);
  expect(near(front.colours[0], FACE_RGB), `face at the photo centre, got ${String(front.colours[0])}`).toBe(true);
  expect(near(front.colours[1], PHOTO_BG_RGB), `photo background, got ${String(front.colours[1])}`).toBe(true);

  await camera.show({ kind: 'new-back' });
  const back = await page.evaluate(sampleCard, { card, points });
  expect(near(back.colours[0], FACE_RGB, 40), `no face on the back, got ${String(back.colours[0])}`).toBe(false);
  expect(near(back.colours[1], PHOTO_BG_RGB, 40), `no photo on the back, got ${String(back.colours[1])}`).toBe(false);
});

test.describe('camera denied', () => {
  test.use({ cameraAllowed: false });

  test('getUserMedia rejects with NotAllowedError', async ({ page }) => {
    await page.goto(CHECK_URL);
    const name = await page.evaluate(() =>
      navigator.mediaDevices.getUserMedia({ video: true }).then(
        (stream) => (stream.getTracks().forEach((t) => t.stop()), 'granted'),
        (error: DOMException) => error.name,
      ),
    );
    expect(name).toBe('NotAllowedError');
  });
});
