// Unit tests in a real browser (@open-wc/testing + mocha), TypeScript through esbuild.
// `npx wtr` runs them in Chromium; DNI_ENGINE=firefox (Firefox ESR) or DNI_ENGINE=webkit
// (WebKitGTK under Xvfb, started here and stopped on exit) runs them in another engine
// (scripts/engines.mjs). The counts land in test-results/unit-<engine>.json for the CI wrapper.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { CHROME_PATH, SAFE_ARGS, fakeCameraArgs } from './scripts/chromium.mjs';
import { withoutPngEncoderServed } from './scripts/build/without-png-encoder.mjs';

const ENGINES = ['chromium', 'firefox', 'webkit'];
const ENGINE = process.env.DNI_ENGINE || 'chromium';
if (!ENGINES.includes(ENGINE)) throw new Error(`DNI_ENGINE=${ENGINE}: expected one of ${ENGINES.join(', ')}`);

// DNI_UNIT_REPORT: another file, for a run of a few files again (scripts/test.mjs).
const RESULTS_FILE = process.env.DNI_UNIT_REPORT
  ? resolve(process.env.DNI_UNIT_REPORT)
  : fileURLToPath(new URL(`./test-results/unit-${ENGINE}.json`, import.meta.url));

/** The one browser this run uses; the other engines' packages load only when asked for. */
async function launcher() {
  if (ENGINE === 'firefox') {
    const [{ chromeLauncher }, puppeteer, { firefoxLaunchOptions, createFirefoxPage }] = await Promise.all([
      import('@web/test-runner-chrome'),
      import('puppeteer-core'),
      import('./scripts/engines.mjs'),
    ]);
    return chromeLauncher({
      puppeteer: puppeteer.default,
      launchOptions: firefoxLaunchOptions(),
      createPage: createFirefoxPage,
    });
  }
  if (ENGINE === 'webkit') {
    const [{ WebdriverLauncher }, { startWebKitDriver }] = await Promise.all([
      import('@web/test-runner-webdriver'),
      import('./scripts/engines.mjs'),
    ]);
    const { hostname, port, path, capabilities } = await startWebKitDriver();
    /**
     * A new MiniBrowser for every test file. WebKitGTK's GStreamer media stack, which plays the
     * mock camera, builds a few pipelines per camera opened; after some hundreds in one web
     * process it now and then crashed (a segfault in gst_gl_upload_transform_caps), in about one
     * run of the suite in three here, each time past the eighth file; with its OpenGL sink or its
     * compositing turned off (tried as fixes), it deadlocked instead (the main thread waiting in
     * gst_pad_set_active). A fresh browser per file (about 1.3 s a file: the suite took 254 s
     * against 218 s) keeps each web process young, and if one still dies, only its own file
     * fails: the next file gets a new browser instead of a dead session (which before took the
     * whole run down: the launcher does not wait for its first navigation, so a dead session's
     * rejection went unhandled). scripts/test.mjs runs that file once more.
     */
    class FreshBrowserPerFile extends WebdriverLauncher {
      async startSession(id, url) {
        await this.ensureManagerInitialized();
        // The launcher's own queueStartSession() does not wait: await the navigation, so that a
        // failure fails this file instead of crashing the runner.
        await this.driverManager.startSession(id, url);
      }

      async stopSession(id) {
        try {
          return await super.stopSession(id);
        } finally {
          await this.stop();
        }
      }
    }
    return new FreshBrowserPerFile({
      hostname,
      port,
      path,
      capabilities,
      logLevel: 'warn',
      // A web process that hangs answers no WebDriver command: fail within 30 s, once, rather
      // than after webdriverio's 2 min × 4 attempts.
      connectionRetryTimeout: 30_000,
      connectionRetryCount: 0,
    });
  }
  return playwrightLauncher({
    product: 'chromium',
    launchOptions: {
      executablePath: CHROME_PATH,
      args: [...SAFE_ARGS, ...fakeCameraArgs()],
    },
  });
}

/** Counts passed/failed/skipped tests of a session tree, names the skipped ones, sums their durations. */
function countSuite(suite, counts, path = []) {
  const here = suite.name ? [...path, suite.name] : path;
  for (const test of suite.tests ?? []) {
    if (test.skipped) {
      counts.skipped += 1;
      counts.skippedTests.push([...here, test.name].join(' > '));
    } else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
    counts.ms += test.duration ?? 0;
  }
  for (const child of suite.suites ?? []) countSuite(child, counts, here);
}

/**
 * What wtr and the WebDriver client say of a file whose browser died under it (crashed, hung, or
 * lost its session), as opposed to a test that failed.
 */
const BROWSER_DIED =
  /browser disconnected|invalid session id|session deleted because of page crash|Request timed out|Browser tests did not finish within|Timed out stopping the browser page/;

/**
 * Writes `{ engine, passed, failed, skipped, skippedTests, files }` after each run, so a wrapper
 * can sum the runners' counts, say which tests this engine skipped (and, in their titles, why),
 * and run again a file whose browser died under it: `files` has each test file's own counts, the
 * sum of its tests' durations (`ms`) and, in `browserDied`, the error that says so (null when
 * the browser lived).
 */
function countsReporter() {
  const write = (sessions) => {
    const counts = { engine: ENGINE, passed: 0, failed: 0, skipped: 0, skippedTests: [], files: {} };
    for (const session of sessions) {
      const mine = { passed: 0, failed: 0, skipped: 0, skippedTests: [], ms: 0 };
      if (session.testResults) countSuite(session.testResults, mine);
      // A file that failed to load or threw outside a test has no failing test to count: count it once.
      if (session.passed === false && mine.failed === 0) mine.failed = 1;
      const died = (session.errors ?? [])
        .map((error) => error.message ?? '')
        .find((message) => BROWSER_DIED.test(message));
      counts.passed += mine.passed;
      counts.failed += mine.failed;
      counts.skipped += mine.skipped;
      counts.skippedTests.push(...mine.skippedTests);
      const file = relative(process.cwd(), session.testFile);
      counts.files[file] = { ...mine, browserDied: died ?? null };
    }
    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(RESULTS_FILE, `${JSON.stringify(counts, null, 2)}\n`);
  };
  return {
    onTestRunFinished({ sessions }) {
      write(sessions);
    },
  };
}

/** Reads a request body fully. */
async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Waits `ms`, or less if the client goes away. */
function delay(ms, res) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Lets any origin call, with credentials (so a test can prove the client sends none). */
function allowCors(req, res) {
  if (!req.headers.origin) return;
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Allow-Methods', 'POST');
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
}

/**
 * A real endpoint for the API client's tests, under /__test/ (plain Node `req`/`res`):
 * - `POST /__test/echo` answers an API-shaped `OK` whose `echo` says what was received
 *   (method, content type, multipart fields, file name/size/type, request headers);
 * - `/__test/respond?status=&body=&delay=&contentType=&retryAfter=` answers as told;
 * - `/__test/destroy` drops the connection without an answer;
 * - `/__test/cross-origin` gives the port of a second server with the same endpoints;
 * - `/__test/served` lists the paths this server has served (a worker's module loads included,
 *   which only Chromium also lists in the page's Resource Timing). Every path once, since the
 *   server started: a module the browser then keeps in its cache is not asked for again.
 */
async function handleTestRequest(req, res) {
  const url = new URL(req.url, 'http://localhost');
  allowCors(req, res);
  if (req.method === 'OPTIONS') {
    res.writeHead(204).end();
    return;
  }
  const body = await readBody(req);
  const wait = Number(url.searchParams.get('delay') ?? 0);
  if (wait > 0) await delay(wait, res);
  if (res.destroyed) return;

  switch (url.pathname) {
    case '/__test/destroy':
      req.socket.destroy();
      return;
    case '/__test/served':
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([...served]));
      return;
    case '/__test/cross-origin':
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ port: crossOriginPort }));
      return;
    case '/__test/echo': {
      const contentType = req.headers['content-type'] ?? '';
      const echo = { method: req.method, contentType, headers: req.headers, fields: [], file: null, detectFace: null };
      if (contentType.startsWith('multipart/form-data')) {
        const form = await new Request('http://localhost/', {
          method: 'POST',
          headers: { 'content-type': contentType },
          body,
        }).formData();
        for (const [name, value] of form.entries()) {
          echo.fields.push(name);
          if (name === 'file' && typeof value !== 'string')
            echo.file = { name: value.name, size: value.size, type: value.type };
          if (name === 'detect_face') echo.detectFace = String(value);
        }
      }
      const side = req.headers['x-dni-side'] === 'back' ? 'back' : 'front';
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          request_id: 'TIDecho',
          status: 'OK',
          results: [{ card_type: 'new', card_side: side, card_info: {} }],
          echo,
        }),
      );
      return;
    }
    case '/__test/respond': {
      const headers = { 'content-type': url.searchParams.get('contentType') ?? 'application/json' };
      const retryAfter = url.searchParams.get('retryAfter');
      if (retryAfter) headers['retry-after'] = retryAfter;
      res.writeHead(Number(url.searchParams.get('status') ?? 200), headers).end(url.searchParams.get('body') ?? '');
      return;
    }
    default:
      res.writeHead(404, { 'content-type': 'text/plain' }).end('unknown test endpoint');
  }
}

// A second origin (another port on localhost: same site, so cookies would go if credentials were sent).
const crossOrigin = createServer((req, res) => {
  handleTestRequest(req, res).catch(() => res.destroy());
});
crossOrigin.listen(0, 'localhost');
crossOrigin.unref();
let crossOriginPort = 0;
crossOrigin.on('listening', () => {
  crossOriginPort = crossOrigin.address().port;
});

/** The paths the server has served, for `/__test/served`: where a page or worker loaded a module from. */
const served = new Set();

/** Mounts the test endpoints in the dev server, and notes every other path served. */
async function testEndpoints(ctx, next) {
  if (!ctx.path.startsWith('/__test/')) {
    served.add(ctx.path);
    return next();
  }
  ctx.respond = false;
  // Answers that never come (dropped, timed out) are not 404s for the runner's report.
  ctx.status = 200;
  await handleTestRequest(ctx.req, ctx.res);
}

export default {
  files: ['test/unit/**/*.test.ts', 'src/**/*.test.ts'],
  nodeResolve: true,
  // Test files at once: one (DNI_UNIT_CONCURRENCY=2 to try two). Two Chromium pages on a 2-core
  // machine at load 17-22 failed three timing-bound tests (an automatic retry's three attempts,
  // two wrong-side reviews), not yet told apart from the load itself; WebKitWebDriver would run
  // concurrent files in iframes of one page; two Firefox tabs have not been tried.
  concurrency: Number(process.env.DNI_UNIT_CONCURRENCY) || 1,
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }),
    // browser-image-compression as the build ships it, without its PNG encoder: the file
    // worker's tests run the library that ships.
    withoutPngEncoderServed(),
  ],
  middleware: [testEndpoints],
  browsers: [await launcher()],
  // Firefox takes up to a minute to start when the CI machine's two cores are busy.
  browserStartTimeout: 120000,
  testsStartTimeout: 120000,
  // A file's tests together. In WebKitGTK, whose camera takes seconds to start, the slowest file
  // takes 48 s here (detect.test.ts; `ms` in its report): 4 min is five times that, and is what
  // a web process that deadlocked costs before its file is run again (see FreshBrowserPerFile).
  testsFinishTimeout: { chromium: 300000, firefox: 600000, webkit: 240000 }[ENGINE],
  // Generous: CI is a 2-core machine where the image and quality workers and the browser share
  // the CPUs; WebKitGTK's mock camera alone takes 5–10 s to show its first frame there.
  testFramework: { config: { timeout: ENGINE === 'chromium' ? 30000 : 60000 } },
  reporters: [defaultReporter(), countsReporter()],
};
