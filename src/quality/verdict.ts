/**
 * The quality gate's verdict: what a frame or picture must be to be taken (the thresholds for
 * phones and desktops), and the hint that says what is wrong first. Runs on the page's thread on
 * what the quality worker measured (metrics.ts), so it carries none of the measuring. The verdict
 * on a picked picture is picture.ts's, loaded with the file intake.
 */
import type { Quad } from '../quad.js';

/** The card the detector found in a frame or picture (src/quality/detect.ts), as the verdict sees it. */
export interface CardFound {
  /** `[topLeft, topRight, bottomRight, bottomLeft]` in the source frame's (or picture's) pixels. */
  corners: Quad;
  /** 0–1: how sure the detector is. */
  confidence: number;
  /** The card's width (its long edges' mean length) as a share of the guide's width. */
  scale: number;
  /** How far its long edge is turned from the horizontal, in degrees (positive: clockwise). */
  turn: number;
  /** How far it is tilted away from facing the camera, in degrees (an estimate: see docs/quality.md). */
  tilt: number;
  /** Part of the card is outside the frame. */
  cutOff: boolean;
}

/** What one analysed frame (or picked image) measured. */
export interface QualityMetrics {
  /** Variance of the Laplacian on the card (or, with no card found, the guide's middle), in grey levels²: low means blurred. */
  sharpness: number;
  /** Share (0–1) of the card's area that is saturated (luma ≥ 250): glare. Measured on the card, never the table. */
  glare: number;
  /** Mean luma (0–255) of the card (or of the whole frame, with no card found). */
  brightness: number;
  /** The weakest side's share of its length that lies on the card's edge; `null` with no card. */
  edges: number | null;
  /** Mean luma difference (0–1) between a band just inside the card and one just outside; `null` with no card. */
  contrast: number | null;
  /** The card found, or `null`. */
  card: CardFound | null;
  /**
   * How far the card's corners moved since the previous analysed frame, as a share of the card's
   * width (the largest of the four). `null` for the first frame, with no card in either, and for a file.
   */
  cardMotion: number | null;
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
  /** Below this variance of the Laplacian on the card: `blurry`. */
  minSharpness: number;
  /** Above this share of saturated pixels on the card: `glare`. */
  maxGlare: number;
  /** Below this mean luma of the card: `more-light`. */
  minBrightness: number;
  /** Above this mean luma of the card: `less-light`. */
  maxBrightness: number;
  /** Below this width of the card, as a share of the guide's width: `closer`. */
  minScale: number;
  /** Above this width of the card, as a share of the guide's width: `farther`. */
  maxScale: number;
  /** Turned more than this from the horizontal (degrees): `straighten`. */
  maxTurn: number;
  /** Tilted more than this away from facing the camera (degrees, estimated): `straighten`. */
  maxTilt: number;
  /** Above this `cardMotion` (corners moving, share of the card's width): `hold-still`. */
  maxCardMotion: number;
  /** Above this `motion` (the whole picture changing): `hold-still`. */
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
  maxGlare: 0.01,
  minBrightness: 70,
  maxBrightness: 240,
  minScale: 0.7,
  maxScale: 1.12,
  maxTurn: 25,
  maxTilt: 35,
  maxCardMotion: 0.01,
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

/**
 * The verdict on a camera frame, from the card found, checking what matters first: is there a
 * card (or too little light to tell), is all of it in view, does it face the camera, is it near
 * enough and not too near, then light, glare, steadiness and focus, all measured on the card.
 * A frame whose steadiness is unknown (the first with the card) is not ok, with no hint.
 */
export function judge(m: QualityMetrics, t: QualityThresholds): QualityVerdict {
  const fail = (hint: QualityHint): QualityVerdict => ({ ok: false, hint });
  const card = m.card;
  if (!card) return fail(m.brightness < t.minBrightness / 2 ? 'more-light' : 'place-card');
  if (card.cutOff) return fail(card.scale >= 1 ? 'farther' : 'center-card');
  if (Math.abs(card.turn) > t.maxTurn || card.tilt > t.maxTilt) return fail('straighten');
  if (card.scale < t.minScale) return fail('closer');
  if (card.scale > t.maxScale) return fail('farther');
  if (m.brightness < t.minBrightness) return fail('more-light');
  if (m.brightness > t.maxBrightness) return fail('less-light');
  if (m.glare > t.maxGlare) return fail('glare');
  if ((m.cardMotion ?? 0) > t.maxCardMotion || (m.motion ?? 0) > t.maxMotion) return fail('hold-still');
  if (m.sharpness < t.minSharpness) return fail('blurry');
  return { ok: m.cardMotion !== null, hint: null };
}
