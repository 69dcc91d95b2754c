/**
 * The proxy's configuration: its shape, its defaults, and reading it from environment
 * variables with every value checked at start (a `ProxyConfigError` names the variable and
 * what is wrong; it never contains a secret).
 *
 * No Node-only import here: the same module serves the fetch handler on edge runtimes.
 */
import { MOCK_API_ID, MOCK_API_SECRET } from '../mock/credentials.ts';
import type { RateLimitStore } from './rate-limit.ts';
import { DEFAULT_IDEMPOTENCY_TTL_MS, MAX_IDEMPOTENCY_TTL_MS, type IdempotencyOptions } from './idempotency.ts';

export const DEFAULT_API_URL = 'https://cloudapi.peru.accuauth.com/ocr/idcard';
/** How long the upstream may keep the proxy waiting (for it to read the body or answer). */
export const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * Largest body forwarded: a 5,000,000-byte image as `image_base64` (6,666,668 Base64
 * characters) in a urlencoded body, where `+`, `/` and `=` take 3 bytes each (about 6 % more
 * for a photo; 10 % allowed), plus room for the envelope. A `file` part needs less (5,000,000
 * plus the multipart envelope), but the size alone does not tell which field a body carries.
 */
export const DEFAULT_MAX_BODY_BYTES = 7_500_000;
/** How long the browser may go without sending a byte of its body. */
export const DEFAULT_BODY_IDLE_TIMEOUT_MS = 15_000;
/** Token bucket per client address: this many requests at once… */
export const DEFAULT_RATE_LIMIT_BURST = 20;
/** …refilled at this many per minute. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 30;
/** Request headers a cross-origin page may send besides `content-type` and `X-DNI-Side`. */
export const DEFAULT_ALLOWED_HEADERS = ['x-csrf-token'] as const;

export interface RateLimitOptions {
  /** Requests a client may make at once (the bucket's size). */
  burst: number;
  /** Requests per minute the bucket refills with. */
  perMinute: number;
  /** Where buckets live; default an in-memory store (one process). */
  store?: RateLimitStore;
}

export interface ProxyConfig {
  /** Where to forward; a function is read at each request (e.g. the dev server's port). */
  upstreamUrl: string | (() => string);
  apiId: string;
  apiSecret: string;
  /** True when the upstream is the mock: only then are `X-Mock-*` and the side forwarded. */
  upstreamIsMock: boolean;
  /**
   * Upstream timeout: how long the upstream may keep the proxy waiting, i.e. not take the
   * next chunk of the body or not answer once it has it all. Default 30 s → 504.
   */
  timeoutMs?: number;
  /** Largest request body forwarded; default 7,500,000 bytes (a 5 MB image as `image_base64`). Bigger → 413. */
  maxBodyBytes?: number;
  /** The browser's body may pause this long between bytes; default 15 s, then 408. */
  bodyIdleTimeoutMs?: number;
  /** Origins allowed to call the proxy cross-origin (`https://shop.example`); none by default. */
  allowedOrigins?: readonly string[];
  /**
   * The proxy's own public origin(s), where the widget's pages are (`DNI_PUBLIC_ORIGIN`): a
   * browser request from them is same-origin. Never taken from the `Host` header. A function
   * is read at each request (a server's own port). Default none: then only browsers that say
   * `Sec-Fetch-Site: same-origin`, and requests not from a browser, pass (cors.ts).
   */
  publicOrigins?: readonly string[] | (() => readonly string[]);
  /** Request headers cross-origin pages may send besides `content-type`, `X-DNI-Side`; default `X-CSRF-Token`. */
  allowedHeaders?: readonly string[];
  /** Token bucket per client address; `null` turns rate limiting off. Default 20 at once, 30/min. */
  rateLimit?: RateLimitOptions | null;
  /** Answers kept per `Idempotency-Key` (a retry never pays twice); `null` turns it off. Default on, in memory, 120 s. */
  idempotency?: IdempotencyOptions | null;
  /**
   * A Redis shared by every instance for rate limits and idempotency (`DNI_REDIS_URL`). The
   * Node handler connects to it (server/proxy/redis-store.ts); with the fetch handler, pass
   * `rateLimit.store` and `idempotency.store` instead.
   */
  redis?: { url: string; timeoutMs?: number };
  /**
   * How many proxies in front of this one append to `X-Forwarded-For` (0, the default: the
   * header is ignored and the socket's address is the client's).
   */
  trustProxy?: number;
  /** The client address in log lines: `hash` (default, keyed HMAC, not reversible) or `omit`. */
  logClient?: 'hash' | 'omit';
  /** Key for the client hash (the same on every instance, to correlate); default random per process. */
  logClientKey?: string;
  /**
   * What to do with an upstream answer that is not the API's JSON (HTML, text, truncated):
   * `reject` (default): answer 502 `INTERNAL_ERROR`; `pass`: relay it as it came (the dev
   * server does, so the mock's fault scenarios reach the widget's parser).
   */
  invalidAnswers?: 'reject' | 'pass';
  /**
   * Aborted by the server at its shutdown deadline: requests still in flight are cut (the
   * upstream request aborted), answered 503 `INTERNAL_ERROR` and logged `shutdown_cut`.
   */
  closing?: AbortSignal;
  /** Called once per request, just before the answer is sent. */
  onRequest?: (info: ProxyRequestInfo) => void;
  /** Receives one JSON line per request (no headers, no body, no personal data). */
  log?: (line: string) => void;
  /** The `fetch` used to reach the upstream; default the global one. */
  fetch?: typeof fetch;
}

/** What the proxy saw and answered, for the dev server's journal (and `onRequest`). */
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
  /** The API `status` of the answer (`OK`, `DETECTION_FAILED`…), when it was one. */
  code: string | null;
  /** Request body bytes received from the browser. */
  bytes: number;
  /** Answer body bytes sent to the browser. */
  bytesOut: number;
  /** HTTP status of the upstream answer, when there was one. */
  upstreamStatus: number | null;
  /** Milliseconds from sending upstream to having its whole answer, when it was sent. */
  upstreamMs: number | null;
  /** Milliseconds from the request's arrival to the answer. */
  durationMs: number;
  upstreamIsMock: boolean;
  /** What went wrong, as a short fixed code (`upstream_timeout`, `body_too_large`…), if anything. */
  error: string | null;
}

/** A configuration the proxy cannot run with. */
export class ProxyConfigError extends Error {
  override name = 'ProxyConfigError';
}

export interface LoadProxyConfigOptions {
  /** The mock's URL when neither credentials nor `DNI_MOCK_URL` are set. */
  defaultMockUrl?: string | (() => string);
  /** The server's own origins when `DNI_PUBLIC_ORIGIN` is not set (read at each request). */
  defaultPublicOrigins?: () => readonly string[];
}

export type Env = Record<string, string | undefined>;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** A trimmed variable, or undefined when unset or blank. */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

/** A whole number in [min, max] from `name`, or `fallback` when unset. */
export function envInteger(env: Env, name: string, fallback: number, min: number, max: number, unit = ''): number {
  const value = envValue(env, name);
  if (value === undefined) return fallback;
  const n = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) {
    const range = `${min.toLocaleString('en')}–${max.toLocaleString('en')}${unit}`;
    throw new ProxyConfigError(`${name} must be a whole number from ${range}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * `NODE_ENV` names production: `production` or `prod`, in any case. Anything else (unset,
 * `development`, `test`, `staging`) is not, and lets the proxy answer from the mock.
 */
export function isProduction(nodeEnv: string | undefined): boolean {
  const value = nodeEnv?.trim().toLowerCase();
  return value === 'production' || value === 'prod';
}

/** A URL as shown in a message: any user info (a password, a token) replaced by `***`. */
function redactUrl(value: string): string {
  return value.replace(/^([^:/?#]*:\/\/)[^/?#]*@/, '$1***@').replace(/[^\x20-\x7e]/g, '?');
}

function parseUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ProxyConfigError(`${name} must be an http(s) URL, got ${JSON.stringify(redactUrl(value))}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ProxyConfigError(`${name} must be an http(s) URL, got ${JSON.stringify(redactUrl(value))}`);
  }
  if (url.username || url.password) {
    throw new ProxyConfigError(
      `${name} must not hold a user name or password (${JSON.stringify(redactUrl(value))}): the credentials go in DNI_API_ID and DNI_API_SECRET`,
    );
  }
  return url;
}

/**
 * A credential goes in a request header: printable ASCII only. A newline or another control
 * character (a secret pasted with its line end, or quoted wrongly) would make every request
 * fail later as "unreachable"; refused here, naming the variable, never showing the value.
 */
function checkCredential(name: string, value: string | undefined): void {
  if (value === undefined || /^[\x20-\x7e]+$/.test(value)) return;
  throw new ProxyConfigError(
    `${name} holds a control character (a newline, a tab…) or a non-ASCII one: it cannot be sent in a header; set it again (value not shown)`,
  );
}

/** `https://a.example, http://localhost:3000` → checked, normalised origins. */
export function parseOrigins(name: string, value: string | undefined): string[] {
  const out: string[] = [];
  for (const raw of (value ?? '').split(',')) {
    const item = raw.trim().replace(/\/+$/, '');
    if (!item) continue;
    if (item === '*' || item === 'null') {
      throw new ProxyConfigError(`${name} must list origins (e.g. https://shop.example), not ${JSON.stringify(item)}`);
    }
    let origin: string;
    try {
      const url = new URL(item);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
      origin = url.origin;
      if (origin !== item.toLowerCase()) throw new Error('not an origin');
    } catch {
      throw new ProxyConfigError(
        `${name}: ${JSON.stringify(item)} is not an origin (scheme://host[:port], no path), e.g. https://shop.example`,
      );
    }
    out.push(origin);
  }
  return out;
}

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

function parseHeaderNames(name: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  for (const h of names) {
    if (!HEADER_NAME.test(h)) throw new ProxyConfigError(`${name}: ${JSON.stringify(h)} is not a header name`);
  }
  return names.map((h) => h.toLowerCase());
}

/**
 * Reads the proxy's configuration from environment variables and checks every value:
 *
 * - `DNI_API_ID` + `DNI_API_SECRET`: both, or neither (then the mock at `DNI_MOCK_URL` is the
 *   upstream; refused when `NODE_ENV=production`).
 * - `DNI_API_URL`: default the vendor's; https, except to loopback outside production.
 * - `DNI_PROXY_TIMEOUT_MS`, `DNI_BODY_IDLE_TIMEOUT_MS`, `DNI_MAX_BODY_BYTES`.
 * - `DNI_ALLOWED_ORIGINS`, `DNI_ALLOWED_HEADERS` (CORS), `DNI_PUBLIC_ORIGIN` (the proxy's own).
 * - `DNI_RATE_LIMIT_BURST`, `DNI_RATE_LIMIT_PER_MINUTE` (0 turns it off), `DNI_TRUST_PROXY`.
 * - `DNI_LOG_CLIENT` (`hash` | `omit`), `DNI_LOG_CLIENT_KEY`.
 * - `DNI_REDIS_URL`, `DNI_REDIS_TIMEOUT_MS`, `DNI_IDEMPOTENCY_KEY` (required with Redis),
 *   `DNI_IDEMPOTENCY_TTL_MS` (0 turns idempotency off).
 *
 * Throws `ProxyConfigError` on anything inconsistent.
 */
export function loadProxyConfig(env: Env = process.env, options: LoadProxyConfigOptions = {}): ProxyConfig {
  const get = (name: string) => envValue(env, name);
  const production = isProduction(env.NODE_ENV);
  const apiId = get('DNI_API_ID');
  const apiSecret = get('DNI_API_SECRET');
  const apiUrl = get('DNI_API_URL');
  const mockUrl = get('DNI_MOCK_URL');

  const common = {
    timeoutMs: envInteger(env, 'DNI_PROXY_TIMEOUT_MS', DEFAULT_TIMEOUT_MS, 1, 600_000, ' ms'),
    bodyIdleTimeoutMs: envInteger(env, 'DNI_BODY_IDLE_TIMEOUT_MS', DEFAULT_BODY_IDLE_TIMEOUT_MS, 1, 600_000, ' ms'),
    maxBodyBytes: envInteger(env, 'DNI_MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES, 1, 50_000_000, ' bytes'),
    allowedOrigins: parseOrigins('DNI_ALLOWED_ORIGINS', get('DNI_ALLOWED_ORIGINS')),
    ...readPublicOrigins(get('DNI_PUBLIC_ORIGIN'), options.defaultPublicOrigins),
    allowedHeaders: parseHeaderNames('DNI_ALLOWED_HEADERS', get('DNI_ALLOWED_HEADERS')) ?? [...DEFAULT_ALLOWED_HEADERS],
    rateLimit: readRateLimit(env),
    ...readShared(env),
    trustProxy: envInteger(env, 'DNI_TRUST_PROXY', 0, 0, 10, ' (the number of proxies in front of this one)'),
    logClient: readLogClient(get('DNI_LOG_CLIENT')),
    ...(get('DNI_LOG_CLIENT_KEY') !== undefined ? { logClientKey: get('DNI_LOG_CLIENT_KEY')! } : {}),
  };

  if ((apiId === undefined) !== (apiSecret === undefined)) {
    const missing = apiId === undefined ? 'DNI_API_ID' : 'DNI_API_SECRET';
    const present = apiId === undefined ? 'DNI_API_SECRET' : 'DNI_API_ID';
    throw new ProxyConfigError(
      `${present} is set but ${missing} is not: set both to use the ID-card API, or neither to use the mock`,
    );
  }

  if (apiId !== undefined && apiSecret !== undefined) {
    checkCredential('DNI_API_ID', apiId);
    checkCredential('DNI_API_SECRET', apiSecret);
    const url = parseUrl('DNI_API_URL', apiUrl ?? DEFAULT_API_URL);
    if (url.protocol !== 'https:') {
      if (!LOOPBACK.has(url.hostname)) {
        throw new ProxyConfigError(`DNI_API_URL must use https: the credentials would travel in clear to ${url.host}`);
      }
      if (production) {
        throw new ProxyConfigError(
          'DNI_API_URL must use https when NODE_ENV=production (plain http is for local development)',
        );
      }
    }
    return { upstreamUrl: url.href, apiId, apiSecret, upstreamIsMock: false, ...common };
  }

  if (production) {
    throw new ProxyConfigError(
      'NODE_ENV=production but DNI_API_ID and DNI_API_SECRET are not set: the proxy would answer from the mock',
    );
  }
  if (apiUrl !== undefined) {
    throw new ProxyConfigError(
      'DNI_API_URL is set but DNI_API_ID and DNI_API_SECRET are not: without credentials the proxy would answer from the mock',
    );
  }
  const upstreamUrl = mockUrl !== undefined ? parseUrl('DNI_MOCK_URL', mockUrl).href : options.defaultMockUrl;
  if (upstreamUrl === undefined) {
    throw new ProxyConfigError(
      'no credentials and no DNI_MOCK_URL: set DNI_API_ID and DNI_API_SECRET, or DNI_MOCK_URL',
    );
  }
  return { upstreamUrl, apiId: MOCK_API_ID, apiSecret: MOCK_API_SECRET, upstreamIsMock: true, ...common };
}

function readPublicOrigins(
  value: string | undefined,
  fallback: (() => readonly string[]) | undefined,
): Pick<ProxyConfig, 'publicOrigins'> {
  if (value !== undefined) return { publicOrigins: parseOrigins('DNI_PUBLIC_ORIGIN', value) };
  return fallback ? { publicOrigins: fallback } : {};
}

function readRateLimit(env: Env): RateLimitOptions | null {
  const burst = envInteger(env, 'DNI_RATE_LIMIT_BURST', DEFAULT_RATE_LIMIT_BURST, 0, 1_000_000);
  const perMinute = envInteger(env, 'DNI_RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE, 0, 6_000_000);
  if (burst === 0 && perMinute === 0) return null;
  if (burst === 0 || perMinute === 0) {
    throw new ProxyConfigError(
      'DNI_RATE_LIMIT_BURST and DNI_RATE_LIMIT_PER_MINUTE must both be 0 (no rate limit) or both be positive',
    );
  }
  return { burst, perMinute };
}

/** The shared store and the idempotency settings. */
function readShared(env: Env): Pick<ProxyConfig, 'idempotency' | 'redis'> {
  const url = envValue(env, 'DNI_REDIS_URL');
  const timeoutMs = envInteger(env, 'DNI_REDIS_TIMEOUT_MS', 500, 10, 60_000, ' ms');
  const ttlMs = envInteger(env, 'DNI_IDEMPOTENCY_TTL_MS', DEFAULT_IDEMPOTENCY_TTL_MS, 0, MAX_IDEMPOTENCY_TTL_MS, ' ms');
  const secret = envValue(env, 'DNI_IDEMPOTENCY_KEY');
  if (url !== undefined && !/^rediss?:\/\/[^\s]+$/.test(url)) {
    // Not the value: it may hold a password.
    throw new ProxyConfigError('DNI_REDIS_URL must be a redis:// or rediss:// URL');
  }
  if (secret !== undefined && secret.length < 32) {
    throw new ProxyConfigError('DNI_IDEMPOTENCY_KEY must be at least 32 characters (e.g. `openssl rand -base64 32`)');
  }
  if (url !== undefined && ttlMs > 0 && secret === undefined) {
    throw new ProxyConfigError(
      'DNI_REDIS_URL is set but DNI_IDEMPOTENCY_KEY is not: answers kept in Redis are encrypted with it, the same on every instance',
    );
  }
  return {
    idempotency: ttlMs === 0 ? null : { ttlMs, ...(secret !== undefined ? { secret } : {}) },
    ...(url !== undefined ? { redis: { url, timeoutMs } } : {}),
  };
}

function readLogClient(value: string | undefined): 'hash' | 'omit' {
  if (value === undefined || value === 'hash') return 'hash';
  if (value === 'omit') return 'omit';
  throw new ProxyConfigError(`DNI_LOG_CLIENT must be "hash" or "omit", got ${JSON.stringify(value)}`);
}
