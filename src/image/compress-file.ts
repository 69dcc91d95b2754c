/**
 * Compressing a picked JPEG or PNG with browser-image-compression (EXIF orientation applied,
 * resized within the API's limits). Runs in the file worker; on the page's thread only where
 * no worker can run, loaded on demand.
 */
import imageCompression from 'browser-image-compression';
import { FILE_COMPRESSION } from './limits.js';
import { EncodeError, type EncodedImage } from './protocol.js';

export async function compressFile(file: File, maxBytes: number): Promise<EncodedImage> {
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
