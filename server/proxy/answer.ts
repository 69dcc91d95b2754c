/**
 * The upstream's answer: read up to a bound, and checked to be the API's JSON envelope (an
 * object with a string `status`). What is inside (`results`, `card_info`) is the widget's to
 * judge: its parser trusts nothing; the proxy neither reads nor logs it.
 */
import { API_ERROR_CODES } from '../../src/api/types.ts';
import { ignore } from './ignore.ts';

/** Largest upstream answer passed on (the mock's `huge-field` is about 1 MB). */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** Thrown when the upstream answers more than the proxy passes on. */
export class AnswerTooLarge extends Error {}

/** Thrown when `signal` aborted the reading of an answer. */
export class AnswerAborted extends Error {}

/**
 * Reads an upstream body up to `max` bytes. When `signal` aborts, the reader is cancelled
 * here, which closes the upstream connection: Node 20's fetch keeps the signal of a request
 * whose headers have arrived only through a weak reference (nodejs/node#55428), so after a
 * garbage collection aborting it no longer reaches the socket, and an API that stalls after
 * its headers would hold the request (and its socket) forever.
 */
export async function readAnswer(
  body: ReadableStream<Uint8Array> | null,
  max = MAX_ANSWER_BYTES,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  if (signal?.aborted) {
    void body.cancel().catch(ignore);
    throw new AnswerAborted('aborted');
  }
  const reader = body.getReader();
  const onAbort = () => void reader.cancel().catch(ignore);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await readAll(reader, max, signal);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

async function readAll(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  max: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    // A cancelled reader ends as if the body had: not an answer.
    if (signal?.aborted) throw new AnswerAborted('aborted');
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      void reader.cancel().catch(ignore);
      throw new AnswerTooLarge(`upstream answer larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Every `status` the API documents; anything else is logged as `other`. */
const KNOWN_STATUS: ReadonlySet<string> = new Set(['OK', ...API_ERROR_CODES]);

/**
 * The answer's API `status` if the body is the API's JSON envelope (a JSON object whose
 * `status` is a string), else null. A status outside the documented ones reads `other`, so
 * that no text chosen by the upstream reaches a log line.
 */
export function answerStatus(body: Uint8Array): string | null {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(body).replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const status = (value as { status?: unknown }).status;
  if (typeof status !== 'string') return null;
  return KNOWN_STATUS.has(status) ? status : 'other';
}

/** `Retry-After` as seconds or an HTTP date; anything else is dropped. */
export function cleanRetryAfter(value: string | null): string | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d{1,7}$/.test(v)) return v;
  if (/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(v)) return v;
  return null;
}
