/// <reference lib="webworker" />
/**
 * The quality worker: finds the card and measures camera frames and picked images off the
 * page's thread (detect.ts, metrics.ts), and remembers the last frame (its thumbnail and the
 * card's corners) to tell motion and smooth the corners.
 *
 * The same script, started a second time when the camera is ready, is the capture's thread: it
 * encodes the frame taken (`kind: 'encode'`, src/image/capture.ts). One file on the camera path,
 * not two (less to load before the first capture), and two threads, so that the capture never
 * waits behind a live frame's analysis.
 */
import { encodeCapture } from '../image/capture.js';
import { encodeCard } from '../image/flatten.js';
import type { EncodeFrameRequest } from '../image/protocol.js';
import { answer } from '../image/serve.js';
import { downscale, expandStudioRange, luma, measureFrame, measureImage, type FrameMemory } from './metrics.js';
import type { ReadyMessage } from '../workers/worker-client.js';
import { ANALYSIS_WIDTH, type MeasureFrameRequest, type QualityRequest, type QualityResponse } from './protocol.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let canvas: OffscreenCanvas | null = null;
let previous: FrameMemory | null = null;

/** The RGBA pixels of a bitmap (closed afterwards), through one reused canvas. */
function pixelsOf(bitmap: ImageBitmap): ImageData {
  const { width, height } = bitmap;
  if (canvas?.width !== width || canvas.height !== height) canvas = new OffscreenCanvas(width, height);
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
    // The Y plane is read in the frame's coded pixels: the crop (in displayed pixels) moves by
    // the visible rectangle's offset (a camera may crop its sensor's frame), and only where the
    // visible part is shown at its own size (no scaling to the display size) does it map 1:1;
    // odd offsets would split the 2 × 2 chroma blocks copyTo keeps whole.
    const visible = source instanceof VideoFrame ? source.visibleRect : null;
    if (
      crop &&
      source instanceof VideoFrame &&
      visible?.width === source.displayWidth &&
      visible.height === source.displayHeight &&
      visible.x % 2 === 0 &&
      visible.y % 2 === 0 &&
      source.format &&
      LUMA_FIRST.has(source.format)
    ) {
      const rect = { x: visible.x + crop.x, y: visible.y + crop.y, width: crop.width, height: crop.height };
      const bytes = source.allocationSize({ rect });
      if (planes.length < bytes) planes = new Uint8Array(bytes);
      const [y] = await source.copyTo(planes, { rect });
      const grey = downscale(planes, y.offset, y.stride, crop.width, crop.height, size.width, size.height);
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

/**
 * A picked image decoded (its EXIF orientation applied, as the file worker does) and scaled so
 * that its long side is the analysis size (never enlarged), with the factor back to its pixels.
 */
async function decodeScaled(file: Blob): Promise<{ bitmap: ImageBitmap; toImage: number }> {
  const full = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const long = Math.max(full.width, full.height);
  if (long <= ANALYSIS_WIDTH) return { bitmap: full, toImage: 1 };
  const factor = ANALYSIS_WIDTH / long;
  const bitmap = await createImageBitmap(full, {
    resizeWidth: Math.max(1, Math.round(full.width * factor)),
    resizeHeight: Math.max(1, Math.round(full.height * factor)),
    resizeQuality: 'medium',
  });
  const toImage = full.width / bitmap.width;
  full.close();
  return { bitmap, toImage };
}

scope.onmessage = async (event: MessageEvent<QualityRequest | EncodeFrameRequest>) => {
  const request = event.data;
  if (request.kind === 'encode') {
    scope.postMessage(await answer(request, (frame) => encodeCapture(frame, encodeCard)));
    return;
  }
  const started = performance.now();
  let response: QualityResponse;
  try {
    if (request.kind === 'frame') {
      if (request.reset) previous = null;
      const grey = await frameLuma(request);
      const { metrics, memory } = measureFrame(
        grey,
        request.size.width,
        request.size.height,
        request.guide,
        request.toFrame,
        previous,
      );
      previous = memory;
      response = { id: request.id, ok: true, metrics, ms: performance.now() - started };
    } else if (request.kind === 'warm-up') {
      // A 1080p frame's luma averaged down and measured, as a camera frame will be.
      const grey = downscale(new Uint8Array(1920 * 1080), 0, 1920, 1920, 1080, 640, 360);
      response = {
        id: request.id,
        ok: true,
        metrics: measureFrame(grey, 640, 360, { x: 91, y: 36, width: 457, height: 288 }, 3, null).metrics,
        ms: performance.now() - started,
      };
    } else {
      const { bitmap, toImage } = await decodeScaled(request.file);
      const { data, width, height } = pixelsOf(bitmap);
      const metrics = measureImage(luma(data, width, height), width, height, toImage);
      const size = { width: Math.round(width * toImage), height: Math.round(height * toImage) };
      response = { id: request.id, ok: true, metrics, ms: performance.now() - started, size };
    }
  } catch (error) {
    response = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(response);
};

// Every module of the worker has loaded (the page may post before: its requests wait in the queue).
scope.postMessage({ ready: true } satisfies ReadyMessage);
