/// <reference lib="webworker" />
/**
 * The quality worker: measures camera frames and picked images off the page's thread
 * (metrics.ts), and remembers the last frame's thumbnail to tell motion.
 */
import { measureFrame, measureImage } from './metrics.js';
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

/** The area of the frame to analyse, at the analysis size (the source is closed). */
async function cropAndScale({ source, crop, size }: MeasureFrameRequest): Promise<ImageBitmap> {
  if (!crop) return source as ImageBitmap;
  try {
    return await createImageBitmap(source, crop.x, crop.y, crop.width, crop.height, {
      resizeWidth: size.width,
      resizeHeight: size.height,
      resizeQuality: 'medium',
    });
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
      const pixels = pixelsOf(await cropAndScale(request));
      const { metrics, thumb } = measureFrame(pixels.data, pixels.width, pixels.height, request.guide, previous);
      previous = thumb;
      response = { id: request.id, ok: true, metrics, ms: performance.now() - started };
    } else {
      const pixels = pixelsOf(await decodeScaled(request.file));
      response = { id: request.id, ok: true, metrics: measureImage(pixels.data, pixels.width, pixels.height), ms: performance.now() - started };
    }
  } catch (error) {
    response = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(response);
};
