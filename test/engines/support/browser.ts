/**
 * One page in the engine under test, the same few calls whatever drives it:
 * - Firefox ESR through puppeteer-core (WebDriver BiDi), its fake camera a green test pattern;
 * - WebKitGTK's MiniBrowser through WebKitWebDriver (webdriverio, WebDriver classic) under
 *   Xvfb, its mock camera a mostly black test pattern. WebKit is Safari's engine, not Safari.
 * `DNI_ENGINE` (firefox or webkit) chooses; scripts/engines.mjs launches them.
 *
 * Page code is passed as source text (an async function body with `args`), never as a Node
 * function: the TypeScript loader's helpers would not exist in the page.
 */
import type { Browser as PuppeteerBrowser, BrowserContext, Page } from 'puppeteer-core';
import { firefoxLaunchOptions, startWebKitDriver } from '../../../scripts/engines.mjs';

export type Engine = 'firefox' | 'webkit';

export const ENGINE: Engine = (() => {
  const engine = process.env.DNI_ENGINE;
  if (engine !== 'firefox' && engine !== 'webkit') throw new Error(`DNI_ENGINE=${engine}: expected firefox or webkit`);
  return engine;
})();

export interface EnginePage {
  goto(url: string): Promise<void>;
  /** Runs `body` (an async function body that sees `args`) in the page and returns its result (JSON). */
  run<T>(body: string, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

export interface EngineBrowser {
  /** The browser's own name and version, as it reports them. */
  version: string;
  newPage(): Promise<EnginePage>;
  close(): Promise<void>;
}

/**
 * Page code as an expression whose value is the result as JSON text: a structure that holds
 * one object twice (an event detail's result, say) then arrives whole from either driver
 * (WebDriver BiDi sends a repeated object as a reference, which puppeteer drops).
 */
const script = (body: string, args: unknown[]) =>
  `(async (args) => {\n${body}\n})(${JSON.stringify(args)}).then((value) => JSON.stringify(value ?? null))`;

const parse = <T>(json: unknown): T => JSON.parse(json as string) as T;

async function firefox(): Promise<EngineBrowser> {
  const puppeteer = (await import('puppeteer-core')).default;
  const browser: PuppeteerBrowser = await puppeteer.launch(firefoxLaunchOptions());
  return {
    version: await browser.version(),
    async newPage() {
      // A fresh context per test: no storage or permissions carried over.
      const context: BrowserContext = await browser.createBrowserContext();
      const page: Page = await context.newPage();
      return {
        async goto(url) {
          await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
        },
        run: async <T>(body: string, ...args: unknown[]) => parse<T>(await page.evaluate(script(body, args))),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

async function webkit(): Promise<EngineBrowser> {
  const { remote } = await import('webdriverio');
  const driver = await startWebKitDriver();
  let browser: Awaited<ReturnType<typeof remote>>;
  try {
    browser = await remote({
      hostname: driver.hostname,
      port: driver.port,
      path: driver.path,
      capabilities: driver.capabilities,
      logLevel: 'warn',
      connectionRetryTimeout: 120_000,
    });
  } catch (error) {
    driver.stop();
    throw error;
  }
  const caps = browser.capabilities as { browserName?: string; browserVersion?: string };
  return {
    version: `${caps.browserName ?? 'MiniBrowser'} ${caps.browserVersion ?? ''}`.trim(),
    // One session, one window: each test navigates it afresh.
    newPage() {
      return Promise.resolve({
        async goto(url) {
          await browser.url(url);
        },
        run: async <T>(body: string, ...args: unknown[]) =>
          parse<T>(await browser.execute(`return ${script(body, args)}`)),
        async close() {
          await browser.url('about:blank');
        },
      });
    },
    async close() {
      try {
        await browser.deleteSession();
      } finally {
        driver.stop();
      }
    },
  };
}

/** Launches the engine `DNI_ENGINE` names. */
export function launch(): Promise<EngineBrowser> {
  return ENGINE === 'firefox' ? firefox() : webkit();
}
