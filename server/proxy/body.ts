/**
 * The browser's body on its way upstream: pulled one chunk at a time (nothing is buffered
 * beyond the chunk in hand), counted, cut off once past the limit, and timed out when the
 * browser stops sending.
 */

import { ignore } from './ignore.ts';

/** A request body as a runtime gives it: a web stream (fetch) or an async iterable (Node). */
export type BodySource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface ForwardBodyOptions {
  /** Most bytes passed on. */
  limit: number;
  /** Longest wait for the browser's next chunk. */
  idleTimeoutMs: number;
  /** Called when the body passes `limit`; the stream then errors. */
  onTooLarge(): void;
  /** Called when the browser sent nothing for `idleTimeoutMs`; the stream then errors. */
  onStall(): void;
  /** Called when reading the browser's body failed (it went away). */
  onSourceError(): void;
  /** The proxy starts waiting on the browser (the upstream has taken everything so far). */
  onWaitClient(): void;
  /** The proxy has handed a chunk over, or the end, and waits on the upstream again. */
  onWaitUpstream(): void;
}

export interface ForwardedBody {
  stream: ReadableStream<Uint8Array>;
  /** Bytes received from the browser so far. */
  readonly bytes: number;
  /** Whether the browser's body was read to its end. */
  readonly complete: boolean;
}

interface Pull {
  next(): Promise<IteratorResult<Uint8Array, unknown>>;
  stop(): void;
}

function puller(source: BodySource): Pull {
  if ('getReader' in source) {
    const reader = source.getReader();
    return {
      next: () => reader.read(),
      stop: () => void reader.cancel().catch(ignore),
    };
  }
  const iterator = source[Symbol.asyncIterator]();
  return {
    next: () => iterator.next(),
    stop: () => void iterator.return?.().catch(ignore),
  };
}

class Stalled extends Error {}

/** Chunks held ahead of the upstream (Node's are at most 64 KiB each). */
const READ_AHEAD = 4;

/** Wraps `source` as the stream given to the upstream `fetch`. */
export function forwardBody(source: BodySource, options: ForwardBodyOptions): ForwardedBody {
  let bytes = 0;
  let complete = false;
  let pull: Pull | null = null;

  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        pull ??= puller(source);
        options.onWaitClient();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const idle = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Stalled()), options.idleTimeoutMs);
        });
        const next = pull.next();
        next.catch(ignore); // it may settle after the race is lost to the idle timer
        try {
          const { value, done } = await Promise.race([next, idle]);
          if (done) {
            complete = true;
            controller.close();
            options.onWaitUpstream();
            return;
          }
          bytes += value.byteLength;
          if (bytes > options.limit) {
            pull.stop();
            options.onTooLarge();
            controller.error(new Error('request body too large'));
            return;
          }
          controller.enqueue(value);
          options.onWaitUpstream();
        } catch (error) {
          pull.stop();
          if (error instanceof Stalled) options.onStall();
          else options.onSourceError();
          controller.error(error);
        } finally {
          clearTimeout(timer);
        }
      },
      cancel() {
        pull?.stop();
      },
    },
    // Read ahead by a few chunks (at most READ_AHEAD × the socket's chunk size held per
    // request), so that the browser's socket and the upstream's are not read and written in
    // turn: the upload to the upstream proceeds while the next chunk arrives.
    { highWaterMark: READ_AHEAD },
  );

  return {
    stream,
    get bytes() {
      return bytes;
    },
    get complete() {
      return complete;
    },
  };
}
