/**
 * A camera capture, encoded: the card flattened if the detector's corners make one
 * (flatten.ts), else the guide's part of the frame (encode-frame.ts). It runs in a second thread
 * of the quality worker's script (src/quality/quality.worker.ts), started as soon as the camera is
 * ready: the camera path loads one worker file, and the frame taken is never queued behind the
 * live frames' analysis. Where that thread cannot run, the page runs it (src/image/encoder.ts),
 * with the flattening loaded only then. Picked files go to the file worker (file.worker.ts), so a
 * capture never loads browser-image-compression.
 */
import { drawableFrame, encodeFrame, frameSize } from './encode-frame.js';
import type { encodeCard } from './flatten.js';
import type { EncodedImage, EncodeFrameRequest } from './protocol.js';

/**
 * The frame encoded (the frame closed, whatever happens), and what was sent: the card, flattened
 * by `flatten` (flatten.ts's `encodeCard`: the worker's, imported with it; the page's, loaded on
 * demand), or the guide's part (without a card, or without `flatten`, offline on the page).
 */
export async function encodeCapture(
  { frame, card, crop, quality, maxBytes }: Omit<EncodeFrameRequest, 'id'>,
  flatten: typeof encodeCard | null,
): Promise<EncodedImage & { crop: 'card' | 'guide' }> {
  let source: CanvasImageSource = frame;
  try {
    // WebKit draws a VideoFrame whole whatever source rectangle is asked (encode-frame.ts).
    source = await drawableFrame(frame);
    const flat = card && flatten ? await flatten(source, frameSize(frame), card, quality, maxBytes) : null;
    if (flat) return { ...flat, crop: 'card' as const };
    return { ...(await encodeFrame(source, crop, quality, maxBytes)), crop: 'guide' as const };
  } finally {
    if (source !== frame && source instanceof ImageBitmap) source.close();
    frame.close();
  }
}
