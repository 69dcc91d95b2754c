/**
 * The dev server's journal: what the proxy and the mock saw of each request, joined by the
 * id the proxy sends to the mock (`X-Proxy-Request-Id`), and tagged by the browser's
 * `X-Test-Id` so a test can read back only its own requests. Bounded: the oldest go first.
 */
import type { MockRequestInfo } from './mock-api.ts';
import type { ProxyRequestInfo } from './proxy.ts';

export interface JournalEntry {
  /** What the proxy saw; null for a request made to the mock directly. */
  proxy: ProxyRequestInfo | null;
  /** What the mock saw; null when the request never reached it (refused, upstream down). */
  mock: MockRequestInfo | null;
}

interface Slot extends JournalEntry {
  testId: string | null;
}

export const DEFAULT_JOURNAL_LIMIT = 500;

/**
 * Headers never kept: the browser's cookies and `Authorization`, and anything named like a
 * credential (the mock's `X-DF-API-SECRET`, CSRF tokens, API keys, sessions). The journal is
 * readable by any page of the dev server; `X-DF-API-ID` stays (it shows the proxy added it).
 */
const CREDENTIAL_HEADER =
  /^(cookie|set-cookie|authorization|proxy-authorization)$|secret|token|passw|session|auth|api-?key|csrf|xsrf|cookie/i;

/** `headers` without the credential-like ones. */
export function journalHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!CREDENTIAL_HEADER.test(name)) out[name] = value;
  return out;
}

export class Journal {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly limit = DEFAULT_JOURNAL_LIMIT) {}

  /** Records the proxy's side of a request. */
  recordProxy(info: ProxyRequestInfo): void {
    const slot = this.slot(info.requestId);
    slot.proxy = { ...info, headers: journalHeaders(info.headers) };
    slot.testId = info.headers['x-test-id'] ?? null;
  }

  /** Records the mock's side of a request, joined to the proxy's by `X-Proxy-Request-Id`. */
  recordMock(info: MockRequestInfo): void {
    const proxyId = info.headers['x-proxy-request-id'];
    const slot = this.slot(proxyId ?? info.requestId);
    slot.mock = { ...info, headers: journalHeaders(info.headers) };
    // A request made to the mock directly is tagged by its own X-Test-Id.
    if (!proxyId) slot.testId = info.headers['x-test-id'] ?? null;
  }

  /** Entries, oldest first; only those tagged `testId` when one is given. */
  list(testId?: string | null): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (const slot of this.slots.values()) {
      if (testId != null && slot.testId !== testId) continue;
      out.push({ proxy: slot.proxy, mock: slot.mock });
    }
    return out;
  }

  /** Forgets everything, or only the entries tagged `testId`. */
  clear(testId?: string | null): void {
    if (testId == null) {
      this.slots.clear();
      return;
    }
    for (const [key, slot] of this.slots) if (slot.testId === testId) this.slots.delete(key);
  }

  get size(): number {
    return this.slots.size;
  }

  private slot(key: string): Slot {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { proxy: null, mock: null, testId: null };
      this.slots.set(key, slot);
      while (this.slots.size > this.limit) {
        const oldest = this.slots.keys().next().value!;
        this.slots.delete(oldest);
      }
    }
    return slot;
  }
}
