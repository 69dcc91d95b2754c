#!/usr/bin/env node
/**
 * `npm run bench`: <dni-capture> against a baseline, side by side in one run, in headless
 * Debian Chromium on this machine, on loopback only. Prints one table.
 *
 * - Sizes: gzip (level 9) of the JavaScript that loads before the first capture and of all the
 *   package can load, for the module build (with lit, unbundled, from node_modules) and the
 *   single-file build; for the baseline, the browser-image-compression library.
 * - A fake camera shows a synthetic 1920×1080 card (bench/card-frame.mjs). Each side runs one
 *   warm-up and then CYCLES capture/retake cycles, in its own page:
 *   widget: `capture()`, wait for `dni-result`, `retake()`, wait for the live preview (the
 *   card found in the frame and sent flat);
 *   bare encode: open the camera, draw the whole frame to a canvas, `toBlob('image/jpeg', 0.92)`,
 *   POST it, close the camera: the least a page can do;
 *   baseline: open the camera, draw the frame to a canvas, `toBlob('image/jpeg')`, a File,
 *   `imageCompression(file, { useWebWorker: false })` (its defaults otherwise; its default
 *   worker would load the library from a CDN, unreachable here), POST it like the widget
 *   does, close the camera.
 * - Timed from the call to the request's first byte (Resource Timing `requestStart` of the
 *   POST) and to the answer; bytes and pixels sent; the longest main-thread task (Long Tasks
 *   API, so 50 ms and up) from the call to the answer.
 * - After the cycles: main-thread JS heap after a forced GC (CDP), and object URLs created
 *   and still unrevoked (URL.createObjectURL/revokeObjectURL wrapped in the page).
 * - Connection → camera ready (module build, bench/pages/widget-connect.html, which loads the
 *   module and appends the elements): a new `<dni-capture sides="front">` appended, timed to
 *   `dni-camera-ready`. Cold: the first element in a fresh browser context (its own cache;
 *   the server sends no-store anyway) whose page has loaded the module build and nothing the
 *   element loads lazily (chunks, strings, workers), REPEATS contexts; warm: in the first of
 *   them, REPEATS more, each a new element after the previous one was removed.
 * - A picked file's time to send (same page): a 1600×1000 JPEG (quality 0.92) of the same
 *   synthetic card on its table, drawn in the browser (bench/card-frame.mjs); an element
 *   appended with `no-auto-capture` (else the steady card would be taken first), its camera
 *   live for 2.5 s (so what it prefetches at idle time, within 2 s, has loaded, as it has when
 *   a person picks a file), then `uploadFile(file)`, timed to the POST's `requestStart`.
 *   First: the first pick in a fresh context, so what the pick loads lazily (the file worker,
 *   browser-image-compression, whatever the build loads then) is counted, REPEATS contexts;
 *   later: in the first of them, REPEATS more picks, each after `retake()` and 300 ms of live
 *   camera. The files each build loaded during its first append and its first pick are listed.
 * - With --base DIR (another checkout of this repository, its dist/ built), every widget
 *   figure is also measured for that build (served under /raw/base/dist/, with this
 *   repository's lit and bench pages), in a column of its own beside the current build's;
 *   the fresh-context runs alternate between the two builds.
 *
 * Options: --cycles N (default 30), --repeats N (default 10; the connection and picked-file
 * runs), --base DIR, --json FILE (also write the raw figures).
 */
import { gzipSync } from 'node:zlib';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
import { createServer } from 'vite';
import { cardFrame, CHROME_PATH, drawScene, fakeCameraArgs, SAFE_ARGS } from '../bench/card-frame.mjs';
import { ensureDist } from './build/ensure-dist.mjs';

const { values: options } = parseArgs({
  options: {
    cycles: { type: 'string', default: '30' },
    repeats: { type: 'string', default: '10' },
    base: { type: 'string' },
    json: { type: 'string' },
  },
});
// Paths given on the command line are the caller's, before the chdir.
const baseDir = options.base ? resolve(options.base) : null;
const jsonFile = options.json ? resolve(options.json) : null;
const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const CYCLES = Math.max(1, Number(options.cycles) || 30);
const REPEATS = Math.max(1, Number(options.repeats) || 10);
const SETTLE_MS = 300;
/** The camera live this long before a fresh page's first pick: past the 2 s deadline of the widget's idle-time prefetch. */
const FIRST_PICK_AFTER_MS = 2500;
const STEP_TIMEOUT_MS = 30_000;
const deadline = setTimeout(() => {
  console.error('bench: gave up after 20 minutes');
  process.exit(2);
}, 20 * 60_000);
deadline.unref();

const log = (line) => console.error(`[bench] ${line}`);

/**
 * The builds measured: this checkout's, and with --base another's, served under /raw/base/
 * (bench/vite.config.ts). `raw` is the prefix of their paths under /raw/.
 */
const builds = [
  ...(baseDir ? [{ key: 'base', name: 'dni-capture (base)', raw: 'base/', dir: baseDir }] : []),
  { key: 'current', name: 'dni-capture', raw: '', dir: root },
];
if (baseDir) {
  if (!existsSync(join(baseDir, 'dist/dni-capture.js')) || !existsSync(join(baseDir, 'dist/dni-capture.bundled.js'))) {
    console.error(`bench: ${baseDir}/dist/ has no build: run npm run build there first`);
    process.exit(2);
  }
  process.env.DNI_BENCH_BASE = baseDir;
}
/** A path as served under /raw/ (`base/…` for the base checkout's files) → the file on disk. */
const diskPath = (path) => (baseDir && path.startsWith('base/') ? join(baseDir, path.slice(5)) : join(root, path));
const pagePath = (build, file) => `${build.raw}bench/pages/${file}`;
/** The worker that encodes camera frames, started when the preview goes live, by either name it has had. */
const CAMERA_WORKER = /(^|\/)(image|capture)\.worker\.js$/;

const gz = (path) => gzipSync(readFileSync(diskPath(path)), { level: 9 }).length;
const sumGz = (paths) => [...new Set(paths)].reduce((sum, path) => sum + gz(path), 0);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const withTimeout = (promise, what) =>
  Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: timed out`)), STEP_TIMEOUT_MS)),
  ]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

ensureDist(log);
const frame = await cardFrame();
log(`frame ${frame}`);

const server = await createServer({ configFile: join(root, 'bench/vite.config.ts'), logLevel: 'warn' });
await server.listen();
const { port } = server.httpServer.address();
const base = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({ executablePath: CHROME_PATH, args: [...SAFE_ARGS, ...fakeCameraArgs(frame)] });
const results = {
  chromium: browser.version(),
  cpus: cpus().length,
  node: process.version,
  cycles: CYCLES,
  repeats: REPEATS,
  loadBefore: loadavg()[0],
};
/** Each build's figures: sizes, widget (the cycles), connect, pick. */
const figures = Object.fromEntries(builds.map((build) => [build.key, {}]));

async function served(clear = false) {
  const res = await fetch(`${base}/__bench/served`, { method: clear ? 'DELETE' : 'GET' });
  return res.json();
}

/** A page under /raw/ (`path` as served, e.g. bench/pages/baseline.html) in a fresh browser context. */
async function openPage(path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => log(`page error on ${path}: ${error.message}`));
  await page.goto(`${base}/raw/${path}`);
  const cdp = await context.newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  return { page, context, heap };
}

/** What a page loaded from /raw/ before its first capture (`waitFor`: a file to wait for, if any). */
async function loadedBeforeCapture(path, waitFor) {
  await served(true);
  const { page, context } = await openPage(path);
  const state = await withTimeout(
    page.evaluate(() => window.widget.ready()),
    `${path} camera`,
  );
  if (state !== 'dni-camera-ready') throw new Error(`${path}: ${state}`);
  // The worker is started when the preview goes live; give it a moment to be fetched.
  for (let i = 0; i < 20 && waitFor && !(await served()).some((p) => waitFor.test(p)); i++) await sleep(100);
  const files = (await served()).filter((p) => p.endsWith('.js') && !p.startsWith('bench/'));
  await context.close();
  return files;
}

for (const build of builds) {
  log(`${build.name}: sizes`);
  const moduleBefore = await loadedBeforeCapture(pagePath(build, 'widget-module.html'), CAMERA_WORKER);
  const bundledBefore = await loadedBeforeCapture(pagePath(build, 'widget-bundled.html'), null);
  const distJs = (dir) =>
    readdirSync(join(build.dir, dir))
      .filter((f) => f.endsWith('.js'))
      .map((f) => `${build.raw}${dir}/${f}`);
  // browser-image-compression counts where the page's own chunks import it (the file worker
  // carries its own copy inside).
  const pageImportsLibrary = readdirSync(join(build.dir, 'dist/chunks')).some((f) =>
    readFileSync(join(build.dir, 'dist/chunks', f), 'utf8').includes('from "browser-image-compression"'),
  );
  const moduleAll = [
    ...moduleBefore,
    ...distJs('dist').filter((f) => !f.includes('bundled')),
    ...distJs('dist/chunks'),
    ...(pageImportsLibrary ? ['node_modules/browser-image-compression/dist/browser-image-compression.mjs'] : []),
  ];
  figures[build.key].sizes = {
    moduleBeforeCapture: { files: moduleBefore, gzip: sumGz(moduleBefore) },
    moduleEverything: { files: [...new Set(moduleAll)], gzip: sumGz(moduleAll) },
    bundledBeforeCapture: { files: bundledBefore, gzip: sumGz(bundledBefore) },
    bundledEverything: { files: bundledBefore, gzip: sumGz(bundledBefore) },
  };
}
const baselineLib = ['node_modules/browser-image-compression/dist/browser-image-compression.mjs'];
figures.current.sizes.baseline = { files: baselineLib, gzip: sumGz(baselineLib) };

/** CYCLES capture/retake cycles of one side in a fresh page, after one warm-up. */
async function runSide(name, path, cycle) {
  log(`${name}: warm-up + ${CYCLES} cycles`);
  const { page, context, heap } = await openPage(path);
  const heapStart = await heap();
  const samples = [];
  for (let i = 0; i <= CYCLES; i++) {
    const sample = await withTimeout(cycle(page), `${name} cycle ${i}`);
    if (sample.outcome !== 'ok') throw new Error(`${name} cycle ${i}: ${sample.outcome}`);
    if (i > 0) samples.push(sample);
  }
  await sleep(500);
  const heapEnd = await heap();
  const objectUrls = await page.evaluate(() => window.bench.objectUrls());
  await context.close();
  return { samples, heapStart, heapEnd, objectUrls };
}

for (const build of builds) {
  let widgetLive = false;
  figures[build.key].widget = await runSide(build.name, pagePath(build, 'widget-module.html'), async (page) => {
    if (!widgetLive) {
      const state = await page.evaluate(() => window.widget.ready());
      if (state !== 'dni-camera-ready') throw new Error(`${build.name} camera: ${state}`);
      widgetLive = true;
    }
    await sleep(SETTLE_MS);
    const sample = await page.evaluate(() => window.widget.capture());
    const state = await page.evaluate(() => window.widget.retake());
    if (state !== 'dni-camera-ready') throw new Error(`${build.name} retake: ${state}`);
    return sample;
  });
}
results.bare = await runSide('bare encode', 'bench/pages/baseline.html', async (page) => {
  await page.evaluate(() => window.baseline.open());
  await sleep(SETTLE_MS);
  const sample = await page.evaluate(() => window.baseline.captureBare());
  await page.evaluate(() => window.baseline.close());
  return sample;
});
results.baseline = await runSide('baseline', 'bench/pages/baseline.html', async (page) => {
  await page.evaluate(() => window.baseline.open());
  await sleep(SETTLE_MS);
  const sample = await page.evaluate(() => window.baseline.capture());
  await page.evaluate(() => window.baseline.close());
  return sample;
});

/**
 * The .js files served since `served(true)`, outside the bench's own pages: `before` the first
 * upload reached the server (all of them if none did), and `after` it.
 */
async function loadedSince() {
  const list = await served();
  const post = list.indexOf('POST /api/idcard');
  const js = (paths) => paths.filter((p) => p.endsWith('.js') && !p.startsWith('bench/'));
  return { before: js(post < 0 ? list : list.slice(0, post)), after: post < 0 ? [] : js(list.slice(post)) };
}

/** A new element appended in `page`, timed to its live camera. */
async function append(page, what, autoCapture = true) {
  const sample = await withTimeout(
    page.evaluate((options) => window.connect.append(options), { autoCapture }),
    what,
  );
  if (sample.outcome !== 'ok') throw new Error(`${what}: ${sample.outcome}`);
  return sample.ms;
}

/** The connect page of `build` in a fresh context, once its module has defined the element. */
async function openConnectPage(build) {
  const opened = await openPage(pagePath(build, 'widget-connect.html'));
  await withTimeout(
    opened.page.evaluate(() => window.connect.defined()),
    `${build.name} module`,
  );
  await sleep(SETTLE_MS);
  return opened;
}

log(`connection → camera ready: ${REPEATS} fresh contexts, ${REPEATS} appends in the first, per build`);
for (const build of builds) figures[build.key].connect = { cold: [], warm: [], firstLoaded: [] };
for (let i = 0; i < REPEATS; i++) {
  for (const build of builds) {
    const connect = figures[build.key].connect;
    const { page, context } = await openConnectPage(build);
    if (i === 0) await served(true);
    connect.cold.push(await append(page, `${build.name} first append ${i}`));
    if (i === 0) {
      connect.firstLoaded = (await loadedSince()).before;
      for (let j = 0; j < REPEATS; j++) {
        await page.evaluate(() => window.connect.remove());
        await sleep(SETTLE_MS);
        connect.warm.push(await append(page, `${build.name} append ${j + 2}`));
      }
    }
    await context.close();
  }
}

/** One `uploadFile()` in `page`, timed to the POST's first byte and to the answer. */
async function pick(page, what) {
  const sample = await withTimeout(
    page.evaluate(() => window.connect.pick()),
    what,
  );
  if (sample.outcome !== 'ok') throw new Error(`${what}: ${sample.outcome}`);
  return sample;
}

log(`picked file → request: ${REPEATS} fresh contexts, ${REPEATS} more picks in the first, per build`);
const jpegPage = await browser.newPage();
const cardJpeg = await jpegPage.evaluate(drawScene, { width: 1600, height: 1000, jpegQuality: 0.92 });
await jpegPage.close();
for (const build of builds) figures[build.key].pick = { first: [], later: [], firstLoaded: { before: [], after: [] } };
for (let i = 0; i < REPEATS; i++) {
  for (const build of builds) {
    const picks = figures[build.key].pick;
    const { page, context } = await openConnectPage(build);
    results.pickFileBytes = await page.evaluate((url) => window.connect.setFile(url), cardJpeg);
    await append(page, `${build.name} pick page ${i}`, false);
    await sleep(FIRST_PICK_AFTER_MS);
    if (i === 0) await served(true);
    picks.first.push(await pick(page, `${build.name} first pick ${i}`));
    if (i === 0) {
      picks.firstLoaded = await loadedSince();
      for (let j = 0; j < REPEATS; j++) {
        const state = await withTimeout(
          page.evaluate(() => window.connect.retake()),
          `${build.name} retake`,
        );
        if (state !== 'dni-camera-ready') throw new Error(`${build.name} retake: ${state}`);
        await sleep(SETTLE_MS);
        picks.later.push(await pick(page, `${build.name} pick ${j + 2}`));
      }
    }
    await context.close();
  }
}

await browser.close();
await server.close();
results.loadAfter = loadavg()[0];
// The current build's figures where they have always been; the base build's beside them.
Object.assign(results, figures.current);
if (baseDir) results.base = { dir: baseDir, ...figures.base };

// ---- the table
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (x) => `${Math.round(x)} ms`;
const stat = (side, key) => side.samples.map((s) => s[key]);
const spread = (xs) => `${ms(median(xs))} (${ms(Math.min(...xs))}–${ms(Math.max(...xs))})`;
const longest = (xs) =>
  Math.max(...xs) === 0 ? 'none ≥ 50 ms' : `${ms(Math.max(...xs))} (median ${median(xs) ? ms(median(xs)) : '< 50 ms'})`;
const ratio = (a, b) => (a > 0 ? `${(b / a).toFixed(1)}×` : '—');
const pixels = (side) => [...new Set(side.samples.map((s) => `${s.width}×${s.height}`))].join(', ');
const R = results.bare;
const B = results.baseline;
const C = figures.current;
const kinds = (samples, key) => [...new Set(samples.map((s) => s[key]))].join(', ');
const sentFile = (samples) =>
  `${kb(median(samples.map((s) => s.bytes)))}, ${[...new Set(samples.map((s) => `${s.width}×${s.height}`))].join(', ')}, ` +
  `${kinds(samples, 'crop')}, in ${kinds(samples, 'encodedIn')}`;

/**
 * A table row: `widget(f)` is a build's cell from its figures `f`; `value(f)`, when given, the
 * number the ratio columns compare (dni-capture / base, and with `bare`/`baseline` numbers,
 * dni-capture / bare and baseline / dni-capture).
 */
const row = (label, { widget, value, bare = '', baseline = '', bareValue, baselineValue }) => [
  label,
  ...builds.map((build) => widget(figures[build.key])),
  bare,
  baseline,
  ...(baseDir ? [value ? ratio(value(figures.base), value(C)) : ''] : []),
  value && bareValue !== undefined ? ratio(bareValue, value(C)) : '',
  value && baselineValue !== undefined ? ratio(value(C), baselineValue) : '',
];
const cycleRow = (label, key, format = spread) =>
  row(label, {
    widget: (f) => format(stat(f.widget, key)),
    value: (f) => median(stat(f.widget, key)),
    bare: format(stat(R, key)),
    baseline: format(stat(B, key)),
    bareValue: median(stat(R, key)),
    baselineValue: median(stat(B, key)),
  });
const sizeRow = (label, key) => row(label, { widget: (f) => kb(f.sizes[key].gzip), value: (f) => f.sizes[key].gzip });

const rows = [
  [
    '',
    ...builds.map((build) => build.name),
    'bare encode',
    'baseline',
    ...(baseDir ? ['dni-capture / base'] : []),
    'dni-capture / bare',
    'baseline / dni-capture',
  ],
  row('JS before first capture, gzip: module build + lit', {
    widget: (f) => kb(f.sizes.moduleBeforeCapture.gzip),
    value: (f) => f.sizes.moduleBeforeCapture.gzip,
    baseline: `${kb(C.sizes.baseline.gzip)} (library only)`,
  }),
  sizeRow('JS before first capture, gzip: single file', 'bundledBeforeCapture'),
  sizeRow('JS, everything it can load, gzip: module build + lit', 'moduleEverything'),
  sizeRow('JS, everything it can load, gzip: single file', 'bundledEverything'),
  cycleRow(`capture() → request's first byte, median (min–max)`, 'requestStartMs'),
  cycleRow('capture() → answer received, median (min–max)', 'totalMs'),
  cycleRow('bytes sent per side, median', 'bytes', (xs) => kb(median(xs))),
  row('pixels sent per side', { widget: (f) => pixels(f.widget), bare: pixels(R), baseline: pixels(B) }),
  row('encoded in', {
    widget: (f) => [...new Set(stat(f.widget, 'encodedIn'))].join(', '),
    bare: 'main thread',
    baseline: 'main thread',
  }),
  row('longest main-thread task, capture → answer (max of cycles)', {
    widget: (f) => longest(stat(f.widget, 'longestTaskMs')),
    bare: longest(stat(R, 'longestTaskMs')),
    baseline: longest(stat(B, 'longestTaskMs')),
  }),
  row(`JS heap (main thread, after GC): start → after ${CYCLES} cycles`, {
    widget: (f) => `${mb(f.widget.heapStart)} → ${mb(f.widget.heapEnd)}`,
    bare: `${mb(R.heapStart)} → ${mb(R.heapEnd)}`,
    baseline: `${mb(B.heapStart)} → ${mb(B.heapEnd)}`,
  }),
  row(`live object URLs after ${CYCLES} cycles (created / revoked)`, {
    widget: (f) => `${f.widget.objectUrls.live} (${f.widget.objectUrls.created} / ${f.widget.objectUrls.revoked})`,
    bare: `${R.objectUrls.live} (${R.objectUrls.created} / ${R.objectUrls.revoked})`,
    baseline: `${B.objectUrls.live} (${B.objectUrls.created} / ${B.objectUrls.revoked})`,
  }),
  row(`new element appended → dni-camera-ready: cold, first in a fresh page (${REPEATS} pages)`, {
    widget: (f) => spread(f.connect.cold),
    value: (f) => median(f.connect.cold),
  }),
  row(`new element appended → dni-camera-ready: warm, ${REPEATS} more in one page`, {
    widget: (f) => spread(f.connect.warm),
    value: (f) => median(f.connect.warm),
  }),
  row(`picked file → request's first byte: first pick in a fresh page (${REPEATS} pages)`, {
    widget: (f) => spread(f.pick.first.map((s) => s.requestStartMs)),
    value: (f) => median(f.pick.first.map((s) => s.requestStartMs)),
  }),
  row(`picked file → request's first byte: ${REPEATS} more picks in one page`, {
    widget: (f) => spread(f.pick.later.map((s) => s.requestStartMs)),
    value: (f) => median(f.pick.later.map((s) => s.requestStartMs)),
  }),
  row('picked file: sent (median bytes, pixels, what, where)', {
    widget: (f) => sentFile([...f.pick.first, ...f.pick.later]),
  }),
];
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
const line = (r) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
console.log(
  `\ndni-capture bench: Chromium ${results.chromium} (headless, --disable-gpu), ${results.cpus} CPUs, Node ${results.node}, ` +
    `1920×1080 fake-camera frame, ${CYCLES} cycles per side, ${REPEATS} repeats for appends and picks, ` +
    `loopback proxy + mock API${baseDir ? `; base: ${baseDir}` : ''}; ` +
    `load average ${results.loadBefore.toFixed(1)} → ${results.loadAfter.toFixed(1)}\n`,
);
console.log(line(rows[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows.slice(1)) console.log(line(r));
const loadedList = (files) => (files.length ? `${files.join(', ')} (${kb(sumGz(files))} gzip)` : 'nothing');
console.log(
  '\nbare encode: the whole frame drawn to a canvas on the page, toBlob("image/jpeg", 0.92) (the widget\'s quality), POSTed as it is.' +
    '\nbaseline: the same frame drawn to a canvas, toBlob("image/jpeg"), then browser-image-compression 2.0.2 with its defaults' +
    '\n(maxSizeMB ∞, initialQuality 1, same type) and useWebWorker: false: its default worker loads the library from a CDN,' +
    '\nwhich is unreachable here and never allowed in this product. Sizes: gzip -9 of the files as served.' +
    '\nappended → camera ready (module build): a new <dni-capture sides="front"> appended to a page that has loaded the module;' +
    '\ncold: the first element in a fresh browser context (nothing it loads lazily, chunks, strings, workers, loaded yet; the' +
    '\nserver sends no-store), one per context; warm: in the first context, the element removed and a new one appended, again.' +
    `\npicked file: uploadFile() of a 1600×1000 JPEG (q 0.92, ${kb(results.pickFileBytes)}) of the synthetic card on its table,` +
    `\nto an element with no-auto-capture, timed to the POST's requestStart; first: the first pick in a fresh context, the camera` +
    `\nlive ${FIRST_PICK_AFTER_MS / 1000} s before (the idle-time prefetch done), counting what the pick loads lazily; more: in the first` +
    `\ncontext, each after retake() and ${SETTLE_MS} ms of live camera. Times: median (min–max).` +
    builds
      .map(
        (build) =>
          `\n${build.name}, loaded from the first append to camera ready: ${loadedList(figures[build.key].connect.firstLoaded)}` +
          `\n${build.name}, loaded by the first pick before its request: ${loadedList(figures[build.key].pick.firstLoaded.before)}` +
          `; after it: ${loadedList(figures[build.key].pick.firstLoaded.after)}`,
      )
      .join(''),
);
if (jsonFile) {
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, JSON.stringify(results, null, 2));
}
process.exit(0);
