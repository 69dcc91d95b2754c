import { expect } from '@open-wc/testing';
import type { Rect } from '../../src/geometry.js';
import {
  brightness,
  cardPresence,
  DESKTOP_THRESHOLDS,
  downscale,
  EDGE_STEP,
  expandStudioRange,
  glare,
  judge,
  judgeImage,
  luma,
  measureFrame,
  measureImage,
  motion,
  PHONE_THRESHOLDS,
  sharpness,
  thumbnail,
  type QualityMetrics,
} from '../../src/quality/metrics.js';

// Synthetic images with answers known by construction (no camera, no canvas).

/** A greyscale image filled by `f(x, y)`. */
function grey(width: number, height: number, f: (x: number, y: number) => number): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[y * width + x] = f(x, y);
  return out;
}

const inside = (r: Rect, x: number, y: number) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;

/** A 640×428 frame like the widget's (guide plus margin), the guide where the widget puts it. */
const W = 640;
const H = 428;
const GUIDE: Rect = { x: 34, y: 34, width: 572, height: 360 };

/** A flat card of luma `card` over a flat background `background`, at `rect`. */
function scene(rect: Rect | null, card = 200, background = 50): Float32Array {
  return grey(W, H, (x, y) => (rect && inside(rect, x, y) ? card : background));
}

const GOOD: QualityMetrics = {
  sharpness: 1000,
  glare: 0,
  brightness: 180,
  edges: 1,
  innerEdges: 1,
  partialEdges: 1,
  contrast: 0.5,
  motion: 0,
};

describe('luma', () => {
  it('weighs red, green and blue as BT.601 does', () => {
    const pixels = new Uint8ClampedArray([255, 255, 255, 255, 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]);

    const out = luma(pixels, 4, 1);

    const expected = [255, 0.299 * 255, 0.587 * 255, 0.114 * 255];
    Array.from(out).forEach((v, i) => expect(v).to.be.closeTo(expected[i]!, 1e-3));
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
    expect(sharpness(grey(20, 20, () => 128), 20, 20)).to.equal(0);
    expect(sharpness(grey(20, 20, (x, y) => 3 * x + 2 * y), 20, 20)).to.be.closeTo(0, 1e-6);
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
    const blurred = grey(40, 40, (x) => ([-1, 0, 1].reduce((s, d) => s + (Math.floor((x + d) / 4) % 2 ? 255 : 0), 0) / 3));

    expect(sharpness(blurred, 40, 40)).to.be.lessThan(sharpness(sharp, 40, 40) / 2);
  });
});

describe('cardPresence', () => {
  it('finds a card exactly over the guide on all four sides', () => {
    const found = cardPresence(scene(GUIDE), W, H, GUIDE);

    expect(found.edges).to.equal(1);
    expect(found.innerEdges).to.equal(1);
    expect(found.contrast).to.be.closeTo(150 / 255, 1e-6);
  });

  it('accepts a card a little off the guide (within 6% of its size)', () => {
    const shifted = { ...GUIDE, x: GUIDE.x + 0.04 * GUIDE.width, y: GUIDE.y - 0.04 * GUIDE.height };

    expect(cardPresence(scene(shifted), W, H, GUIDE).edges).to.equal(1);
  });

  it('finds nothing in an empty scene', () => {
    const found = cardPresence(scene(null), W, H, GUIDE);

    expect(found).to.deep.equal({ edges: 0, innerEdges: 0, partialEdges: 0, contrast: 0 });
  });

  it('finds the card smaller than the guide (80%) only inside it', () => {
    const small = { x: GUIDE.x + 0.1 * GUIDE.width, y: GUIDE.y + 0.1 * GUIDE.height, width: 0.8 * GUIDE.width, height: 0.8 * GUIDE.height };

    const found = cardPresence(scene(small), W, H, GUIDE);

    expect(found.edges).to.equal(0);
    expect(found.innerEdges).to.equal(1);
  });

  it('does not find a card half outside the guide', () => {
    const half = { ...GUIDE, x: GUIDE.x + GUIDE.width / 2 };

    const found = cardPresence(scene(half), W, H, GUIDE);

    expect(found.edges).to.equal(0);
    expect(found.innerEdges).to.equal(0);
    // Top and bottom: the card's edge on the right half of the border (its ends left out).
    expect(found.partialEdges).to.be.closeTo(0.5, 0.02);
  });

  it(`ignores a step smaller than ${EDGE_STEP} grey levels`, () => {
    expect(cardPresence(scene(GUIDE, 50 + EDGE_STEP - 1), W, H, GUIDE).edges).to.equal(0);
    expect(cardPresence(scene(GUIDE, 50 + EDGE_STEP + 1), W, H, GUIDE).edges).to.equal(1);
  });

  it('finds a dark card on a light table as well', () => {
    expect(cardPresence(scene(GUIDE, 60, 220), W, H, GUIDE).edges).to.equal(1);
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
    const a = thumbnail(grey(64, 32, () => 100), 64, 32);
    const b = thumbnail(grey(64, 32, () => 151), 64, 32);

    expect(motion(a, b)).to.be.closeTo(0.2, 1e-9);
  });

  it('grows with a shift of the card', () => {
    const before = thumbnail(scene(GUIDE), W, H);
    const moved = (dx: number) => motion(before, thumbnail(scene({ ...GUIDE, x: GUIDE.x + dx }), W, H))!;

    expect(moved(4)).to.be.greaterThan(0);
    expect(moved(16)).to.be.greaterThan(moved(4));
  });
});

describe('measureFrame and measureImage', () => {
  it('measures a frame: card area for sharpness, glare and brightness, the guide for edges', () => {
    const image = scene(GUIDE);

    const first = measureFrame(image, W, H, GUIDE, null);
    const second = measureFrame(image, W, H, GUIDE, first.thumb);

    expect(first.metrics).to.deep.include({ sharpness: 0, glare: 0, brightness: 200, edges: 1, innerEdges: 1, motion: null });
    expect(second.metrics.motion).to.equal(0);
  });

  it('measures a picked image as a whole, with no edges, contrast or motion', () => {
    const metrics = measureImage(grey(100, 60, () => 30), 100, 60);

    expect(metrics).to.deep.equal({
      sharpness: 0,
      glare: 0,
      brightness: 30,
      edges: null,
      innerEdges: null,
      partialEdges: null,
      contrast: null,
      motion: null,
    });
  });
});

describe('judge', () => {
  const t = PHONE_THRESHOLDS;
  const cases: [string, Partial<QualityMetrics>, { ok: boolean; hint: string | null }][] = [
    ['a good, steady frame', {}, { ok: true, hint: null }],
    ['the first frame (steadiness unknown)', { motion: null }, { ok: false, hint: null }],
    ['no card', { edges: 0, innerEdges: 0, partialEdges: 0, contrast: 0, brightness: 50 }, { ok: false, hint: 'place-card' }],
    ['a card partly in the guide', { edges: 0.2, innerEdges: 0, partialEdges: 0.5 }, { ok: false, hint: 'center-card' }],
    ['a card too far away', { edges: 0.1, innerEdges: 0.9 }, { ok: false, hint: 'closer' }],
    ['edges but no contrast with the background', { contrast: 0.01 }, { ok: false, hint: 'place-card' }],
    ['nothing found, and very dark', { edges: 0, innerEdges: 0, partialEdges: 0, brightness: 20 }, { ok: false, hint: 'more-light' }],
    ['a dark card', { brightness: 50 }, { ok: false, hint: 'more-light' }],
    ['an overexposed card', { brightness: 245 }, { ok: false, hint: 'less-light' }],
    ['glare', { glare: 0.05 }, { ok: false, hint: 'glare' }],
    ['motion', { motion: 0.05 }, { ok: false, hint: 'hold-still' }],
    ['blur', { sharpness: 10 }, { ok: false, hint: 'blurry' }],
    ['glare and blur: glare first', { glare: 0.05, sharpness: 10 }, { ok: false, hint: 'glare' }],
    ['motion and blur: hold still first', { motion: 0.05, sharpness: 10 }, { ok: false, hint: 'hold-still' }],
    ['darkness and no card: the card first', { edges: 0, innerEdges: 0, partialEdges: 0, brightness: 50 }, { ok: false, hint: 'place-card' }],
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
  it('warns about a blurred or dark picture only', () => {
    const picture = { ...GOOD, edges: null, innerEdges: null, partialEdges: null, contrast: null, motion: null };

    expect(judgeImage(picture, PHONE_THRESHOLDS)).to.deep.equal({ ok: true, hint: null });
    expect(judgeImage({ ...picture, sharpness: 5 }, PHONE_THRESHOLDS).hint).to.equal('blurry');
    expect(judgeImage({ ...picture, brightness: 30 }, PHONE_THRESHOLDS).hint).to.equal('more-light');
    expect(judgeImage({ ...picture, glare: 0.3, brightness: 250 }, PHONE_THRESHOLDS).ok).to.equal(true);
  });
});
