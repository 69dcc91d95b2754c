/** Messages between the page and the image worker. */
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

export interface EncodeFrameRequest {
  id: number;
  kind: 'frame';
  /** The whole camera frame: a VideoFrame (no copy on the page) or an ImageBitmap; the worker closes it. */
  frame: VideoFrame | ImageBitmap;
  /** The card the detector found, in the frame's pixels: sent flattened instead of `crop`. */
  card?: Quad;
  /** The guide's part of the frame: sent when there is no card, or its corners make none. */
  crop: FrameCrop;
  quality: number;
  maxBytes: number;
}

export interface CompressFileRequest {
  id: number;
  kind: 'file';
  file: File;
  /**
   * The card the detector found, in the pixels of the decoded picture (EXIF orientation
   * applied): sent flattened instead of the whole picture compressed.
   */
  card?: Quad;
  maxBytes: number;
}

export type WorkerRequest = EncodeFrameRequest | CompressFileRequest;

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

/** The worker's answer to one request. Once its modules have loaded, it also posts `{ ready: true }` (src/workers/worker-client.ts). */
export type WorkerResponse =
  | ({ id: number; ok: true; crop: EncodedCrop } & EncodedImage)
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
