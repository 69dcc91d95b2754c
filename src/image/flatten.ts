/**
 * Sending the card itself: the quadrilateral the detector found, perspective-corrected into an
 * upright ID-1 rectangle with a small margin, at the resolution the camera gave the card (never
 * upscaled past it), within the API's pixel and byte limits, encoded once as a JPEG.
 *
 * Run in the capture and file workers, or on the page's thread where they cannot run. Free
 * of browser-image-compression, like encode-frame.ts, so the page can always do it. The warp is
 * done by hand on the pixels (canvas 2D has no perspective transform): only the card's bounding
 * box is read back, then each output pixel is mapped through the homography and sampled
 * bilinearly.
 */
import { CROP_MARGIN, fitWithinApiLimits, MAX_SIDE, MIN_SIDE, type Rect, type Size } from '../geometry.js';
import { applyHomography, expandQuad, flatSize, homography, type Homography, type Quad } from '../quad.js';
import { context2d, encodeCanvas, makeCanvas, type AnyCanvas } from './encode-frame.js';
import { EncodeError, type EncodedImage } from './protocol.js';

/**
 * The margin kept around a flattened card: this share of the card's width beyond each short
 * edge and of its height beyond each long edge (see `expandQuad`). The guide crop's share, so
 * the API sees the card's edges with some room, as it does today.
 */
export const CARD_MARGIN = CROP_MARGIN;

/** Pixels as canvas gives them: RGBA, row by row (an ImageData fits). */
export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** How a card will be flattened out of a source; see `planFlatten`. */
export interface FlattenPlan {
  /** The card grown by the margin, in the source's pixels. */
  outline: Quad;
  /** The part of the source read back: the outline's bounds, clamped to the source, whole pixels. */
  box: Rect;
  /** The pixel size of the flat output. */
  size: Size;
  /** The output's scale against the card as the camera gave it: 1, or less when capped. */
  scale: number;
}

/** Twice the signed area of a quad; positive when its corners run clockwise on screen (y down). */
function signedArea2(q: Quad): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    const [x0, y0] = q[i];
    const [x1, y1] = q[(i + 1) % 4];
    sum += x0 * y1 - x1 * y0;
  }
  return sum;
}

/**
 * Where and how big the flat card will be, or null if `corners` make no card to send from this
 * source: no homography (see `homography`), corners counter-clockwise (the card would come out
 * mirrored, which no OCR reads), the card's centre outside the source (it would be mostly the
 * edge pixels smeared), or a card too thin for the API's minimum. Pure: the page can ask before
 * handing the frame over, and fall back to the guide.
 *
 * The size is `flatSize` of the card grown by the margin on each side, within
 * `fitWithinApiLimits`: never more pixels than the camera gave the card, capped at `maxSide`;
 * raised only to the API's minimum side.
 */
export function planFlatten(source: Size, corners: Quad, margin = CARD_MARGIN, maxSide = MAX_SIDE): FlattenPlan | null {
  const { width, height } = source;
  if (!(width > 0 && height > 0)) return null;
  if (!(signedArea2(corners) > 0)) return null;
  const card = homography(
    [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ],
    corners,
  );
  const outline = expandQuad(corners, margin);
  if (!card || !outline) return null;
  const [cx, cy] = applyHomography(card, 0.5, 0.5);
  if (!(cx >= 0 && cy >= 0 && cx <= width && cy <= height)) return null;

  // The card at the resolution the camera gave it, and the margin at the same scale. (Not
  // `flatSize(outline)`: under perspective the grown near edge is longer than the card's by
  // more than the margin, and the card would come out slightly upscaled.)
  const own = flatSize(corners);
  const flat = { width: own.width * (1 + 2 * margin), height: own.height * (1 + 2 * margin) };
  const size = fitWithinApiLimits(flat, maxSide);
  if (Math.min(size.width, size.height) < MIN_SIDE) return null;

  const xs = outline.map((p) => p[0]);
  const ys = outline.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const x1 = Math.min(width, Math.ceil(Math.max(...xs)));
  const y1 = Math.min(height, Math.ceil(Math.max(...ys)));
  if (x1 <= x0 || y1 <= y0) return null;
  return {
    outline,
    box: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
    size,
    scale: Math.min(1, size.width / flat.width),
  };
}

/**
 * Fills `out` by mapping the centre of each of its pixels through `h` (output pixels → `src`
 * pixels) and sampling `src` bilinearly; a point that falls outside `src` takes the nearest
 * edge pixel. Opaque output. Pure and allocation-free: the projective map is stepped along each
 * row (three additions and two divisions a pixel), which keeps a 1100 × 700 card in the order
 * of ten milliseconds.
 */
export function warpBilinear(src: Pixels, h: Homography, out: Pixels): void {
  const s = src.data;
  const o = out.data;
  const sw = src.width;
  const maxX = src.width - 1;
  const maxY = src.height - 1;
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = h;
  let i = 0;
  for (let v = 0; v < out.height; v++) {
    const cy = v + 0.5;
    // At the centre of the row's first pixel; each step right adds the first column.
    let px = h0 * 0.5 + h1 * cy + h2;
    let py = h3 * 0.5 + h4 * cy + h5;
    let pw = h6 * 0.5 + h7 * cy + h8;
    for (let u = 0; u < out.width; u++) {
      // Source pixel k covers [k, k + 1): its centre, where its value is exact, is at k + 0.5.
      let x = px / pw - 0.5;
      let y = py / pw - 0.5;
      px += h0;
      py += h3;
      pw += h6;
      if (x < 0) x = 0;
      else if (x > maxX) x = maxX;
      if (y < 0) y = 0;
      else if (y > maxY) y = maxY;
      const xa = x | 0;
      const ya = y | 0;
      const fx = x - xa;
      const fy = y - ya;
      const a = (ya * sw + xa) * 4;
      const b = xa < maxX ? a + 4 : a;
      const c = ya < maxY ? a + sw * 4 : a;
      const d = xa < maxX ? c + 4 : c;
      const wa = (1 - fx) * (1 - fy);
      const wb = fx * (1 - fy);
      const wc = (1 - fx) * fy;
      const wd = fx * fy;
      o[i] = s[a] * wa + s[b] * wb + s[c] * wc + s[d] * wd;
      o[i + 1] = s[a + 1] * wa + s[b + 1] * wb + s[c + 1] * wc + s[d + 1] * wd;
      o[i + 2] = s[a + 2] * wa + s[b + 2] * wb + s[c + 2] * wc + s[d + 2] * wd;
      o[i + 3] = 255;
      i += 4;
    }
  }
}

/** How far (source pixels) the perspective may stray from an affine map for `flattenCard` to draw the card affinely. */
const AFFINE_TOLERANCE = 0.5;

/**
 * The canvas transform `[a, b, c, d, e, f]` (source pixels → output pixels) of the affine map
 * that takes `outline`'s top-left, top-right and bottom-left corners to the output's, if its
 * bottom-right corner then lands within `tolerance` source pixels of `outline`'s (the outline is
 * a parallelogram: no perspective); `null` otherwise.
 */
export function affineWithin(
  outline: Quad,
  size: Size,
  tolerance: number,
): [number, number, number, number, number, number] | null {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = outline;
  if (Math.hypot(x1 + x3 - x0 - x2, y1 + y3 - y0 - y2) > tolerance) return null;
  // Output → source: (u, v) ↦ p0 + u · (p1 − p0) / W + v · (p3 − p0) / H.
  const a = (x1 - x0) / size.width;
  const b = (y1 - y0) / size.width;
  const c = (x3 - x0) / size.height;
  const d = (y3 - y0) / size.height;
  const det = a * d - b * c;
  if (!(Math.abs(det) > 1e-12)) return null;
  // Its inverse, source → output, as canvas's setTransform(a, b, c, d, e, f) takes it.
  const ia = d / det;
  const ib = -b / det;
  const ic = -c / det;
  const id = a / det;
  return [ia, ib, ic, id, -(ia * x0 + ic * y0), -(ib * x0 + id * y0)];
}

/**
 * The flat card out of `source` (a camera frame, a decoded picture, a canvas…), whose pixel
 * size is `sourceSize` and in whose pixels `corners` are given: a canvas of the size
 * `planFlatten` gives, holding the card upright with its margin. Throws ENCODE_FAILED if the
 * corners make no card (check with `planFlatten` first to fall back instead).
 *
 * A card seen square on (its outline a parallelogram within half a pixel) is drawn by the
 * browser with one affine transform. Otherwise only the grown card's bounding box is drawn and
 * read back, and warped by hand; when the card has to shrink to fit `maxSide`, the box is
 * drawn already shrunk (the browser's high-quality downscaling), so the bilinear warp never
 * skips source pixels.
 */
export function flattenCard(
  source: CanvasImageSource,
  sourceSize: Size,
  corners: Quad,
  margin = CARD_MARGIN,
  maxSide = MAX_SIDE,
): AnyCanvas {
  const plan = planFlatten(sourceSize, corners, margin, maxSide);
  if (!plan) throw new EncodeError('ENCODE_FAILED', 'the corners given make no card in this image');
  const { box, size, scale, outline } = plan;
  const { width, height } = size;
  const affine = affineWithin(outline, size, AFFINE_TOLERANCE);
  if (affine) {
    // A card seen square on (no perspective to speak of): the browser draws it turned and
    // scaled in one go, with its own smoothing, and nothing is read back.
    const out = makeCanvas(width, height);
    const context = context2d(out);
    context.imageSmoothingQuality = 'high';
    context.setTransform(...affine);
    context.drawImage(source, box.x, box.y, box.width, box.height, box.x, box.y, box.width, box.height);
    return out;
  }
  const readWidth = Math.max(1, Math.round(box.width * scale));
  const readHeight = Math.max(1, Math.round(box.height * scale));
  const sx = readWidth / box.width;
  const sy = readHeight / box.height;

  const read = makeCanvas(readWidth, readHeight);
  const readContext = context2d(read, true);
  readContext.imageSmoothingQuality = 'high';
  readContext.drawImage(source, box.x, box.y, box.width, box.height, 0, 0, readWidth, readHeight);
  const pixels = readContext.getImageData(0, 0, readWidth, readHeight);
  // Let go of the read-back canvas now: with a 6000 px card it holds ~100 MB.
  read.width = 0;
  read.height = 0;

  const local = outline.map(([x, y]) => [(x - box.x) * sx, (y - box.y) * sy] as const) as unknown as Quad;
  const h = homography(
    [
      [0, 0],
      [width, 0],
      [width, height],
      [0, height],
    ],
    local,
  );
  if (!h) throw new EncodeError('ENCODE_FAILED', 'the corners given make no card in this image');

  const out = makeCanvas(width, height);
  const outContext = context2d(out);
  const flat = outContext.createImageData(width, height);
  warpBilinear(pixels, h, flat);
  outContext.putImageData(flat, 0, 0);
  return out;
}

/**
 * The flat card out of `source` as one JPEG (the shared quality ladder of encode-frame.ts), or
 * null if `corners` make no card in it: the caller then sends what it sent before (the guide
 * crop, the compressed file).
 */
export async function encodeCard(
  source: CanvasImageSource,
  sourceSize: Size,
  corners: Quad,
  quality: number,
  maxBytes: number,
): Promise<EncodedImage | null> {
  if (!planFlatten(sourceSize, corners)) return null;
  const canvas = flattenCard(source, sourceSize, corners);
  try {
    return await encodeCanvas(canvas, quality, maxBytes);
  } finally {
    canvas.width = 0;
    canvas.height = 0;
  }
}

/**
 * The flat card out of a picked picture, as one JPEG; `corners` are in the pixels of the
 * picture decoded as `createImageBitmap` does by default, the EXIF orientation applied (as the
 * detector sees it, and as browser-image-compression turns it). Null if the corners make no
 * card in it. UNSUPPORTED_FILE if it cannot be decoded.
 */
export async function encodeCardInFile(
  file: Blob,
  corners: Quad,
  quality: number,
  maxBytes: number,
): Promise<EncodedImage | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new EncodeError('UNSUPPORTED_FILE', 'the picture cannot be decoded');
  }
  try {
    return await encodeCard(bitmap, { width: bitmap.width, height: bitmap.height }, corners, quality, maxBytes);
  } finally {
    bitmap.close();
  }
}
