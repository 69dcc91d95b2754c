/**
 * Sends one side of the card to the integrator's proxy. XMLHttpRequest, not fetch, because
 * only XHR reports upload progress. Every way a request can end becomes an outcome: this
 * never rejects, whatever the network or the server does.
 */
import { clientFailure } from './errors.js';
import { parseApiResponse, type ParseOutcome } from './parse.js';
import type { Side } from './types.js';

export { newIdempotencyKey } from './idempotency.js';

export interface SendSideOptions {
  /** The proxy URL. */
  url: string;
  side: Side;
  /** The image (or PDF) to send, as the multipart field `file`. */
  blob: Blob;
  /** The file name of the `file` part, e.g. `front.jpg`. */
  fileName: string;
  /** Extra request headers for the proxy (a CSRF token, say). API credentials are dropped. */
  headers?: Record<string, string>;
  /** Time for the whole request, upload included, in milliseconds. Default 30,000. */
  timeoutMs?: number;
  /** Aborting it cancels the request; the outcome is then `ABORTED`. */
  signal?: AbortSignal;
  /** Bytes of the request body sent so far. */
  onProgress?: (loaded: number, total: number) => void;
  /** Pixel size of `blob`, to check `face_region` against. */
  image?: { width: number; height: number };
  /**
   * Sent as `Idempotency-Key`: one per photo, the same on every retry of it, so that the proxy
   * answers a retry of a request it already sent on with that answer (the API is paid once).
   */
  idempotencyKey?: string;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Headers a caller may not set: the API credentials (the proxy adds them; a browser must never
 * hold them), the side (ours to set) and the body's framing (the browser's to set).
 */
const BLOCKED_HEADERS: ReadonlySet<string> = new Set([
  'x-df-api-id',
  'x-df-api-secret',
  'x-dni-side',
  'idempotency-key',
  'content-type',
  'content-length',
]);

function failed(code: 'NETWORK_ERROR' | 'TIMEOUT' | 'ABORTED', reason: string): ParseOutcome {
  return { ok: false, failure: clientFailure(code, reason), body: null };
}

/** POSTs one side as `multipart/form-data` (`file`, `detect_face=1`) and parses the answer. */
export function sendSide(options: SendSideOptions): Promise<ParseOutcome> {
  const { url, side, blob, fileName, headers, signal, onProgress, image, idempotencyKey } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return new Promise<ParseOutcome>((resolve) => {
    if (signal?.aborted) {
      resolve(failed('ABORTED', 'the upload was cancelled before it started'));
      return;
    }
    const xhr = new XMLHttpRequest();
    let settled = false;
    const onAbortSignal = (): void => xhr.abort();
    const settle = (outcome: ParseOutcome): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbortSignal);
      resolve(outcome);
    };

    xhr.onload = () => {
      settle(
        parseApiResponse(xhr.status, xhr.responseText, image, { retryAfter: xhr.getResponseHeader('Retry-After') }),
      );
    };
    xhr.onerror = () => {
      const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
      settle(
        failed('NETWORK_ERROR', offline ? 'the device is offline' : 'the request failed before an answer arrived'),
      );
    };
    xhr.ontimeout = () => settle(failed('TIMEOUT', `no answer within ${timeoutMs} ms`));
    xhr.onabort = () => settle(failed('ABORTED', 'the upload was cancelled'));
    if (onProgress) {
      xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : blob.size);
    }

    try {
      xhr.open('POST', url, true);
      xhr.responseType = 'text';
      xhr.withCredentials = false;
      if (timeoutMs > 0 && Number.isFinite(timeoutMs)) xhr.timeout = timeoutMs;
      for (const [name, value] of Object.entries(headers ?? {})) {
        if (typeof value !== 'string' || BLOCKED_HEADERS.has(name.trim().toLowerCase())) continue;
        try {
          xhr.setRequestHeader(name, value);
        } catch {
          // An invalid header name or value: leave it out rather than lose the upload.
        }
      }
      xhr.setRequestHeader('X-DNI-Side', side);
      if (idempotencyKey) xhr.setRequestHeader('Idempotency-Key', idempotencyKey);
      const form = new FormData();
      form.append('file', blob, fileName);
      form.append('detect_face', '1');
      signal?.addEventListener('abort', onAbortSignal, { once: true });
      xhr.send(form);
    } catch (error) {
      settle(
        failed(
          'NETWORK_ERROR',
          `the request could not be sent: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  });
}
