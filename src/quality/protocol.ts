/** Messages between the page and the quality worker. */
import type { Rect } from '../geometry.js';
import type { QualityMetrics } from './metrics.js';

export interface MeasureFrameRequest {
  id: number;
  kind: 'frame';
  /** The guide area of a camera frame (plus margin), scaled to about 640 px across. */
  bitmap: ImageBitmap;
  /** Where the guide lies in `bitmap`'s pixels. */
  guide: Rect;
  /** true for the first frame of a camera session: forget the previous frame (no motion yet). */
  reset: boolean;
}

export interface MeasureImageRequest {
  id: number;
  kind: 'image';
  /** A picked JPEG or PNG. */
  file: Blob;
}

export type QualityRequest = MeasureFrameRequest | MeasureImageRequest;

export type QualityResponse =
  | { id: number; ok: true; metrics: QualityMetrics; /** Time spent in the worker. */ ms: number }
  | { id: number; ok: false; message: string };

/** Width the frames and pictures are analysed at. */
export const ANALYSIS_WIDTH = 640;
