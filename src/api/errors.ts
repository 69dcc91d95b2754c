/**
 * What each error code means for the person in front of the camera: whether sending the same
 * image again may succeed, and which way forward the widget offers.
 */
import type { ApiFailure, ErrorCode } from './types.js';

/**
 * The way forward after a failure (the buttons each one offers: `errorActions` in
 * src/flow/flow.ts): `retry` the same photo, `retake` it, `pick-file` another file, `contact`
 * (the integrator's setup is at fault: the person cannot fix it), `none` (`CONFIG_ERROR`: the
 * page itself is wrong).
 */
export type NextStep = 'retry' | 'retake' | 'contact' | 'pick-file' | 'none';

/** Codes that are the integrator's problem (credentials, quota, proxy URL): the user cannot fix them. */
const INTEGRATOR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'UNAUTHORIZED',
  'KEY_EXPIRED',
  'NO_PERMISSION',
  'OUT_OF_QUOTA',
  'NOT_FOUND',
  'CONFIG_ERROR',
]);

/** Codes where the same bytes, sent again a little later, may well succeed. */
const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'NETWORK_ERROR',
  'TIMEOUT',
  'INTERNAL_ERROR',
  'RATE_LIMIT_EXCEEDED',
  'ABORTED',
]);

/**
 * HTTP statuses that say "try again later" whatever the body was. The proxy's idempotency store
 * keeps no answer with one of them, so that the widget's retry really tries again.
 */
export function isTransientHttp(httpStatus: number): boolean {
  return httpStatus >= 500 || httpStatus === 408 || httpStatus === 429;
}

/**
 * Whether sending the same image again may succeed.
 *
 * - network, timeout, `INTERNAL_ERROR`, `RATE_LIMIT_EXCEEDED` (and a cancelled upload): yes;
 * - `INVALID_ARGUMENT`, `DETECTION_FAILED`, file errors: no, the image must change;
 * - `UNAUTHORIZED`, `KEY_EXPIRED`, `NO_PERMISSION`, `OUT_OF_QUOTA`, `NOT_FOUND`: no, the
 *   integrator must fix the proxy;
 * - `CONFIG_ERROR` (the element is misconfigured: no `proxy-url`, invalid `sides`): no, the
 *   page must be fixed;
 * - `BAD_RESPONSE`: yes when there was no usable answer from a healthy server (5xx, 408, 429,
 *   or a 2xx whose body was garbled, e.g. truncated on a flaky link); no for other 4xx pages
 *   (a wrong proxy URL or an image refused by the proxy will not fix itself).
 */
export function isRetryable(code: ErrorCode, httpStatus: number): boolean {
  if (TRANSIENT_CODES.has(code)) return true;
  if (code === 'BAD_RESPONSE') {
    return httpStatus === 0 || isTransientHttp(httpStatus) || (httpStatus >= 200 && httpStatus < 300);
  }
  return false;
}

/** The action the UI should put first for `code`. */
export function nextStep(code: ErrorCode): NextStep {
  if (code === 'CONFIG_ERROR') return 'none';
  if (INTEGRATOR_CODES.has(code)) return 'contact';
  switch (code) {
    case 'INVALID_ARGUMENT':
    case 'DETECTION_FAILED':
    case 'ENCODE_FAILED':
      return 'retake';
    case 'FILE_TOO_LARGE':
    case 'UNSUPPORTED_FILE':
    case 'IMAGE_TOO_SMALL':
      return 'pick-file';
    default:
      return 'retry';
  }
}

/** A failure the widget detected itself (no API body), e.g. `clientFailure('FILE_TOO_LARGE', '6 MB')`. */
export function clientFailure(code: ErrorCode, reason: string, httpStatus = 0): ApiFailure {
  return { code, httpStatus, reason, requestId: null, retryable: isRetryable(code, httpStatus) };
}
