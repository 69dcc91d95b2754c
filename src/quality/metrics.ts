/**
 * The quality gate's measurements: pure functions on pixel buffers (no DOM), run in the
 * quality worker on a frame scaled to about 640 px across, and the verdict on them.
 *
 * Every measurement works on luma (BT.601, 0–255) inside a rectangle of the analysed image:
 * - sharpness: variance of the 4-neighbour Laplacian (high for crisp text, low when blurred);
 * - glare: share of saturated pixels (luma ≥ 250);
 * - brightness: mean luma;
 * - card edges: along each border of the guide frame, where the first strong step in
 *   brightness lies, scanning from outside the guide inwards; plus card/background contrast;
 * - motion: mean difference between this frame's and the previous frame's thumbnails.
 * How the default thresholds were chosen is in docs/quality.md.
 */
import type { Rect } from '../geometry.js';

/** What one analysed frame (or picked image) measured. */
export interface QualityMetrics {
  /** Variance of the Laplacian of the card area, in grey levels²: low means blurred. */
  sharpness: number;
  /** Share (0–1) of the card area that is saturated (luma ≥ 250): glare. */
  glare: number;
  /** Mean luma (0–255) of the card area. */
  brightness: number;
  /**
   * Share (0–1) of the guide's border, on its weakest side, where a card's edge lies on the
   * border (within a tolerance). `null` when not measured (a picked file).
   */
  edges: number | null;
  /**
   * Like `edges`, but counting an edge anywhere from the border to 25% inside the guide: high
   * while `edges` is low means a card inside the guide but smaller than it (too far away).
   */
  innerEdges: number | null;
  /**
   * The strongest side's share of its border with a card's edge on it or inside it: a card
   * partly in the guide shows on some sides only.
   */
  partialEdges: number | null;
  /** Difference (0–1) between the card area's and the surroundings' mean luma. */
  contrast: number | null;
  /**
   * Mean difference (0–1) from the previous analysed frame, on 32-px-wide thumbnails. `null`
   * for the first frame after the camera opened, and for a file.
   */
  motion: number | null;
}

/** What the user is asked to fix, most fundamental first. */
export type QualityHint =
  | 'place-card'
  | 'center-card'
  | 'closer'
  | 'farther'
  | 'straighten'
  | 'more-light'
  | 'less-light'
  | 'glare'
  | 'hold-still'
  | 'blurry';

export interface QualityVerdict {
  /** Whether the frame passes every check (and is steady). */
  ok: boolean;
  /** What to fix, or `null` when there is nothing to say (ok, or steadiness still unknown). */
  hint: QualityHint | null;
}

/** Limits the verdict uses. All can be overridden through the element's `qualityThresholds`. */
export interface QualityThresholds {
  /** Below this variance of the Laplacian: `blurry`. */
  minSharpness: number;
  /** Above this share of saturated pixels: `glare`. */
  maxGlare: number;
  /** Below this mean luma: `more-light`. */
  minBrightness: number;
  /** Above this mean luma: `less-light`. */
  maxBrightness: number;
  /**
   * Below this `edges` (weakest side): no card in the guide. `closer` if `innerEdges` reaches
   * it, else `center-card` if `partialEdges` reaches two thirds of it, else `place-card`.
   */
  minEdges: number;
  /** Below this card/background `contrast`: `place-card`. */
  minContrast: number;
  /** Above this `motion`: `hold-still`. */
  maxMotion: number;
  /** Consecutive good, steady frames before the widget captures by itself. */
  stableFrames: number;
}

/**
 * Phones: autofocus cameras, the card held in one hand. Measured values and margins in
 * docs/quality.md.
 */
export const PHONE_THRESHOLDS: Readonly<QualityThresholds> = Object.freeze({
  minSharpness: 60,
  maxGlare: 0.015,
  minBrightness: 70,
  maxBrightness: 235,
  minEdges: 0.6,
  minContrast: 0.03,
  maxMotion: 0.02,
  stableFrames: 3,
});

/**
 * Desktops and laptops: fixed-focus webcams of 720p or less give softer, noisier frames, so
 * the sharpness bar is lower; everything else is the same.
 */
export const DESKTOP_THRESHOLDS: Readonly<QualityThresholds> = Object.freeze({
  ...PHONE_THRESHOLDS,
  minSharpness: 35,
});

/** Luma at or above which a pixel counts as saturated (glare). */
export const GLARE_LEVEL = 250;
/** Brightness step (grey levels, across 6 px of the analysed frame) that counts as an edge. */
export const EDGE_STEP = 24;
/** How far (share of the guide's size across that border) an edge may lie from the border. */
export const EDGE_TOLERANCE = 0.06;
/** How far inside the guide `innerEdges` looks for a smaller card. */
export const INNER_REACH = 0.25;
/** Share of `minEdges` that `partialEdges` must reach for `center-card` (a round shape in the guide gives ~0.3). */
const PARTIAL_SHARE = 2 / 3;
/** Samples (2 px apart) an edge must run along, at nearly the same offset, to count. */
const EDGE_RUN = 8;
/** Share of each border, at each end, left out (the card's rounded corners). */
const CORNER_SKIP = 0.12;
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
    out[i] = 0.299 * rgba[p]! + 0.587 * rgba[p + 1]! + 0.114 * rgba[p + 2]!;
  }
  return out;
}

/** Mean luma inside `region`. */
export function brightness(grey: Float32Array, width: number, height: number, region: Rect = fullRect(width, height)): number {
  const r = clampRect(region, width, height);
  let sum = 0;
  for (let y = r.y; y < r.y + r.height; y++) {
    for (let x = r.x, i = y * width + r.x; x < r.x + r.width; x++, i++) sum += grey[i]!;
  }
  const n = r.width * r.height;
  return n ? sum / n : 0;
}

/** Share of pixels inside `region` at or above `level`. */
export function glare(grey: Float32Array, width: number, height: number, region: Rect = fullRect(width, height), level = GLARE_LEVEL): number {
  const r = clampRect(region, width, height);
  let count = 0;
  for (let y = r.y; y < r.y + r.height; y++) {
    for (let x = r.x, i = y * width + r.x; x < r.x + r.width; x++, i++) if (grey[i]! >= level) count++;
  }
  const n = r.width * r.height;
  return n ? count / n : 0;
}

/**
 * Variance of the Laplacian (4-neighbour kernel 0 1 0 / 1 −4 1 / 0 1 0) inside `region`: the
 * classic focus measure. A flat image gives 0; a blurred one little; crisp text a lot.
 */
export function sharpness(grey: Float32Array, width: number, height: number, region: Rect = fullRect(width, height)): number {
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
      const lap = grey[i - 1]! + grey[i + 1]! + grey[i - width]! + grey[i + width]! - 4 * grey[i]!;
      sum += lap;
      sumSq += lap * lap;
      n++;
    }
  }
  if (!n) return 0;
  const mean = sum / n;
  return Math.max(0, sumSq / n - mean * mean);
}

type Side = 'top' | 'right' | 'bottom' | 'left';

/**
 * For one border of `guide`: at sample points along it, scans perpendicular to it from
 * `EDGE_TOLERANCE` outside to `INNER_REACH` inside, and finds the first brightness step of at
 * least `EDGE_STEP` (the mean of 3 px ahead against 3 px behind, 2–4 px away), then follows
 * it to its peak. Of the samples whose edges form lines (runs of `EDGE_RUN`), returns the share
 * whose edge lies on the border (within the tolerance) and the share on it or inside it.
 */
function sideEdges(grey: Float32Array, width: number, height: number, guide: Rect, side: Side): { on: number; within: number } {
  const horizontal = side === 'top' || side === 'bottom';
  // Along the border: t; across it: s (pixels, growing inwards from the border).
  const length = horizontal ? guide.width : guide.height;
  const across = horizontal ? guide.height : guide.width;
  const tol = EDGE_TOLERANCE * across;
  const reach = INNER_REACH * across;
  const inward = side === 'top' || side === 'left' ? 1 : -1;
  const border =
    side === 'top' ? guide.y : side === 'bottom' ? guide.y + guide.height : side === 'left' ? guide.x : guide.x + guide.width;
  const start = horizontal ? guide.x : guide.y;
  const at = (t: number, s: number): number => {
    const pos = Math.round(border + inward * s);
    const x = horizontal ? t : pos;
    const y = horizontal ? pos : t;
    if (x < 0 || y < 0 || x >= width || y >= height) return NaN;
    return grey[y * width + x]!;
  };
  const step = (t: number, s: number): number =>
    (at(t, s + 2) + at(t, s + 3) + at(t, s + 4) - at(t, s - 2) - at(t, s - 3) - at(t, s - 4)) / 3;

  // The edge's offset at each sample along the border (NaN: none, or outside the image).
  const hits: number[] = [];
  const limit = horizontal ? width : height;
  for (let t = Math.round(start + CORNER_SKIP * length); t <= start + (1 - CORNER_SKIP) * length; t += 2) {
    let hit = NaN;
    for (let s = Math.floor(-tol); t >= 0 && t < limit && s <= reach; s++) {
      let d = Math.abs(step(t, s));
      if (!(d >= EDGE_STEP)) continue; // NaN (outside the image) counts as no edge
      // Follow the step to its steepest point.
      while (s + 1 <= reach && Math.abs(step(t, s + 1)) > d) d = Math.abs(step(t, ++s));
      hit = s;
      break;
    }
    hits.push(hit);
  }
  // Only hits in a run of EDGE_RUN neighbours at nearly the same offset count: a card's edge is
  // a line (straight, perhaps tilted); text, noise and texture give scattered hits.
  let on = 0;
  let within = 0;
  for (let i = 0; i < hits.length; ) {
    let j = i + 1;
    while (j < hits.length && Math.abs(hits[j]! - hits[j - 1]!) <= 2) j++;
    if (j - i >= EDGE_RUN) {
      for (let k = i; k < j; k++) {
        within++;
        if (hits[k]! <= tol) on++;
      }
    }
    i = j;
  }
  return hits.length ? { on: on / hits.length, within: within / hits.length } : { on: 0, within: 0 };
}

/**
 * Where the card is relative to the guide: `edges`, `innerEdges` and `partialEdges` as in
 * `QualityMetrics`, and the card/background `contrast`: the mean luma of the
 * guide's middle against that of the image outside the guide (plus tolerance).
 */
export function cardPresence(
  grey: Float32Array,
  width: number,
  height: number,
  guide: Rect,
): { edges: number; innerEdges: number; partialEdges: number; contrast: number } {
  let edges = 1;
  let innerEdges = 1;
  let partialEdges = 0;
  for (const side of ['top', 'right', 'bottom', 'left'] as const) {
    const found = sideEdges(grey, width, height, guide, side);
    edges = Math.min(edges, found.on);
    innerEdges = Math.min(innerEdges, found.within);
    partialEdges = Math.max(partialEdges, found.within);
  }
  const inner = brightness(grey, width, height, inset(guide, 0.15));
  const outer = clampRect(
    {
      x: guide.x - EDGE_TOLERANCE * guide.width,
      y: guide.y - EDGE_TOLERANCE * guide.height,
      width: guide.width * (1 + 2 * EDGE_TOLERANCE),
      height: guide.height * (1 + 2 * EDGE_TOLERANCE),
    },
    width,
    height,
  );
  // Mean of everything outside `outer`: the whole image's sum minus `outer`'s.
  const total = brightness(grey, width, height) * width * height;
  const outerSum = brightness(grey, width, height, outer) * outer.width * outer.height;
  const ring = width * height - outer.width * outer.height;
  const contrast = ring > 0 ? Math.abs(inner - (total - outerSum) / ring) / 255 : 0;
  return { edges, innerEdges, partialEdges, contrast };
}

/** A `THUMB_WIDTH`-wide thumbnail (block means) for `motion`. */
export function thumbnail(grey: Float32Array, width: number, height: number): Float32Array {
  const tw = Math.min(THUMB_WIDTH, width);
  const th = Math.max(1, Math.round((height * tw) / width));
  const out = new Float32Array(tw * th);
  const counts = new Uint32Array(tw * th);
  for (let y = 0; y < height; y++) {
    const ty = Math.min(th - 1, Math.floor((y * th) / height));
    for (let x = 0; x < width; x++) {
      const j = ty * tw + Math.min(tw - 1, Math.floor((x * tw) / width));
      out[j]! += grey[y * width + x]!;
      counts[j]!++;
    }
  }
  for (let j = 0; j < out.length; j++) out[j]! /= counts[j] || 1;
  return out;
}

/** Mean absolute difference (0–1) of two thumbnails; `null` if there is no comparable previous one. */
export function motion(previous: Float32Array | null, current: Float32Array): number | null {
  if (!previous || previous.length !== current.length) return null;
  let sum = 0;
  for (let i = 0; i < current.length; i++) sum += Math.abs(current[i]! - previous[i]!);
  return sum / current.length / 255;
}

/** The area of the card the sharpness, glare and brightness checks look at: the guide's middle. */
export function cardArea(guide: Rect): Rect {
  return inset(guide, 0.08);
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
  const x0s = new Int32Array(outWidth + 1);
  for (let ox = 0; ox <= outWidth; ox++) x0s[ox] = Math.min(width, Math.floor((ox * width) / outWidth));
  for (let oy = 0; oy < outHeight; oy++) {
    const y0 = Math.floor((oy * height) / outHeight);
    const y1 = Math.max(y0 + 1, Math.min(height, Math.floor(((oy + 1) * height) / outHeight)));
    const row = oy * outWidth;
    for (let y = y0; y < y1; y++) {
      const base = offset + y * stride;
      for (let ox = 0; ox < outWidth; ox++) {
        const x1 = Math.max(x0s[ox]! + 1, x0s[ox + 1]!);
        let sum = 0;
        for (let x = x0s[ox]!; x < x1; x++) sum += src[base + x]!;
        out[row + ox]! += sum / (x1 - x0s[ox]!);
      }
    }
    for (let ox = 0; ox < outWidth; ox++) out[row + ox]! /= y1 - y0;
  }
  return out;
}

/** Maps studio-range luma (16–235, most video) to full range (0–255), in place. */
export function expandStudioRange(grey: Float32Array): Float32Array {
  for (let i = 0; i < grey.length; i++) grey[i] = Math.min(255, Math.max(0, ((grey[i]! - 16) * 255) / 219));
  return grey;
}

/**
 * Every metric of a camera frame (luma, already cropped around the guide and scaled), with
 * the thumbnail to compare the next frame against.
 */
export function measureFrame(
  grey: Float32Array,
  width: number,
  height: number,
  guide: Rect,
  previous: Float32Array | null,
): { metrics: QualityMetrics; thumb: Float32Array } {
  const area = cardArea(guide);
  const thumb = thumbnail(grey, width, height);
  return {
    metrics: {
      sharpness: sharpness(grey, width, height, area),
      glare: glare(grey, width, height, area),
      brightness: brightness(grey, width, height, area),
      ...cardPresence(grey, width, height, guide),
      motion: motion(previous, thumb),
    },
    thumb,
  };
}

/** The metrics of a picked image (luma, scaled): the whole image is the card area. */
export function measureImage(grey: Float32Array, width: number, height: number): QualityMetrics {
  const area = inset(fullRect(width, height), 0.05);
  return {
    sharpness: sharpness(grey, width, height, area),
    glare: glare(grey, width, height, area),
    brightness: brightness(grey, width, height, area),
    edges: null,
    innerEdges: null,
    partialEdges: null,
    contrast: null,
    motion: null,
  };
}

/**
 * The verdict on a camera frame, checking what matters first: is there a card where the
 * guide is (or a smaller one inside it, or one partly in it, or too little light to tell),
 * then light, glare,
 * steadiness and focus. A frame whose steadiness is unknown (the first) is not ok, with no hint.
 */
export function judge(m: QualityMetrics, t: QualityThresholds): QualityVerdict {
  const fail = (hint: QualityHint): QualityVerdict => ({ ok: false, hint });
  const framed = (m.edges ?? 1) >= t.minEdges;
  if (!framed || (m.contrast ?? 1) < t.minContrast) {
    if (m.brightness < t.minBrightness / 2) return fail('more-light');
    if (framed) return fail('place-card');
    if ((m.innerEdges ?? 0) >= t.minEdges) return fail('closer');
    return fail((m.partialEdges ?? 0) >= PARTIAL_SHARE * t.minEdges ? 'center-card' : 'place-card');
  }
  if (m.brightness < t.minBrightness) return fail('more-light');
  if (m.brightness > t.maxBrightness) return fail('less-light');
  if (m.glare > t.maxGlare) return fail('glare');
  if (m.motion !== null && m.motion > t.maxMotion) return fail('hold-still');
  if (m.sharpness < t.minSharpness) return fail('blurry');
  return { ok: m.motion !== null, hint: null };
}

/**
 * The verdict on a picked image: only what a picture cannot recover from, too dark or
 * blurred. (A scan on white paper would read as glare or too bright, and a picked photo has
 * no guide to frame the card.)
 */
export function judgeImage(m: QualityMetrics, t: QualityThresholds): QualityVerdict {
  if (m.brightness < t.minBrightness) return { ok: false, hint: 'more-light' };
  if (m.sharpness < t.minSharpness) return { ok: false, hint: 'blurry' };
  return { ok: true, hint: null };
}
