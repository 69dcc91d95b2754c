/**
 * CORS for the proxy: an allowlist of origins, never a wildcard, never credentials (the
 * widget sends no cookies: `withCredentials = false`).
 *
 * With no allowlist, the proxy adds no CORS header: only same-origin pages can read its
 * answers. With one, listed origins get the headers and a preflight answer; a request from
 * any other origin (and not from the proxy's own) is refused before it costs an API call.
 */

/** Response headers a cross-origin page may read (Retry-After is not safelisted). */
const EXPOSED = 'retry-after, x-proxy-request-id';
/** Headers the widget always sends. */
const WIDGET_HEADERS = ['content-type', 'x-dni-side'];
/** Headers the demo and the tests send, allowed only when the upstream is the mock. */
const MOCK_HEADERS = ['x-mock-scenario', 'x-mock-delay', 'x-test-id'];
/** How long a browser may cache a preflight answer. */
const MAX_AGE_SECONDS = 600;

export type CorsVerdict =
  /** No `Origin`, or the proxy's own: nothing to add. */
  | { kind: 'same-origin' }
  /** A listed origin: add `headers` to the answer. */
  | { kind: 'allowed'; headers: Record<string, string> }
  /** Another origin: refuse. */
  | { kind: 'denied'; origin: string };

export interface Cors {
  /** Whether an allowlist is configured. */
  readonly enabled: boolean;
  check(origin: string | null, host: string | null): CorsVerdict;
  /** Headers of the answer to an allowed preflight. */
  preflight(): Record<string, string>;
}

export function createCors(origins: readonly string[], extraHeaders: readonly string[], upstreamIsMock: boolean): Cors {
  const allowed = new Set(origins.map((o) => o.toLowerCase()));
  const headers = [...new Set([...WIDGET_HEADERS, ...extraHeaders.map((h) => h.toLowerCase()), ...(upstreamIsMock ? MOCK_HEADERS : [])])];
  const enabled = allowed.size > 0;

  return {
    enabled,
    check(origin, host) {
      if (!origin || !enabled) return { kind: 'same-origin' };
      const o = origin.toLowerCase();
      if (allowed.has(o)) {
        return { kind: 'allowed', headers: { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED, vary: 'Origin' } };
      }
      if (host && sameHost(o, host.toLowerCase())) return { kind: 'same-origin' };
      return { kind: 'denied', origin };
    },
    preflight() {
      return {
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': headers.join(', '),
        'access-control-max-age': String(MAX_AGE_SECONDS),
      };
    },
  };
}

/** Whether `origin` names the host the request was sent to (a same-origin POST carries `Origin` too). */
function sameHost(origin: string, host: string): boolean {
  try {
    const url = new URL(origin);
    return url.host === host || url.host === host.replace(/:(80|443)$/, '');
  } catch {
    return false;
  }
}
