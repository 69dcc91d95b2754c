/**
 * The demo page's `<dni-capture id="widget">` as a test sees it: its parts, the events it
 * fired (recorded in the page from the first script on), its request headers, and the dev
 * server's journal of what the proxy and the mock received for this test.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { JournalEntry } from '../../../server/journal.ts';
import { DNI_EVENT_NAMES, type DniEventMap, type DniEventName } from '../../../src/events.ts';

export type { JournalEntry };

export const EVENT_TYPES = DNI_EVENT_NAMES;

/** A recorded blob: what a test can know about it from outside the page. */
export interface BlobSummary {
  size: number;
  type: string;
  /** hex SHA-256 of the bytes, filled in asynchronously. */
  sha256?: string;
}

/** An event's detail as recorded: any Blob replaced by its summary. */
export type Recorded<K extends DniEventName> = {
  [P in keyof DniEventMap[K]]: DniEventMap[K][P] extends Blob ? BlobSummary : DniEventMap[K][P];
};

export interface RecordedEvent {
  type: DniEventName;
  detail: Record<string, unknown>;
  /** performance.now() when it fired. */
  time: number;
}

/** Step timeouts: a camera or an upload either happens within seconds or not at all. */
export const STEP = { camera: 8_000, upload: 10_000, ui: 5_000 } as const;

/** Runs in the page before any of its scripts: records every widget event in `window.__events`. */
function recordEvents(types: readonly string[]): void {
  const w = window as unknown as { __events: RecordedEvent[] };
  w.__events = [];
  const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
  for (const type of types) {
    document.addEventListener(
      type,
      (event) => {
        const detail: Record<string, unknown> = {
          ...((event as CustomEvent<Record<string, unknown> | null>).detail ?? {}),
        };
        for (const [key, value] of Object.entries(detail)) {
          if (value instanceof Blob) {
            const summary: BlobSummary = { size: value.size, type: value.type };
            detail[key] = summary;
            void value
              .arrayBuffer()
              .then((bytes) => crypto.subtle.digest('SHA-256', bytes))
              .then((digest) => {
                summary.sha256 = hex(digest);
              });
          }
        }
        w.__events.push({ type: type as DniEventName, detail, time: performance.now() });
      },
      { capture: true },
    );
  }
}

export class Widget {
  readonly host: Locator;

  constructor(
    readonly page: Page,
    /** Tags this test's requests in the dev server's journal (`X-Test-Id`). */
    readonly testId: string,
  ) {
    this.host = page.locator('dni-capture#widget');
  }

  /** Opens the demo with the event recorder installed and waits for the element to upgrade. */
  async open(path = '/'): Promise<void> {
    await this.page.addInitScript(recordEvents, EVENT_TYPES);
    await this.page.goto(path);
    await expect(this.host).toHaveCount(1, { timeout: STEP.ui });
    await this.page.evaluate(() => customElements.whenDefined('dni-capture'));
  }

  /** A shadow part of the widget (Playwright's CSS pierces open shadow roots). */
  part(name: string): Locator {
    return this.host.locator(`[part~="${name}"]`);
  }

  /** Sets the widget's `headers` property: the mock scenario plus this test's id. */
  async useScenario(scenario: string, extra: Record<string, string> = {}): Promise<void> {
    const headers = { 'X-Mock-Scenario': scenario, 'X-Test-Id': this.testId, ...extra };
    await this.host.evaluate((el, h) => {
      (el as HTMLElement & { headers: Record<string, string> }).headers = h;
    }, headers);
  }

  /** Sets a property of the element (e.g. `retryPolicy`). */
  async setProperty(name: string, value: unknown): Promise<void> {
    await this.host.evaluate(
      (el, [key, v]) => {
        (el as unknown as Record<string, unknown>)[key] = v;
      },
      [name, value] as const,
    );
  }

  /** Every event recorded so far, or those of one type. */
  async events(type?: DniEventName): Promise<RecordedEvent[]> {
    const all = await this.page.evaluate(() => (window as unknown as { __events: RecordedEvent[] }).__events);
    return type ? all.filter((e) => e.type === type) : all;
  }

  /**
   * Waits until `count` events of `type` were fired and returns the last one's detail; on
   * timeout the error lists every event seen, which usually tells what went wrong.
   */
  async waitForEvent<K extends DniEventName>(
    type: K,
    options: { count?: number; timeout?: number } = {},
  ): Promise<Recorded<K>> {
    const count = options.count ?? 1;
    const deadline = Date.now() + (options.timeout ?? STEP.upload);
    for (;;) {
      const all = await this.events();
      const matching = all.filter((e) => e.type === type);
      if (matching.length >= count) return matching[count - 1].detail as Recorded<K>;
      if (Date.now() > deadline) {
        const seen = all.map((e) => `${e.type} ${JSON.stringify(e.detail).slice(0, 300)}`).join('\n  ') || 'none';
        throw new Error(`timed out waiting for ${count} × ${type}; events so far:\n  ${seen}`);
      }
      await this.page.waitForTimeout(100);
    }
  }

  /** Waits for the SHA-256 of the `dni-capture` blob number `index` (0-based). */
  async captureSha256(index = 0): Promise<string> {
    let sha = '';
    await expect
      .poll(
        async () => {
          const captures = await this.events('dni-capture');
          sha = (captures[index]?.detail.blob as BlobSummary | undefined)?.sha256 ?? '';
          return sha;
        },
        { timeout: STEP.ui },
      )
      .not.toBe('');
    return sha;
  }

  /** What the proxy and the mock recorded for this test's requests, oldest first. */
  async journal(): Promise<JournalEntry[]> {
    const response = await this.page.request.get(`/__journal?testId=${encodeURIComponent(this.testId)}`);
    expect(response.status(), 'GET /__journal').toBe(200);
    return (await response.json()) as JournalEntry[];
  }

  /** Waits until the journal holds `count` requests (the journal is written after the answer). */
  async waitForJournal(count: number): Promise<JournalEntry[]> {
    let entries: JournalEntry[] = [];
    await expect
      .poll(async () => (entries = await this.journal()).length, {
        message: `${count} journal entries`,
        timeout: STEP.ui,
      })
      .toBeGreaterThanOrEqual(count);
    return entries;
  }

  /** Camera on, capture clicked, the side's `dni-capture` fired: returns its detail. */
  async captureSide(index = 0): Promise<Recorded<'dni-capture'>> {
    await expect(this.part('capture-button')).toBeEnabled({ timeout: STEP.camera });
    // The click returns once the page has handled it, and the handler starts the encode: on a
    // loaded 2-core machine that alone has taken over 5 s.
    await this.part('capture-button').click({ timeout: STEP.upload });
    return this.waitForEvent('dni-capture', { count: index + 1, timeout: STEP.upload });
  }
}
