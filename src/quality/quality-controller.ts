import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { guideRect, type Rect } from '../geometry.js';
import type { Quad } from '../quad.js';
import { HintThrottle } from './hint-throttle.js';
import {
  judge,
  type CardFound,
  type QualityHint,
  type QualityMetrics,
  type QualityThresholds,
  type QualityVerdict,
} from './verdict.js';
import { WorkerClient, WorkerFailure, type WithoutId } from '../workers/worker-client.js';
import { ANALYSIS_WIDTH, type QualityRequest, type QualityResponse } from './protocol.js';

export type { CardFound, QualityHint, QualityMetrics, QualityThresholds, QualityVerdict } from './verdict.js';
export { DESKTOP_THRESHOLDS, PHONE_THRESHOLDS } from './verdict.js';

/** What the user is told while the camera is live: a hint, or `ready` when the frame is good. */
export type Guidance = QualityHint | 'ready';

/** One analysed frame. */
export interface QualityReport {
  metrics: QualityMetrics;
  verdict: QualityVerdict;
  /** Frames analysed since the camera went live (1 for the first). */
  frame: number;
  /** Milliseconds the worker spent on the frame. */
  analysisMs: number;
  /** A picked picture's pixel size, as decoded. */
  size?: { width: number; height: number };
}

export interface QualityOptions {
  /** Whether the camera is live: frames are sampled only then (checked after each host update). */
  live: () => boolean;
  /** The `<video>` showing the camera. */
  video: () => HTMLVideoElement | null;
  thresholds: () => QualityThresholds;
  /** The guidance to show changed (throttled: see HintThrottle). */
  onGuidance: (guidance: Guidance) => void;
  /** Every analysed frame: the card found in it (its smoothed corners), and whether the frame is good. */
  onCard: (card: CardFound | null, ok: boolean) => void;
  /** A frame was analysed; called at most every `REPORT_INTERVAL_MS`. */
  onReport: (report: QualityReport) => void;
  /** `stableFrames` good, steady frames in a row: a photo taken now should be good. */
  onSteady: () => void;
}

/** Time between two sampled frames: 5 frames a second. */
export const SAMPLE_INTERVAL_MS = 200;
/** Least pause between the end of one frame's analysis and the next frame. */
const MIN_PAUSE_MS = 50;
/** How long the last frame's still card stands for the card in the frame captured now. */
export const STILL_FOR_MS = 400;
/** Least time between two `onReport` calls (the `dni-quality` event): 2 a second. */
export const REPORT_INTERVAL_MS = 500;
/** Least time between two changes of the guidance (a screen reader reads each one). */
export const GUIDANCE_INTERVAL_MS = 2000;

type QualityWorker = WorkerClient<QualityRequest, QualityResponse>;
export interface Measured {
  metrics: QualityMetrics;
  ms: number;
  size?: { width: number; height: number };
}

/** `rect` shrunk to even coordinates and sizes. */
function evenRect({ x, y, width, height }: Rect): Rect {
  const x0 = Math.ceil(x / 2) * 2;
  const y0 = Math.ceil(y / 2) * 2;
  return { x: x0, y: y0, width: Math.floor((x + width - x0) / 2) * 2, height: Math.floor((y + height - y0) / 2) * 2 };
}

/** The video's current frame as a VideoFrame (no copy), or null where VideoFrame is missing. */
function grabVideoFrame(video: HTMLVideoElement): VideoFrame | null {
  if (typeof VideoFrame !== 'function') return null;
  try {
    return new VideoFrame(video, { timestamp: Math.round(video.currentTime * 1e6) });
  } catch {
    return null;
  }
}

/**
 * Owns the quality worker and the sampling loop: while the camera is live, a few times a second
 * it transfers the current frame to the worker (which scales it to 640 px on the long side and
 * finds the card in it), one frame in flight at most; then judges the metrics, throttles the guidance and
 * the reports, and counts good frames in a row. Stops when the camera is not live and when the
 * host is disconnected. Where no module worker with OffscreenCanvas can run, it does nothing:
 * no guidance, no auto-capture, the capture button as before.
 */
export class QualityController implements ReactiveController {
  #worker: QualityWorker | null = null;
  /** The worker cannot run here, or failed: no quality gate for the rest of the page's life. */
  #workerBroken = false;
  readonly #guidance = new HintThrottle<Guidance>(GUIDANCE_INTERVAL_MS);
  /** Bumped on every start and stop: a loop of an older session stops by itself. */
  #session = 0;
  #running = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #frames = 0;
  #streak = 0;
  /** The last analysed frame's card, when it held still (see `stillCard`). */
  #still: { corners: Quad; at: number } | null = null;
  #lastReport = Number.NEGATIVE_INFINITY;
  readonly #options: QualityOptions;

  constructor(host: ReactiveControllerHost, options: QualityOptions) {
    this.#options = options;
    host.addController(this);
  }

  /** Whether frames can be analysed here (a worker with OffscreenCanvas). */
  get available(): boolean {
    return this.#ensureWorker() !== null;
  }

  hostUpdated(): void {
    const live = this.#options.live();
    if (live && !this.#running) this.#start();
    else if (!live && this.#running) this.#stop();
  }

  hostDisconnected(): void {
    this.#stop();
    this.#worker?.terminate('the widget was removed');
    this.#worker = null;
  }

  /**
   * Loads the worker ahead of the first frame (it takes a moment, more so in development) and
   * has it run the analysis once on a blank frame: compiled code makes the first real frames,
   * and so auto-capture, come sooner.
   */
  warmUp(): void {
    if (this.#worker || this.#workerBroken || !this.#ensureWorker()) return;
    void this.#ask({ kind: 'warm-up' }, []);
  }

  /**
   * The metrics of the video's current frame (with the card found in it), or `null` if it cannot
   * be measured. The frame is taken synchronously, so a caller that takes it for encoding right
   * after gets the same one.
   */
  async measureVideo(video: HTMLVideoElement): Promise<QualityMetrics | null> {
    return (await this.#measure(video, false))?.metrics ?? null;
  }

  /**
   * The corners of the card in the latest analysed frame if it was whole and holding still (its
   * corners within `maxCardMotion` of the frame before) at most `STILL_FOR_MS` ago: a photo taken
   * now finds it there, to a fraction of the margin kept around it, without waiting for the
   * frame to be searched again. `null` otherwise.
   */
  stillCard(): Quad | null {
    const still = this.#still;
    return this.#running && still && performance.now() - still.at <= STILL_FOR_MS ? still.corners : null;
  }

  /**
   * The metrics of a picked JPEG or PNG (and its pixel size, as decoded), or `null` if it cannot
   * be measured here. Judged by src/quality/picture.ts, which loads with the file intake.
   */
  measureImage(file: Blob): Promise<Measured | null> {
    return this.#ask({ kind: 'image', file }, []);
  }

  /** The limits the verdicts use now (the element's, merged over the defaults for this device). */
  thresholds(): QualityThresholds {
    return this.#options.thresholds();
  }

  #start(): void {
    this.#stop();
    if (!this.available) return;
    this.#running = true;
    this.#frames = 0;
    this.#streak = 0;
    this.#lastReport = Number.NEGATIVE_INFINITY;
    this.#guidance.reset(performance.now());
    this.#schedule(this.#session, 0);
  }

  #stop(): void {
    this.#session++;
    this.#running = false;
    this.#still = null;
    clearTimeout(this.#timer);
  }

  #schedule(session: number, delay: number): void {
    this.#timer = setTimeout(() => void this.#sample(session), delay);
  }

  async #sample(session: number): Promise<void> {
    const video = this.#options.video();
    if (!video || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) {
      this.#schedule(session, SAMPLE_INTERVAL_MS);
      return;
    }
    const started = performance.now();
    const measured = await this.#measure(video, this.#frames === 0);
    if (session !== this.#session) return;
    if (measured) this.#take(measured.metrics, measured.ms);
    // Every SAMPLE_INTERVAL_MS; when a frame took longer (a slow device), still leave the page a pause.
    this.#schedule(session, Math.max(MIN_PAUSE_MS, SAMPLE_INTERVAL_MS - (performance.now() - started)));
  }

  #take(metrics: QualityMetrics, analysisMs: number): void {
    const thresholds = this.#options.thresholds();
    const verdict = judge(metrics, thresholds);
    const now = performance.now();
    this.#frames++;
    this.#streak = verdict.ok ? this.#streak + 1 : 0;
    const card = metrics.card;
    // A whole card that held still since the frame before: where a photo taken soon will find it.
    this.#still =
      card && !card.cutOff && metrics.cardMotion !== null && metrics.cardMotion <= thresholds.maxCardMotion
        ? { corners: card.corners, at: now }
        : null;
    this.#options.onCard(card, verdict.ok);
    const hint = verdict.ok ? 'ready' : verdict.hint;
    const shown = hint && this.#guidance.offer(hint, now);
    if (shown) this.#options.onGuidance(shown);
    if (now - this.#lastReport >= REPORT_INTERVAL_MS) {
      this.#lastReport = now;
      this.#options.onReport({ metrics, verdict, frame: this.#frames, analysisMs });
    }
    if (this.#streak === Math.max(1, thresholds.stableFrames)) this.#options.onSteady();
  }

  /** Measures the current frame; `reset` for the first of a session (no previous frame to compare). */
  #measure(video: HTMLVideoElement, reset: boolean): Promise<Measured | null> {
    const { videoWidth: width, videoHeight: height } = video;
    if (!width || !height || !this.#ensureWorker()) return Promise.resolve(null);
    // The whole frame (the card may be anywhere), in even coordinates: a YUV frame's chroma
    // planes are sampled in 2 × 2 blocks.
    const crop = evenRect({ x: 0, y: 0, width, height });
    const guide = guideRect(width, height);
    const scale = Math.min(1, ANALYSIS_WIDTH / Math.max(crop.width, crop.height));
    const size = {
      width: Math.max(1, Math.round(crop.width * scale)),
      height: Math.max(1, Math.round(crop.height * scale)),
    };
    const toFrame = crop.width / size.width;
    const guideInFrame = {
      x: guide.x / toFrame,
      y: guide.y / toFrame,
      width: guide.width / toFrame,
      height: guide.height / toFrame,
    };
    const request = { kind: 'frame' as const, crop, size, guide: guideInFrame, toFrame, reset };
    // Where the browser has VideoFrame, the frame goes to the worker as it is and the worker
    // crops and scales it; elsewhere the page does it (a copy and a resize on its thread).
    const frame = grabVideoFrame(video);
    if (frame) return this.#ask({ ...request, source: frame }, [frame]);
    return createImageBitmap(video, crop.x, crop.y, crop.width, crop.height, {
      resizeWidth: size.width,
      resizeHeight: size.height,
      resizeQuality: 'medium',
    }).then(
      (bitmap) => this.#ask({ ...request, source: bitmap, crop: null }, [bitmap]),
      () => null,
    );
  }

  /** Posts a request to the worker; resolves with the metrics, or `null` on any failure. */
  async #ask(request: WithoutId<QualityRequest>, transfer: Transferable[]): Promise<Measured | null> {
    const worker = this.#ensureWorker();
    if (!worker) {
      if (request.kind === 'frame') request.source.close();
      return null;
    }
    let response: QualityResponse;
    try {
      response = await worker.request(request, transfer);
    } catch (error) {
      // Not sent: the frame is still the page's to close. (Sent, then the worker failed: it went with it.)
      if (request.kind === 'frame' && error instanceof WorkerFailure && error.kind === 'not-sent') {
        request.source.close();
      }
      return null;
    }
    return response.ok
      ? { metrics: response.metrics, ms: response.ms, ...(response.size && { size: response.size }) }
      : null;
  }

  #ensureWorker(): QualityWorker | null {
    if (this.#worker || this.#workerBroken) return this.#worker;
    if (typeof OffscreenCanvas !== 'function' || typeof createImageBitmap !== 'function') {
      this.#workerBroken = true;
      return null;
    }
    this.#worker = WorkerClient.open(
      () =>
        new Worker(new URL('./quality.worker.ts', import.meta.url), {
          type: 'module',
          name: 'dni-capture-quality',
        }),
      {
        // The worker could not load (a CSP without worker-src, say): no quality gate, nothing else lost.
        onFailure: () => {
          this.#workerBroken = true;
          this.#worker = null;
          this.#stop();
        },
      },
    );
    if (!this.#worker) this.#workerBroken = true;
    return this.#worker;
  }
}
