/**
 * The page's side of a request/response worker, shared by the image workers (src/image/encoder.ts)
 * and the quality worker (src/quality/quality-controller.ts). It numbers each request and matches
 * the answer to it, learns when the worker's modules have loaded (the worker posts
 * `{ ready: true }` once), and turns every way a worker can fail into a rejected request with a
 * `WorkerFailure`: the worker fails to load or crashes (`error`), an answer cannot be read
 * (`messageerror`), a request cannot be sent (`postMessage` throws, e.g. a `DataCloneError`: only
 * that request fails), or the worker is terminated. What to do then (load a new worker, do the
 * work on the page's thread, go without) is the caller's decision.
 */

/** What a worker posts once, when every one of its modules has loaded. */
export interface ReadyMessage {
  ready: true;
}

/**
 * How a request failed:
 * - `crashed`: the worker failed to load or threw outside a request (its `error` event);
 * - `unreadable`: an answer could not be deserialised (`messageerror`);
 * - `not-sent`: the request never reached the worker: `postMessage` threw (a value that cannot be
 *   cloned or transferred), or the worker had already failed or been terminated. Nothing was
 *   transferred: the caller still owns what it listed in `transfer`;
 * - `terminated`: the caller terminated the worker while the request was in flight.
 */
export type WorkerFailureKind = 'crashed' | 'unreadable' | 'not-sent' | 'terminated';

/** Why a request to a worker has no answer. */
export class WorkerFailure extends Error {
  override readonly name = 'WorkerFailure';

  constructor(
    readonly kind: WorkerFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** Every request and answer carries the id the client gave the request. */
interface Numbered {
  id: number;
}

/** A request as the caller writes it: the client adds the id. */
export type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface WorkerClientOptions {
  /**
   * Called once, when the worker has failed (`crashed` or `unreadable`), after every pending
   * request was rejected and the worker terminated. Not called for `terminate()`.
   */
  onFailure?: (failure: WorkerFailure) => void;
}

interface Pending<Res> {
  resolve: (response: Res) => void;
  reject: (failure: WorkerFailure) => void;
}

function isReady(data: unknown): data is ReadyMessage {
  return typeof data === 'object' && data !== null && (data as Partial<ReadyMessage>).ready === true;
}

/** One worker and the requests in flight to it. A client whose worker failed or was terminated stays closed. */
export class WorkerClient<Req extends Numbered, Res extends Numbered> {
  /**
   * A client for the worker `create` makes, or `null` if it cannot be made here (no `Worker`, or
   * the constructor throws: a CSP that forbids it, a browser without module workers). Pass
   * `() => new Worker(new URL('./x.worker.ts', import.meta.url), { type: 'module' })` written out
   * in the caller's module: bundlers find the worker's file from that literal expression only.
   */
  static open<Req extends Numbered, Res extends Numbered>(
    create: () => Worker,
    options: WorkerClientOptions = {},
  ): WorkerClient<Req, Res> | null {
    if (typeof Worker !== 'function') return null;
    let worker: Worker;
    try {
      worker = create();
    } catch {
      return null;
    }
    return new WorkerClient<Req, Res>(worker, options);
  }

  /** Resolves true when the worker says it has loaded, false if it fails or is terminated first. */
  readonly ready: Promise<boolean>;
  #settleReady: (loaded: boolean) => void = () => undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending<Res>>();
  /** Why the worker stopped, once it has. */
  #closed: string | null = null;
  readonly #listening = new AbortController();

  readonly #worker: Worker;
  readonly #options: WorkerClientOptions;

  private constructor(worker: Worker, options: WorkerClientOptions) {
    this.#worker = worker;
    this.#options = options;
    this.ready = new Promise<boolean>((resolve) => (this.#settleReady = resolve));
    // The handler properties, not listeners: a stand-in Worker (a test's) may only call those.
    worker.onmessage = (event: MessageEvent<unknown>) => this.#receive(event.data);
    worker.onerror = (event) => {
      // Handled here: not an uncaught error of the page.
      event.preventDefault();
      const why = event.message ? `the worker failed: ${event.message}` : 'the worker failed';
      this.#fail(new WorkerFailure('crashed', why));
    };
    // A listener: Chromium's onmessageerror property does not see every messageerror event.
    worker.addEventListener(
      'messageerror',
      () => this.#fail(new WorkerFailure('unreadable', 'an answer of the worker could not be read')),
      { signal: this.#listening.signal },
    );
  }

  /** Whether the worker failed or was terminated: every request now fails at once, `not-sent`. */
  get isClosed(): boolean {
    return this.#closed !== null;
  }

  /**
   * Sends one request (the client numbers it) and resolves with the worker's answer to it, or
   * rejects with a `WorkerFailure`. `transfer` lists what moves to the worker instead of being
   * copied; when the request cannot be sent, nothing was transferred and the caller still owns it.
   */
  request(message: WithoutId<Req>, transfer: Transferable[] = []): Promise<Res> {
    if (this.#closed !== null) {
      return Promise.reject(new WorkerFailure('not-sent', `the worker has stopped (${this.#closed})`));
    }
    const id = this.#nextId++;
    return new Promise<Res>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      try {
        this.#worker.postMessage({ ...message, id }, transfer);
      } catch (error) {
        this.#pending.delete(id);
        const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        reject(new WorkerFailure('not-sent', `the request could not be sent (${why})`));
      }
    });
  }

  /** Stops the worker; requests in flight, and any made later, reject with a `terminated` failure. */
  terminate(reason = 'the worker was terminated'): void {
    if (this.#closed !== null) return;
    this.#close(new WorkerFailure('terminated', reason));
  }

  #receive(data: unknown): void {
    if (isReady(data)) {
      this.#settleReady(true);
      return;
    }
    const id = typeof data === 'object' && data !== null ? (data as Partial<Numbered>).id : undefined;
    const pending = typeof id === 'number' ? this.#pending.get(id) : undefined;
    if (!pending) return;
    this.#pending.delete(id!);
    pending.resolve(data as Res);
  }

  #fail(failure: WorkerFailure): void {
    if (this.#closed !== null) return;
    this.#close(failure);
    this.#options.onFailure?.(failure);
  }

  #close(failure: WorkerFailure): void {
    this.#closed = failure.message;
    this.#worker.onmessage = null;
    this.#worker.onerror = null;
    this.#listening.abort();
    this.#worker.terminate();
    this.#settleReady(false);
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(failure);
  }
}
