/// <reference lib="webworker" />
/**
 * The capture worker: a camera frame is encoded here, off the page's thread: the card flattened
 * if the detector's corners make one (flatten.ts), else the guide's part of the frame
 * (encode-frame.ts). Small, started as soon as the camera is ready; picked files go to the file
 * worker (file.worker.ts), so a capture never loads browser-image-compression.
 */
import { drawableFrame, encodeFrame } from './encode-frame.js';
import { encodeCard, frameSize } from './flatten.js';
import type { EncodeFrameRequest } from './protocol.js';
import { serve } from './serve.js';

serve(async ({ frame, card, crop, quality, maxBytes }: EncodeFrameRequest) => {
  let source: CanvasImageSource = frame;
  try {
    // WebKit draws a VideoFrame whole whatever source rectangle is asked (encode-frame.ts).
    source = await drawableFrame(frame);
    const flat = card ? await encodeCard(source, frameSize(frame), card, quality, maxBytes) : null;
    if (flat) return { ...flat, crop: 'card' as const };
    return { ...(await encodeFrame(source, crop, quality, maxBytes)), crop: 'guide' as const };
  } finally {
    if (source !== frame && source instanceof ImageBitmap) source.close();
    frame.close();
  }
});
