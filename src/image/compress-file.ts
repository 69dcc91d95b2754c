/**
 * Compressing a picked JPEG or PNG with browser-image-compression (EXIF orientation applied,
 * resized within the API's limits), in the file worker. The page's thread, where no worker can
 * run, and the single-file build use the canvas compressor (compress-file-canvas.ts) instead.
 */
import imageCompression from 'browser-image-compression';
import { compressFile as compressWithCanvas } from './compress-file-canvas.js';
import { FILE_COMPRESSION } from './limits.js';
import { EncodeError, type EncodedImage } from './protocol.js';

export async function compressFile(file: File, maxBytes: number): Promise<EncodedImage> {
  // Where the library would need `Image`, the browser's own decoder and a canvas do its work.
  if (libraryNeedsImage()) return compressWithCanvas(file, maxBytes);
  let blob: Blob;
  try {
    blob = await imageCompression(file, FILE_COMPRESSION);
  } catch (error) {
    throw new EncodeError('UNSUPPORTED_FILE', error instanceof Error ? error.message : String(error));
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new EncodeError('UNSUPPORTED_FILE', 'the compressed image cannot be decoded');
  }
  const { width, height } = bitmap;
  bitmap.close();
  if (blob.size > maxBytes) throw new EncodeError('FILE_TOO_LARGE', `compressed to ${blob.size} bytes`);
  return { blob, width, height };
}

/**
 * Whether browser-image-compression would decode the picture with `new Image()`, which a worker
 * does not have: it skips `createImageBitmap` in Safari and on iOS, told by the user agent as it
 * tells them (and then failed every picked photo with "Can't find variable: Image").
 */
function libraryNeedsImage(): boolean {
  if (typeof Image !== 'undefined') return false;
  const agent = navigator.userAgent;
  if (/Chrom(e|ium)/i.test(agent)) return false;
  return /Safari/i.test(agent) || (/iP(ad|od|hone)/i.test(agent) && /WebKit/i.test(agent));
}
