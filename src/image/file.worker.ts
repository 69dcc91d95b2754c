/// <reference lib="webworker" />
/**
 * The file worker: a picked picture is prepared here, off the page's thread: the card flattened
 * if the detector's corners make one in it (flatten.ts), else the whole picture compressed
 * (compress-file.ts, browser-image-compression). Started on the first picked file, never before,
 * so a page that only uses the camera never loads it.
 */
import { compressFile } from './compress-file.js';
import { encodeCardInFile } from './flatten.js';
import { CAMERA_JPEG_QUALITY } from './limits.js';
import type { CompressFileRequest } from './protocol.js';
import { serve } from './serve.js';

serve(async ({ file, card, maxBytes }: CompressFileRequest) => {
  const flat = card ? await encodeCardInFile(file, card, CAMERA_JPEG_QUALITY, maxBytes) : null;
  if (flat) return { ...flat, crop: 'card' as const };
  return { ...(await compressFile(file, maxBytes)), crop: 'file' as const };
});
