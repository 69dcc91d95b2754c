/** The API's byte limit, read strictly: 5 MB as 5,000,000 bytes. */
export const MAX_UPLOAD_BYTES = 5_000_000;

/**
 * The `accept` attribute of the file input: the formats of `ACCEPTED_FORMATS`. Here, not beside
 * them in file-type.ts, which loads with a picked file's intake (src/flow/intake-file.ts).
 */
export const FILE_ACCEPT = 'image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf';

/** Pictures larger than this are refused before any decoding (a phone photo is 2–12 MB). */
export const MAX_INPUT_BYTES = 40_000_000;

/** JPEG quality of a camera capture: text stays sharp, a 1500 × 1000 crop weighs ~200–500 KB. */
export const CAMERA_JPEG_QUALITY = 0.92;

/** Qualities tried in turn in the rare case a capture would exceed the byte limit. */
export const FALLBACK_QUALITIES = [0.85, 0.75, 0.65] as const;

/**
 * browser-image-compression settings for a picked photo. Run inside our own worker, so
 * `useWebWorker: false`: the library must not build its own worker, which would load the
 * library from a public CDN (`libURL`).
 */
export const FILE_COMPRESSION = {
  /** 4.6 MiB ≈ 4.82 MB: under the strict 5,000,000-byte limit with room for the multipart. */
  maxSizeMB: 4.6,
  /** Enough for ~1280 px across a card photographed at arm's length; within 128–6000. */
  maxWidthOrHeight: 2560,
  initialQuality: 0.9,
  fileType: 'image/jpeg',
  useWebWorker: false,
  preserveExif: false,
} as const;
