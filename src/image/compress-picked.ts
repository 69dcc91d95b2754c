/**
 * A picked picture, made ready to send: in the file worker (started by the first pick, never
 * before), or on the page's thread where it cannot run. Comes with the file intake's chunk
 * (src/flow/intake-file.ts), so the camera path carries none of it.
 */
import type { Quad } from '../quad.js';
import { encoded, loadFlatten, post, type Encoded, type ImageEncoder } from './encoder.js';
import { CAMERA_JPEG_QUALITY, MAX_UPLOAD_BYTES } from './limits.js';

/**
 * A picked JPEG or PNG within the API's limits: the card itself if `card` (its corners in the
 * pixels of the picture decoded with its EXIF orientation applied) makes one, flattened with a
 * margin and encoded once; otherwise the whole picture, compressed (browser-image-compression,
 * which a capture thus never loads). The file worker is `encoder`'s, so that it ends with the
 * widget.
 */
export async function compressPicked(
  encoder: ImageEncoder,
  file: File,
  card: Quad | null = null,
): Promise<Encoded<'card' | 'file'>> {
  const worker = await encoder
    .fileWorker(
      () => new Worker(new URL('./file.worker.ts', import.meta.url), { type: 'module', name: 'dni-capture-files' }),
    )
    .ready();
  if (worker) {
    const result = await post(worker, { file, maxBytes: MAX_UPLOAD_BYTES, ...(card ? { card } : {}) }, []);
    return encoded(result, 'worker', result.crop, card);
  }
  const flatten = card ? await loadFlatten() : null;
  const flat =
    flatten && card ? await flatten.encodeCardInFile(file, card, CAMERA_JPEG_QUALITY, MAX_UPLOAD_BYTES) : null;
  if (flat) return encoded(flat, 'main-thread', 'card', card);
  // On the page's thread, the browser's own decoder and a canvas (compress-file-canvas.ts):
  // browser-image-compression lives in the file worker only, not twice in what a page can load.
  const { compressFile } = await import('./compress-file-canvas.js');
  return encoded(await compressFile(file, MAX_UPLOAD_BYTES), 'main-thread', 'file', null);
}
