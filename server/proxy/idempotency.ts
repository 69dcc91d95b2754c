/**
 * A retry never pays twice: the widget sends an `Idempotency-Key` per photo, and the proxy
 * answers a repeat of the same request (same client, same key, same body) within a short
 * window with the first request's answer instead of calling the API again; a repeat that
 * arrives while the first is still in flight waits for it.
 *
 * - Scope: the entry's id is an HMAC of the client address and the key, so another client
 *   cannot reach an answer by sending the same key; the entry also holds an HMAC of the body,
 *   and the same key with another body is refused (422), never answered from the entry.
 * - What is kept: answers the API gave that a retry would get again (2xx, and 4xx but 408 and
 *   429). A 5xx, a timeout, a cut connection or a rate limit is not kept: the entry is
 *   dropped, so the retry really retries.
 * - Kept encrypted (AES-256-GCM, a fresh IV each, the entry's id as additional data) for at
 *   most `ttlMs` (≤ 2 minutes). Neither the key nor the answer is ever logged.
 *
 * Web-standard APIs only (WebCrypto: the same AES-GCM as `node:crypto`, also on edge runtimes).
 */
import { isTransientHttp } from '../../src/api/errors.ts';

/** The request header. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** A key: 16 to 64 of A–Z a–z 0–9 `-` `_` (a UUID is 36). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** How long an answer is kept, and the most allowed. */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 120_000;
export const MAX_IDEMPOTENCY_TTL_MS = 120_000;

/** An entry, as a store holds it: `pending` while the first request is in flight, then `done`. */
export type IdempotencyEntry =
  { state: 'pending'; digest: string } | { state: 'done'; digest: string; sealed: Uint8Array };

/** Where entries live: this process's memory by default, Redis when configured. */
export interface IdempotencyStore {
  /** Files `pending` under `id` unless an entry is there: returns null when it filed it, else the entry there. */
  claim(id: string, digest: string, ttlMs: number): Promise<IdempotencyEntry | null>;
  /** Replaces `id`'s entry with the answer. */
  complete(id: string, digest: string, sealed: Uint8Array, ttlMs: number): Promise<void>;
  /** Forgets `id` (the first request ended without an answer worth keeping). */
  release(id: string): Promise<void>;
}

export interface MemoryIdempotencyStoreOptions {
  /** Most entries kept; past it the oldest go first. Default 10,000. */
  maxEntries?: number;
  /** Most answer bytes kept; past it the oldest go first. Default 64 MiB. */
  maxBytes?: number;
}

interface MemoryEntry {
  entry: IdempotencyEntry;
  expires: number;
}

/** Entries in this process's memory, bounded in count and bytes, expired on access and on insert. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, MemoryEntry>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private bytes = 0;

  constructor(options: MemoryIdempotencyStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  }

  claim(id: string, digest: string, ttlMs: number): Promise<IdempotencyEntry | null> {
    const now = Date.now();
    const held = this.get(id, now);
    if (held) return Promise.resolve(held);
    this.put(id, { state: 'pending', digest }, now + ttlMs, now);
    return Promise.resolve(null);
  }

  complete(id: string, digest: string, sealed: Uint8Array, ttlMs: number): Promise<void> {
    const now = Date.now();
    this.put(id, { state: 'done', digest, sealed }, now + ttlMs, now);
    return Promise.resolve();
  }

  release(id: string): Promise<void> {
    this.drop(id);
    return Promise.resolve();
  }

  /** Entries held. */
  get size(): number {
    return this.entries.size;
  }

  private get(id: string, now: number): IdempotencyEntry | null {
    const held = this.entries.get(id);
    if (!held) return null;
    if (held.expires <= now) {
      this.drop(id);
      return null;
    }
    return held.entry;
  }

  private put(id: string, entry: IdempotencyEntry, expires: number, now: number): void {
    this.drop(id);
    this.entries.set(id, { entry, expires });
    this.bytes += entry.state === 'done' ? entry.sealed.byteLength : 0;
    for (const [key, held] of this.entries) {
      const over = this.entries.size > this.maxEntries || this.bytes > this.maxBytes;
      if (!over && held.expires > now) break;
      if (key !== id) this.drop(key);
    }
  }

  private drop(id: string): void {
    const held = this.entries.get(id);
    if (!held) return;
    if (held.entry.state === 'done') this.bytes -= held.entry.sealed.byteLength;
    this.entries.delete(id);
  }
}

/** An answer worth giving again. */
export interface KeptAnswer {
  status: number;
  contentType: string;
  retryAfter: string | null;
  body: Uint8Array;
}

/** Whether an answer with this HTTP status is kept: what a retry would get again. */
export function keepable(status: number): boolean {
  return status >= 200 && !isTransientHttp(status);
}

export interface IdempotencyOptions {
  /** Secret the encryption and id keys derive from; random per process when unset (memory store only). */
  secret?: string;
  /** How long answers are kept; default and most 120,000 ms. */
  ttlMs?: number;
  /** Where entries live; default `MemoryIdempotencyStore`. */
  store?: IdempotencyStore;
}

export type Begin =
  /** No entry: this request goes upstream, then `commit` or `release`. */
  | { kind: 'fresh'; id: string; digest: string }
  /** The first request's answer. */
  | { kind: 'replay'; answer: KeptAnswer }
  /** The key was used with another body. */
  | { kind: 'mismatch' }
  /** The first request is still in flight past `waitMs`. */
  | { kind: 'busy' };

export interface Idempotency {
  /** Looks `key` up for this client and body; waits (at most `waitMs`) while the first is in flight. */
  begin(
    key: string,
    client: string | null,
    body: Uint8Array,
    contentType: string | null,
    waitMs: number,
    signal?: AbortSignal,
  ): Promise<Begin>;
  /** Keeps the answer of a `fresh` request (if `keepable`), or forgets the entry. Never throws. */
  finish(id: string, digest: string, answer: KeptAnswer | null): Promise<void>;
}

const POLL_MS = 50;
const encoder = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  let out = '';
  for (const byte of new Uint8Array(bytes)) out += byte.toString(16).padStart(2, '0');
  return out;
}

async function subKey(secret: Uint8Array<ArrayBuffer>, label: string): Promise<Uint8Array<ArrayBuffer>> {
  const input = new Uint8Array(label.length + 1 + secret.byteLength);
  input.set(encoder.encode(label + '\0'));
  input.set(secret, label.length + 1);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', input));
}

/**
 * The body as compared between a request and its retry: a multipart body with its boundary
 * taken out (the browser picks a new one for each send of the same form).
 */
export function comparableBody(body: Uint8Array, contentType: string | null): Uint8Array {
  const boundary = /;\s*boundary="?([^";]{1,200})"?/i.exec(contentType ?? '')?.[1];
  if (!boundary || !/^multipart\/form-data/i.test(contentType ?? '')) return body;
  const marker = encoder.encode(boundary);
  const out = new Uint8Array(body.byteLength);
  let length = 0;
  let from = 0;
  const first = marker[0];
  for (
    let i = body.indexOf(first);
    i !== -1 && i <= body.byteLength - marker.byteLength;
    i = body.indexOf(first, i + 1)
  ) {
    let match = true;
    for (let j = 1; j < marker.byteLength; j++) {
      if (body[i + j] !== marker[j]) {
        match = false;
        break;
      }
    }
    if (!match) continue;
    out.set(body.subarray(from, i), length);
    length += i - from;
    out[length++] = 0; // where a boundary was
    from = i + marker.byteLength;
    i = from - 1;
  }
  out.set(body.subarray(from), length);
  length += body.byteLength - from;
  return out.subarray(0, length);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the lookup for one proxy. */
export function createIdempotency(options: IdempotencyOptions = {}): Idempotency {
  const ttlMs = Math.min(options.ttlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS, MAX_IDEMPOTENCY_TTL_MS);
  const store = options.store ?? new MemoryIdempotencyStore();
  const secret: Uint8Array<ArrayBuffer> =
    options.secret !== undefined ? encoder.encode(options.secret) : crypto.getRandomValues(new Uint8Array(32));
  const keys = (async () => {
    const [mac, aes] = await Promise.all([subKey(secret, 'dni-idempotency-id'), subKey(secret, 'dni-idempotency-aes')]);
    return {
      mac: await crypto.subtle.importKey('raw', mac, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
      aes: await crypto.subtle.importKey('raw', aes, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    };
  })();

  const mac = async (data: Uint8Array<ArrayBuffer>) => hex(await crypto.subtle.sign('HMAC', (await keys).mac, data));

  const seal = async (id: string, answer: KeptAnswer): Promise<Uint8Array> => {
    const head = encoder.encode(JSON.stringify({ s: answer.status, t: answer.contentType, r: answer.retryAfter }));
    const plain = new Uint8Array(4 + head.byteLength + answer.body.byteLength);
    new DataView(plain.buffer).setUint32(0, head.byteLength);
    plain.set(head, 4);
    plain.set(answer.body, 4 + head.byteLength);
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const cipher = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: encoder.encode(id) },
      (await keys).aes,
      plain,
    );
    const out = new Uint8Array(12 + cipher.byteLength);
    out.set(iv);
    out.set(new Uint8Array(cipher), 12);
    return out;
  };

  /** The answer, or null when it does not open (another key, altered, not ours). */
  const open = async (id: string, sealed: Uint8Array): Promise<KeptAnswer | null> => {
    try {
      const iv = sealed.slice(0, 12);
      const plain = new Uint8Array(
        await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv, additionalData: encoder.encode(id) },
          (await keys).aes,
          sealed.slice(12),
        ),
      );
      const length = new DataView(plain.buffer).getUint32(0);
      const head = JSON.parse(new TextDecoder().decode(plain.subarray(4, 4 + length))) as {
        s: number;
        t: string;
        r: string | null;
      };
      return { status: head.s, contentType: head.t, retryAfter: head.r, body: plain.slice(4 + length) };
    } catch {
      return null;
    }
  };

  return {
    async begin(key, client, body, contentType, waitMs, signal) {
      // The client's address and the key, length-prefixed so that no two pairs run together.
      const id = await mac(encoder.encode(`${(client ?? '').length}:${client ?? ''}${key}`));
      const digest = await mac(comparableBody(body, contentType) as Uint8Array<ArrayBuffer>);
      const deadline = Date.now() + waitMs;
      for (;;) {
        const held = await store.claim(id, digest, waitMs + 5_000);
        if (!held) return { kind: 'fresh', id, digest };
        if (held.digest !== digest) return { kind: 'mismatch' };
        if (held.state === 'done') {
          const answer = await open(id, held.sealed);
          if (answer) return { kind: 'replay', answer };
          // Sealed under another secret (a restart without DNI_IDEMPOTENCY_KEY): start again.
          await store.release(id);
          continue;
        }
        if (Date.now() >= deadline || signal?.aborted) return { kind: 'busy' };
        await sleep(POLL_MS);
      }
    },

    async finish(id, digest, answer) {
      try {
        if (answer && keepable(answer.status)) await store.complete(id, digest, await seal(id, answer), ttlMs);
        else await store.release(id);
      } catch {
        // A store that fails only costs a retry its saving.
      }
    },
  };
}
