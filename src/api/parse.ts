/**
 * Turns what the proxy answered into a checked outcome. Nothing in the answer is trusted: the
 * body may be HTML, truncated, hostile or simply not what the contract says. Only values that
 * were checked reach the typed result, copied into new plain objects (never through
 * `__proto__` or any other inherited key).
 */
import { MAX_SIDE } from '../geometry.js';
import { documentedKeys } from './card-fields.js';
import { isRetryable } from './errors.js';
import {
  API_ERROR_CODES,
  type ApiErrorCode,
  type ApiFailure,
  type CardResult,
  type CardType,
  type FaceRegion,
  type Point,
  type Side,
} from './types.js';

export type ParseOutcome =
  | { ok: true; /** The JSON as received. */ body: unknown; requestId: string | null; results: CardResult[] }
  | { ok: false; failure: ApiFailure; /** The JSON as received, when the body was JSON (else null). */ body: unknown };

/** Longest text kept from any `card_info` field or `request_id`, in characters. */
export const MAX_FIELD_LENGTH = 200;
/** Longest `reason` kept from an error body, in characters. */
export const MAX_REASON_LENGTH = 500;
/** Results looked at in one answer (the API sends one per image). */
export const MAX_RESULTS = 8;
/** How far outside the image a `face_region` point may fall, as a share of the image's size. */
export const FACE_MARGIN = 0.1;
/** Keys kept from the undocumented foreigner-card back, at most. */
const MAX_UNDOCUMENTED_FIELDS = 32;

/**
 * The documented `card_info` keys of each card type and side, from the table of fields
 * (src/api/card-fields.ts): the parser keeps these and no others.
 */
export const CARD_FIELDS: Readonly<Record<CardType, Readonly<Record<Side, readonly string[]>>>> = {
  new: { front: documentedKeys('new', 'front'), back: documentedKeys('new', 'back') },
  old: { front: documentedKeys('old', 'front'), back: documentedKeys('old', 'back') },
  ALIEN: { front: documentedKeys('ALIEN', 'front'), back: documentedKeys('ALIEN', 'back') },
};

const CARD_TYPES: readonly CardType[] = ['new', 'old', 'ALIEN'];
const SIDES: readonly Side[] = ['front', 'back'];

type Json = Record<string, unknown>;

/** A JSON object (not an array, not null). */
function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property of a parsed JSON object (never an inherited one such as `constructor`). */
function own(object: Json, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

// Line breaks and tabs become spaces; other C0/C1 controls and bidirectional overrides
// (which can make text display in an order other than the one received) are removed.
const WHITESPACE_CONTROLS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const OTHER_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Plain text without control characters, at most `max` characters (code points). */
export function cleanText(value: string, max = MAX_FIELD_LENGTH): string {
  const text = value.replace(WHITESPACE_CONTROLS, ' ').replace(OTHER_CONTROLS, '');
  if (text.length <= max) return text;
  let out = '';
  let count = 0;
  for (const char of text) {
    if (count === max) break;
    out += char;
    count += 1;
  }
  return out;
}

/** Seconds to wait from a `Retry-After` header (delta-seconds or an HTTP date), if valid. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (typeof header !== 'string') return undefined;
  const value = header.trim();
  if (/^\d{1,9}$/.test(value)) return Number(value);
  const date = Date.parse(value);
  if (value === '' || Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function failure(
  code: ApiFailure['code'],
  httpStatus: number,
  reason: string,
  requestId: string | null,
  retryAfter: number | undefined,
): ApiFailure {
  const result: ApiFailure = { code, httpStatus, reason, requestId, retryable: isRetryable(code, httpStatus) };
  if (retryAfter !== undefined) result.retryAfter = retryAfter;
  return result;
}

/** What a body that is not JSON looks like, for the failure's reason (never its content). */
function describeNonJson(text: string): string {
  if (text === '') return 'the body is empty';
  if (/^<(!doctype|html|head|body|\?xml)/i.test(text)) return 'the body is an HTML page, not JSON';
  if (/^[[{]/.test(text)) return 'the body is not valid JSON (truncated?)';
  return 'the body is not JSON';
}

function isApiErrorCode(value: string): value is ApiErrorCode {
  return (API_ERROR_CODES as readonly string[]).includes(value);
}

/** Four `[x, y]` points of finite numbers, within `FACE_MARGIN` of the image; otherwise `undefined`. */
function readFaceRegion(value: unknown, image: { width: number; height: number } | undefined): FaceRegion | undefined {
  if (!Array.isArray(value) || value.length !== 4) return undefined;
  const hasImage =
    !!image && Number.isFinite(image.width) && Number.isFinite(image.height) && image.width > 0 && image.height > 0;
  // Without the image's size, the API's own maximum bounds the coordinates.
  const width = hasImage ? image.width : MAX_SIDE;
  const height = hasImage ? image.height : MAX_SIDE;
  const points: Point[] = [];
  for (const point of value) {
    if (!Array.isArray(point) || point.length !== 2) return undefined;
    const [x, y] = point as unknown[];
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return undefined;
    if (x < -width * FACE_MARGIN || x > width * (1 + FACE_MARGIN)) return undefined;
    if (y < -height * FACE_MARGIN || y > height * (1 + FACE_MARGIN)) return undefined;
    points.push([x, y]);
  }
  return [points[0], points[1], points[2], points[3]];
}

/** The string fields of `card_info` that the contract documents for this type and side. */
function readInfo(value: Json, type: CardType, side: Side): Record<string, string> {
  const info: Record<string, string> = {};
  const documented = CARD_FIELDS[type][side];
  if (documented.length > 0) {
    for (const key of documented) {
      const field = own(value, key);
      if (typeof field === 'string') info[key] = cleanText(field);
    }
    return info;
  }
  // Undocumented side (foreigner card, back): keep text fields with plain snake_case names.
  let kept = 0;
  for (const key of Object.keys(value)) {
    if (kept === MAX_UNDOCUMENTED_FIELDS) break;
    const field = value[key];
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(key) || typeof field !== 'string') continue;
    Object.defineProperty(info, key, { value: cleanText(field), enumerable: true, writable: true, configurable: true });
    kept += 1;
  }
  return info;
}

/** A short, safe description of an unexpected value (never calls its own `toString`). */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(cleanText(value, 40));
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** One checked result, or a short reason why it was rejected. */
function readResult(value: unknown, image: { width: number; height: number } | undefined): CardResult | string {
  if (!isObject(value)) return 'a result is not an object';
  const type = own(value, 'card_type');
  const side = own(value, 'card_side');
  const info = own(value, 'card_info');
  if (typeof type !== 'string' || !(CARD_TYPES as readonly string[]).includes(type)) {
    return `unknown card_type ${describeValue(type)}`;
  }
  if (typeof side !== 'string' || !(SIDES as readonly string[]).includes(side)) {
    return `unknown card_side ${describeValue(side)}`;
  }
  if (!isObject(info)) return 'card_info is not an object';
  const cardType = type as CardType;
  const cardSide = side as Side;
  const result: { card_type: CardType; card_side: Side; card_info: Record<string, string>; face_region?: FaceRegion } =
    {
      card_type: cardType,
      card_side: cardSide,
      card_info: readInfo(info, cardType, cardSide),
    };
  const face = readFaceRegion(own(value, 'face_region'), image);
  if (face) result.face_region = face;
  return result;
}

/**
 * Checks one answer of the proxy.
 *
 * @param httpStatus the HTTP status of the answer
 * @param bodyText the body, as text
 * @param image the pixel size of the image that was sent, to check `face_region` against
 * @param headers response headers that matter (`Retry-After`)
 */
export function parseApiResponse(
  httpStatus: number,
  bodyText: string,
  image?: { width: number; height: number },
  headers?: { retryAfter?: string | null },
): ParseOutcome {
  const retryAfter = parseRetryAfter(headers?.retryAfter);
  const text = (typeof bodyText === 'string' ? bodyText : '').replace(/^\uFEFF/, '').trim();
  const bad = (reason: string, requestId: string | null, body: unknown): ParseOutcome => ({
    ok: false,
    failure: failure('BAD_RESPONSE', httpStatus, `HTTP ${httpStatus}: ${reason}`, requestId, retryAfter),
    body,
  });

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return bad(describeNonJson(text), null, null);
  }
  if (!isObject(body)) return bad('the body is not a JSON object', null, body);

  const rawId = own(body, 'request_id');
  const requestId = typeof rawId === 'string' && rawId !== '' ? cleanText(rawId) : null;
  const status = own(body, 'status');

  if (typeof status === 'string' && isApiErrorCode(status)) {
    // A documented error, whatever the HTTP status said (a 200 may carry one too).
    const rawReason = own(body, 'reason');
    const reason = typeof rawReason === 'string' ? cleanText(rawReason, MAX_REASON_LENGTH) : '';
    return { ok: false, failure: failure(status, httpStatus, reason, requestId, retryAfter), body };
  }
  if (status !== 'OK') {
    return bad(`unknown status ${describeValue(status)}`, requestId, body);
  }
  if (httpStatus < 200 || httpStatus > 299) return bad('status OK with an error HTTP status', requestId, body);

  const rawResults = own(body, 'results');
  if (!Array.isArray(rawResults) || rawResults.length === 0) return bad('status OK without results', requestId, body);

  const results: CardResult[] = [];
  const rejected: string[] = [];
  for (const raw of rawResults.slice(0, MAX_RESULTS)) {
    const result = readResult(raw, image);
    if (typeof result === 'string') rejected.push(result);
    else results.push(result);
  }
  if (results.length === 0) return bad(`no usable result (${rejected.join('; ')})`, requestId, body);
  return { ok: true, body, requestId, results };
}
