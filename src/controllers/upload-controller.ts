import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Owns the upload in flight: one at a time, aborted when replaced, cancelled or disconnected. */
export class UploadController implements ReactiveController {
  private controller: AbortController | null = null;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** A signal for a new upload; any upload still in flight is aborted. */
  begin(): AbortSignal {
    this.abort();
    this.controller = new AbortController();
    return this.controller.signal;
  }

  /** Marks the upload with `signal` as finished (a later one is left alone). */
  end(signal: AbortSignal): void {
    if (this.controller?.signal === signal) this.controller = null;
  }

  get inFlight(): boolean {
    return this.controller !== null;
  }

  abort(): void {
    this.controller?.abort();
    this.controller = null;
  }

  hostDisconnected(): void {
    this.abort();
  }
}
