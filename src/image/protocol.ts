/**
 * Messages between the page and the threads that encode images: a camera capture's (a second
 * thread of src/quality/quality.worker.ts, running capture.ts) and the file worker (picked
 * pictures, file.worker.ts). Types only, and `EncodeError`, which both sides throw.
 */
import type { Quad } from '../quad.js';

/** The part of a camera frame to send, and the pixel size to send it at. */
export interface FrameCrop {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
  width: number;
  height: number;
}

/** To the capture's thread: one camera frame. */
export interface EncodeFrameRequest {
  id: number;
  kind: 'encode';
  /** The whole camera frame: a VideoFrame (no copy on the page) or an ImageBitmap; the worker closes it. */
  frame: VideoFrame | ImageBitmap;
  /** The card the detector found, in the frame's pixels: sent flattened instead of `crop`. */
  card?: Quad;
  /** The guide's part of the frame: sent when there is no card, or its corners make none. */
  crop: FrameCrop;
  quality: number;
  maxBytes: number;
}

/** To the file worker: one picked picture. */
export interface CompressFileRequest {
  id: number;
  file: File;
  /**
   * The card the detector found, in the pixels of the decoded picture (EXIF orientation
   * applied): sent flattened instead of the whole picture compressed.
   */
  card?: Quad;
  maxBytes: number;
}

export interface EncodedImage {
  blob: Blob;
  width: number;
  height: number;
}

/**
 * What was sent: the card flattened, the guide's part of the camera frame, or the whole picked
 * picture compressed.
 */
export type EncodedCrop = 'card' | 'guide' | 'file';

export type EncodeErrorCode = 'ENCODE_FAILED' | 'UNSUPPORTED_FILE' | 'FILE_TOO_LARGE';

/**
 * A worker's answer to one request: a camera capture's crops are `'card' | 'guide'`, the file
 * worker's `'card' | 'file'`. Once its modules have loaded, a worker also posts `{ ready: true }`
 * (src/workers/worker-client.ts).
 */
export type EncodeResponse<C extends EncodedCrop = EncodedCrop> =
  | ({ id: number; ok: true; crop: C } & EncodedImage)
  | { id: number; ok: false; error: EncodeErrorCode; message: string };

/**
 * Why an image could not be prepared. Lives here, not beside the encoder, so that importing it
 * does not pull browser-image-compression into the page's thread.
 */
export class EncodeError extends Error {
  constructor(
    readonly code: EncodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}
