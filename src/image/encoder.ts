import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cropRect, fitWithinApiLimits, MIN_SIDE } from '../geometry.js';
import { CAMERA_JPEG_QUALITY, MAX_UPLOAD_BYTES } from './limits.js';
import { EncodeError, type EncodedImage, type WorkerRequest, type WorkerResponse } from './protocol.js';

/** Where the last image was encoded: in our worker, or on the page's thread as a fallback. */
export type EncodePath = 'worker' | 'main-thread';

export interface Encoded extends EncodedImage {
  path: EncodePath;
}

type Pending = { resolve: (image: EncodedImage) => void; reject: (error: EncodeError) => void };

/**
 * Owns the image worker. Crops the camera frame to the guide (plus a margin) on the page's
 * thread, which is a cheap copy, and leaves the JPEG encoding and the file compression to the
 * worker. Where no module worker can run (an old browser, a CSP without `worker-src blob:` in
 * a bundled build), the same code runs on the page's thread.
 */
export class ImageEncoder implements ReactiveController {
  private worker: Worker | null = null;
  private workerBroken = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const p of this.pending.values()) p.reject(new EncodeError('ENCODE_FAILED', 'the widget was removed'));
    this.pending.clear();
  }

  /**
   * Starts the worker ahead of the first capture, so that a worker the page cannot load (a CSP
   * without `worker-src blob:`, say) is known before a frame is handed to it.
   */
  warmUp(): void {
    this.ensureWorker();
  }

  /** One JPEG of the guide area of the video's current frame, at the camera's resolution. */
  async encodeVideoFrame(video: HTMLVideoElement): Promise<Encoded> {
    const crop = cropRect(video.videoWidth, video.videoHeight);
    if (Math.min(crop.width, crop.height) < MIN_SIDE) {
      throw new EncodeError('ENCODE_FAILED', `the camera gives only ${video.videoWidth}×${video.videoHeight}`);
    }
    const size = fitWithinApiLimits(crop);
    const bitmap = await createImageBitmap(video, crop.x, crop.y, crop.width, crop.height, {
      resizeWidth: size.width,
      resizeHeight: size.height,
      resizeQuality: 'high',
    });
    return this.run(
      { id: 0, kind: 'frame', bitmap, quality: CAMERA_JPEG_QUALITY, maxBytes: MAX_UPLOAD_BYTES },
      [bitmap],
      async () => (await import('./encode-core.js')).encodeFrame(bitmap, CAMERA_JPEG_QUALITY, MAX_UPLOAD_BYTES),
    );
  }

  /** A picked JPEG or PNG, compressed within the API's limits. */
  compressFile(file: File): Promise<Encoded> {
    return this.run({ id: 0, kind: 'file', file, maxBytes: MAX_UPLOAD_BYTES }, [], async () =>
      (await import('./encode-core.js')).compressFile(file, MAX_UPLOAD_BYTES),
    );
  }

  private async run(
    request: WorkerRequest,
    transfer: Transferable[],
    onMainThread: () => Promise<EncodedImage>,
  ): Promise<Encoded> {
    const worker = this.ensureWorker();
    if (worker) {
      try {
        return { ...(await this.post(worker, request, transfer)), path: 'worker' };
      } catch (error) {
        if (!(error instanceof WorkerUnavailable)) throw error;
        if (request.kind === 'frame') throw new EncodeError('ENCODE_FAILED', 'the worker failed with the frame');
      }
    }
    return { ...(await onMainThread()), path: 'main-thread' };
  }

  private ensureWorker(): Worker | null {
    if (this.worker || this.workerBroken) return this.worker;
    if (typeof Worker !== 'function' || typeof OffscreenCanvas !== 'function') {
      this.workerBroken = true;
      return null;
    }
    try {
      this.worker = new Worker(new URL('./image.worker.ts', import.meta.url), { type: 'module', name: 'dni-capture-image' });
    } catch {
      this.workerBroken = true;
      return null;
    }
    this.worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const data = event.data;
      const pending = this.pending.get(data.id);
      if (!pending) return;
      this.pending.delete(data.id);
      if (data.ok) pending.resolve({ blob: data.blob, width: data.width, height: data.height });
      else pending.reject(new EncodeError(data.error, data.message));
    };
    this.worker.onerror = (event) => {
      // The worker could not load (blocked by a CSP, or a browser without module workers).
      event.preventDefault();
      this.workerBroken = true;
      this.worker?.terminate();
      this.worker = null;
      for (const p of this.pending.values()) p.reject(new WorkerUnavailable());
      this.pending.clear();
    };
    return this.worker;
  }

  private post(worker: Worker, request: WorkerRequest, transfer: Transferable[]): Promise<EncodedImage> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id }, transfer);
    });
  }
}

class WorkerUnavailable extends EncodeError {
  constructor() {
    super('ENCODE_FAILED', 'the image worker is unavailable');
  }
}
