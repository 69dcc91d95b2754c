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
 *
 * Options: --cycles N (default 30), --json FILE (also write the raw figures).
 */
import { gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
import { createServer } from 'vite';
import { cardFrame, CHROME_PATH, fakeCameraArgs, SAFE_ARGS } from '../bench/card-frame.mjs';
import { ensureDist } from './build/ensure-dist.mjs';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const { values: options } = parseArgs({
  options: { cycles: { type: 'string', default: '30' }, json: { type: 'string' } },
});
const CYCLES = Math.max(1, Number(options.cycles) || 30);
const SETTLE_MS = 300;
const STEP_TIMEOUT_MS = 30_000;
const deadline = setTimeout(() => {
  console.error('bench: gave up after 10 minutes');
  process.exit(2);
}, 10 * 60_000);
deadline.unref();

const log = (line) => console.error(`[bench] ${line}`);

const gz = (path) => gzipSync(readFileSync(join(root, path)), { level: 9 }).length;
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
  loadBefore: loadavg()[0],
};

async function served(clear = false) {
  const res = await fetch(`${base}/__bench/served`, { method: clear ? 'DELETE' : 'GET' });
  return res.json();
}

async function openPage(path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => log(`page error on ${path}: ${error.message}`));
  await page.goto(`${base}/raw/bench/pages/${path}`);
  const cdp = await context.newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  return { page, context, heap };
}

/** What a page loaded from /raw/ before its first capture. */
async function loadedBeforeCapture(path, waitFor) {
  await served(true);
  const { page, context } = await openPage(path);
  const state = await withTimeout(
    page.evaluate(() => window.widget.ready()),
    `${path} camera`,
  );
  if (state !== 'dni-camera-ready') throw new Error(`${path}: ${state}`);
  // The worker is started when the preview goes live; give it a moment to be fetched.
  for (let i = 0; i < 20 && waitFor && !(await served()).some((p) => p.includes(waitFor)); i++) await sleep(100);
  const files = (await served()).filter((p) => p.endsWith('.js') && !p.startsWith('bench/'));
  await context.close();
  return files;
}

log('sizes');
const moduleBefore = await loadedBeforeCapture('widget-module.html', 'capture.worker.js');
const bundledBefore = await loadedBeforeCapture('widget-bundled.html', null);
const distJs = (dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `${dir}/${f}`);
const moduleAll = [
  ...moduleBefore,
  ...distJs('dist').filter((f) => !f.includes('bundled')),
  ...distJs('dist/chunks'),
  'node_modules/browser-image-compression/dist/browser-image-compression.mjs',
];
const baselineLib = ['node_modules/browser-image-compression/dist/browser-image-compression.mjs'];
results.sizes = {
  moduleBeforeCapture: { files: moduleBefore, gzip: sumGz(moduleBefore) },
  moduleEverything: { files: [...new Set(moduleAll)], gzip: sumGz(moduleAll) },
  bundledBeforeCapture: { files: bundledBefore, gzip: sumGz(bundledBefore) },
  bundledEverything: { files: bundledBefore, gzip: sumGz(bundledBefore) },
  baseline: { files: baselineLib, gzip: sumGz(baselineLib) },
};

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

let widgetLive = false;
results.widget = await runSide('dni-capture', 'widget-module.html', async (page) => {
  if (!widgetLive) {
    const state = await page.evaluate(() => window.widget.ready());
    if (state !== 'dni-camera-ready') throw new Error(`widget camera: ${state}`);
    widgetLive = true;
  }
  await sleep(SETTLE_MS);
  const sample = await page.evaluate(() => window.widget.capture());
  const state = await page.evaluate(() => window.widget.retake());
  if (state !== 'dni-camera-ready') throw new Error(`widget retake: ${state}`);
  return sample;
});
results.bare = await runSide('bare encode', 'baseline.html', async (page) => {
  await page.evaluate(() => window.baseline.open());
  await sleep(SETTLE_MS);
  const sample = await page.evaluate(() => window.baseline.captureBare());
  await page.evaluate(() => window.baseline.close());
  return sample;
});
results.baseline = await runSide('baseline', 'baseline.html', async (page) => {
  await page.evaluate(() => window.baseline.open());
  await sleep(SETTLE_MS);
  const sample = await page.evaluate(() => window.baseline.capture());
  await page.evaluate(() => window.baseline.close());
  return sample;
});

await browser.close();
await server.close();
results.loadAfter = loadavg()[0];

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
const W = results.widget;
const R = results.bare;
const B = results.baseline;
const S = results.sizes;
const encodedIn = [...new Set(stat(W, 'encodedIn'))].join(', ');

const rows = [
  ['', 'dni-capture', 'bare encode', 'baseline', 'dni-capture / bare', 'baseline / dni-capture'],
  [
    'JS before first capture, gzip: module build + lit',
    kb(S.moduleBeforeCapture.gzip),
    '',
    kb(S.baseline.gzip),
    '',
    '(library only)',
  ],
  ['JS before first capture, gzip: single file', kb(S.bundledBeforeCapture.gzip), '', '', '', ''],
  ['JS, everything it can load, gzip: module build + lit', kb(S.moduleEverything.gzip), '', '', '', ''],
  ['JS, everything it can load, gzip: single file', kb(S.bundledEverything.gzip), '', '', '', ''],
  ...[
    [`capture() → request's first byte, median (min–max)`, 'requestStartMs'],
    ['capture() → answer received, median (min–max)', 'totalMs'],
  ].map(([label, key]) => [
    label,
    spread(stat(W, key)),
    spread(stat(R, key)),
    spread(stat(B, key)),
    ratio(median(stat(R, key)), median(stat(W, key))),
    ratio(median(stat(W, key)), median(stat(B, key))),
  ]),
  [
    'bytes sent per side, median',
    kb(median(stat(W, 'bytes'))),
    kb(median(stat(R, 'bytes'))),
    kb(median(stat(B, 'bytes'))),
    ratio(median(stat(R, 'bytes')), median(stat(W, 'bytes'))),
    ratio(median(stat(W, 'bytes')), median(stat(B, 'bytes'))),
  ],
  ['pixels sent per side', pixels(W), pixels(R), pixels(B), '', ''],
  ['encoded in', encodedIn, 'main thread', 'main thread', '', ''],
  [
    'longest main-thread task, capture → answer (max of cycles)',
    longest(stat(W, 'longestTaskMs')),
    longest(stat(R, 'longestTaskMs')),
    longest(stat(B, 'longestTaskMs')),
    '',
    '',
  ],
  [
    `JS heap (main thread, after GC): start → after ${CYCLES} cycles`,
    `${mb(W.heapStart)} → ${mb(W.heapEnd)}`,
    `${mb(R.heapStart)} → ${mb(R.heapEnd)}`,
    `${mb(B.heapStart)} → ${mb(B.heapEnd)}`,
    '',
    '',
  ],
  [
    `live object URLs after ${CYCLES} cycles (created / revoked)`,
    `${W.objectUrls.live} (${W.objectUrls.created} / ${W.objectUrls.revoked})`,
    `${R.objectUrls.live} (${R.objectUrls.created} / ${R.objectUrls.revoked})`,
    `${B.objectUrls.live} (${B.objectUrls.created} / ${B.objectUrls.revoked})`,
    '',
    '',
  ],
];
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
const line = (r) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
console.log(
  `\ndni-capture bench: Chromium ${results.chromium} (headless, --disable-gpu), ${results.cpus} CPUs, Node ${results.node}, ` +
    `1920×1080 fake-camera frame, ${CYCLES} cycles per side, loopback proxy + mock API; ` +
    `load average ${results.loadBefore.toFixed(1)} → ${results.loadAfter.toFixed(1)}\n`,
);
console.log(line(rows[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows.slice(1)) console.log(line(r));
console.log(
  '\nbare encode: the whole frame drawn to a canvas on the page, toBlob("image/jpeg", 0.92) (the widget\'s quality), POSTed as it is.' +
    '\nbaseline: the same frame drawn to a canvas, toBlob("image/jpeg"), then browser-image-compression 2.0.2 with its defaults' +
    '\n(maxSizeMB ∞, initialQuality 1, same type) and useWebWorker: false: its default worker loads the library from a CDN,' +
    '\nwhich is unreachable here and never allowed in this product. Sizes: gzip -9 of the files as served.',
);
if (options.json) {
  mkdirSync(dirname(resolve(options.json)), { recursive: true });
  writeFileSync(options.json, JSON.stringify(results, null, 2));
}
process.exit(0);
