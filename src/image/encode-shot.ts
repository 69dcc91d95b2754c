/**
 * What the widget sends of a captured camera frame or a picked picture, written once for the
 * places it runs: the capture worker (camera frames, capture.worker.ts), the file worker
 * (pictures, file.worker.ts), and the page's thread where no worker can run (encode-on-page.ts).
 */
import { drawableFrame, encodeFrame } from './encode-frame.js';
import { encodeCard, encodeCardInFile, frameSize } from './flatten.js';
import { CAMERA_JPEG_QUALITY } from './limits.js';
import type { Quad } from '../quad.js';
import type { EncodedImage, EncodeFrameRequest } from './protocol.js';

/**
 * The card flattened if `card` (its corners in the frame's pixels) makes one, else the guide's
 * part of the frame (`crop`), as one JPEG. The frame is closed.
 */
export async function encodeCameraFrame({
  frame,
  card,
  crop,
  quality,
  maxBytes,
}: Omit<EncodeFrameRequest, 'id'>): Promise<EncodedImage & { crop: 'card' | 'guide' }> {
  let source: VideoFrame | ImageBitmap = frame;
  try {
    // WebKit draws a VideoFrame whole whatever source rectangle is asked (encode-frame.ts).
    source = await drawableFrame(frame);
    const flat = card ? await encodeCard(source, frameSize(frame), card, quality, maxBytes) : null;
    if (flat) return { ...flat, crop: 'card' };
    return { ...(await encodeFrame(source, crop, quality, maxBytes)), crop: 'guide' };
  } finally {
    if (source !== frame) source.close();
    frame.close();
  }
}

/**
 * A picked JPEG or PNG: the card flattened if `card` (its corners in the picture decoded with its
 * EXIF orientation applied) makes one, else the whole picture, by `compress`.
 */
export async function encodePicture(
  file: File,
  card: Quad | null,
  maxBytes: number,
  compress: (file: File, maxBytes: number) => Promise<EncodedImage>,
): Promise<EncodedImage & { crop: 'card' | 'file' }> {
  const flat = card ? await encodeCardInFile(file, card, CAMERA_JPEG_QUALITY, maxBytes) : null;
  if (flat) return { ...flat, crop: 'card' };
  return { ...(await compress(file, maxBytes)), crop: 'file' };
}
