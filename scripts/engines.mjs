/**
 * How the tests launch the two other engines, from Debian's packages (shared by the unit-test
 * config and the end-to-end smoke in test/engines/; Chromium is in chromium.mjs):
 * - Firefox ESR, headless, over WebDriver BiDi with puppeteer-core, fake camera by prefs;
 * - WebKitGTK's MiniBrowser, through WebKitWebDriver (WebDriver classic), under Xvfb, with
 *   its mock capture devices. This is WebKit, the engine of Safari, not Safari.
 * Plain JavaScript, so configs and scripts run by Node import it as they are; types in
 * engines.d.mts.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Firefox's fake camera (a green test pattern, 640×480 unless asked for more), no prompt. */
export const FIREFOX_CAMERA_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
};

/** puppeteer-core's `launch()` options for Firefox ESR with its fake camera. */
export function firefoxLaunchOptions() {
  return {
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    // Its first start creates a profile: half a minute on a busy 2-core machine.
    timeout: 120_000,
    // puppeteer-core 24.4x's setViewport also sends emulation.setScreenOrientationOverride,
    // which Firefox ESR 140's WebDriver BiDi does not know: set the window size instead.
    defaultViewport: null,
    args: ['--window-size=800,600'],
    extraPrefsFirefox: {
      ...FIREFOX_CAMERA_PREFS,
      // Quiet and offline: no update checks, telemetry or remote settings.
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'network.captive-portal-service.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
    },
  };
}

/**
 * @web/test-runner-chrome's `createPage` for Firefox: a page whose `setViewport()` (called
 * before every test file, see firefoxLaunchOptions) leaves the window's size as it is.
 */
export async function createFirefoxPage({ context }) {
  const page = await context.newPage();
  page.setViewport = async () => {};
  return page;
}

/** A free loopback TCP port (listen on 0, read it, close). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const children = new Set();
let exitHookInstalled = false;

/** Kills every process started here when Node exits, however it exits. */
function killOnExit(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const c of children) c.kill('SIGKILL');
  };
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      killAll();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

/** Starts Xvfb on a display it picks itself (`-displayfd`); resolves with `:N` and the process. */
function startXvfb() {
  return new Promise((resolve, reject) => {
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    killOnExit(xvfb);
    let stderr = '';
    xvfb.stderr.on('data', (chunk) => (stderr += chunk));
    let out = '';
    xvfb.stdio[3].on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve({ display: `:${out.trim()}`, process: xvfb });
    });
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it started: ${stderr.trim()}`)));
  });
}

/** Polls `url` until it answers, or fails after `ms`. */
async function waitForHttp(url, ms, child) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${child.spawnfile} exited (${child.exitCode})`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

/** GLib's warnings that every WebKitGTK run prints on a machine without a desktop session. */
const WEBKIT_NOISE = /dbus-launch|D-Bus|GLib-GObject-WARNING|automatic-eos|^\s*$/;

/** Forwards the driver's (and MiniBrowser's) stderr, without the noise, line by line. */
function forwardStderr(child) {
  let rest = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) if (!WEBKIT_NOISE.test(line)) process.stderr.write(`[webkit] ${line}\n`);
  });
}

/** The WebDriver capabilities of a MiniBrowser session with mock cameras. */
export function webkitCapabilities() {
  return {
    browserName: 'MiniBrowser',
    // WebKitWebDriver refuses webdriverio's BiDi session request.
    'wdio:enforceWebDriverClassic': true,
    'webkitgtk:browserOptions': {
      binary: MINIBROWSER_PATH,
      // Without the mock devices getUserMedia fails with OverconstrainedError.
      args: ['--automation', '--enable-mock-capture-devices=true'],
    },
  };
}

/**
 * Starts Xvfb and WebKitWebDriver on a free port, both stopped by `stop()` and, whatever
 * happens, when this Node process exits. Resolves with what webdriverio's `remote()` and
 * `webdriverLauncher()` need: `{ hostname, port, path, capabilities, stop }`.
 */
export async function startWebKitDriver() {
  for (const path of [WEBKIT_DRIVER_PATH, MINIBROWSER_PATH]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install webkit2gtk-driver xvfb`);
  }
  const xvfb = await startXvfb();
  const port = await freePort();
  const driver = spawn(WEBKIT_DRIVER_PATH, [`--port=${port}`, '--host=127.0.0.1'], {
    env: { ...process.env, DISPLAY: xvfb.display },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  killOnExit(driver);
  forwardStderr(driver);
  const stop = () => {
    driver.kill('SIGKILL');
    xvfb.process.kill('SIGKILL');
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}/status`, 10_000, driver);
  } catch (error) {
    stop();
    throw error;
  }
  return { hostname: '127.0.0.1', port, path: '/', capabilities: webkitCapabilities(), display: xvfb.display, stop };
}
