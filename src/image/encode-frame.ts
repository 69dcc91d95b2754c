/**
 * Encoding a cropped camera frame as one JPEG, and the JPEG quality ladder that the flattened
 * card (src/image/flatten.ts) shares. Written once, run in the capture's thread, or on the page's
 * thread when the worker is not available (it could not load: offline, a strict CSP in a
 * bundled build, an old browser). Small, and free of browser-image-compression, so the page can
 * always capture.
 */
import type { Size } from '../geometry.js';
import { FALLBACK_QUALITIES } from './limits.js';
import { EncodeError, type EncodedImage, type FrameCrop } from './protocol.js';

/** A canvas to draw on: an OffscreenCanvas, or a canvas element where there is none (old Safari). */
export type AnyCanvas = OffscreenCanvas | HTMLCanvasElement;

export function makeCanvas(width: number, height: number): AnyCanvas {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

export type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/**
 * Either canvas, seen through its `getContext('2d')` overload. On the union itself TypeScript
 * may pick the catch-all overload or the 2D one, depending on the order it checks files in.
 */
interface Canvas2D {
  getContext(contextId: '2d', settings: CanvasRenderingContext2DSettings): Context2D | null;
}

/** The canvas's 2D context; `ENCODE_FAILED` if it has none. */
export function context2d(canvas: AnyCanvas, willReadFrequently = false): Context2D {
  const context = (canvas as Canvas2D).getContext('2d', { willReadFrequently });
  if (!context) throw new EncodeError('ENCODE_FAILED', 'no 2D context');
  return context;
}

function toJpeg(canvas: AnyCanvas, quality: number): Promise<Blob> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type: 'image/jpeg', quality });
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new EncodeError('ENCODE_FAILED', 'toBlob gave nothing'))),
      'image/jpeg',
      quality,
    ),
  );
}

/**
 * Encodes what `canvas` holds as one JPEG at `quality`, lowering the quality along the fallback
 * ladder only if the byte limit would be passed. Shared by the guide crop and the flattened
 * card, so both obey the same limit the same way.
 */
export async function encodeCanvas(canvas: AnyCanvas, quality: number, maxBytes: number): Promise<EncodedImage> {
  let blob = await toJpeg(canvas, quality);
  for (const q of FALLBACK_QUALITIES) {
    if (blob.size <= maxBytes) break;
    blob = await toJpeg(canvas, Math.min(q, quality));
  }
  if (blob.size > maxBytes) throw new EncodeError('FILE_TOO_LARGE', `JPEG of ${blob.size} bytes`);
  return { blob, width: canvas.width, height: canvas.height };
}

/**
 * Crops and scales `source` as `crop` says and encodes it as one JPEG; lowers the quality only
 * if the byte limit would be passed.
 */
export async function encodeFrame(
  source: CanvasImageSource,
  crop: FrameCrop,
  quality: number,
  maxBytes: number,
): Promise<EncodedImage> {
  const { width, height } = crop;
  const canvas = makeCanvas(width, height);
  const context = context2d(canvas);
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, crop.sx, crop.sy, crop.sw, crop.sh, 0, 0, width, height);
  return encodeCanvas(canvas, quality, maxBytes);
}

/**
 * WebKit (Safari, WebKitGTK; not Chromium, which also says AppleWebKit) draws a `VideoFrame`
 * whole into the destination rectangle, ignoring the source rectangle.
 */
const DRAWS_VIDEO_FRAME_WHOLE =
  typeof navigator !== 'undefined' &&
  navigator.userAgent.includes('AppleWebKit') &&
  !/Chrom(e|ium)|Edg\//.test(navigator.userAgent);

/**
 * A camera frame as a source that `drawImage` crops right: in WebKit (above; the guide crop and
 * the flattened card came out as the whole frame squeezed, or black) a `VideoFrame` is first
 * made an `ImageBitmap` (one copy, in the worker); elsewhere the frame itself, with no copy (the
 * copy cost a capture about 40 ms in Chromium). The caller closes both.
 */
export async function drawableFrame(frame: VideoFrame | ImageBitmap): Promise<VideoFrame | ImageBitmap> {
  return DRAWS_VIDEO_FRAME_WHOLE && 'codedWidth' in frame ? createImageBitmap(frame) : frame;
}

/** The pixel size a camera frame is drawn at: a VideoFrame's display size, an ImageBitmap's size. */
export function frameSize(frame: VideoFrame | ImageBitmap): Size {
  return 'displayWidth' in frame
    ? { width: frame.displayWidth, height: frame.displayHeight }
    : { width: frame.width, height: frame.height };
}
