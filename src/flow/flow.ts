/**
 * The capture flow as data: where the person is (`Step`), what each side has so far
 * (`SideRecord`), and every move between steps as a pure function from one `Flow` to the next.
 * No DOM, no timers, no network: the element (`dni-capture.ts`) performs the work each step
 * asks for (opening the camera, encoding, uploading) and reports the outcome through these
 * functions. The moves once the API has read a side (`received`, `completion`) are in
 * src/flow/reading.ts, which loads with the review. Unit-tested in `test/unit/flow.test.ts`.
 *
 * The flow, once per side: `starting` (the camera opens) → `live` → `busy` (encoding, then
 * uploading) → `review` → confirm → the next side's `starting`, or `complete`. A picked picture
 * that looks bad stops at `check`; a failure stops at `error` (the photo is kept for a retry);
 * a camera that cannot be used stops at `no-camera` (a file can still be picked).
 */
import type { ResultWarning } from '../checks/checks.js';
import type { NextStep } from '../api/errors.js';
import type { CardResult, Side } from '../api/types.js';
import type { DniCameraErrorDetail, DniErrorDetail } from '../events.js';
import type { Quad } from '../quad.js';
import type { QualityMetrics, QualityReport } from '../quality/quality-controller.js';

/** A photo of one side, kept until that side has a confirmed result (so it survives failed uploads). */
export interface Shot {
  blob: Blob;
  /** Pixel size of `blob` (0 × 0 for a PDF). */
  width: number;
  height: number;
  source: 'camera' | 'file';
  encodedIn: 'worker' | 'main-thread' | null;
  fileName: string;
  quality?: QualityMetrics;
  /** What the image is: the card found, flattened (`card`); the guide area (`guide`); the file as picked or compressed (`file`). */
  crop: 'card' | 'guide' | 'file';
  /** Where the card was in the source frame or picture (its pixels), when `crop` is `card`. */
  corners: Quad | null;
  /** Sent with every upload of this photo (retries included): the proxy answers a retry without paying again. */
  idempotencyKey: string;
  /** Failed attempts at sending this photo. */
  failures: number;
}

/** A picked picture the quality check warned about, waiting for the person's decision. */
export interface Suspect {
  file: File;
  report: QualityReport;
}

/** What the review step shows. */
export interface Review {
  /** The side the API read. */
  side: Side;
  /** The side the person was asked for (differs from `side` when the other side was shown). */
  requested: Side;
  result: CardResult;
  warnings: ResultWarning[];
  /** Whether the result is kept as the result of `side` (false: it is only shown, then dropped). */
  kept: boolean;
}

/** Where the person is. Each step carries only its own data. */
export type Step =
  | { name: 'starting' }
  | { name: 'live' }
  | { name: 'busy'; progress: number }
  | { name: 'check'; suspect: Suspect }
  | { name: 'review'; review: Review }
  | { name: 'error'; error: DniErrorDetail }
  | { name: 'no-camera'; cameraError: DniCameraErrorDetail }
  | { name: 'complete' };

export type StepName = Step['name'];

/** What each side has so far. */
export interface SideRecord {
  /** The sides asked for, the front first (see `parseSides`). */
  list: readonly Side[];
  /** The side being captured. */
  current: Side;
  shots: Partial<Record<Side, Shot>>;
  results: Partial<Record<Side, CardResult>>;
  /** The JSON each result came in, as received. */
  responses: Partial<Record<Side, unknown>>;
}

export interface Flow {
  step: Step;
  sides: SideRecord;
}

/** The sides captured when `sides` is empty or not set. */
export const DEFAULT_SIDES: readonly Side[] = ['front', 'back'];

/**
 * What the `sides` attribute accepts: the words `front` and `back`, separated by spaces or
 * commas, the front among them (`"front back"`, `"front"`, `"back, front"`). The front is
 * always taken first, whatever the order. Empty means the default, `front back`. Anything else
 * (`"back"` alone, an unknown word) is a configuration mistake: `null`.
 */
export function parseSides(value: string | null | undefined): readonly Side[] | null {
  const words = (value ?? '').split(/[\s,]+/).filter(Boolean);
  if (!words.length) return DEFAULT_SIDES;
  if (words.some((word) => word !== 'front' && word !== 'back') || !words.includes('front')) return null;
  return words.includes('back') ? DEFAULT_SIDES : ['front'];
}

/** A new flow: nothing taken, the camera about to open for the first side. */
export function initialFlow(list: readonly Side[] = DEFAULT_SIDES): Flow {
  return {
    step: { name: 'starting' },
    sides: { list, current: list[0] ?? 'front', shots: {}, results: {}, responses: {} },
  };
}

// ---- The camera ----------------------------------------------------------------------------

/** The camera opens for the current side (a question or an error that was showing goes). */
export function opening(flow: Flow): Flow {
  return { ...flow, step: { name: 'starting' } };
}

/** The camera shows live frames; only while it was opening (else a later step has taken over). */
export function cameraReady(flow: Flow): Flow {
  return flow.step.name === 'starting' ? { ...flow, step: { name: 'live' } } : flow;
}

/** The camera cannot be used: the file path is offered. */
export function cameraFailed(flow: Flow, cameraError: DniCameraErrorDetail): Flow {
  return { ...flow, step: { name: 'no-camera', cameraError } };
}

/** Camera errors that a page shown again, or a camera plugged in or released, may cure. */
const RECOVERABLE_CAMERA_ERRORS: ReadonlySet<string> = new Set([
  'NotFoundError',
  'NotReadableError',
  'TrackEndedError',
  'AbortError',
]);

/** Whether the camera should be opened again when it may be back (page shown, `devicechange`). */
export function shouldReopenCamera(flow: Flow): boolean {
  const step = flow.step;
  if (step.name === 'starting' || step.name === 'live') return true;
  return step.name === 'no-camera' && RECOVERABLE_CAMERA_ERRORS.has(step.cameraError.name);
}

/** Whether the preview (video, guide, outline) shows in this step. */
export function showsCamera(step: Step): boolean {
  return step.name === 'starting' || step.name === 'live';
}

// ---- Photos and uploads ---------------------------------------------------------------------

/** Work under way: encoding, a file being checked, or an upload (`progress` 0–1 once bytes go). */
export function working(flow: Flow, progress = 0): Flow {
  return { ...flow, step: { name: 'busy', progress } };
}

/** `side` has a new photo: it replaces any photo and result of that side. */
export function shotTaken(flow: Flow, side: Side, shot: Omit<Shot, 'failures'>): Flow {
  const sides = dropSide(flow.sides, side);
  return {
    step: { name: 'busy', progress: 0 },
    sides: { ...sides, shots: { ...sides.shots, [side]: { ...shot, failures: 0 } } },
  };
}

/** A picked picture looks bad: the person decides (send it anyway, or pick another). */
export function questioned(flow: Flow, suspect: Suspect): Flow {
  return { ...flow, step: { name: 'check', suspect } };
}

/** Something failed: the photo, if any, is kept; `error` is what `dni-error` carries. */
export function failed(flow: Flow, error: DniErrorDetail): Flow {
  return { ...flow, step: { name: 'error', error } };
}

/** One more failed attempt at sending the photo of `side`; returns the new flow and the attempt's number (1 for the first). */
export function uploadFailed(flow: Flow, side: Side): { flow: Flow; attempt: number } {
  const shot = flow.sides.shots[side];
  if (!shot) return { flow, attempt: 1 };
  const failures = shot.failures + 1;
  const shots = { ...flow.sides.shots, [side]: { ...shot, failures } };
  return { flow: { ...flow, sides: { ...flow.sides, shots } }, attempt: failures };
}

/**
 * `side` is taken again: its photo and result go, and the camera opens for it. From the review,
 * a result of the other side that was kept with the photo goes too. `null` when `side` is not
 * asked for.
 */
export function retaken(flow: Flow, side: Side): Flow | null {
  if (!flow.sides.list.includes(side)) return null;
  let sides = dropSide(flow.sides, side);
  const step = flow.step;
  const review = step.name === 'review' ? step.review : null;
  if (review && review.kept && review.side !== review.requested && side === review.requested) {
    sides = dropSide(sides, review.side);
  }
  return { step: { name: 'starting' }, sides: { ...sides, current: side } };
}

/** The side the retake button of the current step takes again: the side asked for. */
export function sideToRetake(flow: Flow): Side {
  const step = flow.step;
  return step.name === 'review' ? step.review.requested : flow.sides.current;
}

/** Back to the start: every photo and result dropped, the camera opening for the first side. */
export function restarted(flow: Flow): Flow {
  return initialFlow(flow.sides.list);
}

/** Where the preview's photo is kept: under the side read when kept, else under the side asked. */
export function previewSide(flow: Flow): Side {
  const step = flow.step;
  if (step.name !== 'review') return flow.sides.current;
  return step.review.kept ? step.review.side : step.review.requested;
}

// ---- The way forward after an error -----------------------------------------------------------

/** The buttons offered in the `error` step. */
export interface ErrorActions {
  /** Send the same photo again. */
  retry: boolean;
  /** Take another photo with the camera. */
  retake: boolean;
  /** Pick a file instead. */
  pickFile: boolean;
}

/**
 * The one rule for what is offered after an error, from `nextStep` (src/api/errors.ts):
 * - `retry` only when sending the same bytes again may succeed and a photo is kept;
 * - `retake` and a file whenever a new picture may help (the picture, the file or the network
 *   was at fault);
 * - after an integrator's fault (`UNAUTHORIZED`, `OUT_OF_QUOTA`, …) no retake: a new photo
 *   cannot fix the proxy; a file stays as the one other way in;
 * - after `CONFIG_ERROR` nothing: the page itself must be fixed.
 */
export function errorActions(way: NextStep, retryable: boolean, hasShot: boolean): ErrorActions {
  return {
    retry: retryable && hasShot,
    retake: way === 'retry' || way === 'retake' || way === 'pick-file',
    pickFile: way !== 'none',
  };
}

// ---- Helpers --------------------------------------------------------------------------------

/** `side`'s photo, result and response dropped. */
export function dropSide(sides: SideRecord, side: Side): SideRecord {
  const { [side]: _shot, ...shots } = sides.shots;
  const { [side]: _result, ...results } = sides.results;
  const { [side]: _response, ...responses } = sides.responses;
  return { ...sides, shots, results, responses };
}
