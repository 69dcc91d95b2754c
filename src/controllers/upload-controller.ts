import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Owns the upload in flight and the retry waiting after it: one at a time, aborted (and the
 * retry cancelled) when replaced, cancelled, or when the host is disconnected. A retry waits
 * either for a delay (backoff) or for the browser to be back online.
 */
export class UploadController implements ReactiveController {
  #controller: AbortController | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #onlineListener: (() => void) | null = null;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** A signal for a new upload; any upload in flight is aborted and any waiting retry cancelled. */
  begin(): AbortSignal {
    this.abort();
    this.#controller = new AbortController();
    return this.#controller.signal;
  }

  /** Marks the upload with `signal` as finished (a later one is left alone). */
  end(signal: AbortSignal): void {
    if (this.#controller?.signal === signal) this.#controller = null;
  }

  /** Runs `retry` after `ms`, unless aborted first. */
  retryAfter(ms: number, retry: () => void): void {
    this.#cancelRetry();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      retry();
    }, ms);
  }

  /** Runs `retry` when the browser is back online, unless aborted first. */
  retryWhenOnline(retry: () => void): void {
    this.#cancelRetry();
    this.#onlineListener = () => {
      this.#cancelRetry();
      retry();
    };
    window.addEventListener('online', this.#onlineListener);
  }

  abort(): void {
    this.#cancelRetry();
    this.#controller?.abort();
    this.#controller = null;
  }

  hostDisconnected(): void {
    this.abort();
  }

  #cancelRetry(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#onlineListener) window.removeEventListener('online', this.#onlineListener);
    this.#onlineListener = null;
  }
}
