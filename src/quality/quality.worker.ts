/// <reference lib="webworker" />
/**
 * The quality worker: measures camera frames and picked images off the page's thread
 * (metrics.ts), and remembers the last frame's thumbnail to tell motion.
 */
import { downscale, expandStudioRange, luma, measureFrame, measureImage } from './metrics.js';
import { ANALYSIS_WIDTH, type MeasureFrameRequest, type QualityRequest, type QualityResponse } from './protocol.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let canvas: OffscreenCanvas | null = null;
let previous: Float32Array | null = null;

/** The RGBA pixels of a bitmap (closed afterwards), through one reused canvas. */
function pixelsOf(bitmap: ImageBitmap): ImageData {
  const { width, height } = bitmap;
  if (!canvas || canvas.width !== width || canvas.height !== height) canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2D context');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return context.getImageData(0, 0, width, height);
}

/** Video formats whose first plane is 8-bit luma (Y). */
const LUMA_FIRST = new Set(['I420', 'I420A', 'I422', 'I444', 'NV12']);
let planes = new Uint8Array(0);

/**
 * The luma of the area of the frame to analyse, at the analysis size (the source is closed).
 * From a YUV VideoFrame, the Y plane of the area is copied and averaged down: no colour
 * conversion at all. Otherwise (RGB frames, or a bitmap the page already cropped and scaled)
 * through createImageBitmap and a canvas.
 */
async function frameLuma({ source, crop, size }: MeasureFrameRequest): Promise<Float32Array> {
  try {
    if (crop && source instanceof VideoFrame && source.format && LUMA_FIRST.has(source.format)) {
      const rect = { x: crop.x, y: crop.y, width: crop.width, height: crop.height };
      const bytes = source.allocationSize({ rect });
      if (planes.length < bytes) planes = new Uint8Array(bytes);
      const [y] = await source.copyTo(planes, { rect });
      const grey = downscale(planes, y!.offset, y!.stride, crop.width, crop.height, size.width, size.height);
      return source.colorSpace.fullRange ? grey : expandStudioRange(grey);
    }
    const bitmap = crop
      ? await createImageBitmap(source, crop.x, crop.y, crop.width, crop.height, {
          resizeWidth: size.width,
          resizeHeight: size.height,
          resizeQuality: 'medium',
        })
      : (source as ImageBitmap);
    const pixels = pixelsOf(bitmap);
    return luma(pixels.data, pixels.width, pixels.height);
  } finally {
    source.close();
  }
}

/** A picked image decoded and scaled to the analysis width (never enlarged). */
async function decodeScaled(file: Blob): Promise<ImageBitmap> {
  const full = await createImageBitmap(file);
  if (full.width <= ANALYSIS_WIDTH) return full;
  const scaled = await createImageBitmap(full, {
    resizeWidth: ANALYSIS_WIDTH,
    resizeHeight: Math.max(1, Math.round((full.height * ANALYSIS_WIDTH) / full.width)),
    resizeQuality: 'medium',
  });
  full.close();
  return scaled;
}

scope.onmessage = async (event: MessageEvent<QualityRequest>) => {
  const request = event.data;
  const started = performance.now();
  let response: QualityResponse;
  try {
    if (request.kind === 'frame') {
      if (request.reset) previous = null;
      const grey = await frameLuma(request);
      const { metrics, thumb } = measureFrame(grey, request.size.width, request.size.height, request.guide, previous);
      previous = thumb;
      response = { id: request.id, ok: true, metrics, ms: performance.now() - started };
    } else if (request.kind === 'warm-up') {
      // A 1080p guide crop's luma averaged down and measured, as a camera frame will be.
      const grey = downscale(new Uint8Array(1536 * 1028), 0, 1536, 1536, 1028, 640, 428);
      const guide = { x: 34, y: 34, width: 572, height: 360 };
      response = { id: request.id, ok: true, metrics: measureFrame(grey, 640, 428, guide, null).metrics, ms: performance.now() - started };
    } else {
      const { data, width, height } = pixelsOf(await decodeScaled(request.file));
      response = { id: request.id, ok: true, metrics: measureImage(luma(data, width, height), width, height), ms: performance.now() - started };
    }
  } catch (error) {
    response = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(response);
};
