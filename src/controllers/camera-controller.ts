import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CameraErrorName } from '../events.js';

/** What the camera ended up delivering. */
export interface CameraInfo {
  width: number;
  height: number;
  label: string;
}

/** Why the camera could not be used. */
export class CameraError extends Error {
  /**
   * @param closedOnPurpose the camera was closed by `stop()` (page hidden, reset) while it was
   *   opening: not a fault to report, whoever closed it opens it again.
   */
  constructor(
    readonly cameraName: CameraErrorName,
    message: string,
    readonly closedOnPurpose = false,
  ) {
    super(message);
    this.name = cameraName;
  }
}

const KNOWN_ERRORS: readonly CameraErrorName[] = [
  'NotAllowedError',
  'NotFoundError',
  'NotReadableError',
  'OverconstrainedError',
  'SecurityError',
  'AbortError',
  'NotSupportedError',
];

/**
 * The camera constraints we ask for first: the rear camera, about 2560×1440.
 *
 * Why 1440p: the API reads a card best at about 1000 px across. The guide takes 80% of the
 * frame's short side, and a phone held upright gets a portrait stream (the browser turns the
 * sensor's landscape frames), so the card spans about 80% of the *width*: 864 px of a
 * 1080-wide frame, about 1150 px of a 1440-wide one. In landscape (desktop webcams) 1080p
 * already gives the card about 1370 px.
 * What it costs: the quality gate scales each sample to a fixed width before measuring, so its
 * cost hardly grows; the capture encodes the crop around the card, about 1.8× the pixels of a
 * 1080p crop, and sends more bytes (still far under the 5,000,000-byte limit).
 * Every value is `ideal`, never `min`/`exact`, and there is no `aspectRatio`: the camera
 * delivers its nearest mode in either orientation (a 1080p-only camera gives 1080p, an upright
 * phone stays portrait) and nothing is refused; should a browser still answer
 * OverconstrainedError, `open()` falls back to any camera.
 */
export const PREFERRED_CONSTRAINTS: MediaStreamConstraints = {
  audio: false,
  video: { facingMode: { ideal: 'environment' }, width: { ideal: 2560 }, height: { ideal: 1440 } },
};

/**
 * Owns the camera stream: opens it, attaches it to a `<video>`, and stops every track when the
 * host is disconnected, when `stop()` is called, and while the page is hidden (reopening it
 * when the page is shown again, if it was running).
 */
export class CameraController implements ReactiveController {
  #stream: MediaStream | null = null;
  #video: HTMLVideoElement | null = null;
  #starting: Promise<CameraInfo> | null = null;
  #generation = 0;
  readonly #onEnded: () => void;
  readonly #onCameraMayBeBack: () => void;

  /**
   * @param onEnded called when the camera stops by itself (unplugged, taken by another app).
   * @param onCameraMayBeBack called when the camera may be usable again: the page is shown
   *   again after being hidden, or a camera was plugged in or released (`devicechange`).
   */
  constructor(host: ReactiveControllerHost, onEnded: () => void, onCameraMayBeBack: () => void) {
    this.#onEnded = onEnded;
    this.#onCameraMayBeBack = onCameraMayBeBack;
    host.addController(this);
  }

  get active(): boolean {
    return this.#stream !== null;
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#handleVisibility);
    navigator.mediaDevices?.addEventListener('devicechange', this.#onCameraMayBeBack);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#handleVisibility);
    navigator.mediaDevices?.removeEventListener('devicechange', this.#onCameraMayBeBack);
    this.stop();
  }

  /** Opens the camera (once, however often it is called while opening) and plays it in `video`. */
  start(video: HTMLVideoElement): Promise<CameraInfo> {
    this.#video = video;
    if (this.#stream) return Promise.resolve(this.#describe(this.#stream));
    this.#starting ??= this.#open().finally(() => {
      this.#starting = null;
    });
    return this.#starting;
  }

  /** Stops every track and detaches the stream from the video. */
  stop(): void {
    this.#generation++;
    const stream = this.#stream;
    this.#stream = null;
    stream?.getTracks().forEach((track) => {
      track.onended = null;
      track.stop();
    });
    if (this.#video) this.#video.srcObject = null;
  }

  async #open(): Promise<CameraInfo> {
    const generation = ++this.#generation;
    const media = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
    if (!media?.getUserMedia) {
      throw new CameraError('NotSupportedError', 'navigator.mediaDevices is unavailable (an insecure context?)');
    }
    let stream: MediaStream;
    try {
      stream = await media.getUserMedia(PREFERRED_CONSTRAINTS);
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'OverconstrainedError') throw toCameraError(error);
      // The device cannot meet even the ideal values: take whatever camera it has.
      stream = await media.getUserMedia({ audio: false, video: true }).catch((e: unknown) => {
        throw toCameraError(e);
      });
    }
    if (generation !== this.#generation) {
      // stop() was called while the permission prompt was open: release at once.
      stream.getTracks().forEach((track) => track.stop());
      throw new CameraError('AbortError', 'The camera was closed while it was opening', true);
    }
    this.#stream = stream;
    const [track] = stream.getVideoTracks();
    if (track) {
      track.onended = () => {
        if (this.#stream !== stream) return;
        this.stop();
        this.#onEnded();
      };
    }
    const video = this.#video!;
    video.srcObject = stream;
    video.muted = true;
    video.playsInline = true;
    await whenPlaying(video);
    return this.#describe(stream);
  }

  #describe(stream: MediaStream): CameraInfo {
    const track = stream.getVideoTracks()[0];
    const settings = track?.getSettings() ?? {};
    return {
      // The video's own size once it has one (0 before its first frame), else the track's settings.
      width: positiveOr(this.#video?.videoWidth, settings.width ?? 0),
      height: positiveOr(this.#video?.videoHeight, settings.height ?? 0),
      label: track?.label ?? '',
    };
  }

  readonly #handleVisibility = (): void => {
    if (document.visibilityState === 'hidden') {
      this.stop();
    } else {
      this.#onCameraMayBeBack();
    }
  };
}

function toCameraError(error: unknown): CameraError {
  const name = error instanceof Error ? error.name : '';
  const known = KNOWN_ERRORS.find((n) => n === name) ?? 'UnknownError';
  // Some browsers report a camera in use by another app as a generic error or AbortError.
  const message = error instanceof Error ? error.message : String(error);
  return new CameraError(known, message);
}

/** Resolves when the video shows frames of a known size. */
async function whenPlaying(video: HTMLVideoElement): Promise<void> {
  if (video.readyState < HTMLMediaElement.HAVE_METADATA) {
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        video.removeEventListener('loadedmetadata', done);
        video.removeEventListener('error', fail);
        resolve();
      };
      const fail = () => {
        video.removeEventListener('loadedmetadata', done);
        video.removeEventListener('error', fail);
        reject(new CameraError('NotReadableError', 'The camera stream could not be played'));
      };
      video.addEventListener('loadedmetadata', done);
      video.addEventListener('error', fail);
    });
  }
  await video.play().catch(() => {
    /* autoplay policies: muted inline video plays; the frames still arrive for capture */
  });
}

/** `value` when it is a positive number, else `fallback`. */
function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && value > 0 ? value : fallback;
}
