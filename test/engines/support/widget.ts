/**
 * The demo page's `<dni-capture id="widget">` in an engine Playwright cannot drive: its parts,
 * the events it fired (recorded by the server's recorder script), the CSP violations and the
 * dev server's journal of what the proxy and the mock received for this test.
 */
import type { JournalEntry } from '../../../server/journal.ts';
import type { EnginePage } from './browser.ts';

export type { JournalEntry };

export interface RecordedEvent {
  type: string;
  detail: Record<string, unknown>;
  time: number;
}

/** Step timeouts, wider than the Chromium tests': these engines share two busy cores and start slower. */
export const STEP = { camera: 20_000, upload: 30_000, ui: 10_000 } as const;

/** The widget, from page code: `el` and `part(name)` are in scope of every `run()` body here. */
const PRELUDE = `
  const el = document.querySelector('dni-capture#widget');
  const part = (name) => el.shadowRoot.querySelector('[part~="' + name + '"]');
`;

export class Widget {
  constructor(
    readonly page: EnginePage,
    readonly origin: string,
    /** Tags this test's requests in the dev server's journal (`X-Test-Id`). */
    readonly testId: string,
  ) {}

  /** Runs `body` with `el` (the widget) and `part(name)` defined. */
  run<T>(body: string, ...args: unknown[]): Promise<T> {
    return this.page.run<T>(PRELUDE + body, ...args);
  }

  /** Opens the demo (auto-capture off unless asked) and waits for the element to upgrade. */
  async open(query = '?auto-capture=off'): Promise<void> {
    await this.page.goto(`${this.origin}/${query}`);
    await this.page.run(`await customElements.whenDefined('dni-capture');`);
  }

  /** Sets the widget's `headers`: the mock scenario plus this test's id. */
  async useScenario(scenario: string): Promise<void> {
    await this.run(`el.headers = args[0];`, { 'X-Mock-Scenario': scenario, 'X-Test-Id': this.testId });
  }

  async events(type?: string): Promise<RecordedEvent[]> {
    const all = await this.page.run<RecordedEvent[]>(`return window.__events;`);
    return type ? all.filter((e) => e.type === type) : all;
  }

  /** Waits until `count` events of `type` fired and returns the last one's detail; on timeout lists every event seen. */
  async waitForEvent(
    type: string,
    { count = 1, timeout = STEP.upload }: { count?: number; timeout?: number } = {},
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const all = await this.events();
      const matching = all.filter((e) => e.type === type);
      if (matching.length >= count) return matching[count - 1].detail;
      if (Date.now() > deadline) {
        const seen = all
          .filter((e) => e.type !== 'dni-quality')
          .map((e) => `${e.type} ${JSON.stringify(e.detail).slice(0, 300)}`);
        throw new Error(`timed out waiting for ${count} × ${type}; events so far:\n  ${seen.join('\n  ') || 'none'}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** Waits until `body` (page code, with `el` and `part`) returns something truthy, and returns it. */
  async waitFor<T>(body: string, what: string, timeout: number = STEP.ui): Promise<T> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await this.run<T>(body);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** Presses a shadow part's button once it is enabled. */
  async press(name: string, timeout: number = STEP.camera): Promise<void> {
    await this.waitFor(
      `const b = part(${JSON.stringify(name)}); return !!b && !b.disabled;`,
      `${name} enabled`,
      timeout,
    );
    await this.run(`part(${JSON.stringify(name)}).click();`);
  }

  /** The text of a shadow part, trimmed ('' when absent). */
  text(name: string): Promise<string> {
    return this.run(`return part(${JSON.stringify(name)})?.textContent.trim() ?? '';`);
  }

  /** Remembers the live preview's stream as `window.__streams[i]` (to check its tracks later). */
  async keepStream(): Promise<number> {
    return this.run(`
      const stream = part('video')?.srcObject;
      if (!(stream instanceof MediaStream)) throw new Error('no live stream in the video part');
      (window.__streams ??= []).push(stream);
      return window.__streams.length - 1;
    `);
  }

  /** The readyState of every track of a remembered stream. */
  trackStates(index: number): Promise<string[]> {
    return this.run(`return window.__streams[args[0]].getTracks().map((t) => t.readyState);`, index);
  }

  /**
   * Picks a file through the file input, as a person choosing one does: the input's `files`
   * set and its `change` fired (the drivers' native file choosers differ; this is the input's
   * own path). `make` is page code returning `{ bytes: Blob, name, type }`.
   */
  async pickFile(make: string): Promise<void> {
    await this.run(`
      const made = await (async () => { ${make} })();
      const file = new File([made.bytes], made.name, { type: made.type });
      const input = part('file-input');
      const transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    `);
  }

  /** CSP violations the page reported. */
  violations(): Promise<string[]> {
    return this.page.run(`return window.__violations;`);
  }

  /** Origins of every resource the page fetched (Resource Timing), its own excluded. */
  foreignOrigins(): Promise<string[]> {
    return this.page.run(`
      const urls = [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)];
      return [...new Set(urls.map((u) => new URL(u).origin))].filter(
        (o) => o !== location.origin && o !== 'null' && !o.startsWith('blob:') && !o.startsWith('data:'),
      );
    `);
  }

  /** What the proxy and the mock saw of this test's requests, once `count` arrived. */
  async journal(count: number): Promise<JournalEntry[]> {
    const deadline = Date.now() + STEP.ui;
    for (;;) {
      const res = await fetch(`${this.origin}/__journal?testId=${encodeURIComponent(this.testId)}`);
      const entries = (await res.json()) as JournalEntry[];
      if (entries.length >= count && entries.every((e) => e.mock?.status ?? e.proxy?.status)) return entries;
      if (Date.now() > deadline) throw new Error(`the journal has ${entries.length} of ${count} requests`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}
