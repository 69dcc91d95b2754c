/**
 * What the mock checks about an image, as the real API does: the format by its first bytes,
 * the byte size and the pixel size (shared/api/idcard-api.md, "Image rules").
 */
import { imageSize } from 'image-size';
import { MAX_SIDE, MIN_SIDE } from '../../src/geometry.ts';

/** The API's size limit, read strictly: 5 MB = 5,000,000 bytes. */
export const MAX_IMAGE_BYTES = 5_000_000;

/** The pixel size assumed for a PDF, which has none: a 1280 px wide crop of an ID-1 card. */
export const PDF_NOMINAL_SIZE = Object.freeze({ width: 1280, height: 807 });

export type ImageFormat = 'jpeg' | 'png' | 'pdf';

/** The format from the first bytes, or null for anything the API does not take. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= png.length && png.every((b, i) => bytes[i] === b)) return 'png';
  // "%PDF-"
  const pdf = [0x25, 0x50, 0x44, 0x46, 0x2d];
  if (bytes.length >= pdf.length && pdf.every((b, i) => bytes[i] === b)) return 'pdf';
  return null;
}

export type ImageCheck =
  | { ok: true; format: ImageFormat; width: number | null; height: number | null }
  | { ok: false; format: ImageFormat | null; width: number | null; height: number | null; reason: string };

/** Checks an image against the API's rules, in the order a server would: size, format, pixels. */
export function checkImage(bytes: Uint8Array): ImageCheck {
  if (bytes.length === 0) return { ok: false, format: null, width: null, height: null, reason: 'image is empty' };
  const format = sniffFormat(bytes);
  if (bytes.length > MAX_IMAGE_BYTES) {
    return {
      ok: false,
      format,
      width: null,
      height: null,
      reason: `image size ${bytes.length} bytes exceeds the 5 MB limit (${MAX_IMAGE_BYTES} bytes)`,
    };
  }
  if (format === null) {
    return {
      ok: false,
      format,
      width: null,
      height: null,
      reason: 'unsupported image format: only JPEG, PNG and PDF are accepted',
    };
  }
  if (format === 'pdf') return { ok: true, format, width: null, height: null };

  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ width, height } = imageSize(bytes));
  } catch {
    // fall through: no size found
  }
  if (!width || !height) {
    return { ok: false, format, width: null, height: null, reason: 'image is corrupt: its pixel size cannot be read' };
  }
  if (width < MIN_SIDE || height < MIN_SIDE || width > MAX_SIDE || height > MAX_SIDE) {
    return {
      ok: false,
      format,
      width,
      height,
      reason: `image is ${width}x${height} pixels; width and height must be between ${MIN_SIDE} and ${MAX_SIDE}`,
    };
  }
  return { ok: true, format, width, height };
}
