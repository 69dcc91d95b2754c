import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Owns object URLs made for previews: revokes them when replaced, cleared, or disconnected. */
export class ObjectUrlController implements ReactiveController {
  private readonly urls = new Map<string, string>();

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** An object URL for `blob` under `key`, revoking the one `key` had before. */
  set(key: string, blob: Blob): string {
    this.revoke(key);
    const url = URL.createObjectURL(blob);
    this.urls.set(key, url);
    return url;
  }

  get(key: string): string | undefined {
    return this.urls.get(key);
  }

  revoke(key: string): void {
    const url = this.urls.get(key);
    if (url) URL.revokeObjectURL(url);
    this.urls.delete(key);
  }

  revokeAll(): void {
    for (const key of [...this.urls.keys()]) this.revoke(key);
  }

  hostDisconnected(): void {
    this.revokeAll();
  }
}
