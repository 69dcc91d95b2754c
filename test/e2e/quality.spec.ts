/**
 * The quality gate with synthetic card videos (test/e2e/support/cards.ts), auto-capture on (the
 * other specs open the demo with it off):
 * - a good card, anywhere in the frame, turned or tilted a little, on any table, in dim light,
 *   either side, old or new, in a landscape or a portrait frame, is captured by itself within
 *   the first frames analysed, and the photo is the card flattened: `crop: 'card'`, the corners
 *   found where the scene put them, an ID-1 image;
 * - a bad one (blurred, dark, glare, no card, half out, too far, too near, turned too much) is
 *   never captured (watched for 3 s) and gets its own hint in the status part;
 * - the card's outline over the live video sits on the card, and turns ok before the photo.
 */
import { ID1_ASPECT, type Rect } from '../../src/geometry.ts';
import { mapToContain } from '../support/geometry.ts';
import { es } from '../../src/i18n.ts';
import type { Quad } from '../../src/quad.ts';
import {
  DESKTOP_THRESHOLDS,
  PHONE_THRESHOLDS,
  type QualityHint,
  type QualityMetrics,
} from '../../src/quality/metrics.ts';
import { cardCorners, cornerError, sceneSpec, type SceneOptions } from './support/cards.ts';
import { expect, test as base } from './support/fixtures.ts';
import { STEP, type RecordedEvent, type Widget } from './support/widget.ts';

/** Runs in the page before its scripts: records when the widget's `data-phase` changes. */
function recordPhases(): void {
  const w = window as unknown as { __phases: { phase: string; time: number }[] };
  w.__phases = [];
  new MutationObserver((records) => {
    for (const record of records) {
      const el = record.target as HTMLElement;
      if (el.localName === 'dni-capture') w.__phases.push({ phase: el.dataset.phase ?? '', time: performance.now() });
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-phase'] });
}

/** The card outline as drawn at one moment: on screen (CSS px), and the video it is drawn over. */
interface OutlineState {
  time: number;
  /** `null`: no outline drawn. */
  ok: boolean | null;
  /** The polygon's points through its transforms to the screen. */
  points: [number, number][];
  /** The video's content box on screen, its frame size and object-fit. */
  video: { box: Rect; width: number; height: number; objectFit: string };
}

/**
 * Runs in the page before its scripts: records each change of the card outline in the widget's
 * shadow root (`window.__outline`), so a test sees states that last a fraction of a second.
 */
function recordOutline(): void {
  const w = window as unknown as { __outline: OutlineState[] };
  w.__outline = [];
  const watch = () => {
    const root = document.querySelector('dni-capture')?.shadowRoot;
    if (!root) return;
    const snapshot = () => {
      const polygon = root.querySelector<SVGPolygonElement>('[part~="card-outline"]');
      const video = root.querySelector('video')!;
      const style = getComputedStyle(video);
      const px = (value: string) => parseFloat(value) || 0;
      const r = video.getBoundingClientRect();
      const left = px(style.borderLeftWidth) + px(style.paddingLeft);
      const top = px(style.borderTopWidth) + px(style.paddingTop);
      const box = {
        x: r.left + left,
        y: r.top + top,
        width: r.width - left - px(style.borderRightWidth) - px(style.paddingRight),
        height: r.height - top - px(style.borderBottomWidth) - px(style.paddingBottom),
      };
      let points: [number, number][] = [];
      let ok: boolean | null = null;
      if (polygon) {
        const ctm = polygon.getScreenCTM()!;
        points = Array.from(polygon.points).map((p) => {
          const q = new DOMPoint(p.x, p.y).matrixTransform(ctm);
          return [q.x, q.y];
        });
        ok = (polygon.getAttribute('part') ?? '').split(/\s+/).includes('card-outline-ok');
      }
      const last = w.__outline.at(-1);
      if (last?.ok === ok && JSON.stringify(last.points) === JSON.stringify(points)) return;
      w.__outline.push({
        time: performance.now(),
        ok,
        points,
        video: { box, width: video.videoWidth, height: video.videoHeight, objectFit: style.objectFit },
      });
    };
    new MutationObserver(snapshot).observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['points', 'part'],
    });
  };
  void customElements.whenDefined('dni-capture').then(() => {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watch);
    else watch();
  });
}

const test = base.extend({
  page: async ({ page }, use) => {
    await page.addInitScript(recordPhases);
    await page.addInitScript(recordOutline);
    await use(page);
  },
});

test.use({ autoCapture: true });

/** The page time at which the widget first entered `phase`, or null. */
async function enteredAt(widget: Widget, phase: string): Promise<number | null> {
  const phases = await widget.page.evaluate(
    () => (window as unknown as { __phases: { phase: string; time: number }[] }).__phases,
  );
  return phases.find((p) => p.phase === phase)?.time ?? null;
}

/** How long a bad card is watched for a capture that must not come. */
const WATCH_MS = 3_000;
/**
 * How long its hint may take: the first change of the status comes 2 s after the camera is
 * live at the earliest (screen readers), after two frames agree; on a loaded machine frames
 * come a second apart.
 */
const HINT_MS = 8_000;
/** Corners found within this share of the card's width of where the scene put them. */
const CORNER_TOLERANCE = 0.02;
/** The image sent is ID-1 within this share. */
const ASPECT_TOLERANCE = 0.02;

/** The page time at which the first event of `type` fired. */
async function firedAt(widget: Widget, type: RecordedEvent['type']): Promise<number> {
  const [event] = await widget.events(type);
  expect(event, type).toBeDefined();
  return event.time;
}

/** The analysed frames as one line each, for annotations and failure messages. */
async function qualityTimeline(widget: Widget, since: number): Promise<string[]> {
  return (await widget.events('dni-quality')).map((e) => {
    const d = e.detail as {
      frame: number;
      ok: boolean;
      hint: QualityHint | null;
      analysisMs: number;
      metrics: QualityMetrics;
    };
    const card = d.metrics.card;
    const found = card
      ? `card scale ${card.scale.toFixed(2)} turn ${card.turn.toFixed(1)}° tilt ${card.tilt.toFixed(1)}°${card.cutOff ? ' cut off' : ''}`
      : 'no card';
    const metrics = `sharpness ${Math.round(d.metrics.sharpness)}, brightness ${Math.round(d.metrics.brightness)}, glare ${d.metrics.glare.toFixed(3)}`;
    return `frame ${d.frame} ${d.ok ? 'ok' : `hint ${d.hint}`} at ${Math.round(e.time - since)} ms (${Math.round(d.analysisMs)} ms in the worker; ${found}; ${metrics})`;
  });
}

/**
 * The scene's true corners as the camera delivers it (`frame`: the size of its frames). Chromium's
 * fake camera crops the file around its centre to the shape it delivers, then scales it
 * (`resizeMode: crop-and-scale`): asked for about 2560×1440, it gives a 1920×1080 file whole but
 * a 1080×1920 one as its middle 1080×1440.
 */
function trueCorners(scene: SceneOptions, frame: { width: number; height: number }): Quad {
  const { width, height } = sceneSpec(scene);
  const aspect = frame.width / frame.height;
  const crop = aspect > width / height ? { width, height: width / aspect } : { width: height * aspect, height };
  const dx = (width - crop.width) / 2;
  const dy = (height - crop.height) / 2;
  const factor = frame.width / crop.width;
  const corners = cardCorners(scene)!.map(
    ([x, y]) => [(x - dx) * factor, (y - dy) * factor] as const,
  ) as unknown as Quad;
  for (const [x, y] of corners) {
    expect(
      x >= 0 && y >= 0 && x <= frame.width && y <= frame.height,
      `the card is whole in the ${frame.width}×${frame.height} frame`,
    ).toBe(true);
  }
  return corners;
}

const GOOD: readonly { name: string; scene: SceneOptions }[] = [
  { name: 'filling the guide', scene: { kind: 'new-front' } },
  { name: 'at 85% of the guide, turned 6°', scene: { kind: 'new-front', pose: { scale: 0.85, turn: 6 } } },
  { name: 'tilted 15° away', scene: { kind: 'new-front', pose: { scale: 0.85, tilt: 15 } } },
  { name: 'off centre', scene: { kind: 'new-front', pose: { scale: 0.8, dx: 0.08, dy: -0.06 } } },
  { name: 'on a white table', scene: { kind: 'new-front', pose: { scale: 0.9 }, table: 'white' } },
  { name: 'on a cluttered desk', scene: { kind: 'new-front', pose: { scale: 0.85, turn: -4 }, table: 'cluttered' } },
  { name: 'in dim light (half)', scene: { kind: 'new-front', pose: { scale: 0.9 }, light: 0.5, noise: 3 } },
  { name: 'the back of a new DNI', scene: { kind: 'new-back', pose: { scale: 0.9 } } },
  { name: 'an old DNI', scene: { kind: 'old-front', pose: { scale: 0.9 } } },
  {
    name: 'in a portrait frame (1080×1920)',
    scene: { kind: 'new-front', width: 1080, height: 1920, pose: { scale: 0.9 } },
  },
];

for (const { name, scene } of GOOD) {
  test.describe(`a good card, ${name}`, () => {
    test.use({ cameraScene: scene });

    test('is captured by itself within the first frames analysed, sent as the flat card found where it is', async ({
      widget,
    }) => {
      await widget.useScenario('new');
      const frame = await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
      const ready = await firedAt(widget, 'dni-camera-ready');

      const capture = await widget.waitForEvent('dni-capture', { timeout: STEP.upload }).catch(async (error: Error) => {
        throw new Error(`${error.message.split('\n')[0]}\n  ${(await qualityTimeline(widget, ready)).join('\n  ')}`);
      });
      // The gate's part ends when the widget takes the photo (phase busy); encoding it is the encoder's.
      const taken = (await enteredAt(widget, 'busy'))!;
      const timeline = await qualityTimeline(widget, ready);
      // Wall-clock time is the benchmark's to measure (npm run bench:quality): on a loaded machine
      // the worker's first frame alone can take seconds. What must hold everywhere: the photo is
      // taken as soon as the gate allows, i.e. within the first frames it analysed (the first has
      // no steadiness yet, then `stableFrames` good ones in a row), which at the gate's 5 frames a
      // second is well within 2 s on a device that keeps up.
      // `frame` numbers every analysed frame, even those whose event the throttle held back.
      const analysed = (await widget.events('dni-quality'))
        .filter((e) => e.time <= taken)
        .map((e) => (e.detail as { frame: number }).frame);
      const corners = capture.corners;
      const error = corners ? cornerError(corners, trueCorners(scene, frame)) : null;
      const aspect = capture.width / capture.height;
      test.info().annotations.push({
        type: 'capture',
        description:
          `${name}: ${Math.round(taken - ready)} ms from camera ready to the photo, the last report before it of frame ${Math.max(...analysed)} ` +
          `(${frame.width}×${frame.height} camera); crop ${capture.crop}, ${capture.width}×${capture.height}, ` +
          `corners off by ${error === null ? '–' : `${(error * 100).toFixed(2)}%`}; ${timeline.join('; ')}`,
      });
      const stableFrames = Math.max(PHONE_THRESHOLDS.stableFrames, DESKTOP_THRESHOLDS.stableFrames);
      expect(Math.max(...analysed), `frames analysed before the photo; ${timeline.join(', ')}`).toBeLessThanOrEqual(
        stableFrames + 2,
      );
      const frames = (await widget.events('dni-quality')).map((e) => e.detail as { source: string });
      expect(frames.every((f) => f.source === 'camera')).toBe(true);

      expect(capture.source).toBe('camera');
      expect(capture.crop, 'the card found is sent, flattened').toBe('card');
      expect(capture.quality?.card, 'the photo was measured with its card').toBeTruthy();
      expect(corners, 'the card found').toBeDefined();
      expect(
        error,
        `corners ${JSON.stringify(corners)} off by ${((error ?? 0) * 100).toFixed(2)}% of the card's width`,
      ).toBeLessThanOrEqual(CORNER_TOLERANCE);
      expect(
        Math.abs(aspect / ID1_ASPECT - 1),
        `${capture.width}×${capture.height} is an ID-1 card`,
      ).toBeLessThanOrEqual(ASPECT_TOLERANCE);

      const result = await widget.waitForEvent('dni-result', { timeout: STEP.upload });
      expect(result.side).toBe('front');
    });
  });
}

const BAD: readonly { name: string; scene: SceneOptions; hint: QualityHint; text: string }[] = [
  { name: 'blurred', scene: { kind: 'new-front', variant: 'blurred' }, hint: 'blurry', text: es.hintBlurry },
  { name: 'dark', scene: { kind: 'new-front', variant: 'dark' }, hint: 'more-light', text: es.hintMoreLight },
  { name: 'with glare on the card', scene: { kind: 'new-front', variant: 'glare' }, hint: 'glare', text: es.hintGlare },
  {
    name: 'an empty table',
    scene: { kind: 'new-front', variant: 'empty' },
    hint: 'place-card',
    text: es.hintPlaceCard,
  },
  {
    name: 'half out of the frame',
    scene: { kind: 'new-front', variant: 'half-outside' },
    hint: 'center-card',
    text: es.hintCenterCard,
  },
  { name: 'far away (40%)', scene: { kind: 'new-front', pose: { scale: 0.4 } }, hint: 'closer', text: es.hintCloser },
  {
    name: 'too near, cut off (130%)',
    scene: { kind: 'new-front', pose: { scale: 1.3 } },
    hint: 'farther',
    text: es.hintFarther,
  },
  {
    name: 'turned 35° (in the frame)',
    scene: { kind: 'new-front', pose: { scale: 0.72, turn: 35 } },
    hint: 'straighten',
    text: es.hintStraighten,
  },
];

for (const { name, scene, hint, text } of BAD) {
  test.describe(`a bad scene: ${name}`, () => {
    test.use({ cameraScene: scene });

    test(`is never captured, and the status says "${text}"`, async ({ widget, page }) => {
      await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
      const ready = await firedAt(widget, 'dni-camera-ready');

      await expect(widget.part('status')).toHaveText(text, { timeout: HINT_MS });
      const now = await page.evaluate(() => performance.now());
      if (now - ready < WATCH_MS) await page.waitForTimeout(WATCH_MS - (now - ready));

      const timeline = await qualityTimeline(widget, ready);
      test.info().annotations.push({ type: 'hints', description: `${name}: ${timeline.join('; ')}` });
      expect(await widget.events('dni-capture'), 'no capture').toHaveLength(0);
      const hints = (await widget.events('dni-quality')).map((e) => (e.detail as { hint: QualityHint | null }).hint);
      expect(hints.length, 'frames were analysed (dni-quality comes at most twice a second)').toBeGreaterThanOrEqual(1);
      expect(await enteredAt(widget, 'busy'), 'never took a photo').toBe(null);
      expect([...new Set(hints)], `every analysed frame gives this hint; ${timeline.join(', ')}`).toEqual([hint]);
      await expect(widget.part('capture-button'), 'the capture button stays available').toBeEnabled();
    });
  });
}

test.describe('the card outline over the live video', () => {
  const scene: SceneOptions = { kind: 'new-front', pose: { scale: 0.85, turn: 6, tilt: 10 }, table: 'cluttered' };
  test.use({ cameraScene: scene });

  test('sits on the card as the user sees it, and turns ok before the photo is taken', async ({ widget, page }) => {
    const frame = await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    await widget.waitForEvent('dni-capture', { timeout: STEP.upload });
    const taken = (await enteredAt(widget, 'busy'))!;
    const states = (await page.evaluate(() => (window as unknown as { __outline: OutlineState[] }).__outline)).filter(
      (s) => s.time <= taken,
    );

    const drawn = states.filter((s) => s.ok !== null);
    expect(drawn.length, 'an outline was drawn while the camera was live').toBeGreaterThan(0);
    expect(drawn[0].ok, 'the first outline is not ok yet (steadiness unknown)').toBe(false);
    const ok = drawn.find((s) => s.ok);
    expect(
      ok,
      `the outline turned ok before the photo; states: ${JSON.stringify(states.map((s) => s.ok))}`,
    ).toBeDefined();

    // Where the user sees the card: its true corners in the frame, through the video's object-fit.
    const { video } = ok!;
    expect(video.objectFit).toBe('contain');
    expect({ width: video.width, height: video.height }).toEqual({ width: frame.width, height: frame.height });
    const onScreen = mapToContain(trueCorners(scene, frame), video, video.box).map(
      ([x, y]) => [video.box.x + x, video.box.y + y] as const,
    );
    for (const state of drawn) {
      const error = cornerError(state.points as unknown as Quad, onScreen as unknown as Quad);
      const cardWidth = Math.hypot(onScreen[1][0] - onScreen[0][0], onScreen[1][1] - onScreen[0][1]);
      expect(
        error,
        `outline ${JSON.stringify(state.points.map((p) => p.map(Math.round)))} vs the card at ${JSON.stringify(onScreen.map((p) => p.map(Math.round)))}: ${(error * cardWidth).toFixed(1)} px off`,
      ).toBeLessThanOrEqual(CORNER_TOLERANCE);
    }
  });
});
