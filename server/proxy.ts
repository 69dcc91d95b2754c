/**
 * The reference proxy: takes the widget's POST, adds the API credentials and forwards it to
 * the ID-card OCR API (or to the mock when no credentials are configured). The browser never
 * sees a credential, and nothing but the body and its type reaches the API from the browser.
 * Node only; a plain `node:http` handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiErrorCode } from '../src/api/types.ts';
import { errorBody, header, headerRecord, newRequestId, sendBody, sendJson, type NodeHandler } from './http.ts';
import { MOCK_API_ID, MOCK_API_SECRET } from './mock/credentials.ts';

export const DEFAULT_API_URL = 'https://cloudapi.peru.accuauth.com/ocr/idcard';
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Largest body forwarded: a 5,000,000-byte image plus room for the multipart envelope. */
export const DEFAULT_MAX_BODY_BYTES = 5_000_000 + 100_000;
/** Largest upstream answer passed on (the mock's `huge-field` is about 1 MB). */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

export interface ProxyConfig {
  /** Where to forward; a function is read at each request (e.g. the dev server's port). */
  upstreamUrl: string | (() => string);
  apiId: string;
  apiSecret: string;
  /** True when the upstream is the mock: only then are `X-Mock-*` and the side forwarded. */
  upstreamIsMock: boolean;
  /** Upstream timeout, whole exchange; default 30 s. */
  timeoutMs?: number;
  /** Largest request body forwarded; default 5,100,000 bytes. Bigger → 413. */
  maxBodyBytes?: number;
  /** Called once per request, just before the answer is sent. */
  onRequest?: (info: ProxyRequestInfo) => void;
  /** Receives one JSON line per request (no headers, no credentials). */
  log?: (line: string) => void;
}

/** What the proxy saw and answered, for the dev server's journal and logs. */
export interface ProxyRequestInfo {
  /** The proxy's id for this request; sent to the mock as `X-Proxy-Request-Id`. */
  requestId: string;
  /** `X-DNI-Side`, when it was `front` or `back`. */
  side: 'front' | 'back' | null;
  method: string;
  /** Headers as received from the browser, names lower-cased. */
  headers: Record<string, string>;
  /** HTTP status answered to the browser; 499 when the browser went away first. */
  status: number;
  /** Request body bytes received from the browser. */
  bytes: number;
  /** HTTP status of the upstream answer, when there was one. */
  upstreamStatus: number | null;
  /** Milliseconds from sending upstream to having its whole answer, when it was sent. */
  upstreamMs: number | null;
  upstreamIsMock: boolean;
  /** What went wrong in the proxy itself, if anything. */
  error: string | null;
}

/** A configuration the proxy cannot run with. */
export class ProxyConfigError extends Error {
  override name = 'ProxyConfigError';
}

export interface LoadProxyConfigOptions {
  /** The mock's URL when neither credentials nor `DNI_MOCK_URL` are set. */
  defaultMockUrl?: string | (() => string);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function parseUrl(name: string, value: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
    return url;
  } catch {
    throw new ProxyConfigError(`${name} must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
}

/**
 * Reads the proxy's configuration from environment variables:
 * `DNI_API_ID` + `DNI_API_SECRET` (both or neither), `DNI_API_URL` (default the vendor's),
 * `DNI_MOCK_URL` (used when there are no credentials), `DNI_PROXY_TIMEOUT_MS`.
 * Throws `ProxyConfigError` on anything inconsistent.
 */
export function loadProxyConfig(
  env: Record<string, string | undefined> = process.env,
  options: LoadProxyConfigOptions = {},
): ProxyConfig {
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const apiId = get('DNI_API_ID');
  const apiSecret = get('DNI_API_SECRET');
  const apiUrl = get('DNI_API_URL');
  const mockUrl = get('DNI_MOCK_URL');
  const timeout = get('DNI_PROXY_TIMEOUT_MS');

  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (timeout !== undefined) {
    if (!/^\d+$/.test(timeout) || Number(timeout) <= 0) {
      throw new ProxyConfigError(`DNI_PROXY_TIMEOUT_MS must be a positive number of milliseconds, got "${timeout}"`);
    }
    timeoutMs = Number(timeout);
  }

  if ((apiId === undefined) !== (apiSecret === undefined)) {
    const missing = apiId === undefined ? 'DNI_API_ID' : 'DNI_API_SECRET';
    const present = apiId === undefined ? 'DNI_API_SECRET' : 'DNI_API_ID';
    throw new ProxyConfigError(
      `${present} is set but ${missing} is not: set both to use the ID-card API, or neither to use the mock`,
    );
  }

  if (apiId !== undefined && apiSecret !== undefined) {
    const url = parseUrl('DNI_API_URL', apiUrl ?? DEFAULT_API_URL);
    if (url.protocol !== 'https:' && !LOOPBACK.has(url.hostname)) {
      throw new ProxyConfigError(`DNI_API_URL must use https: the credentials would travel in clear to ${url.host}`);
    }
    return { upstreamUrl: url.href, apiId, apiSecret, upstreamIsMock: false, timeoutMs };
  }

  if (apiUrl !== undefined) {
    throw new ProxyConfigError(
      'DNI_API_URL is set but DNI_API_ID and DNI_API_SECRET are not: without credentials the proxy would answer from the mock',
    );
  }
  const upstreamUrl = mockUrl !== undefined ? parseUrl('DNI_MOCK_URL', mockUrl).href : options.defaultMockUrl;
  if (upstreamUrl === undefined) {
    throw new ProxyConfigError('no credentials and no DNI_MOCK_URL: set DNI_API_ID and DNI_API_SECRET, or DNI_MOCK_URL');
  }
  return { upstreamUrl, apiId: MOCK_API_ID, apiSecret: MOCK_API_SECRET, upstreamIsMock: true, timeoutMs };
}

/** Thrown inside the body stream when the browser sends more than allowed. */
class BodyTooLarge extends Error {}
/** Thrown when the upstream answers more than the proxy passes on. */
class AnswerTooLarge extends Error {}

function duration(ms: number): string {
  return ms < 1000 || ms % 1000 !== 0 ? `${ms} ms` : `${ms / 1000} s`;
}

/** The browser's body as chunks, counted, failing once past `limit`. */
async function* limitedBody(req: IncomingMessage, limit: number, count: { bytes: number }) {
  // Not `for await (… of req)`: leaving that loop destroys the request, and with it the
  // socket the 413 must be written to.
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    count.bytes += chunk.length;
    if (count.bytes > limit) throw new BodyTooLarge();
    yield chunk;
  }
}

/** Reads an upstream body up to `max` bytes. */
async function readAnswer(body: ReadableStream<Uint8Array> | null, max: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > max) throw new AnswerTooLarge(`upstream answer larger than ${max} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const TOKEN = /^[A-Za-z0-9_.-]{1,64}$/;
const DIGITS = /^\d{1,6}$/;

/** Security headers on every answer: results carry personal data. */
const ANSWER_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

/** A handler for the widget's `POST`: forwards it, with credentials, to the configured upstream. */
export function createProxy(config: ProxyConfig): NodeHandler {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBodyBytes = config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId('PXY');
    const sideHeader = header(req, 'x-dni-side')?.trim();
    const info: ProxyRequestInfo = {
      requestId,
      side: sideHeader === 'front' || sideHeader === 'back' ? sideHeader : null,
      method: req.method ?? '',
      headers: headerRecord(req),
      status: 0,
      bytes: 0,
      upstreamStatus: null,
      upstreamMs: null,
      upstreamIsMock: config.upstreamIsMock,
      error: null,
    };
    const count = { bytes: 0 };

    const report = (status: number) => {
      info.status = status;
      info.bytes = count.bytes;
      try {
        config.onRequest?.(info);
      } catch {
        // A journal that throws must not take the answer down.
      }
      if (config.log) {
        const { requestId: id, side, method, status: s, bytes, upstreamStatus, upstreamMs, error } = info;
        config.log(JSON.stringify({ at: new Date().toISOString(), requestId: id, side, method, status: s, bytes, upstreamStatus, upstreamMs, error }));
      }
    };
    /** The proxy's own errors: always the API's JSON error shape, never a page. */
    const fail = (httpStatus: number, code: ApiErrorCode, reason: string, extra: Record<string, string> = {}) => {
      info.error ??= reason;
      report(httpStatus);
      sendJson(res, httpStatus, errorBody(code, reason, requestId), { ...ANSWER_HEADERS, ...extra });
    };

    if (req.method !== 'POST') {
      req.resume();
      return fail(405, 'NOT_FOUND', `method ${info.method} is not supported: POST the image`, { allow: 'POST' });
    }

    const declared = header(req, 'content-length');
    if (declared !== undefined && Number(declared) > maxBodyBytes) {
      // Answer at once; drain what is still coming and close the connection after.
      res.shouldKeepAlive = false;
      req.resume();
      return fail(413, 'INVALID_ARGUMENT', `request body of ${declared} bytes is larger than ${maxBodyBytes} bytes: the image may be at most 5 MB`, { connection: 'close' });
    }

    const headers: Record<string, string> = {
      'x-df-api-id': config.apiId,
      'x-df-api-secret': config.apiSecret,
      accept: 'application/json',
      'user-agent': 'dni-capture-proxy',
    };
    const contentType = header(req, 'content-type');
    if (contentType !== undefined) headers['content-type'] = contentType;
    if (declared !== undefined && /^\d+$/.test(declared)) headers['content-length'] = declared;
    if (config.upstreamIsMock) {
      headers['x-proxy-request-id'] = requestId;
      const scenario = header(req, 'x-mock-scenario')?.trim();
      if (scenario && TOKEN.test(scenario)) headers['x-mock-scenario'] = scenario;
      const delay = header(req, 'x-mock-delay')?.trim();
      if (delay && DIGITS.test(delay)) headers['x-mock-delay'] = delay;
      if (info.side) headers['x-mock-side'] = info.side;
    }

    const controller = new AbortController();
    let timedOut = false;
    let clientGone = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onClose = () => {
      if (!res.writableFinished) {
        clientGone = true;
        controller.abort();
      }
    };
    res.on('close', onClose);

    const url = typeof config.upstreamUrl === 'function' ? config.upstreamUrl() : config.upstreamUrl;
    const started = performance.now();
    try {
      const upstream = await fetch(url, {
        method: 'POST',
        headers,
        body: limitedBody(req, maxBodyBytes, count) as unknown as BodyInit,
        signal: controller.signal,
        redirect: 'error',
        duplex: 'half',
      } as RequestInit);
      const answer = await readAnswer(upstream.body, MAX_ANSWER_BYTES);
      info.upstreamStatus = upstream.status;
      info.upstreamMs = Math.round(performance.now() - started);

      const out: Record<string, string> = { ...ANSWER_HEADERS, 'x-proxy-request-id': requestId };
      const type = upstream.headers.get('content-type');
      if (type) out['content-type'] = type;
      const retryAfter = upstream.headers.get('retry-after');
      if (retryAfter) out['retry-after'] = retryAfter;
      report(upstream.status);
      sendBody(res, upstream.status, answer, out);
    } catch (error) {
      info.upstreamMs = Math.round(performance.now() - started);
      if (clientGone || res.destroyed) {
        info.error = 'client closed the connection';
        report(499);
        return;
      }
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof BodyTooLarge || error instanceof BodyTooLarge) {
        res.shouldKeepAlive = false;
        req.resume();
        return fail(413, 'INVALID_ARGUMENT', `request body is larger than ${maxBodyBytes} bytes: the image may be at most 5 MB`, { connection: 'close' });
      }
      req.resume();
      if (timedOut) {
        return fail(504, 'INTERNAL_ERROR', `the ID-card API did not answer within ${duration(timeoutMs)}`);
      }
      if (error instanceof AnswerTooLarge) return fail(502, 'INTERNAL_ERROR', 'the ID-card API answered too much data');
      const code = (cause as { code?: unknown } | undefined)?.code;
      info.error = `upstream unreachable${typeof code === 'string' ? ` (${code})` : ''}: ${(error as Error).message}`;
      return fail(502, 'INTERNAL_ERROR', `the ID-card API could not be reached${typeof code === 'string' ? ` (${code})` : ''}`);
    } finally {
      clearTimeout(timer);
      res.off('close', onClose);
    }
  }

  return (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 500, errorBody('INTERNAL_ERROR', 'proxy failure', newRequestId('PXY')), ANSWER_HEADERS);
      }
    });
  };
}
