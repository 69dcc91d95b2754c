/**
 * The page thread's encoder: what the capture and file workers do, done on the page where no
 * worker can run (a CSP without `worker-src`, a browser without module workers or
 * OffscreenCanvas, a worker that failed to load). Its own chunk, so that the camera path does not
 * carry it: encoder.ts loads it as soon as it knows the capture worker will not run (when the
 * camera goes live, not at the capture), or when a worker fails at a capture or a pick.
 */
import type { Quad } from '../quad.js';
import { compressFile } from './compress-file-canvas.js';
import { drawableFrame, encodeFrame } from './encode-frame.js';
import { encodeCard, encodeCardInFile, frameSize } from './flatten.js';
import { CAMERA_JPEG_QUALITY, MAX_UPLOAD_BYTES } from './limits.js';
import type { EncodedImage, FrameCrop } from './protocol.js';

/**
 * A camera frame as the capture worker encodes it: the card flattened if `corners` make one,
 * else the guide's part (`crop`). The frame is closed.
 */
export async function encodeFrameOnPage(
  frame: VideoFrame | ImageBitmap,
  crop: FrameCrop,
  corners: Quad | null,
): Promise<EncodedImage & { crop: 'card' | 'guide' }> {
  let source: VideoFrame | ImageBitmap | null = null;
  try {
    source = await drawableFrame(frame);
    const flat = corners
      ? await encodeCard(source, frameSize(frame), corners, CAMERA_JPEG_QUALITY, MAX_UPLOAD_BYTES)
      : null;
    if (flat) return { ...flat, crop: 'card' };
    return { ...(await encodeFrame(source, crop, CAMERA_JPEG_QUALITY, MAX_UPLOAD_BYTES)), crop: 'guide' };
  } finally {
    if (source && source !== frame) source.close();
    frame.close();
  }
}

/**
 * A picked JPEG or PNG as the file worker encodes it: the card flattened if `card` makes one,
 * else the whole picture compressed, with the browser's decoder and a canvas
 * (compress-file-canvas.ts): browser-image-compression lives in the file worker only, not twice
 * in what a page can load.
 */
export async function compressFileOnPage(
  file: File,
  card: Quad | null,
): Promise<EncodedImage & { crop: 'card' | 'file' }> {
  const flat = card ? await encodeCardInFile(file, card, CAMERA_JPEG_QUALITY, MAX_UPLOAD_BYTES) : null;
  if (flat) return { ...flat, crop: 'card' };
  return { ...(await compressFile(file, MAX_UPLOAD_BYTES)), crop: 'file' };
}
