/**
 * Compressing a picked JPEG or PNG with the browser's own decoder and canvas, without
 * browser-image-compression: the picture decoded with its EXIF orientation applied, scaled
 * within `FILE_COMPRESSION.maxWidthOrHeight` (never up, but to the API's minimum side), and
 * encoded once with the quality ladder the camera captures use (encode-frame.ts).
 *
 * The single-file build (vite.bundled.config.ts) uses this in place of compress-file.ts, in the
 * file worker and on the page's thread alike, so that file does not carry the library (about
 * 5 KB gzipped as the build cuts it, twice). Same signature and errors as compress-file.ts.
 */
import { fitWithinApiLimits } from '../geometry.js';
import { context2d, encodeCanvas, makeCanvas } from './encode-frame.js';
import { FILE_COMPRESSION } from './limits.js';
import { EncodeError, type EncodedImage } from './protocol.js';

export async function compressFile(file: File, maxBytes: number): Promise<EncodedImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new EncodeError('UNSUPPORTED_FILE', 'the picture cannot be decoded');
  }
  const canvas = makeCanvas(1, 1);
  try {
    const { width, height } = fitWithinApiLimits(bitmap, FILE_COMPRESSION.maxWidthOrHeight);
    canvas.width = width;
    canvas.height = height;
    const context = context2d(canvas);
    // A PNG's transparent parts come out white, as browser-image-compression makes them.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, width, height);
    return await encodeCanvas(canvas, FILE_COMPRESSION.initialQuality, maxBytes);
  } finally {
    bitmap.close();
    canvas.width = 0;
    canvas.height = 0;
  }
}
