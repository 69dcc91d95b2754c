/**
 * Compressing a picked JPEG or PNG with browser-image-compression (EXIF orientation applied,
 * resized within the API's limits). Runs in the image worker; on the page's thread only where
 * no worker can run, loaded on demand.
 */
import imageCompression from 'browser-image-compression';
import { encodeFrame } from './encode-frame.js';
import { FILE_COMPRESSION } from './limits.js';
import { EncodeError, type EncodedImage } from './protocol.js';

export async function compressFile(file: File, maxBytes: number): Promise<EncodedImage> {
  if (libraryNeedsImage()) return compressDecoded(file, maxBytes);
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

/** Sizes tried in turn (shares of the longest side allowed) when a picture stays over the byte limit. */
const SHRINK_STEPS = [1, 0.75, 0.5] as const;

/**
 * What the library does, where it cannot: the picture decoded with its EXIF orientation applied,
 * scaled within `maxWidthOrHeight`, encoded as one JPEG at the library's initial quality, lower
 * (encode-frame's ladder) and then smaller only if the byte limit would be passed.
 */
async function compressDecoded(file: File, maxBytes: number): Promise<EncodedImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new EncodeError('UNSUPPORTED_FILE', 'the picture cannot be decoded');
  }
  try {
    const limit = Math.min(maxBytes, FILE_COMPRESSION.maxSizeMB * 1024 * 1024);
    const { width: w, height: h } = bitmap;
    let tooLarge: unknown = null;
    for (const step of SHRINK_STEPS) {
      const scale = Math.min(1, (FILE_COMPRESSION.maxWidthOrHeight * step) / Math.max(w, h));
      const width = Math.max(1, Math.round(w * scale));
      const height = Math.max(1, Math.round(h * scale));
      try {
        return await encodeFrame(
          bitmap,
          { sx: 0, sy: 0, sw: w, sh: h, width, height },
          FILE_COMPRESSION.initialQuality,
          limit,
        );
      } catch (error) {
        if (!(error instanceof EncodeError && error.code === 'FILE_TOO_LARGE')) throw error;
        tooLarge = error;
      }
    }
    throw tooLarge;
  } finally {
    bitmap.close();
  }
}
