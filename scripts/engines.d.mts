/** Types of engines.mjs. */
export declare const FIREFOX_PATH: string;
export declare const WEBKIT_DRIVER_PATH: string;
export declare const MINIBROWSER_PATH: string;
export declare const FIREFOX_CAMERA_PREFS: Readonly<Record<string, boolean>>;
export declare function firefoxLaunchOptions(): {
  browser: 'firefox';
  executablePath: string;
  headless: boolean;
  timeout: number;
  defaultViewport: null;
  args: string[];
  extraPrefsFirefox: Record<string, boolean>;
};
export declare function createFirefoxPage(options: {
  context: import('puppeteer-core').BrowserContext;
}): Promise<import('puppeteer-core').Page>;
export declare function freePort(): Promise<number>;
export declare function webkitCapabilities(): Record<string, unknown>;
export declare function startWebKitDriver(): Promise<{
  hostname: string;
  port: number;
  path: string;
  capabilities: Record<string, unknown>;
  display: string;
  stop(): void;
}>;
