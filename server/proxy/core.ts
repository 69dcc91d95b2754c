/**
 * What the proxy does with one request, whatever serves it: CORS, method, rate limit,
 * content type, size; then the body streamed upstream with the credentials added, under
 * timeouts; then the answer checked and passed back, and one log line written.
 *
 * Transport-free: it takes a `ProxyRequest` and gives a `ProxyAnswer`. `node.ts` adapts it to
 * `(req, res)`, `fetch.ts` to `(Request) => Response`. Web-standard APIs only.
 */
import { AnswerTooLarge, answerStatus, cleanRetryAfter, MAX_ANSWER_BYTES, readAnswer } from './answer.ts';
import { forwardBody, type BodySource, type ForwardedBody } from './body.ts';
import { clientAddress, hashClient, rateLimitKey } from './client.ts';
import {
  DEFAULT_BODY_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_ALLOWED_HEADERS,
  ProxyConfigError,
  type ProxyConfig,
  type ProxyRequestInfo,
} from './config.ts';
import { createCors } from './cors.ts';
import { createIdempotency, IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_PATTERN, type KeptAnswer } from './idempotency.ts';
import { MemoryRateLimitStore } from './rate-limit.ts';
import { ignore } from './ignore.ts';

/** The API's error codes the proxy answers with itself (a subset of `ApiErrorCode`). */
export type ProxyErrorCode =
  'INVALID_ARGUMENT' | 'NOT_FOUND' | 'NO_PERMISSION' | 'RATE_LIMIT_EXCEEDED' | 'INTERNAL_ERROR';

/** One request, as any runtime can describe it. */
export interface ProxyRequest {
  method: string;
  /** Header lookup by lower-case name (a `Headers` object will do). */
  headers: { get(name: string): string | null };
  /** Every header, names lower-cased; read only when `onRequest` is configured. */
  headerRecord(): Record<string, string>;
  body: BodySource | null;
  /** The peer's address, when the runtime knows it. */
  socketAddress: string | null;
  /** The `Host` the request was sent to. Not used to decide who may call (the caller chooses it). */
  host?: string | null;
  /** Aborts when the browser goes away. */
  signal?: AbortSignal;
}

/** What to send back. */
export interface ProxyAnswer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  /** The browser's body was not read to its end (refused early, cut off, stalled). */
  bodyPending: boolean;
  /** The browser went away: there is nobody to answer. */
  clientGone: boolean;
}

export type ProxyHandler = (req: ProxyRequest) => Promise<ProxyAnswer>;

/** Media types of the bodies the API takes: `file` in multipart, `image_base64` in either. */
const ACCEPTED_TYPES = new Set(['multipart/form-data', 'application/x-www-form-urlencoded']);
/** Headers on every answer: results carry personal data, and nothing here is a page. */
const ANSWER_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
} as const;
const JSON_TYPE = 'application/json; charset=utf-8';
const TOKEN = /^[A-Za-z0-9_.-]{1,64}$/;
const DIGITS = /^\d{1,6}$/;
const EMPTY = new Uint8Array(0);

/** A request id in the API's format: a prefix and 32 hex characters. */
export function newRequestId(prefix = 'PXY'): string {
  let hex = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(16))) hex += byte.toString(16).padStart(2, '0');
  return prefix + hex;
}

function duration(ms: number): string {
  return ms < 1000 || ms % 1000 !== 0 ? `${ms} ms` : `${ms / 1000} s`;
}

function errorJson(code: ProxyErrorCode, reason: string, requestId: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ status: code, reason, request_id: requestId }));
}

/** Why the upstream exchange was cut short; the first reason wins. */
type Cut = 'timeout' | 'client' | 'too_large' | 'stalled' | 'shutdown';

/**
 * HTTP statuses passed on from the upstream: the API's (200, 400, 401, 403, 404, 500) and
 * those of gateways in front of it that the widget knows to retry (429, 502, 503, 504).
 * Anything else (999, 299, 418…) is not the API's answer, and a fetch-style runtime could
 * not even build a Response with a status outside 200–599.
 */
const PASSED_STATUSES: ReadonlySet<number> = new Set([200, 400, 401, 403, 404, 429, 500, 502, 503, 504]);

/** Builds the proxy for `config`. */
export function createProxyCore(config: ProxyConfig): ProxyHandler {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBodyBytes = config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const idleMs = config.bodyIdleTimeoutMs ?? DEFAULT_BODY_IDLE_TIMEOUT_MS;
  const trustProxy = config.trustProxy ?? 0;
  const publicOrigins = config.publicOrigins;
  const cors = createCors(
    config.allowedOrigins ?? [],
    config.allowedHeaders ?? DEFAULT_ALLOWED_HEADERS,
    config.upstreamIsMock,
    typeof publicOrigins === 'function' ? publicOrigins : () => publicOrigins ?? [],
  );
  const rateLimit = config.rateLimit ?? null;
  const store = rateLimit ? (rateLimit.store ?? new MemoryRateLimitStore()) : null;
  const passInvalid = config.invalidAnswers === 'pass';
  if (config.redis) {
    throw new ProxyConfigError(
      'DNI_REDIS_URL is set: the Node handler connects to it; with the fetch handler, pass rateLimit.store and idempotency.store',
    );
  }
  const idempotency = config.idempotency === null ? null : createIdempotency(config.idempotency ?? {});
  const doFetch = config.fetch ?? fetch;

  return async function handle(req: ProxyRequest): Promise<ProxyAnswer> {
    const started = performance.now();
    const requestId = newRequestId();
    const sideHeader = req.headers.get('x-dni-side')?.trim();
    const info: ProxyRequestInfo = {
      requestId,
      side: sideHeader === 'front' || sideHeader === 'back' ? sideHeader : null,
      method: req.method,
      headers: config.onRequest ? req.headerRecord() : {},
      status: 0,
      code: null,
      bytes: 0,
      bytesOut: 0,
      upstreamStatus: null,
      upstreamMs: null,
      durationMs: 0,
      upstreamIsMock: config.upstreamIsMock,
      error: null,
    };
    const address = clientAddress(req.socketAddress, req.headers.get('x-forwarded-for'), trustProxy);
    const verdict = cors.check(req.headers.get('origin'), req.headers.get('sec-fetch-site'));
    const base: Record<string, string> = { ...ANSWER_HEADERS, 'x-proxy-request-id': requestId };
    if (cors.enabled) base.vary = 'Origin';
    if (verdict.kind === 'allowed') Object.assign(base, verdict.headers);

    let forwarded: ForwardedBody | null = null;

    const finish = async (
      status: number,
      body: Uint8Array,
      headers: Record<string, string>,
      flags: { clientGone?: boolean } = {},
    ): Promise<ProxyAnswer> => {
      info.status = status;
      info.bytes = forwarded?.bytes ?? 0;
      info.bytesOut = flags.clientGone ? 0 : body.byteLength;
      info.durationMs = Math.round(performance.now() - started);
      try {
        config.onRequest?.(info);
      } catch {
        // A journal that throws must not take the answer down.
      }
      if (config.log) await writeLog(info, address);
      return { status, headers, body, bodyPending: !forwarded?.complete, clientGone: flags.clientGone ?? false };
    };

    const writeLog = async (i: ProxyRequestInfo, client: string | null) => {
      let hashed: string | null = null;
      if (client && config.logClient !== 'omit') {
        try {
          hashed = await hashClient(client, config.logClientKey);
        } catch {
          hashed = null;
        }
      }
      // A fixed list of fields, each a number, a fixed word or an id the proxy made: never a
      // header, a body, an address or text chosen by the browser or the upstream.
      const line = {
        at: new Date().toISOString(),
        msg: 'dni-proxy request',
        requestId: i.requestId,
        method: /^[A-Z]{1,16}$/.test(i.method) ? i.method : 'other',
        side: i.side,
        status: i.status,
        code: i.code,
        upstreamStatus: i.upstreamStatus,
        upstreamMs: i.upstreamMs,
        durationMs: i.durationMs,
        bytesIn: i.bytes,
        bytesOut: i.bytesOut,
        client: hashed,
        error: i.error,
      };
      try {
        config.log!(JSON.stringify(line));
      } catch {
        // A logger that throws must not take the answer down.
      }
    };

    /** The proxy's own answers: always the API's JSON error shape, never a page. */
    const fail = (
      status: number,
      code: ProxyErrorCode,
      reason: string,
      error: string,
      extra: Record<string, string> = {},
    ) => {
      info.error = error;
      info.code = code;
      return finish(status, errorJson(code, reason, requestId), { ...base, 'content-type': JSON_TYPE, ...extra });
    };

    if (req.method === 'OPTIONS') {
      if (verdict.kind === 'allowed') return finish(204, EMPTY, { ...base, ...cors.preflight() });
      if (verdict.kind === 'denied') {
        return fail(403, 'NO_PERMISSION', 'this origin may not call the proxy', 'origin_not_allowed');
      }
      return finish(204, EMPTY, { ...base, allow: 'POST, OPTIONS' });
    }
    if (req.method !== 'POST') {
      return fail(
        405,
        'NOT_FOUND',
        `method ${req.method.slice(0, 16)} is not supported: POST the image`,
        'method_not_allowed',
        {
          allow: 'POST',
        },
      );
    }
    if (verdict.kind === 'denied') {
      return fail(403, 'NO_PERMISSION', 'this origin may not call the proxy', 'origin_not_allowed');
    }

    if (rateLimit && store && address) {
      let decision = null;
      try {
        decision = await store.take(rateLimitKey(address), rateLimit, Date.now());
      } catch {
        // A shared store that is down must not take the proxy down: let the request through.
        info.error = 'rate_limit_store_error';
      }
      if (decision && !decision.allowed) {
        const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
        return fail(
          429,
          'RATE_LIMIT_EXCEEDED',
          `too many requests from this address: try again in ${seconds} s`,
          'rate_limited',
          {
            'retry-after': String(seconds),
          },
        );
      }
    }

    const contentType = req.headers.get('content-type');
    const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!ACCEPTED_TYPES.has(mediaType)) {
      const shown = mediaType
        ? `content type ${JSON.stringify(mediaType.slice(0, 80))}`
        : 'a body without a content type';
      return fail(
        415,
        'INVALID_ARGUMENT',
        `${shown} is not accepted: send multipart/form-data with 'file', or 'image_base64'`,
        'unsupported_media_type',
      );
    }

    const declared = req.headers.get('content-length');
    const declaredBytes = declared !== null && /^\d{1,15}$/.test(declared) ? Number(declared) : null;
    if (declaredBytes !== null && declaredBytes > maxBodyBytes) {
      return fail(
        413,
        'INVALID_ARGUMENT',
        `request body of ${declaredBytes} bytes is larger than ${maxBodyBytes} bytes: the image may be at most 5 MB`,
        'body_too_large',
      );
    }

    const idempotencyKey = idempotency ? (req.headers.get(IDEMPOTENCY_HEADER)?.trim() ?? null) : null;
    if (idempotencyKey !== null && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
      return fail(
        400,
        'INVALID_ARGUMENT',
        'Idempotency-Key must be 16 to 64 letters, digits, - or _',
        'idempotency_key_invalid',
      );
    }

    const headers: Record<string, string> = {
      'x-df-api-id': config.apiId,
      'x-df-api-secret': config.apiSecret,
      'content-type': contentType!,
      accept: 'application/json',
      'user-agent': 'dni-capture-proxy',
    };
    if (declaredBytes !== null) headers['content-length'] = String(declaredBytes);
    if (config.upstreamIsMock) {
      headers['x-proxy-request-id'] = requestId;
      const scenario = req.headers.get('x-mock-scenario')?.trim();
      if (scenario && TOKEN.test(scenario)) headers['x-mock-scenario'] = scenario;
      const delay = req.headers.get('x-mock-delay')?.trim();
      if (delay && DIGITS.test(delay)) headers['x-mock-delay'] = delay;
      if (info.side) headers['x-mock-side'] = info.side;
    }

    // Timers: the upstream's runs while the proxy waits on the upstream (to take the next
    // chunk, or to answer); the browser's idle timer runs while it waits on the browser.
    const controller = new AbortController();
    let cut: Cut | null = null;
    /** With an `Idempotency-Key`: the entry this request fills, and the answer to keep in it. */
    let claim: { id: string; digest: string } | null = null;
    let kept: KeptAnswer | null = null;
    const abort = (why: Cut) => {
      cut ??= why;
      controller.abort();
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waitUpstream = () => {
      clearTimeout(timer);
      timer = setTimeout(() => abort('timeout'), timeoutMs);
    };
    const waitClient = () => clearTimeout(timer);
    // A browser that goes once its body is all here leaves the upstream to answer: its
    // retry (same Idempotency-Key) gets that answer instead of paying again.
    const onClientGone = () => (claim ? void (cut ??= 'client') : abort('client'));
    if (req.signal?.aborted) return finish(499, EMPTY, base, { clientGone: true });
    req.signal?.addEventListener('abort', onClientGone);
    // The server stops at its shutdown deadline: cut, answered 503 and logged, not dropped.
    const onClosing = () => abort('shutdown');
    config.closing?.addEventListener('abort', onClosing);
    if (config.closing?.aborted) abort('shutdown');

    forwarded = req.body
      ? forwardBody(req.body, {
          limit: maxBodyBytes,
          idleTimeoutMs: idleMs,
          onTooLarge: () => abort('too_large'),
          onStall: () => abort('stalled'),
          onSourceError: () => abort('client'),
          onWaitClient: waitClient,
          onWaitUpstream: waitUpstream,
        })
      : null;

    const url = typeof config.upstreamUrl === 'function' ? config.upstreamUrl() : config.upstreamUrl;
    let sent = performance.now();
    waitUpstream();
    try {
      let upstreamBody: ReadableStream<Uint8Array> | Uint8Array = forwarded?.stream ?? EMPTY;
      if (idempotency && idempotencyKey !== null) {
        // The whole body first (bounded as when streamed): its digest tells a retry from a reuse.
        const whole = forwarded ? new Uint8Array(await new Response(forwarded.stream).arrayBuffer()) : EMPTY;
        clearTimeout(timer);
        const found = await idempotency.begin(idempotencyKey, address, whole, contentType, timeoutMs, req.signal);
        if ((cut as Cut | null) === 'client' || req.signal?.aborted)
          return finish(499, EMPTY, base, { clientGone: true });
        if (found.kind === 'replay') {
          const { answer } = found;
          info.code = answerStatus(answer.body);
          const out: Record<string, string> = {
            ...base,
            'content-type': answer.contentType,
            'idempotent-replayed': 'true',
          };
          if (answer.retryAfter) out['retry-after'] = answer.retryAfter;
          return finish(answer.status, answer.body, out);
        }
        if (found.kind === 'mismatch') {
          return fail(
            422,
            'INVALID_ARGUMENT',
            'this Idempotency-Key came with another image: send a new key with a new image',
            'idempotency_key_reused',
          );
        }
        if (found.kind === 'busy') {
          return fail(
            409,
            'INTERNAL_ERROR',
            'a request with this Idempotency-Key is still in progress',
            'idempotency_key_busy',
            {
              'retry-after': '1',
            },
          );
        }
        claim = found;
        upstreamBody = whole;
        sent = performance.now();
        waitUpstream();
      }
      const upstream = await doFetch(url, {
        method: 'POST',
        headers,
        body: upstreamBody,
        signal: controller.signal,
        redirect: 'error',
        duplex: 'half',
      } as RequestInit);
      // Known from the headers: logged even when the answer's body then stalls.
      info.upstreamStatus = upstream.status;
      if (!PASSED_STATUSES.has(upstream.status)) {
        clearTimeout(timer);
        void upstream.body?.cancel().catch(ignore);
        info.upstreamMs = Math.round(performance.now() - sent);
        return fail(
          502,
          'INTERNAL_ERROR',
          'the ID-card API answered with an HTTP status it does not use',
          'upstream_invalid_status',
        );
      }
      const answer = await readAnswer(upstream.body, MAX_ANSWER_BYTES, controller.signal);
      clearTimeout(timer);
      info.upstreamMs = Math.round(performance.now() - sent);

      const code = answerStatus(answer);
      info.code = code;
      const retryAfter = cleanRetryAfter(upstream.headers.get('retry-after'));
      // Kept even when the browser has gone: its retry gets this answer.
      if (claim && code !== null) kept = { status: upstream.status, contentType: JSON_TYPE, retryAfter, body: answer };
      if ((cut as Cut | null) === 'client') return finish(499, EMPTY, base, { clientGone: true });
      const out: Record<string, string> = { ...base };
      if (code === null && !passInvalid) {
        return fail(
          502,
          'INTERNAL_ERROR',
          'the ID-card API answered something other than its JSON',
          'upstream_invalid_answer',
        );
      }
      out['content-type'] =
        code !== null ? JSON_TYPE : (upstream.headers.get('content-type') ?? 'application/octet-stream');
      if (retryAfter) out['retry-after'] = retryAfter;
      return finish(upstream.status, answer, out);
    } catch (error) {
      clearTimeout(timer);
      info.upstreamMs = Math.round(performance.now() - sent);
      switch (cut as Cut | null) {
        case 'client':
          info.error = 'client_closed';
          return finish(499, EMPTY, base, { clientGone: true });
        case 'too_large':
          return fail(
            413,
            'INVALID_ARGUMENT',
            `request body is larger than ${maxBodyBytes} bytes: the image may be at most 5 MB`,
            'body_too_large',
          );
        case 'stalled':
          return fail(
            408,
            'INTERNAL_ERROR',
            `the upload stalled: nothing received for ${duration(idleMs)}`,
            'body_stalled',
          );
        case 'timeout':
          return fail(
            504,
            'INTERNAL_ERROR',
            `the ID-card API did not answer within ${duration(timeoutMs)}`,
            'upstream_timeout',
          );
        case 'shutdown':
          return fail(503, 'INTERNAL_ERROR', 'the proxy is restarting: try again', 'shutdown_cut');
      }
      if (error instanceof AnswerTooLarge) {
        return fail(502, 'INTERNAL_ERROR', 'the ID-card API answered too much data', 'upstream_answer_too_large');
      }
      const cause = (error as { cause?: { code?: unknown } }).cause;
      const code = typeof cause?.code === 'string' && /^[A-Z_]{1,32}$/.test(cause.code) ? cause.code : null;
      return fail(
        502,
        'INTERNAL_ERROR',
        `the ID-card API could not be reached${code ? ` (${code})` : ''}`,
        code ? `upstream_unreachable:${code}` : 'upstream_unreachable',
      );
    } finally {
      clearTimeout(timer);
      // Before the answer leaves, so that a retry the moment it arrives finds it.
      if (claim && idempotency) await idempotency.finish(claim.id, claim.digest, kept);
      req.signal?.removeEventListener('abort', onClientGone);
      config.closing?.removeEventListener('abort', onClosing);
      // The upstream answered before taking the whole body: stop sending it.
      if (forwarded && !forwarded.complete) controller.abort();
    }
  };
}
