/**
 * Every event `<dni-capture>` fires: its name, its `detail`, and its entry in
 * `HTMLElementEventMap`, so `el.addEventListener('dni-result', e => e.detail.result)` is typed.
 * All of them bubble and are composed.
 */
import type { ApiFailure, CardResult, CardType, ErrorCode, Side } from './api/types.js';
import type { ResultWarning } from './checks/checks.js';

export type { ResultWarning, WarningCode } from './checks/checks.js';
import type { Quad } from './quad.js';
import type { QualityHint, QualityMetrics } from './quality/verdict.js';

export type { CardFound, QualityHint, QualityMetrics, QualityThresholds } from './quality/verdict.js';
export type { Point, Quad } from './quad.js';

export interface DniCameraReadyDetail {
  /** Pixel size of the live frames. */
  width: number;
  height: number;
  /** The camera's label, as the browser reports it (may be empty before permission). */
  label: string;
}

export type CameraErrorName =
  | 'NotAllowedError'
  | 'NotFoundError'
  | 'NotReadableError'
  | 'OverconstrainedError'
  | 'SecurityError'
  | 'AbortError'
  | 'NotSupportedError'
  | 'TrackEndedError'
  | 'UnknownError';

export interface DniCameraErrorDetail {
  name: CameraErrorName;
  /** The message shown to the user (translated). */
  message: string;
}

export interface DniCaptureDetail {
  side: Side;
  /** The image that will be sent: JPEG for photos, or the PDF as picked. */
  blob: Blob;
  /** Pixel size of `blob` (0 × 0 for a PDF). */
  width: number;
  height: number;
  /** Where the image came from. */
  source: 'camera' | 'file';
  /**
   * Where the image was encoded: `worker` (the normal path, the page never blocks),
   * `main-thread` (a browser without module workers or OffscreenCanvas), or `null` for a PDF
   * sent as it is.
   */
  encodedIn: 'worker' | 'main-thread' | null;
  /**
   * The quality gate's metrics of this very image (the captured frame, or the picked picture);
   * absent for a PDF, or where the gate cannot run (no module worker with OffscreenCanvas).
   */
  quality?: QualityMetrics;
  /**
   * What was sent: `card`, the card the quality gate found, flattened (its perspective
   * corrected) with a small margin, at the resolution the camera gave it; `guide`, the guide's
   * area (no card was found at a manual capture, or the gate cannot run here); `file`, a picked
   * file as it was (a PDF) or compressed (a picture where no card was found, sent anyway).
   */
  crop: 'card' | 'guide' | 'file';
  /**
   * With `crop: 'card'`: where the card's corners were in the source frame or picture, in its
   * pixels, `[topLeft, topRight, bottomRight, bottomLeft]`.
   */
  corners?: Quad;
}

export interface DniQualityDetail {
  side: Side;
  /** `camera`: a live frame (at most 2 events a second); `file`: a picked picture, checked once. */
  source: 'camera' | 'file';
  metrics: QualityMetrics;
  /** Whether the image passes every check (for a frame: and is steady). */
  ok: boolean;
  /** What the user is asked to fix, or `null`. */
  hint: QualityHint | null;
  /** Frames analysed since the camera went live (1 for the first, and for a file). */
  frame: number;
  /** Milliseconds the worker spent analysing it. */
  analysisMs: number;
}

export interface DniUploadProgressDetail {
  side: Side;
  loaded: number;
  total: number;
}

export interface DniResultDetail {
  /**
   * The side the API read (`result.card_side`), which is where the widget keeps the result.
   * It differs from `requestedSide` when the user showed the other side (a `WRONG_SIDE` warning).
   */
  side: Side;
  /** The side the widget asked the user for. */
  requestedSide: Side;
  /** The JSON as received from the proxy. */
  response: unknown;
  /** The checked, typed result for this side. */
  result: CardResult;
  /**
   * What looks wrong in this result (check character, dates, expiry, the side shown, a front and
   * back of different card types). Warnings never block the flow: the user sees them in the
   * review and decides; the integrator decides what to do with them.
   */
  warnings: ResultWarning[];
}

export interface DniErrorDetail {
  side: Side | null;
  code: ErrorCode;
  httpStatus: number;
  reason: string;
  requestId: string | null;
  retryable: boolean;
  /** The message shown to the user (translated). */
  message: string;
  /** Which attempt at sending this photo failed (1 for the first). */
  attempt: number;
  /** Milliseconds until the widget sends the photo again by itself, or `null` if it waits for the user. */
  retryIn: number | null;
}

export interface DniCompleteDetail {
  cardType: CardType;
  front: CardResult;
  /** `null` for a foreigner card, or when only the front was asked for. */
  back: CardResult | null;
  /** The warnings of `front` and `back`, and of the pair (`CARD_TYPE_MISMATCH`). */
  warnings: ResultWarning[];
}

export interface DniEventMap {
  'dni-camera-ready': DniCameraReadyDetail;
  'dni-camera-error': DniCameraErrorDetail;
  'dni-capture': DniCaptureDetail;
  'dni-quality': DniQualityDetail;
  'dni-upload-progress': DniUploadProgressDetail;
  'dni-result': DniResultDetail;
  'dni-error': DniErrorDetail;
  'dni-complete': DniCompleteDetail;
}

export type DniEventName = keyof DniEventMap;

/** Every event name, in the order a flow fires them. */
export const DNI_EVENT_NAMES: readonly DniEventName[] = [
  'dni-camera-ready',
  'dni-camera-error',
  'dni-quality',
  'dni-capture',
  'dni-upload-progress',
  'dni-result',
  'dni-error',
  'dni-complete',
];

/** Builds one of our events: bubbling, composed, not cancelable. */
export function dniEvent<K extends DniEventName>(name: K, detail: DniEventMap[K]): CustomEvent<DniEventMap[K]> {
  return new CustomEvent(name, { detail, bubbles: true, composed: true });
}

/** A `dni-error` detail from an API or client failure (a first attempt, no automatic retry). */
export function errorDetail(side: Side | null, failure: ApiFailure, message: string): DniErrorDetail {
  return {
    attempt: 1,
    retryIn: null,
    side,
    code: failure.code,
    httpStatus: failure.httpStatus,
    reason: failure.reason,
    requestId: failure.requestId,
    retryable: failure.retryable,
    message,
  };
}

declare global {
  interface HTMLElementEventMap {
    'dni-camera-ready': CustomEvent<DniCameraReadyDetail>;
    'dni-camera-error': CustomEvent<DniCameraErrorDetail>;
    'dni-capture': CustomEvent<DniCaptureDetail>;
    'dni-quality': CustomEvent<DniQualityDetail>;
    'dni-upload-progress': CustomEvent<DniUploadProgressDetail>;
    'dni-result': CustomEvent<DniResultDetail>;
    'dni-error': CustomEvent<DniErrorDetail>;
    'dni-complete': CustomEvent<DniCompleteDetail>;
  }
}
