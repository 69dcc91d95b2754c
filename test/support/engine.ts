/**
 * The browser engine the unit tests run in (`DNI_ENGINE` chooses it, web-test-runner.config.mjs),
 * told from the user agent: Firefox names itself, Chromium says `Chrome/` (`HeadlessChrome/` when
 * headless, as the test runner starts it: no word boundary before `Chrome`), and WebKitGTK's
 * MiniBrowser says neither.
 */
export type Engine = 'chromium' | 'firefox' | 'webkit';

export const ENGINE: Engine = /\bFirefox\//.test(navigator.userAgent)
  ? 'firefox'
  : /\b(Headless)?Chrom(e|ium)\//.test(navigator.userAgent)
    ? 'chromium'
    : 'webkit';

/**
 * How long a test waits for the camera to show frames. Chromium's fake device starts in well
 * under a second; WebKitGTK's mock device renders every 2560×1440 frame in software and has
 * taken 5–10 s on a busy 2-core machine, Firefox's a few seconds.
 */
export const CAMERA_TIMEOUT = ENGINE === 'chromium' ? 8000 : 25000;
