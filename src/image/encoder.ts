import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cropRect, fitWithinApiLimits, MIN_SIDE } from '../geometry.js';
import type { Quad } from '../quad.js';
import { WorkerClient, WorkerFailure, type WithoutId } from '../workers/worker-client.js';
// The capture's encoding (with the guide crop's encoder) stays with the page: it is the last
// resort when no worker can run, offline included (a chunk fetched only then could not load), so
// a photo is never lost to it.
import { encodeCapture } from './capture.js';
import { CAMERA_JPEG_QUALITY, MAX_UPLOAD_BYTES } from './limits.js';
import {
  EncodeError,
  type CompressFileRequest,
  type EncodedCrop,
  type EncodedImage,
  type EncodeFrameRequest,
  type EncodeResponse,
  type FrameCrop,
} from './protocol.js';

/**
 * The flattening code, for the page's thread where the worker cannot run (it lives in the
 * workers otherwise, so the page does not carry it); `null` if it cannot load (offline): the
 * guide area is sent instead. Loaded as soon as the capture's thread is known not to run
 * (`warmUp()`), so that a capture taken offline afterwards still sends the card flat.
 */
export function loadFlatten(): Promise<typeof import('./flatten.js') | null> {
  return import('./flatten.js').catch(() => null);
}

/** Where an image was encoded: in our worker, or on the page's thread as a fallback. */
export type EncodePath = 'worker' | 'main-thread';

export type { EncodedCrop } from './protocol.js';

export interface Encoded<C extends EncodedCrop = EncodedCrop> extends EncodedImage {
  path: EncodePath;
  /**
   * What the image is: the card flattened (`'card'`), or, without a card or when its corners
   * make none, what was sent before there was a detector: the guide's part of the camera frame
   * (`'guide'`), the whole picked picture compressed (`'file'`).
   */
  crop: C;
  /**
   * The card's corners in the source's pixels (the camera frame's, or the decoded picture's with
   * its EXIF orientation applied) when `crop` is `'card'`; null otherwise.
   */
  corners: Quad | null;
}

type Result<C extends EncodedCrop> = EncodedImage & { crop: C };

/**
 * One worker, started on demand: `start()` opens it (or returns the one running), `ready()`
 * waits for its handshake. A worker that failed is forgotten, and the next job starts another.
 */
export class LazyWorker<Req extends { id: number }, Res extends { id: number }> {
  #client: WorkerClient<Req, Res> | null = null;

  readonly #create: () => Worker;

  constructor(create: () => Worker) {
    this.#create = create;
  }

  /** The running worker, started if there is none; null where no worker can run. */
  start(): WorkerClient<Req, Res> | null {
    if (this.#client) return this.#client;
    if (typeof OffscreenCanvas !== 'function') return null;
    const client: WorkerClient<Req, Res> | null = WorkerClient.open(this.#create, {
      // The worker failed to load, or crashed: the next job starts a new one.
      onFailure: () => {
        if (this.#client === client) this.#client = null;
      },
    });
    this.#client = client;
    return client;
  }

  /** The worker once it has loaded, or null if it cannot (or is still loading after `patienceMs`). */
  async ready(patienceMs = 3000): Promise<WorkerClient<Req, Res> | null> {
    const client = this.start();
    if (!client) return null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const impatient = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, patienceMs, false)));
    const loaded = await Promise.race([client.ready, impatient]);
    clearTimeout(timer);
    return loaded ? client : null;
  }

  terminate(reason: string): void {
    this.#client?.terminate(reason);
    this.#client = null;
  }
}

/** The encoder's answer, with the corners only when the card itself was sent. */
export function encoded<C extends EncodedCrop>(
  image: EncodedImage,
  path: EncodePath,
  crop: C,
  card: Quad | null,
): Encoded<C> {
  const { blob, width, height } = image;
  return { blob, width, height, path, crop, corners: crop === 'card' ? card : null };
}

/**
 * Owns the threads that encode images. The capture's (the quality worker's script run a second
 * time, src/image/capture.ts), started when the camera is ready (`warmUp()`), flattens the card
 * the detector found out of a camera frame (or, without one, crops the frame to the guide plus a
 * margin) and encodes it. The file worker, made by the first picked file's code
 * (`fileWorker`, src/image/compress-picked.ts) and never before, flattens the card out of a
 * picked picture or compresses the whole picture with browser-image-compression, which a
 * capture thus never loads. Work goes
 * to a worker only once it has said it loaded; a worker that cannot load (offline before it
 * finished, a CSP without `worker-src blob:` in a bundled build, a browser without module
 * workers) leaves the work to the page's thread, and is tried again next time.
 */
export class ImageEncoder implements ReactiveController {
  readonly #capture = new LazyWorker<EncodeFrameRequest, EncodeResponse<'card' | 'guide'>>(
    // The quality worker's script, started again: a thread of its own for the capture (capture.ts).
    () =>
      new Worker(new URL('../quality/quality.worker.ts', import.meta.url), {
        type: 'module',
        name: 'dni-capture-frames',
      }),
  );
  /** The file worker: made by the first picked file's code (`fileWorker`), ended with the widget. */
  #file: LazyWorker<CompressFileRequest, EncodeResponse<'card' | 'file'>> | null = null;

  /** Whether the host is connected: a worker terminated on removal does not load the flattening. */
  #connected = false;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#capture.terminate('the widget was removed');
    this.#file?.terminate('the widget was removed');
  }

  /**
   * Starts loading the capture's thread ahead of the first capture (the file worker waits for a
   * file). Where it cannot run or fails to load, the page's flattening loads now rather than at
   * the capture.
   */
  warmUp(): void {
    const client = this.#capture.start();
    const loaded = client ? client.ready : Promise.resolve(false);
    void loaded.then((ok) => {
      if (!ok && this.#connected) void loadFlatten();
    });
  }

  /**
   * One JPEG of the video's current frame: the card itself if `card` (its corners in the
   * frame's pixels, `videoWidth` × `videoHeight`) makes one, flattened with a margin at the
   * resolution the camera gave it; otherwise the guide area, at the camera's resolution.
   * The page only takes hold of the frame (a VideoFrame: no pixel copy); flattening or cropping,
   * scaling and encoding happen in the capture's thread. Without VideoFrame, an ImageBitmap of the
   * frame is taken instead; without a worker, the page does the same work. `card` may be a
   * promise: the frame is held now, and sent once the corners found in it arrive.
   */
  async encodeVideoFrame(
    video: HTMLVideoElement,
    card: Quad | null | PromiseLike<Quad | null> = null,
  ): Promise<Encoded<'card' | 'guide'>> {
    // First, before touching the frame: a video with no frame yet (0 × 0) cannot give a
    // VideoFrame (it throws InvalidStateError), and its guide has no size (NaN, not < MIN_SIDE).
    const rect = cropRect(video.videoWidth, video.videoHeight);
    const size = fitWithinApiLimits(rect);
    if (!(video.videoWidth > 0 && video.videoHeight > 0 && Math.min(size.width, size.height) >= MIN_SIDE)) {
      throw new EncodeError('ENCODE_FAILED', `the camera gives only ${video.videoWidth}×${video.videoHeight}`);
    }
    const crop: FrameCrop = { sx: rect.x, sy: rect.y, sw: rect.width, sh: rect.height, ...size };
    // Hold the frame of this instant, then find where to encode it.
    const frame =
      typeof VideoFrame === 'function' ? new VideoFrame(video, { timestamp: 0 }) : await createImageBitmap(video);
    // The card's corners may still be being found in this very frame (by the quality worker).
    const [worker, corners] = await Promise.all([this.#capture.ready(), Promise.resolve(card).catch(() => null)]);
    const request = {
      kind: 'encode' as const,
      frame,
      crop,
      quality: CAMERA_JPEG_QUALITY,
      maxBytes: MAX_UPLOAD_BYTES,
      ...(corners ? { card: corners } : {}),
    };
    if (!worker) {
      // As the capture's thread does, with the flattening loaded now (none offline: the guide).
      const flatten = corners ? await loadFlatten() : null;
      const result = await encodeCapture(request, flatten?.encodeCard ?? null);
      return encoded(result, 'main-thread', result.crop, corners);
    }
    // A frame that could not be sent is still the page's to close.
    const result = await post(worker, request, [frame]).catch((error: unknown) => {
      frame.close();
      throw error;
    });
    return encoded(result, 'worker', result.crop, corners);
  }

  /**
   * The file worker, made with `create` on the first call and the same one after: the code that
   * sends a picked picture (src/image/compress-picked.ts) comes with the file intake's chunk, so
   * the camera path does not carry it.
   */
  fileWorker(create: () => Worker): LazyWorker<CompressFileRequest, EncodeResponse<'card' | 'file'>> {
    return (this.#file ??= new LazyWorker(create));
  }
}

/** A worker's image, or an `EncodeError`: its own, or `ENCODE_FAILED` when the worker failed. */
export async function post<Req extends { id: number }, C extends EncodedCrop>(
  worker: WorkerClient<Req, EncodeResponse<C>>,
  request: WithoutId<Req>,
  transfer: Transferable[],
): Promise<Result<C>> {
  let response: EncodeResponse<C>;
  try {
    response = await worker.request(request, transfer);
  } catch (error) {
    const reason = error instanceof WorkerFailure ? error.message : String(error);
    throw new EncodeError('ENCODE_FAILED', `the image worker failed: ${reason}`);
  }
  if (!response.ok) throw new EncodeError(response.error, response.message);
  return { blob: response.blob, width: response.width, height: response.height, crop: response.crop };
}
