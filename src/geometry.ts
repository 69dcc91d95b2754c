/**
 * Pure geometry: the ID-1 guide frame over the camera image, the part of the frame that is
 * sent, the API's pixel limits, and how an overlay lies over the video. No DOM here.
 */

/** ID-1 card: 85.60 × 53.98 mm. */
export const ID1_ASPECT = 85.6 / 53.98;

/** How much of the frame the guide may take, across and down. */
export const GUIDE_FILL = 0.8;

/** Margin kept around the guide when cropping, as a share of the guide's width, each side. */
export const CROP_MARGIN = 0.06;

/** The API's pixel rules. */
export const MIN_SIDE = 128;
export const MAX_SIDE = 6000;

export interface Size {
  width: number;
  height: number;
}

export interface Rect extends Size {
  x: number;
  y: number;
}

/** The largest ID-1 rectangle that fits in `fill` of the frame, centred. */
export function guideRect(frameWidth: number, frameHeight: number, fill = GUIDE_FILL): Rect {
  let width = frameWidth * fill;
  let height = width / ID1_ASPECT;
  if (height > frameHeight * fill) {
    height = frameHeight * fill;
    width = height * ID1_ASPECT;
  }
  return { x: (frameWidth - width) / 2, y: (frameHeight - height) / 2, width, height };
}

/** The part of the frame that is sent: the guide plus a margin, clamped, in whole pixels. */
export function cropRect(frameWidth: number, frameHeight: number): Rect {
  const guide = guideRect(frameWidth, frameHeight);
  const margin = guide.width * CROP_MARGIN;
  const x0 = Math.max(0, Math.floor(guide.x - margin));
  const y0 = Math.max(0, Math.floor(guide.y - margin));
  const x1 = Math.min(frameWidth, Math.ceil(guide.x + guide.width + margin));
  const y1 = Math.min(frameHeight, Math.ceil(guide.y + guide.height + margin));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Where the card sits inside a crop made by `cropRect` (for a card that fills the guide). */
export function cardInCrop(cropWidth: number, cropHeight: number): Rect {
  const width = cropWidth / (1 + 2 * CROP_MARGIN);
  const height = width / ID1_ASPECT;
  return { x: (cropWidth - width) / 2, y: (cropHeight - height) / 2, width, height };
}

/**
 * The pixel size to encode a `source` at: never larger than the API's maximum, never smaller
 * than its minimum where the maximum allows, never upscaled otherwise. Keeps the aspect ratio.
 */
export function fitWithinApiLimits(source: Size, maxSide = MAX_SIDE, minSide = MIN_SIDE): Size {
  const longest = Math.max(source.width, source.height);
  const shortest = Math.min(source.width, source.height);
  let scale = Math.min(1, maxSide / longest);
  if (shortest * scale < minSide) {
    // Upscale to the minimum, but never past the maximum: a strip too thin for both stays
    // under the minimum, and the caller refuses it.
    scale = Math.min(minSide / shortest, maxSide / longest);
  }
  return {
    width: Math.max(1, Math.round(source.width * scale)),
    height: Math.max(1, Math.round(source.height * scale)),
  };
}

/**
 * The SVG `preserveAspectRatio` that lays an overlay (`viewBox` = the video frame) exactly over
 * a video shown with the given computed `object-fit` and `object-position`: `contain` → `meet`,
 * `cover` → `slice`, `fill` → `none`; the alignment from `object-position`.
 *
 * Exact for positions made of keywords (`left`, `center`, `right`, `top`, `bottom`) and of
 * `0%`, `50%`, `100%` (or `0`/`0px`), which is what `getComputedStyle` gives for keywords.
 * Limits, as SVG has no finer alignment: any other percentage takes the nearest of the three,
 * and lengths or edge offsets (`right 10px top 5px`) are drawn centred; `none` and `scale-down`
 * are drawn as `contain` (the same for a camera frame larger than the widget, as it usually is).
 */
export function overlayAspectRatio(objectFit: string, objectPosition = '50% 50%'): string {
  const fit = objectFit.trim().toLowerCase();
  if (fit === 'fill') return 'none';
  const [x, y] = alignment(objectPosition);
  return `x${x}Y${y} ${fit === 'cover' ? 'slice' : 'meet'}`;
}

type Align = 'Min' | 'Mid' | 'Max';

/** `object-position` → the SVG alignment on each axis, `[x, y]`. */
function alignment(position: string): [Align, Align] {
  const tokens = position.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (tokens.length === 0 || tokens.length > 2) return ['Mid', 'Mid'];
  const vertical = (t: string | undefined) => t === 'top' || t === 'bottom';
  const horizontal = (t: string | undefined) => t === 'left' || t === 'right';
  let [x, y] = tokens.length === 1 ? (vertical(tokens[0]) ? ['center', tokens[0]] : [tokens[0], 'center']) : tokens;
  // `top left` is `left top`.
  if (vertical(x) || horizontal(y)) [x, y] = [y, x];
  return [alignOf(x, 'left', 'right'), alignOf(y, 'top', 'bottom')];
}

function alignOf(token: string, start: string, end: string): Align {
  if (token === start || /^0(px|%)?$/.test(token)) return 'Min';
  if (token === end) return 'Max';
  const percent = /^(-?\d*\.?\d+)%$/.exec(token);
  if (!percent) return 'Mid'; // `center`, a length, a calc(): drawn centred
  const p = Number(percent[1]);
  return p <= 25 ? 'Min' : p >= 75 ? 'Max' : 'Mid';
}
