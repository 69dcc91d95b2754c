import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cropRect, fitWithinApiLimits, MIN_SIDE } from '../geometry.js';
import { encodeFrame } from './encode-frame.js';
import { CAMERA_JPEG_QUALITY, MAX_UPLOAD_BYTES } from './limits.js';
import { EncodeError, type EncodedImage, type FrameCrop, type WorkerRequest, type WorkerResponse } from './protocol.js';

/** Where an image was encoded: in our worker, or on the page's thread as a fallback. */
export type EncodePath = 'worker' | 'main-thread';

export interface Encoded extends EncodedImage {
  path: EncodePath;
}

type Pending = { resolve: (image: EncodedImage) => void; reject: (error: EncodeError) => void };

/**
 * Owns the image worker, where camera frames are cropped to the guide (plus a margin) and
 * encoded, and picked files compressed. Work goes to the worker only once it has said it loaded; a worker that cannot load
 * (offline before it finished, a CSP without `worker-src blob:` in a bundled build, a browser
 * without module workers) leaves the work to the page's thread, and is tried again next time.
 */
export class ImageEncoder implements ReactiveController {
  private worker: Worker | null = null;
  /** Resolves true when the current worker has loaded, false if it failed to. */
  private ready: Promise<boolean> | null = null;
  private settleReady: ((loaded: boolean) => void) | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.dropWorker(new EncodeError('ENCODE_FAILED', 'the widget was removed'));
  }

  /** Starts loading the worker ahead of the first capture. */
  warmUp(): void {
    this.startWorker();
  }

  /**
   * One JPEG of the guide area of the video's current frame, at the camera's resolution.
   * The page only takes hold of the frame (a VideoFrame: no pixel copy); cropping, scaling and
   * encoding happen in the worker. Without VideoFrame, an ImageBitmap of the frame is taken
   * instead; without a worker, the page encodes it.
   */
  async encodeVideoFrame(video: HTMLVideoElement): Promise<Encoded> {
    const rect = cropRect(video.videoWidth, video.videoHeight);
    const size = fitWithinApiLimits(rect);
    if (Math.min(size.width, size.height) < MIN_SIDE) {
      throw new EncodeError('ENCODE_FAILED', `the camera gives only ${video.videoWidth}×${video.videoHeight}`);
    }
    const crop: FrameCrop = { sx: rect.x, sy: rect.y, sw: rect.width, sh: rect.height, ...size };
    // Hold the frame of this instant, then find where to encode it.
    const frame = typeof VideoFrame === 'function' ? new VideoFrame(video, { timestamp: 0 }) : await createImageBitmap(video);
    const worker = await this.readyWorker();
    if (!worker) {
      try {
        return { ...(await encodeFrame(frame, crop, CAMERA_JPEG_QUALITY, MAX_UPLOAD_BYTES)), path: 'main-thread' };
      } finally {
        frame.close();
      }
    }
    const request: WorkerRequest = { id: 0, kind: 'frame', frame, crop, quality: CAMERA_JPEG_QUALITY, maxBytes: MAX_UPLOAD_BYTES };
    return { ...(await this.post(worker, request, [frame])), path: 'worker' };
  }

  /** A picked JPEG or PNG, compressed within the API's limits. */
  async compressFile(file: File): Promise<Encoded> {
    const worker = await this.readyWorker();
    if (worker) return { ...(await this.post(worker, { id: 0, kind: 'file', file, maxBytes: MAX_UPLOAD_BYTES }, [])), path: 'worker' };
    const { compressFile } = await import('./compress-file.js');
    return { ...(await compressFile(file, MAX_UPLOAD_BYTES)), path: 'main-thread' };
  }

  /** The worker once it has loaded, or null if it cannot (or is still loading after `patienceMs`). */
  private async readyWorker(patienceMs = 3000): Promise<Worker | null> {
    const ready = this.startWorker();
    if (!ready) return null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const impatient = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, patienceMs, false)));
    const loaded = await Promise.race([ready, impatient]);
    clearTimeout(timer);
    return loaded ? this.worker : null;
  }

  private startWorker(): Promise<boolean> | null {
    if (this.ready) return this.ready;
    if (typeof Worker !== 'function' || typeof OffscreenCanvas !== 'function') return null;
    let worker: Worker;
    try {
      worker = new Worker(new URL('./image.worker.ts', import.meta.url), { type: 'module', name: 'dni-capture-image' });
    } catch {
      return null;
    }
    this.worker = worker;
    this.ready = new Promise<boolean>((resolve) => {
      this.settleReady = resolve;
      worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
        const data = event.data;
        if ('ready' in data) {
          resolve(true);
          return;
        }
        const pending = this.pending.get(data.id);
        if (!pending) return;
        this.pending.delete(data.id);
        if (data.ok) pending.resolve({ blob: data.blob, width: data.width, height: data.height });
        else pending.reject(new EncodeError(data.error, data.message));
      };
      worker.onerror = (event) => {
        // The worker failed to load, or crashed: drop it; the next job starts a new one.
        event.preventDefault();
        this.dropWorker(new EncodeError('ENCODE_FAILED', 'the image worker failed'));
      };
    });
    return this.ready;
  }

  private dropWorker(reason: EncodeError): void {
    this.settleReady?.(false);
    this.settleReady = null;
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    for (const p of this.pending.values()) p.reject(reason);
    this.pending.clear();
  }

  private post(worker: Worker, request: WorkerRequest, transfer: Transferable[]): Promise<EncodedImage> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id }, transfer);
    });
  }
}
