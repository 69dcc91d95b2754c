/**
 * A mock of the ID-card OCR API (shared/api/idcard-api.md), for the demo and the tests.
 *
 * It validates a request as the real API does (credentials, body fields, format, 5 MB,
 * 128–6000 px) and only then answers what `X-Mock-Scenario` asks for, for the side in
 * `X-Mock-Side`, after `X-Mock-Delay` milliseconds. Node only; no framework.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Side } from '../src/api/types.ts';
import { errorBody, header, headerRecord, newRequestId, pathOf, sendBody, type NodeHandler } from './http.ts';
import { MOCK_API_ID, MOCK_API_SECRET } from './mock/credentials.ts';
import { FieldError, MAX_BODY_BYTES, readBody, readImageFields } from './mock/body.ts';
import { checkImage, MAX_IMAGE_BYTES, PDF_NOMINAL_SIZE, type ImageFormat } from './mock/image.ts';
import {
  answerFor,
  DEFAULT_SCENARIO,
  errorAnswer,
  findScenario,
  SCENARIOS,
  type MockAnswer,
  type Scenario,
} from './mock/scenarios.ts';

export { SCENARIOS, RESULT_SCENARIOS, FAULT_SCENARIOS, ERROR_HTTP_STATUS, type Scenario } from './mock/scenarios.ts';
export { CARD_INFO, faceRegionFor } from './mock/cards.ts';
export { PHOTO_BOX } from './mock/layout.ts';

export { MOCK_API_ID, MOCK_API_SECRET } from './mock/credentials.ts';
/** Longest `X-Mock-Delay` honoured, in milliseconds. */
export const MAX_MOCK_DELAY_MS = 30_000;

export interface MockApiOptions {
  /** Expected `X-DF-API-ID`; default `mock-id`. */
  apiId?: string;
  /** Expected `X-DF-API-SECRET`; default `mock-secret`. */
  apiSecret?: string;
  /** The endpoint's path as the request URL shows it; default `/ocr/idcard`. */
  path?: string;
  /** Called once per request, just before the answer is sent (or when the client went away). */
  onRequest?: (info: MockRequestInfo) => void;
}

/** What the mock saw and answered, for the dev server's journal and the tests. */
export interface MockRequestInfo {
  /** The `request_id` the mock answered with. */
  requestId: string;
  method: string;
  path: string;
  /** The scenario asked for (`X-Mock-Scenario`, default `new`), as sent when unknown. */
  scenario: string;
  /** The side asked for (`X-Mock-Side`, default `front`), as sent when unknown. */
  side: string;
  contentType: string | null;
  /** Which body field carried the image. */
  field: 'file' | 'image_base64' | null;
  /** The `file` part's file name and content type. */
  fileName: string | null;
  fileType: string | null;
  /** The format found from the image's first bytes. */
  format: ImageFormat | null;
  /** The image's size in bytes (decoded, for Base64). */
  bytes: number;
  /** Bytes of the request body. */
  bodyBytes: number;
  width: number | null;
  height: number | null;
  /** SHA-256 of the image bytes, hex. */
  sha256: string | null;
  detectFace: boolean;
  /** The request's headers, names lower-cased. */
  headers: Record<string, string>;
  delayMs: number;
  /** HTTP status answered; 499 when the client went away first. */
  status: number;
  /** `status` of the JSON answered, when there was one. */
  apiStatus: string | null;
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** `X-Mock-Delay` in milliseconds: digits only, capped at 30 s; anything else is 0. */
/** A header's value trimmed, or undefined when absent or blank. */
function trimmedHeader(req: IncomingMessage, name: string): string | undefined {
  const value = header(req, name)?.trim();
  return value === '' ? undefined : value;
}

function readDelay(value: string | undefined): number {
  if (!value || !/^\s*\d{1,9}\s*$/.test(value)) return 0;
  return Math.min(MAX_MOCK_DELAY_MS, Number(value));
}

/** Waits `ms`, or less if the response closes first; true if the client is still there. */
function wait(res: ServerResponse, ms: number): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!res.destroyed);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off('close', done);
      resolve(!res.destroyed && !res.writableEnded);
    };
    const timer = setTimeout(done, ms);
    res.on('close', done);
  });
}

/** A handler for `POST <path>`: the mock of `POST /ocr/idcard`. */
export function createMockApi(options: MockApiOptions = {}): NodeHandler {
  const apiId = options.apiId ?? MOCK_API_ID;
  const apiSecret = options.apiSecret ?? MOCK_API_SECRET;
  const path = options.path ?? '/ocr/idcard';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const delayMs = readDelay(header(req, 'x-mock-delay'));
    const info: MockRequestInfo = {
      requestId,
      method: req.method ?? '',
      path: pathOf(req),
      scenario: trimmedHeader(req, 'x-mock-scenario') ?? DEFAULT_SCENARIO,
      side: trimmedHeader(req, 'x-mock-side') ?? 'front',
      contentType: header(req, 'content-type') ?? null,
      field: null,
      fileName: null,
      fileType: null,
      format: null,
      bytes: 0,
      bodyBytes: 0,
      width: null,
      height: null,
      sha256: null,
      detectFace: false,
      headers: headerRecord(req),
      delayMs,
      status: 0,
      apiStatus: null,
    };

    const report = (status: number, apiStatus: string | null): void => {
      info.status = status;
      info.apiStatus = apiStatus;
      try {
        options.onRequest?.(info);
      } catch {
        // A journal that throws must not take the answer down.
      }
    };
    const finish = async (answer: MockAnswer): Promise<void> => {
      const present = await wait(res, delayMs);
      report(present ? answer.httpStatus : 499, answer.apiStatus);
      if (present) sendBody(res, answer.httpStatus, answer.body, answer.headers);
    };
    const invalid = (reason: string) => finish(errorAnswer('INVALID_ARGUMENT', reason, requestId));

    if (info.path !== path) {
      req.resume();
      // The path is not echoed: the answer names no text the caller chose.
      return finish(errorAnswer('NOT_FOUND', 'no such endpoint', requestId));
    }
    if (req.method !== 'POST') {
      req.resume();
      const answer = errorAnswer('NOT_FOUND', `method ${info.method} is not supported on ${path}: use POST`, requestId);
      return finish({ ...answer, httpStatus: 405, headers: { ...answer.headers, allow: 'POST' } });
    }

    let body: Awaited<ReturnType<typeof readBody>>;
    try {
      body = await readBody(req);
    } catch {
      report(499, null);
      return;
    }
    info.bodyBytes = body.received;

    const id = header(req, 'x-df-api-id');
    const secret = header(req, 'x-df-api-secret');
    if (!id || !secret) {
      return finish(errorAnswer('UNAUTHORIZED', 'missing X-DF-API-ID or X-DF-API-SECRET header', requestId));
    }
    if (!sameSecret(id, apiId) || !sameSecret(secret, apiSecret)) {
      return finish(errorAnswer('UNAUTHORIZED', 'invalid X-DF-API-ID or X-DF-API-SECRET', requestId));
    }

    if (body.buffer === null) {
      return invalid(`request body of ${body.received} bytes is too large: the image may be at most 5 MB`);
    }
    let fields;
    try {
      fields = readImageFields(info.contentType ?? undefined, body.buffer);
    } catch (error) {
      if (error instanceof FieldError) return invalid(error.message);
      throw error;
    }
    info.field = fields.field;
    info.fileName = fields.fileName;
    info.fileType = fields.fileType;
    info.detectFace = fields.detectFace;
    if (!fields.bytes) return invalid("must specify 'file' or 'image_base64' argument");

    const bytes = fields.bytes;
    info.bytes = bytes.length;
    info.sha256 = createHash('sha256').update(bytes).digest('hex');
    const image = checkImage(bytes);
    info.format = image.format;
    info.width = image.width;
    info.height = image.height;
    if (!image.ok) return invalid(image.reason);

    const scenario: Scenario | null = findScenario(info.scenario);
    if (!scenario) {
      return invalid(`unknown X-Mock-Scenario '${info.scenario}'; known: ${SCENARIOS.join(', ')}`);
    }
    info.scenario = scenario;
    if (info.side !== 'front' && info.side !== 'back') {
      return invalid(`unknown X-Mock-Side '${info.side}': use front or back`);
    }
    const side: Side = info.side;
    const size =
      image.width !== null && image.height !== null ? { width: image.width, height: image.height } : PDF_NOMINAL_SIZE;
    return finish(answerFor(scenario, { side, requestId, image: size, face: fields.detectFace ? size : null }));
  }

  return (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) {
        sendBody(
          res,
          500,
          Buffer.from(JSON.stringify(errorBody('INTERNAL_ERROR', 'mock API failure', newRequestId()))),
          { 'content-type': 'application/json; charset=utf-8' },
        );
      }
    });
  };
}

/** Re-exported limits, for tests. */
export { MAX_IMAGE_BYTES, MAX_BODY_BYTES };
