/** Messages between the page and the quality worker. */
import type { Rect, Size } from '../geometry.js';
import type { QualityMetrics } from './metrics.js';

export interface MeasureFrameRequest {
  id: number;
  kind: 'frame';
  /** A camera frame: whole (a VideoFrame, to crop), or already cropped and scaled (`crop` null). */
  source: VideoFrame | ImageBitmap;
  /** The area of `source` to analyse (the whole frame), or null if `source` is that area, already scaled. */
  crop: Rect | null;
  /** The size to analyse it at: 640 px on the long side. */
  size: Size;
  /** Where the guide lies in the analysed image's pixels. */
  guide: Rect;
  /** Camera-frame pixels per analysed pixel: the corners found are reported in the frame's pixels. */
  toFrame: number;
  /** true for the first frame of a camera session: forget the previous frame (no motion yet). */
  reset: boolean;
}

export interface MeasureImageRequest {
  id: number;
  kind: 'image';
  /** A picked JPEG or PNG. */
  file: Blob;
}

/** Runs the analysis once on a blank frame, so that the first camera frame finds it compiled. */
export interface WarmUpRequest {
  id: number;
  kind: 'warm-up';
}

export type QualityRequest = MeasureFrameRequest | MeasureImageRequest | WarmUpRequest;

export type QualityResponse =
  | {
      id: number;
      ok: true;
      metrics: QualityMetrics;
      /** Time spent in the worker. */
      ms: number;
      /** A picked picture's pixel size, as decoded (its EXIF orientation applied). */
      size?: Size;
    }
  | { id: number; ok: false; message: string };

/** Long side the frames and pictures are analysed at. */
export const ANALYSIS_WIDTH = 640;
