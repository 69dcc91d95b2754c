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
 * `it` for a test that needs something only Chromium has (its file-backed fake camera, a
 * Chromium-only API or behaviour): elsewhere the test is registered as skipped (counted as
 * skipped, not passed) with `reason` in its title, so every report says why.
 *
 *   chromiumOnly('Resource Timing of a worker')('lists ...', async () => { ... });
 */
export function chromiumOnly(reason: string): (title: string, fn: Mocha.AsyncFunc) => Mocha.Test {
  return (title, fn) => (ENGINE === 'chromium' ? it(title, fn) : it.skip(`${title} [Chromium only: ${reason}]`, fn));
}

/**
 * `it` for a test that is known to fail in `engines` for a reason outside the widget's control or
 * not yet fixed: there it is registered as skipped (counted as skipped, not passed) with the
 * engine and `reason` in its title, so every run's report lists it; elsewhere it runs.
 */
export function skipIn(
  engines: readonly Engine[],
  reason: string,
): (title: string, fn: Mocha.AsyncFunc | Mocha.Func) => Mocha.Test {
  return (title, fn) =>
    engines.includes(ENGINE) ? it.skip(`${title} [skipped in ${ENGINE}: ${reason}]`, fn) : it(title, fn);
}

/**
 * How long a test waits for the camera to show frames. Chromium's fake device starts in well
 * under a second; WebKitGTK's mock device renders every 2560×1440 frame in software and has
 * taken 5–10 s on a busy 2-core machine, Firefox's a few seconds.
 */
export const CAMERA_TIMEOUT = ENGINE === 'chromium' ? 8000 : 25000;
