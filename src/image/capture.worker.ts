/// <reference lib="webworker" />
/**
 * The capture worker: a camera frame is encoded here, off the page's thread: the card flattened
 * if the detector's corners make one (flatten.ts), else the guide's part of the frame
 * (encode-frame.ts). Small, started as soon as the camera is ready; picked files go to the file
 * worker (file.worker.ts), so a capture never loads browser-image-compression.
 */
import { encodeFrame } from './encode-frame.js';
import { encodeCard, frameSize } from './flatten.js';
import type { EncodeFrameRequest } from './protocol.js';
import { serve } from './serve.js';

serve(async ({ frame, card, crop, quality, maxBytes }: EncodeFrameRequest) => {
  try {
    const flat = card ? await encodeCard(frame, frameSize(frame), card, quality, maxBytes) : null;
    if (flat) return { ...flat, crop: 'card' as const };
    return { ...(await encodeFrame(frame, crop, quality, maxBytes)), crop: 'guide' as const };
  } finally {
    frame.close();
  }
});
