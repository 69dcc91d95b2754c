import { expect } from '@open-wc/testing';
import { guideRect, ID1_ASPECT, type Rect } from '../../src/geometry.js';
import type { Quad } from '../../src/quad.js';
import {
  brightness,
  cornerShift,
  DESKTOP_THRESHOLDS,
  downscale,
  expandStudioRange,
  forEachRowInQuad,
  glare,
  judge,
  luma,
  measureFrame,
  measureImage,
  measureQuad,
  motion,
  PHONE_THRESHOLDS,
  quadWidth,
  scaleQuad,
  sharpness,
  thumbnail,
  type CardFound,
  type QualityMetrics,
} from '../../src/quality/metrics.js';
import { judgeImage } from '../../src/quality/picture.js';

// Synthetic images with answers known by construction (no camera, no canvas); the verdict on
// drawn camera scenes is test/unit/verdict.test.ts.

/** A greyscale image filled by `f(x, y)`. */
function grey(width: number, height: number, f: (x: number, y: number) => number): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[y * width + x] = f(x, y);
  return out;
}

/** How much of the pixel span [p, p + 1) lies in [a, b). */
const cover = (p: number, a: number, b: number) => Math.max(0, Math.min(p + 1, b) - Math.max(p, a));

/** A 640 × 360 analysed frame (a 1920 × 1080 camera frame averaged down 3 ×), the guide where the widget puts it. */
const W = 640;
const H = 360;
const TO_FRAME = 3;
const GUIDE: Rect = guideRect(W, H);

/** A flat card of luma `card` over a flat background `background`, at `rect` (edges anti-aliased, as a camera's are). */
function scene(rect: Rect | null, card = 200, background = 50): Float32Array {
  return grey(W, H, (x, y) => {
    const share = rect ? cover(x, rect.x, rect.x + rect.width) * cover(y, rect.y, rect.y + rect.height) : 0;
    return background + (card - background) * share;
  });
}

/** An ID-1 card `scale` × the guide's width, centred on the guide, moved by `dx` (share of its width). */
function cardRect(scale = 0.9, dx = 0): Rect {
  const width = GUIDE.width * scale;
  const height = width / ID1_ASPECT;
  return { x: W / 2 - width / 2 + dx * width, y: H / 2 - height / 2, width, height };
}

const quadOf = (r: Rect): Quad => [
  [r.x, r.y],
  [r.x + r.width, r.y],
  [r.x + r.width, r.y + r.height],
  [r.x, r.y + r.height],
];

const CARD: CardFound = { corners: quadOf(cardRect()), confidence: 1, scale: 0.9, turn: 0, tilt: 0, cutOff: false };

/** A good, steady frame with a card in it. */
const GOOD: QualityMetrics = {
  sharpness: 1000,
  glare: 0,
  brightness: 180,
  edges: 1,
  contrast: 0.5,
  card: CARD,
  cardMotion: 0,
  motion: 0,
};

describe('luma', () => {
  it('weighs red, green and blue as BT.601 does', () => {
    const pixels = new Uint8ClampedArray([255, 255, 255, 255, 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]);

    const out = luma(pixels, 4, 1);

    const expected = [255, 0.299 * 255, 0.587 * 255, 0.114 * 255];
    Array.from(out).forEach((v, i) => expect(v).to.be.closeTo(expected[i], 1e-3));
  });
});

describe('downscale', () => {
  it('averages the source pixels each output pixel covers', () => {
    const src = [0, 2, 4, 6, 8, 10, 12, 14];

    expect(Array.from(downscale(src, 0, 4, 4, 2, 2, 1))).to.deep.equal([5, 9]);
  });

  it('reads rows at a stride from an offset (a video plane inside a larger buffer)', () => {
    // Offset 3, stride 6: the same 4 × 2 block as above, surrounded by 99s.
    const src = [99, 99, 99, 0, 2, 4, 6, 99, 99, 8, 10, 12, 14, 99];

    expect(Array.from(downscale(src, 3, 6, 4, 2, 2, 1))).to.deep.equal([5, 9]);
  });

  it('splits an uneven ratio into blocks of 2 and 3', () => {
    expect(Array.from(downscale([10, 20, 30, 40, 50], 0, 5, 5, 1, 2, 1))).to.deep.equal([15, 40]);
  });

  it('averages 3 × 3 blocks on the 3× path (a 1080p camera), at a stride from an offset', () => {
    // 6 × 3 pixels inside a buffer with an offset of 2 and rows of 8: two blocks of 3 × 3.
    const src = new Uint8Array(2 + 3 * 8);
    for (let y = 0; y < 3; y++) for (let x = 0; x < 6; x++) src[2 + y * 8 + x] = x < 3 ? 10 * (y + 1) + x : 200 + y;
    src.fill(255, 0, 2);

    const out = Array.from(downscale(src, 2, 8, 6, 3, 2, 1));

    expect(out[0]).to.be.closeTo((10 + 11 + 12 + 20 + 21 + 22 + 30 + 31 + 32) / 9, 1e-4);
    expect(out[1]).to.be.closeTo(201, 1e-4);
  });
});

describe('expandStudioRange', () => {
  it('maps 16–235 to 0–255 and clamps outside', () => {
    const out = expandStudioRange(new Float32Array([16, 235, 125.5, 0, 255]));

    expect(Array.from(out)).to.deep.equal([0, 255, 127.5, 0, 255]);
  });
});

describe('brightness', () => {
  it('is the mean luma of the region', () => {
    const image = grey(10, 10, (x) => (x < 5 ? 0 : 200));

    expect(brightness(image, 10, 10)).to.equal(100);
    expect(brightness(image, 10, 10, { x: 5, y: 0, width: 5, height: 10 })).to.equal(200);
  });

  it('clamps a region that leaves the image', () => {
    const image = grey(10, 10, () => 42);

    expect(brightness(image, 10, 10, { x: -5, y: -5, width: 30, height: 30 })).to.equal(42);
  });
});

describe('glare', () => {
  it('is the share of pixels at 250 or above', () => {
    // 10 of 100 pixels saturated, 10 more just under the level.
    const image = grey(10, 10, (_x, y) => (y === 0 ? 255 : y === 1 ? 249 : 200));

    expect(glare(image, 10, 10)).to.equal(0.1);
  });

  it('is 0 for a well-exposed card', () => {
    expect(glare(scene(GUIDE), W, H)).to.equal(0);
  });
});

describe('sharpness (variance of the Laplacian)', () => {
  it('is 0 for a flat image and for a linear ramp', () => {
    expect(
      sharpness(
        grey(20, 20, () => 128),
        20,
        20,
      ),
    ).to.equal(0);
    expect(
      sharpness(
        grey(20, 20, (x, y) => 3 * x + 2 * y),
        20,
        20,
      ),
    ).to.be.closeTo(0, 1e-6);
  });

  it('is 1020² for a one-pixel checkerboard of 0 and 255', () => {
    // Each pixel's four neighbours are its opposite: the Laplacian is ±4 × 255 everywhere.
    const image = grey(20, 20, (x, y) => ((x + y) % 2 ? 255 : 0));

    expect(sharpness(image, 20, 20)).to.be.closeTo(1020 * 1020, 1e-3);
  });

  it('is 20 / n for a single unit impulse among n pixels', () => {
    // Laplacian −4 at the impulse, +1 at its 4 neighbours: sum 0, sum of squares 20.
    const image = grey(12, 12, (x, y) => (x === 6 && y === 6 ? 1 : 0));
    const n = 10 * 10; // interior pixels

    expect(sharpness(image, 12, 12)).to.be.closeTo(20 / n, 1e-9);
  });

  it('drops when the same pattern is blurred', () => {
    const sharp = grey(40, 40, (x) => (Math.floor(x / 4) % 2 ? 255 : 0));
    // The same stripes with a 3-px box blur across them.
    const blurred = grey(
      40,
      40,
      (x) => [-1, 0, 1].reduce((s, d) => s + (Math.floor((x + d) / 4) % 2 ? 255 : 0), 0) / 3,
    );

    expect(sharpness(blurred, 40, 40)).to.be.lessThan(sharpness(sharp, 40, 40) / 2);
  });
});

describe('forEachRowInQuad', () => {
  /** The pixels visited, as "x,y" strings. */
  function visited(q: Quad, shrink = 0, width = 100, height = 100): string[] {
    const out: string[] = [];
    forEachRowInQuad(q, width, height, shrink, (y, x0, x1) => {
      for (let x = x0; x < x1; x++) out.push(`${x},${y}`);
    });
    return out;
  }

  it('visits every pixel whose centre is in an upright rectangle, once, row by row', () => {
    const pixels = visited(quadOf({ x: 10, y: 10, width: 20, height: 10 }));

    // Columns 10–30 and rows 10–20: the corners' own pixels count.
    expect(pixels.length).to.equal(21 * 11);
    expect(new Set(pixels).size).to.equal(pixels.length);
    expect(pixels[0]).to.equal('10,10');
    expect(pixels.at(-1)).to.equal('30,20');
  });

  it('shrinks the quad towards its centre by a share of its size', () => {
    // Half the size about (20, 15): x 15–25, y 12.5–17.5.
    const pixels = visited(quadOf({ x: 10, y: 10, width: 20, height: 10 }), 0.5);

    expect(pixels.length).to.equal(11 * 5);
    expect(pixels[0]).to.equal('15,13');
  });

  it('covers a turned square: the whole-pixel points in it, edges included', () => {
    // A diamond of diagonal 80: area 3200 and 160 whole-pixel points on its edges, so by Pick's
    // theorem 3200 + 160 / 2 + 1 points in it.
    const pixels = visited([
      [50, 10],
      [90, 50],
      [50, 90],
      [10, 50],
    ]);

    expect(pixels.length).to.equal(3281);
    expect(pixels).to.include('50,50');
    expect(pixels).to.not.include('15,15');
  });

  it('keeps to the image when the quad leaves it', () => {
    const pixels = visited(quadOf({ x: -10, y: 90, width: 30, height: 30 }));

    expect(pixels.length).to.equal(21 * 10);
    expect(pixels.every((p) => p.split(',').every((v) => Number(v) >= 0 && Number(v) < 100))).to.equal(true);
  });
});

describe('measureQuad', () => {
  const rect = cardRect();
  const q = quadOf(rect);

  it('measures the card only: a saturated, textured table does not count', () => {
    // The table: a checkerboard of 255 and 0 (glare and sharpness everywhere); the card flat 180.
    const image = grey(W, H, (x, y) =>
      cover(x, rect.x, rect.x + rect.width) && cover(y, rect.y, rect.y + rect.height) ? 180 : (x + y) % 2 ? 255 : 0,
    );

    expect(measureQuad(image, W, H, q)).to.deep.equal({ sharpness: 0, glare: 0, brightness: 180 });
  });

  it('counts a saturated spot on the card as glare: its share of the card measured', () => {
    const spot = { x: 300, y: 150, width: 20, height: 20 };
    const image = grey(W, H, (x, y) => (cover(x, spot.x, spot.x + 20) && cover(y, spot.y, spot.y + 20) ? 255 : 180));
    let measured = 0;
    forEachRowInQuad(q, W, H, 0.06, (_y, x0, x1) => (measured += x1 - x0));

    const { glare: share, brightness: mean } = measureQuad(image, W, H, q);

    expect(share).to.be.closeTo(400 / measured, 1e-9);
    expect(mean).to.be.closeTo(180 + (75 * 400) / measured, 1e-6);
  });

  it('leaves the card’s border out (its edge and the shadow beside it)', () => {
    // A dark frame 2% of the card's size wide just inside its outline (3% is left out, each side).
    const inner = {
      x: rect.x + 0.02 * rect.width,
      y: rect.y + 0.02 * rect.height,
      width: 0.96 * rect.width,
      height: 0.96 * rect.height,
    };
    const image = grey(W, H, (x, y) =>
      cover(x, inner.x, inner.x + inner.width) && cover(y, inner.y, inner.y + inner.height) === 1 ? 180 : 20,
    );

    expect(measureQuad(image, W, H, q).brightness).to.equal(180);
  });
});

describe('quadWidth, scaleQuad and cornerShift', () => {
  const q: Quad = [
    [0, 0],
    [100, 0],
    [100, 60],
    [0, 60],
  ];

  it('takes a card’s width as the mean of its long edges', () => {
    expect(quadWidth(q)).to.equal(100);
    expect(
      quadWidth([
        [0, 0],
        [90, 0],
        [110, 60],
        [0, 60],
      ]),
    ).to.equal(100);
  });

  it('scales every coordinate', () => {
    expect(scaleQuad(q, 3)).to.deep.equal([
      [0, 0],
      [300, 0],
      [300, 180],
      [0, 180],
    ]);
  });

  it('is 0 for a card that stayed put', () => {
    expect(cornerShift(q, q)).to.equal(0);
  });

  it('is the largest corner move as a share of the previous card’s width', () => {
    const moved: Quad = [q[0], q[1], [103, 64], [1, 61]];

    expect(cornerShift(moved, q)).to.be.closeTo(0.05, 1e-12);
    expect(cornerShift(scaleQuad(moved, 2), scaleQuad(q, 2)), 'the same at any scale').to.be.closeTo(0.05, 1e-12);
  });
});

describe('thumbnail and motion', () => {
  it('makes a 32-px-wide thumbnail of block means', () => {
    // 64×32: each thumbnail pixel is the mean of a 2×2 block.
    const image = grey(64, 32, (x, y) => (x % 2) * 100 + (y % 2) * 10);

    const thumb = thumbnail(image, 64, 32);

    expect(thumb.length).to.equal(32 * 16);
    expect(Array.from(thumb).every((v) => v === 55)).to.equal(true);
  });

  it('is 0 between identical frames and null without a previous one', () => {
    const thumb = thumbnail(scene(GUIDE), W, H);

    expect(motion(thumb, thumb)).to.equal(0);
    expect(motion(null, thumb)).to.equal(null);
  });

  it('is the mean difference over 255', () => {
    const a = thumbnail(
      grey(64, 32, () => 100),
      64,
      32,
    );
    const b = thumbnail(
      grey(64, 32, () => 151),
      64,
      32,
    );

    expect(motion(a, b)).to.be.closeTo(0.2, 1e-9);
  });

  it('grows with a shift of the card', () => {
    const before = thumbnail(scene(GUIDE), W, H);
    const moved = (dx: number) => motion(before, thumbnail(scene({ ...GUIDE, x: GUIDE.x + dx }), W, H))!;

    expect(moved(4)).to.be.greaterThan(0);
    expect(moved(16)).to.be.greaterThan(moved(4));
  });
});

describe('measureFrame', () => {
  const first = (image = scene(cardRect())) => measureFrame(image, W, H, GUIDE, TO_FRAME, null);

  it('finds the card and measures it: corners in the camera frame’s pixels, its size against the guide', () => {
    const rect = cardRect(0.9);

    const { metrics } = first(scene(rect));

    const card = metrics.card!;
    expect(card).to.include({ cutOff: false });
    card.corners.forEach((p, k) => {
      const truth = scaleQuad(quadOf(rect), TO_FRAME)[k];
      expect(Math.hypot(p[0] - truth[0], p[1] - truth[1]), `corner ${k}`).to.be.below(1.5);
    });
    expect(card.scale).to.be.closeTo(0.9, 0.005);
    expect(card.turn).to.be.closeTo(0, 0.2);
    expect(card.tilt).to.be.below(2);
    expect(metrics).to.deep.include({ sharpness: 0, glare: 0, brightness: 200, cardMotion: null, motion: null });
    expect(metrics.edges).to.be.greaterThan(0.9);
    expect(metrics.contrast).to.be.closeTo(150 / 255, 0.01);
  });

  it('with no card, measures the whole frame and says so', () => {
    const { metrics } = first(scene(null, 200, 90));

    expect(metrics).to.deep.equal({
      sharpness: 0,
      glare: 0,
      brightness: 90,
      edges: null,
      contrast: null,
      card: null,
      cardMotion: null,
      motion: null,
    });
  });

  it('gives a card that stays put no motion, and the same corners', () => {
    const one = first();

    const two = measureFrame(scene(cardRect()), W, H, GUIDE, TO_FRAME, one.memory);

    expect(two.metrics.cardMotion).to.equal(0);
    expect(two.metrics.motion).to.equal(0);
    expect(two.metrics.card!.corners).to.deep.equal(one.metrics.card!.corners);
    expect(judge(two.metrics, { ...PHONE_THRESHOLDS, minSharpness: 0 })).to.deep.equal({ ok: true, hint: null });
  });

  it('measures a card moved by 3% of its width as cardMotion 0.03, says hold still, and smooths its outline halfway', () => {
    const one = first();

    const two = measureFrame(scene(cardRect(0.9, 0.03)), W, H, GUIDE, TO_FRAME, one.memory);

    expect(two.metrics.cardMotion).to.be.closeTo(0.03, 0.003);
    expect(judge(two.metrics, PHONE_THRESHOLDS)).to.deep.equal({ ok: false, hint: 'hold-still' });
    // Reported: halfway between the last outline and the new one.
    const step = 0.03 * cardRect().width * TO_FRAME;
    two.metrics.card!.corners.forEach((p, k) =>
      expect(p[0] - one.metrics.card!.corners[k][0], `corner ${k}`).to.be.closeTo(step / 2, 0.5),
    );
    // Remembered: the card as found, and as smoothed.
    expect(cornerShift(two.memory.raw!, one.memory.raw!)).to.be.closeTo(0.03, 0.003);
    expect(cornerShift(two.memory.smoothed!, one.memory.smoothed!)).to.be.closeTo(0.015, 0.003);
  });

  it('starts the outline afresh after a jump (10% of the card’s width)', () => {
    const one = first();

    const two = measureFrame(scene(cardRect(0.9, 0.1)), W, H, GUIDE, TO_FRAME, one.memory);

    expect(two.metrics.cardMotion).to.be.closeTo(0.1, 0.003);
    expect(two.memory.smoothed).to.deep.equal(two.memory.raw);
    expect(two.metrics.card!.corners).to.deep.equal(scaleQuad(two.memory.raw!, TO_FRAME));
  });

  it('has no cardMotion when the card was not in the previous frame', () => {
    const empty = first(scene(null));

    const two = measureFrame(scene(cardRect()), W, H, GUIDE, TO_FRAME, empty.memory);

    expect(two.metrics.card).to.not.equal(null);
    expect(two.metrics.cardMotion).to.equal(null);
    expect(two.metrics.motion).to.be.greaterThan(0);
  });
});

describe('measureImage', () => {
  it('measures a picture with no card as a whole, with no card, edges, contrast or motion', () => {
    const metrics = measureImage(
      grey(100, 60, () => 30),
      100,
      60,
    );

    expect(metrics).to.deep.equal({
      sharpness: 0,
      glare: 0,
      brightness: 30,
      edges: null,
      contrast: null,
      card: null,
      cardMotion: null,
      motion: null,
    });
  });

  it('finds the card in a picture: corners in the picture’s pixels, its width against the picture’s', () => {
    const rect = cardRect(0.9);

    const metrics = measureImage(scene(rect), W, H, 2);

    expect(metrics.card!.cutOff).to.equal(false);
    expect(metrics.card!.scale).to.be.closeTo(rect.width / W, 0.005);
    expect(metrics.card!.corners[0][0]).to.be.closeTo(2 * rect.x, 1.5);
    expect(metrics.brightness).to.equal(200);
  });
});

describe('judge', () => {
  const t = PHONE_THRESHOLDS;
  const card = (change: Partial<CardFound>) => ({ card: { ...CARD, ...change } });
  const cases: [string, Partial<QualityMetrics>, { ok: boolean; hint: string | null }][] = [
    ['a good, steady frame', {}, { ok: true, hint: null }],
    [
      'the first frame with the card (steadiness unknown)',
      { cardMotion: null, motion: null },
      { ok: false, hint: null },
    ],
    ['no card', { card: null, brightness: 120 }, { ok: false, hint: 'place-card' }],
    ['no card, in a dim room', { card: null, brightness: t.minBrightness / 2 }, { ok: false, hint: 'place-card' }],
    [
      'no card, and too dark to tell',
      { card: null, brightness: t.minBrightness / 2 - 1 },
      { ok: false, hint: 'more-light' },
    ],
    [
      'a card cut off by the frame, smaller than the guide',
      card({ cutOff: true, scale: 0.6 }),
      { ok: false, hint: 'center-card' },
    ],
    [
      'a card cut off by the frame, larger than the guide',
      card({ cutOff: true, scale: 1 }),
      { ok: false, hint: 'farther' },
    ],
    ['a card too far away', card({ scale: t.minScale - 0.01 }), { ok: false, hint: 'closer' }],
    ['a card just near enough', card({ scale: t.minScale }), { ok: true, hint: null }],
    ['a card too near', card({ scale: t.maxScale + 0.01 }), { ok: false, hint: 'farther' }],
    ['a card turned clockwise', card({ turn: t.maxTurn + 1 }), { ok: false, hint: 'straighten' }],
    ['a card turned anticlockwise', card({ turn: -t.maxTurn - 1 }), { ok: false, hint: 'straighten' }],
    ['a card turned as far as allowed', card({ turn: t.maxTurn }), { ok: true, hint: null }],
    ['a card tilted away', card({ tilt: t.maxTilt + 1 }), { ok: false, hint: 'straighten' }],
    ['a dark card', { brightness: t.minBrightness - 1 }, { ok: false, hint: 'more-light' }],
    ['an overexposed card', { brightness: t.maxBrightness + 1 }, { ok: false, hint: 'less-light' }],
    ['glare on the card', { glare: t.maxGlare + 0.01 }, { ok: false, hint: 'glare' }],
    ['the card moving', { cardMotion: t.maxCardMotion + 0.005 }, { ok: false, hint: 'hold-still' }],
    ['the picture changing', { motion: t.maxMotion + 0.01 }, { ok: false, hint: 'hold-still' }],
    ['a blurred card', { sharpness: t.minSharpness - 1 }, { ok: false, hint: 'blurry' }],
    // What matters first.
    [
      'cut off and tilted: center-card first',
      card({ cutOff: true, scale: 0.6, tilt: 50 }),
      { ok: false, hint: 'center-card' },
    ],
    ['tilted and far: straighten first', card({ tilt: 50, scale: 0.5 }), { ok: false, hint: 'straighten' }],
    ['far and dark: closer first', { ...card({ scale: 0.5 }), brightness: 40 }, { ok: false, hint: 'closer' }],
    ['dark and glare: more-light first', { brightness: 40, glare: 0.05 }, { ok: false, hint: 'more-light' }],
    ['glare and moving: glare first', { glare: 0.05, cardMotion: 0.05 }, { ok: false, hint: 'glare' }],
    ['moving and blurred: hold-still first', { cardMotion: 0.05, sharpness: 10 }, { ok: false, hint: 'hold-still' }],
    ['blurred, before steadiness is known: blurry', { cardMotion: null, sharpness: 10 }, { ok: false, hint: 'blurry' }],
  ];
  for (const [name, change, verdict] of cases) {
    it(`${name} → ${verdict.hint ?? (verdict.ok ? 'ok' : 'not ok, no hint')}`, () => {
      expect(judge({ ...GOOD, ...change }, t)).to.deep.equal(verdict);
    });
  }

  it('uses the thresholds it is given', () => {
    const metrics = { ...GOOD, sharpness: 50 };

    expect(judge(metrics, PHONE_THRESHOLDS).hint).to.equal('blurry');
    expect(judge(metrics, DESKTOP_THRESHOLDS).ok).to.equal(true);
    expect(judge(metrics, { ...DESKTOP_THRESHOLDS, minSharpness: 51 }).hint).to.equal('blurry');
  });
});

describe('judgeImage', () => {
  const picture: QualityMetrics = { ...GOOD, cardMotion: null, motion: null };

  it('passes a sharp, well-lit picture of a card', () => {
    expect(judgeImage(picture, PHONE_THRESHOLDS)).to.deep.equal({ ok: true, hint: null });
  });

  it('says place-card for a picture with no card in it', () => {
    expect(judgeImage({ ...picture, card: null }, PHONE_THRESHOLDS)).to.deep.equal({ ok: false, hint: 'place-card' });
  });

  it('warns about a dark picture before anything else, and a blurred one', () => {
    expect(judgeImage({ ...picture, card: null, brightness: 30 }, PHONE_THRESHOLDS).hint).to.equal('more-light');
    expect(judgeImage({ ...picture, sharpness: 5 }, PHONE_THRESHOLDS).hint).to.equal('blurry');
  });

  it('does not hold glare or brightness against a picture (a scan on white paper)', () => {
    expect(judgeImage({ ...picture, glare: 0.3, brightness: 250 }, PHONE_THRESHOLDS).ok).to.equal(true);
  });
});
