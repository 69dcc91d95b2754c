/**
 * What the mock answers once a request has passed validation, chosen by `X-Mock-Scenario`:
 * a documented result, a documented error, or a malformed or hostile answer for fault tests.
 */
import type { ApiErrorCode, CardType, Side } from '../../src/api/types.ts';
import { API_ERROR_CODES } from '../../src/api/types.ts';
import { CARD_INFO, exampleResult, faceRegionFor, type MockResult } from './cards.ts';

/** Answers that are a documented result. */
export const RESULT_SCENARIOS = ['new', 'old', 'ALIEN', 'wrong-side'] as const;

/** Answers that break the contract, for fault tests. */
export const FAULT_SCENARIOS = [
  'not-json',
  'html-error',
  'empty-body',
  'truncated-json',
  'ok-status-error',
  'empty-results',
  'unknown-card-type',
  'bad-face-region',
  'face-outside',
  'huge-field',
  'hostile',
] as const;

/** Every scenario name `X-Mock-Scenario` takes; the nine error codes answer that error. */
export const SCENARIOS = [...RESULT_SCENARIOS, ...API_ERROR_CODES, ...FAULT_SCENARIOS] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const DEFAULT_SCENARIO: Scenario = 'new';

/** The scenario named by a header value (exact, else case-insensitive), or null. */
export function findScenario(name: string): Scenario | null {
  const exact = SCENARIOS.find((s) => s === name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  return SCENARIOS.find((s) => s.toLowerCase() === lower) ?? null;
}

/** The HTTP status of each documented error code. */
export const ERROR_HTTP_STATUS: Readonly<Record<ApiErrorCode, number>> = {
  INVALID_ARGUMENT: 400,
  DETECTION_FAILED: 400,
  UNAUTHORIZED: 401,
  KEY_EXPIRED: 401,
  NO_PERMISSION: 403,
  OUT_OF_QUOTA: 403,
  RATE_LIMIT_EXCEEDED: 403,
  NOT_FOUND: 404,
  INTERNAL_ERROR: 500,
};

/** The `reason` the mock gives for each error code when a scenario asks for it. */
export const ERROR_REASONS: Readonly<Record<ApiErrorCode, string>> = {
  INVALID_ARGUMENT: "invalid argument: 'file' could not be decoded as an image",
  DETECTION_FAILED: 'no identity card detected in the image',
  UNAUTHORIZED: 'invalid X-DF-API-ID or X-DF-API-SECRET',
  KEY_EXPIRED: 'API id has expired, renew it in the console',
  NO_PERMISSION: 'this API id has no permission to use /ocr/idcard',
  OUT_OF_QUOTA: 'API call quota exhausted for this account',
  RATE_LIMIT_EXCEEDED: 'rate limit exceeded: too many requests per second',
  NOT_FOUND: 'endpoint not found',
  INTERNAL_ERROR: 'internal server error, please retry later',
};

/** `Retry-After` (seconds) sent with `RATE_LIMIT_EXCEEDED`. */
export const RATE_LIMIT_RETRY_AFTER = 2;

/** What to send back. */
export interface MockAnswer {
  httpStatus: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The `status` of the JSON body, when it has one. */
  apiStatus: string | null;
}

export interface AnswerContext {
  side: Side;
  requestId: string;
  /** The image's pixel size when `detect_face=1` (a nominal size for a PDF), else null. */
  face: { width: number; height: number } | null;
  /** The image's pixel size (nominal for a PDF), for scenarios that place points. */
  image: { width: number; height: number };
}

const JSON_TYPE = 'application/json; charset=utf-8';

function json(httpStatus: number, body: Record<string, unknown>, headers: Record<string, string> = {}): MockAnswer {
  const status = body.status;
  return {
    httpStatus,
    headers: { 'content-type': JSON_TYPE, ...headers },
    body: Buffer.from(JSON.stringify(body)),
    apiStatus: typeof status === 'string' ? status : null,
  };
}

function raw(httpStatus: number, contentType: string, text: string, apiStatus: string | null = null): MockAnswer {
  return { httpStatus, headers: { 'content-type': contentType }, body: Buffer.from(text), apiStatus };
}

/** A documented error answer. */
export function errorAnswer(code: ApiErrorCode, reason: string, requestId: string): MockAnswer {
  const headers: Record<string, string> =
    code === 'RATE_LIMIT_EXCEEDED' ? { 'retry-after': String(RATE_LIMIT_RETRY_AFTER) } : {};
  return json(ERROR_HTTP_STATUS[code], { status: code, reason, request_id: requestId }, headers);
}

function ok(requestId: string, results: unknown[]): MockAnswer {
  return json(200, { request_id: requestId, status: 'OK', results });
}

function resultAnswer(cardType: CardType, ctx: AnswerContext): MockAnswer {
  const result = exampleResult(cardType, ctx.side, ctx.face);
  if (!result) return errorAnswer('DETECTION_FAILED', ERROR_REASONS.DETECTION_FAILED, ctx.requestId);
  return ok(ctx.requestId, [result]);
}

/** A new DNI result for the side asked, with a face region whenever the side has a photo. */
function newDni(ctx: AnswerContext): MockResult {
  return exampleResult('new', ctx.side, ctx.face)!;
}

const HOSTILE_VALUES = [
  '<script>alert("dni-capture")</script>',
  '<img src=x onerror="alert(1)">',
  '"><svg onload=alert(1)>',
  "</textarea><iframe src=javascript:alert('x')>",
  '<a href="javascript:alert(1)">ANA</a>',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}<b onmouseover=alert(1)>x</b>',
  '<style>*{display:none}</style>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '\u202eANA\u202c<img src=x onerror=alert(1)>',
];

/** The answer for `scenario`, once the request is known to be valid. */
export function answerFor(scenario: Scenario, ctx: AnswerContext): MockAnswer {
  const { requestId, side } = ctx;
  switch (scenario) {
    case 'new':
    case 'old':
    case 'ALIEN':
      return resultAnswer(scenario, ctx);
    case 'wrong-side': {
      const other: Side = side === 'front' ? 'back' : 'front';
      return resultAnswer('new', { ...ctx, side: other });
    }
    case 'not-json':
      return raw(200, 'text/plain; charset=utf-8', 'OK: card processed, thank you');
    case 'html-error':
      return raw(
        502,
        'text/html; charset=utf-8',
        '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n' +
          '<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>\n' +
          '<script>document.title="pwned"</script></body></html>\n',
      );
    case 'empty-body':
      return raw(200, JSON_TYPE, '');
    case 'truncated-json': {
      const full = JSON.stringify({ request_id: requestId, status: 'OK', results: [newDni(ctx)] });
      return raw(200, JSON_TYPE, full.slice(0, Math.floor(full.length / 2)));
    }
    case 'ok-status-error':
      return json(200, { status: 'INTERNAL_ERROR', reason: ERROR_REASONS.INTERNAL_ERROR, request_id: requestId });
    case 'empty-results':
      return ok(requestId, []);
    case 'unknown-card-type':
      return ok(requestId, [
        {
          card_type: 'PASSPORT',
          card_side: side,
          card_info: { passport_number: 'PE1234567', name: 'ANA ISABEL', nationality: 'PERUANA' },
        },
      ]);
    case 'bad-face-region': {
      const result = newDni(ctx);
      const points = faceRegionFor(ctx.image.width, ctx.image.height);
      result.face_region = [points[0].map(String), points[1].map(String), ['x', 'y'], [null, {}]];
      return ok(requestId, [result]);
    }
    case 'face-outside': {
      const result = newDni(ctx);
      const { width: w, height: h } = ctx.image;
      result.face_region = [
        [w * 3, h * 3],
        [w * 4, h * 3],
        [w * 4, h * 4],
        [-w * 2, -h * 2],
      ];
      return ok(requestId, [result]);
    }
    case 'huge-field': {
      const result = newDni(ctx);
      // 1 MB of text in the field a user sees first on each side.
      result.card_info[side === 'front' ? 'name' : 'address'] = 'ANA '.repeat(262_144);
      return ok(requestId, [result]);
    }
    case 'hostile': {
      const result = newDni(ctx);
      const keys = Object.keys(CARD_INFO.new[side] ?? {});
      keys.forEach((key, i) => {
        result.card_info[key] = HOSTILE_VALUES[i % HOSTILE_VALUES.length];
      });
      return ok(requestId, [result]);
    }
    default:
      // The nine documented error codes.
      return errorAnswer(scenario, ERROR_REASONS[scenario], requestId);
  }
}
