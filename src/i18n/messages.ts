/**
 * Which string of the translation tables says each error code and camera error (the quality
 * hints' are src/i18n/hints.ts). Typed over every code, so a new code does not compile until it
 * has a message. Not on the camera path: the element loads it with the strings that hold the
 * messages (ResultStrings), when the camera goes live or an error needs it.
 */
import type { ErrorCode } from '../api/types.js';
import type { CameraErrorName } from '../events.js';
import type { Strings } from './strings.js';

/** The `Strings` key of the message for each error code and camera error. */
export const ERROR_MESSAGE_KEYS: Readonly<Record<ErrorCode | CameraErrorName, keyof Strings>> = {
  INVALID_ARGUMENT: 'errorInvalidArgument',
  DETECTION_FAILED: 'errorDetectionFailed',
  UNAUTHORIZED: 'errorServiceUnavailable',
  KEY_EXPIRED: 'errorServiceUnavailable',
  NO_PERMISSION: 'errorServiceUnavailable',
  OUT_OF_QUOTA: 'errorServiceUnavailable',
  NOT_FOUND: 'errorServiceUnavailable',
  RATE_LIMIT_EXCEEDED: 'errorRateLimited',
  INTERNAL_ERROR: 'errorServer',
  NETWORK_ERROR: 'errorNetwork',
  TIMEOUT: 'errorTimeout',
  BAD_RESPONSE: 'errorBadResponse',
  FILE_TOO_LARGE: 'errorFileTooLarge',
  UNSUPPORTED_FILE: 'errorUnsupportedFile',
  IMAGE_TOO_SMALL: 'errorImageTooSmall',
  ENCODE_FAILED: 'errorEncodeFailed',
  ABORTED: 'errorAborted',
  CONFIG_ERROR: 'errorConfig',
  NotAllowedError: 'cameraNotAllowed',
  NotFoundError: 'cameraNotFound',
  NotReadableError: 'cameraNotReadable',
  OverconstrainedError: 'cameraOverconstrained',
  SecurityError: 'cameraSecurity',
  NotSupportedError: 'cameraNotSupported',
  AbortError: 'cameraAborted',
  TrackEndedError: 'cameraTrackEnded',
  UnknownError: 'cameraUnknown',
};

/**
 * The message shown to the user for an error code or camera error (the code itself goes to the
 * event). `code` is an `ErrorCode` or a `CameraErrorName`; any other string gets `errorUnknown`.
 * A message whose table could not load gives `cameraUnknown` for a camera error, `errorUnknown`
 * otherwise (both come with the widget).
 */
export function errorMessage(strings: Strings, code: string): string {
  const key = Object.prototype.hasOwnProperty.call(ERROR_MESSAGE_KEYS, code)
    ? ERROR_MESSAGE_KEYS[code as ErrorCode | CameraErrorName]
    : 'errorUnknown';
  // A message that has not loaded (its table offline): the camera's or the general one.
  return strings[key] || (key.startsWith('camera') ? strings.cameraUnknown : strings.errorUnknown);
}
