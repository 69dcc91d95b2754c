/**
 * The quality gate's measurements: pure functions on pixel buffers (no DOM), run in the
 * quality worker on a frame scaled to 640 px on its long side, and the verdict on them.
 *
 * The card is found first (detect.ts); then, on luma (BT.601, 0–255) inside the card's
 * outline (or, with no card, a rectangle of the image):
 * - sharpness: variance of the 4-neighbour Laplacian (high for crisp text, low when blurred);
 * - glare: share of saturated pixels (luma ≥ 250), on the card only, never the table;
 * - brightness: mean luma;
 * - the card's size against the guide, its turn and tilt, whether it is cut off by the frame;
 * - motion: how far the card's corners moved since the previous frame, and the mean difference
 *   between this frame's and the previous frame's thumbnails.
 * How the default thresholds were chosen is in docs/quality.md.
 */
import type { Rect } from '../geometry.js';
import { quadTurn, type Quad } from '../quad.js';
import { detectCard, planePose, type Detection } from './detect.js';
import type { QualityMetrics } from './verdict.js';

export * from './verdict.js';

/** Luma at or above which a pixel counts as saturated (glare). */
export const GLARE_LEVEL = 250;
/** Width of the motion thumbnail. */
export const THUMB_WIDTH = 32;

/** A rectangle in whole pixels, clamped to a `width` × `height` image. */
function clampRect(rect: Rect, width: number, height: number): Rect {
  const x0 = Math.max(0, Math.round(rect.x));
  const y0 = Math.max(0, Math.round(rect.y));
  const x1 = Math.min(width, Math.round(rect.x + rect.width));
  const y1 = Math.min(height, Math.round(rect.y + rect.height));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/** `rect` shrunk by `share` of its width and height on every side. */
export function inset(rect: Rect, share: number): Rect {
  const dx = rect.width * share;
  const dy = rect.height * share;
  return { x: rect.x + dx, y: rect.y + dy, width: rect.width - 2 * dx, height: rect.height - 2 * dy };
}

/** The whole image as a rectangle. */
export function fullRect(width: number, height: number): Rect {
  return { x: 0, y: 0, width, height };
}

/** BT.601 luma (0–255) of RGBA pixels. */
export function luma(rgba: ArrayLike<number>, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += 4) {
    out[i] = 0.299 * rgba[p] + 0.587 * rgba[p + 1] + 0.114 * rgba[p + 2];
  }
  return out;
}

/** Mean luma inside `region`. */
export function brightness(
  grey: Float32Array,
  width: number,
  height: number,
  region: Rect = fullRect(width, height),
): number {
  const r = clampRect(region, width, height);
  let sum = 0;
  for (let y = r.y; y < r.y + r.height; y++) {
    for (let i = y * width + r.x, end = i + r.width; i < end; i++) sum += grey[i];
  }
  const n = r.width * r.height;
  return n ? sum / n : 0;
}

/** Share of pixels inside `region` at or above `level`. */
export function glare(
  grey: Float32Array,
  width: number,
  height: number,
  region: Rect = fullRect(width, height),
  level = GLARE_LEVEL,
): number {
  const r = clampRect(region, width, height);
  let count = 0;
  for (let y = r.y; y < r.y + r.height; y++) {
    for (let i = y * width + r.x, end = i + r.width; i < end; i++) if (grey[i] >= level) count++;
  }
  const n = r.width * r.height;
  return n ? count / n : 0;
}

/**
 * Variance of the Laplacian (4-neighbour kernel 0 1 0 / 1 −4 1 / 0 1 0) inside `region`: the
 * classic focus measure. A flat image gives 0; a blurred one little; crisp text a lot.
 */
export function sharpness(
  grey: Float32Array,
  width: number,
  height: number,
  region: Rect = fullRect(width, height),
): number {
  const r = clampRect(region, width, height);
  const x0 = Math.max(1, r.x);
  const y0 = Math.max(1, r.y);
  const x1 = Math.min(width - 1, r.x + r.width);
  const y1 = Math.min(height - 1, r.y + r.height);
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0, i = y * width + x0; x < x1; x++, i++) {
      const lap = grey[i - 1] + grey[i + 1] + grey[i - width] + grey[i + width] - 4 * grey[i];
      sum += lap;
      sumSq += lap * lap;
      n++;
    }
  }
  return variance(sum, sumSq, n);
}

/** The variance of `n` values from their sum and their sum of squares (0 for none). */
function variance(sum: number, sumSq: number, n: number): number {
  if (!n) return 0;
  const mean = sum / n;
  return Math.max(0, sumSq / n - mean * mean);
}

/** A `THUMB_WIDTH`-wide thumbnail (block means) for `motion`. */
export function thumbnail(grey: Float32Array, width: number, height: number): Float32Array {
  const tw = Math.min(THUMB_WIDTH, width);
  const th = Math.max(1, Math.round((height * tw) / width));
  const out = new Float32Array(tw * th);
  const counts = new Uint32Array(tw * th);
  // Each column's thumbnail column, worked out once.
  const column = new Int32Array(width);
  for (let x = 0; x < width; x++) column[x] = Math.min(tw - 1, Math.floor((x * tw) / width));
  for (let y = 0; y < height; y++) {
    const row = Math.min(th - 1, Math.floor((y * th) / height)) * tw;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const j = row + column[x];
      out[j] += grey[i];
      counts[j]++;
    }
  }
  for (let j = 0; j < out.length; j++) out[j] /= counts[j] || 1;
  return out;
}

/** Mean absolute difference (0–1) of two thumbnails; `null` if there is no comparable previous one. */
export function motion(previous: Float32Array | null, current: Float32Array): number | null {
  if (previous?.length !== current.length) return null;
  let sum = 0;
  for (let i = 0; i < current.length; i++) sum += Math.abs(current[i] - previous[i]);
  return sum / current.length / 255;
}

/**
 * Scales a `width` × `height` block of 8-bit samples (row `y` starting at `offset + y * stride`,
 * e.g. a video frame's Y plane) to `outWidth` × `outHeight` by averaging the source pixels
 * each output pixel covers. Never enlarges meaningfully: meant for 2–3× reductions.
 */
export function downscale(
  src: ArrayLike<number>,
  offset: number,
  stride: number,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
): Float32Array {
  const out = new Float32Array(outWidth * outHeight);
  const factor = width / outWidth;
  if (factor === 3 && height === 3 * outHeight) {
    // The usual case (a 1920 × 1080 camera to 640 × 360): 3 × 3 blocks, no spans to look up.
    for (let oy = 0; oy < outHeight; oy++) {
      const row = oy * outWidth;
      for (let y = 3 * oy; y < 3 * oy + 3; y++) {
        for (let ox = 0, x = offset + y * stride; ox < outWidth; ox++, x += 3)
          out[row + ox] += src[x] + src[x + 1] + src[x + 2];
      }
      for (let ox = 0; ox < outWidth; ox++) out[row + ox] /= 9;
    }
    return out;
  }
  // Each output column's span of source columns, and its width.
  const x0s = new Int32Array(outWidth);
  const x1s = new Int32Array(outWidth);
  for (let ox = 0; ox < outWidth; ox++) {
    x0s[ox] = Math.min(width - 1, Math.floor((ox * width) / outWidth));
    x1s[ox] = Math.max(x0s[ox] + 1, Math.min(width, Math.floor(((ox + 1) * width) / outWidth)));
  }
  for (let oy = 0; oy < outHeight; oy++) {
    const y0 = Math.min(height - 1, Math.floor((oy * height) / outHeight));
    const y1 = Math.max(y0 + 1, Math.min(height, Math.floor(((oy + 1) * height) / outHeight)));
    const row = oy * outWidth;
    // Sums first, one division per output pixel at the end.
    for (let y = y0; y < y1; y++) {
      const base = offset + y * stride;
      for (let ox = 0; ox < outWidth; ox++) {
        let sum = 0;
        for (let x = base + x0s[ox], end = base + x1s[ox]; x < end; x++) sum += src[x];
        out[row + ox] += sum;
      }
    }
    const rows = y1 - y0;
    for (let ox = 0; ox < outWidth; ox++) out[row + ox] /= (x1s[ox] - x0s[ox]) * rows;
  }
  return out;
}

/** Maps studio-range luma (16–235, most video) to full range (0–255), in place. */
export function expandStudioRange(grey: Float32Array): Float32Array {
  for (let i = 0; i < grey.length; i++) grey[i] = Math.min(255, Math.max(0, ((grey[i] - 16) * 255) / 219));
  return grey;
}

/**
 * The pixels inside a convex quadrilateral shrunk by `shrink` of its size towards its centre, row
 * by row: calls `row(y, x0, x1)` for each row's span (x1 exclusive), clamped to the image.
 */
export function forEachRowInQuad(
  q: Quad,
  width: number,
  height: number,
  shrink: number,
  row: (y: number, x0: number, x1: number) => void,
): void {
  const cx = (q[0][0] + q[1][0] + q[2][0] + q[3][0]) / 4;
  const cy = (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4;
  const pts = q.map(([x, y]) => [cx + (x - cx) * (1 - shrink), cy + (y - cy) * (1 - shrink)] as const);
  const ys = pts.map((p) => p[1]);
  const y0 = Math.max(0, Math.ceil(Math.min(...ys)));
  const y1 = Math.min(height - 1, Math.floor(Math.max(...ys)));
  for (let y = y0; y <= y1; y++) {
    let left = Infinity;
    let right = -Infinity;
    for (let k = 0; k < 4; k++) {
      const [ax, ay] = pts[k];
      const [bx, by] = pts[(k + 1) % 4];
      if ((y < ay && y < by) || (y > ay && y > by) || ay === by) continue;
      const x = ax + ((y - ay) * (bx - ax)) / (by - ay);
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
    const x0 = Math.max(0, Math.ceil(left));
    const x1 = Math.min(width, Math.floor(right) + 1);
    if (x1 > x0) row(y, x0, x1);
  }
}

/**
 * Sharpness (variance of the Laplacian), glare (share saturated) and brightness (mean luma) of
 * the card: the inside of its outline, its border left out.
 */
export function measureQuad(
  grey: Float32Array,
  width: number,
  height: number,
  q: Quad,
): { sharpness: number; glare: number; brightness: number } {
  let n = 0;
  let sum = 0;
  let saturated = 0;
  let lapN = 0;
  let lapSum = 0;
  let lapSq = 0;
  forEachRowInQuad(q, width, height, CARD_BORDER, (y, x0, x1) => {
    const inner = y > 0 && y < height - 1;
    for (let x = x0, i = y * width + x0; x < x1; x++, i++) {
      const v = grey[i];
      sum += v;
      if (v >= GLARE_LEVEL) saturated++;
      n++;
      if (inner && x > 0 && x < width - 1) {
        const lap = grey[i - 1] + grey[i + 1] + grey[i - width] + grey[i + width] - 4 * v;
        lapSum += lap;
        lapSq += lap * lap;
        lapN++;
      }
    }
  });
  return {
    sharpness: variance(lapSum, lapSq, lapN),
    glare: n ? saturated / n : 0,
    brightness: n ? sum / n : 0,
  };
}

/** Share of the card's outline, at its edges, left out of its measurements (its border, the table's shadow). */
const CARD_BORDER = 0.06;

/** What the worker remembers of the previous frame. */
export interface FrameMemory {
  thumb: Float32Array;
  /** The card's corners as found (analysed image's pixels), and as smoothed over frames. */
  raw: Quad | null;
  smoothed: Quad | null;
}

/** Corners that moved more than this (share of the card's width) start the smoothing afresh. */
const SMOOTH_RESET = 0.05;
/** Weight of the newest frame in the smoothed corners. */
const SMOOTH_WEIGHT = 0.5;

/** The card's width: the mean length of its long edges. */
export function quadWidth(q: Quad): number {
  return (Math.hypot(q[1][0] - q[0][0], q[1][1] - q[0][1]) + Math.hypot(q[2][0] - q[3][0], q[2][1] - q[3][1])) / 2;
}

/** The largest distance any corner moved, as a share of the card's width. */
export function cornerShift(a: Quad, b: Quad): number {
  let most = 0;
  for (let k = 0; k < 4; k++) most = Math.max(most, Math.hypot(a[k][0] - b[k][0], a[k][1] - b[k][1]));
  return most / (quadWidth(b) || 1);
}

/** `q` with every coordinate multiplied by `factor`. */
export function scaleQuad(q: Quad, factor: number): Quad {
  return q.map(([x, y]) => [x * factor, y * factor] as const) as unknown as Quad;
}

/**
 * Every metric of a camera frame (its luma at analysis size, the whole frame), with what to
 * remember for the next one. `guide` is the guide frame in the analysed image's pixels; `toFrame`
 * scales the analysed image's pixels to the camera frame's (the corners reported are the frame's).
 */
export function measureFrame(
  grey: Float32Array,
  width: number,
  height: number,
  guide: Rect,
  toFrame: number,
  previous: FrameMemory | null,
): { metrics: QualityMetrics; memory: FrameMemory } {
  const thumb = thumbnail(grey, width, height);
  const found = detectCard(grey, width, height);
  const raw = found?.corners ?? null;
  const last = previous?.smoothed ?? null;
  // Smoothed over frames while the card stays put; a jump starts afresh.
  const smoothed =
    raw && last && cornerShift(raw, last) < SMOOTH_RESET
      ? (raw.map(
          ([x, y], k) =>
            [last[k][0] + SMOOTH_WEIGHT * (x - last[k][0]), last[k][1] + SMOOTH_WEIGHT * (y - last[k][1])] as const,
        ) as unknown as Quad)
      : raw;
  return {
    metrics: metricsOf(
      grey,
      width,
      height,
      // The card, smoothed; with none, the guide's middle and (for brightness) the whole frame.
      found && smoothed && { ...found, corners: smoothed },
      inset(guide, 0.08),
      fullRect(width, height),
      guide.width,
      toFrame,
      previous?.raw && raw ? cornerShift(raw, previous.raw) : null,
      motion(previous?.thumb ?? null, thumb),
    ),
    memory: { thumb, raw, smoothed },
  };
}

/**
 * The metrics of an image: of `card` where there is one (its corners as they are to be
 * measured), else sharpness and glare in `area` and brightness in `lit`; the two motions as
 * measured. The card as the verdict sees it: its corners scaled by `toSource` to the source's
 * pixels, its width against `reference` (the guide's, or a picture's own width), its turn and tilt.
 */
function metricsOf(
  grey: Float32Array,
  width: number,
  height: number,
  card: Detection | null,
  area: Rect,
  lit: Rect,
  reference: number,
  toSource: number,
  cardMotion: number | null,
  frameMotion: number | null,
): QualityMetrics {
  return {
    ...(card
      ? measureQuad(grey, width, height, card.corners)
      : {
          sharpness: sharpness(grey, width, height, area),
          glare: glare(grey, width, height, area),
          brightness: brightness(grey, width, height, lit),
        }),
    edges: card?.edges ?? null,
    contrast: card?.contrast ?? null,
    card: card && {
      corners: scaleQuad(card.corners, toSource),
      confidence: card.confidence,
      scale: quadWidth(card.corners) / reference,
      turn: quadTurn(card.corners),
      tilt: planePose(card.corners, width, height).tilt,
      cutOff: card.cutOff,
    },
    cardMotion,
    motion: frameMotion,
  };
}

/**
 * The metrics of a picked image (its luma, scaled by `toImage` from the picture's pixels): of the
 * card where one is found (a whole one), else of the whole image.
 */
export function measureImage(grey: Float32Array, width: number, height: number, toImage = 1): QualityMetrics {
  const found = detectCard(grey, width, height);
  const area = inset(fullRect(width, height), 0.05);
  return metricsOf(grey, width, height, found && !found.cutOff ? found : null, area, area, width, toImage, null, null);
}
