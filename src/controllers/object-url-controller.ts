import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Owns object URLs made for previews: revokes them when replaced, cleared, or disconnected. */
export class ObjectUrlController implements ReactiveController {
  readonly #urls = new Map<string, string>();
  /** The blob each URL of `show()` was made for. */
  readonly #blobs = new Map<string, Blob>();

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** An object URL for `blob` under `key`, revoking the one `key` had before. */
  set(key: string, blob: Blob): string {
    this.revoke(key);
    const url = URL.createObjectURL(blob);
    this.#urls.set(key, url);
    return url;
  }

  /** An object URL for `blob` under `key`: the one it has if it is of this very blob, else a new one. */
  show(key: string, blob: Blob): string {
    const kept = this.#urls.get(key);
    if (kept && this.#blobs.get(key) === blob) return kept;
    const url = this.set(key, blob);
    this.#blobs.set(key, blob);
    return url;
  }

  get(key: string): string | undefined {
    return this.#urls.get(key);
  }

  revoke(key: string): void {
    const url = this.#urls.get(key);
    if (url) URL.revokeObjectURL(url);
    this.#urls.delete(key);
    this.#blobs.delete(key);
  }

  revokeAll(): void {
    for (const key of [...this.#urls.keys()]) this.revoke(key);
  }

  hostDisconnected(): void {
    this.revokeAll();
  }
}
