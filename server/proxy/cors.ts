/**
 * Who may call the proxy, and CORS: an allowlist of origins, never a wildcard, never
 * credentials (the widget sends no cookies: `withCredentials = false`).
 *
 * A multipart POST needs no preflight, so any page could make its visitors' browsers spend
 * the API quota through the proxy: every request a browser marks as from another origin is
 * refused before it costs an API call. Allowed:
 * - an origin in the allowlist (`DNI_ALLOWED_ORIGINS`): with the CORS headers;
 * - the proxy's own public origin(s) (`DNI_PUBLIC_ORIGIN`; the standalone and dev servers
 *   default to their own), never guessed from the `Host` header, which the caller chooses;
 * - a request the browser itself marks `Sec-Fetch-Site: same-origin` (a page cannot set it);
 * - a request with neither `Origin` nor `Sec-Fetch-Site`: not from a browser (curl, a server),
 *   which could send any header it likes anyway.
 * Refused: `Origin: null`, `Sec-Fetch-Site: cross-site` or `same-site` (unless allowlisted),
 * any other origin.
 */

/** Response headers a cross-origin page may read (Retry-After is not safelisted). */
const EXPOSED = 'retry-after, x-proxy-request-id';
/** Headers the widget always sends. */
const WIDGET_HEADERS = ['content-type', 'x-dni-side', 'idempotency-key'];
/** Headers the demo and the tests send, allowed only when the upstream is the mock. */
const MOCK_HEADERS = ['x-mock-scenario', 'x-mock-delay', 'x-test-id'];
/** How long a browser may cache a preflight answer. */
const MAX_AGE_SECONDS = 600;

export type CorsVerdict =
  /** The proxy's own origin, or not a browser: nothing to add. */
  | { kind: 'same-origin' }
  /** A listed origin: add `headers` to the answer. */
  | { kind: 'allowed'; headers: Record<string, string> }
  /** Another origin, or a browser saying the page is another site's: refuse. */
  | { kind: 'denied' };

export interface Cors {
  /** Whether an allowlist is configured. */
  readonly enabled: boolean;
  /** `origin` and `fetchSite` are the request's `Origin` and `Sec-Fetch-Site`. */
  check(origin: string | null, fetchSite: string | null): CorsVerdict;
  /** Headers of the answer to an allowed preflight. */
  preflight(): Record<string, string>;
}

/**
 * Who may call the proxy, in one sentence for the start-up message: `own` are the proxy's
 * public origins, `listed` the CORS allowlist.
 */
export function describeCallers(own: readonly string[], listed: readonly string[]): string {
  const parts: string[] = [];
  if (own.length) parts.push(`pages of ${own.join(', ')} (DNI_PUBLIC_ORIGIN)`);
  if (listed.length) parts.push(`pages of ${listed.join(', ')} (DNI_ALLOWED_ORIGINS, with CORS)`);
  parts.push(
    'pages a browser marks Sec-Fetch-Site: same-origin',
    'requests not from a browser (no Origin, no Sec-Fetch-Site)',
  );
  return `callers allowed: ${parts.join('; ')}. Every other origin, Origin: null and Sec-Fetch-Site: cross-site are refused (403)`;
}

export function createCors(
  origins: readonly string[],
  extraHeaders: readonly string[],
  upstreamIsMock: boolean,
  publicOrigins: () => readonly string[] = () => [],
): Cors {
  const allowed = new Set(origins.map((o) => o.toLowerCase()));
  const headers = [
    ...new Set([
      ...WIDGET_HEADERS,
      ...extraHeaders.map((h) => h.toLowerCase()),
      ...(upstreamIsMock ? MOCK_HEADERS : []),
    ]),
  ];
  const enabled = allowed.size > 0;

  return {
    enabled,
    check(origin, fetchSite) {
      const o = nonBlank(origin?.trim().toLowerCase());
      const site = nonBlank(fetchSite?.trim().toLowerCase());
      if (o === 'null') return { kind: 'denied' };
      if (o !== null && allowed.has(o)) {
        return {
          kind: 'allowed',
          headers: { 'access-control-allow-origin': origin!, 'access-control-expose-headers': EXPOSED, vary: 'Origin' },
        };
      }
      if (site === 'cross-site' || site === 'same-site') return { kind: 'denied' };
      if (o === null) return { kind: 'same-origin' };
      if (site === 'same-origin' || publicOrigins().some((p) => p.toLowerCase() === o)) return { kind: 'same-origin' };
      return { kind: 'denied' };
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

/** A header's value, or null when absent or blank. */
function nonBlank(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}
