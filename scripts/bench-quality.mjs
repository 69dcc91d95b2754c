#!/usr/bin/env node
/**
 * The quality gate's benchmark (`npm run bench:quality`), three parts:
 *
 *   detection  the detector on 63 synthetic frames with known corners, in a worker: detection
 *            rate, corner error, false detections, time per frame, the verdict on each;
 *   scenes   auto-capture on the fake camera: good scenes (turned, tilted, off centre, white,
 *            cluttered or same-colour table, dim, every kind, portrait) must be taken by
 *            themselves, and how fast; bad ones (blurred, dark, glare, empty, half out, far,
 *            too near, turned 35°) never;
 *   runtime  with the good card in front of the camera for a few seconds: frames analysed per
 *            second, the worker's time per frame, and the main thread's longest task while
 *            analysing (long tasks from PerformanceObserver, target none over 50 ms, and the
 *            largest timer lag, which also sees tasks under 50 ms);
 *   size     what the gate adds to the bundle, minified and gzipped: the element built with
 *            esbuild now and as it was before the gate (the parent of the commit that added
 *            src/quality/metrics.ts), plus the quality worker bundled on its own.
 *
 * `--only=detection,scenes,sweep,runtime,size` runs some parts; `--seconds=N` sets the runtime length.
 * Runs the demo through Vite on a free port, in Debian's Chromium with a fake camera.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { register } from 'tsx/esm/api';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
register();

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value = 'true'] = arg.replace(/^--/, '').split('=');
    return [key, value];
  }),
);
const parts = new Set((args.get('only') ?? 'detection,scenes,sweep,runtime,size').split(','));
const seconds = Number(args.get('seconds') ?? 8);

const { CHROME_PATH, SAFE_ARGS, fakeCameraArgs } = await import('../test/e2e/support/chromium.ts');
const { renderScenes } = await import('../test/e2e/support/cards.ts');

/** Runs in the page before its scripts: records dni-* events, long tasks and timer lag. */
function instrument() {
  const w = window;
  w.__bench = { events: [], longTasks: [], maxLag: 0, lagSince: 0, pageWork: [] };
  // The gate's own work on the page per frame: wrapping the frame (new VideoFrame) and handling
  // the worker's answer (judging it, guidance, the event), timed around each call.
  const work = (ms) => w.__bench.lagSince && w.__bench.pageWork.push(ms);
  if (typeof VideoFrame === 'function') {
    const Native = VideoFrame;
    w.VideoFrame = class extends Native {
      constructor(...args) {
        const t0 = performance.now();
        super(...args);
        work(performance.now() - t0);
      }
    };
  }
  const onmessage = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
  Object.defineProperty(Worker.prototype, 'onmessage', {
    get() {
      return onmessage.get.call(this);
    },
    set(handler) {
      onmessage.set.call(
        this,
        handler &&
          function (event) {
            const t0 = performance.now();
            try {
              return handler.call(this, event);
            } finally {
              work(performance.now() - t0);
            }
          },
      );
    },
  });
  for (const type of ['dni-camera-ready', 'dni-quality', 'dni-capture']) {
    document.addEventListener(type, (e) => w.__bench.events.push({ type, time: performance.now(), detail: e.detail }), {
      capture: true,
    });
  }
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      w.__bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  // A 10 ms timer: how late it fires is how long the main thread was busy (tasks under 50 ms too).
  let expected = performance.now() + 10;
  setInterval(() => {
    const now = performance.now();
    if (w.__bench.lagSince && now > w.__bench.lagSince) w.__bench.maxLag = Math.max(w.__bench.maxLag, now - expected);
    expected = now + 10;
  }, 10);
}

async function withServer(run) {
  const { createServer } = await import('vite');
  const server = await createServer({
    configFile: 'vite.config.ts',
    logLevel: 'error',
    server: { port: 0, host: '127.0.0.1' },
  });
  await server.listen();
  const url = server.resolvedUrls.local[0];
  try {
    return await run(url);
  } finally {
    await server.close();
  }
}

/** Opens the demo with a fake camera showing `y4m` (or the default pattern), auto-capture off unless `auto`. */
async function openDemo(chromium, baseUrl, y4m, gate = true, auto = false) {
  const cameraArgs = y4m
    ? fakeCameraArgs(y4m, true)
    : ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];
  const browser = await chromium.launch({ executablePath: CHROME_PATH, args: [...SAFE_ARGS, ...cameraArgs] });
  const context = await browser.newContext({ permissions: ['camera'], viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(instrument);
  // Without the gate: its worker cannot load, so the widget runs as it did before it.
  if (!gate) await page.route('**/quality.worker.ts*', (route) => route.abort());
  await page.goto(auto ? baseUrl : `${baseUrl}?auto-capture=off`);
  return { browser, page };
}

const median = (values) => {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : null;
};
const fmt = (value, digits = 3) =>
  value === null || value === undefined ? '–' : Number(value.toFixed(digits)).toString();

/**
 * Auto-capture on the fake camera: each scene (good ones the widget must take by itself, bad
 * ones it never must) shown to the demo with auto-capture on, for up to `CAPTURE_WATCH_MS` after
 * the camera is ready; how long the good ones took, what each was told.
 */
const CAPTURE_WATCH_MS = 4000;
const CAPTURE_SCENES = [
  ['85%, turned 6°', 'good', { kind: 'new-front', pose: { scale: 0.85, turn: 6 } }],
  ['80%, tilted 15°', 'good', { kind: 'new-front', pose: { scale: 0.8, tilt: 15 } }],
  ['75%, off centre', 'good', { kind: 'new-front', pose: { scale: 0.75, dx: 0.08, dy: -0.06 } }],
  ['white table', 'good', { kind: 'new-front', table: 'white', pose: { scale: 0.85 } }],
  ['cluttered desk', 'good', { kind: 'new-front', table: 'cluttered', pose: { scale: 0.85, turn: -4 } }],
  ['same-colour table', 'good', { kind: 'new-back', table: 'same', pose: { scale: 0.85 } }],
  ['dim light (½)', 'good', { kind: 'new-front', light: 0.5, noise: 4, pose: { scale: 0.85 } }],
  ['back, new DNI', 'good', { kind: 'new-back', pose: { scale: 0.9, turn: 3 } }],
  ['front, old DNI', 'good', { kind: 'old-front', pose: { scale: 0.85 } }],
  ['foreigner card', 'good', { kind: 'alien-front', pose: { scale: 0.85, tilt: 10 } }],
  ['portrait frame', 'good', { kind: 'new-front', width: 1080, height: 1920, pose: { scale: 0.85 } }],
  ['blurred', 'bad', { kind: 'new-front', variant: 'blurred' }],
  ['dark (¼)', 'bad', { kind: 'new-front', variant: 'dark' }],
  ['glare on the card', 'bad', { kind: 'new-front', variant: 'glare' }],
  ['empty table', 'bad', { kind: 'new-front', variant: 'empty' }],
  ['half out', 'bad', { kind: 'new-front', variant: 'half-outside' }],
  ['far away (40%)', 'bad', { kind: 'new-front', pose: { scale: 0.4 } }],
  ['too near (130%)', 'bad', { kind: 'new-front', pose: { scale: 1.3 } }],
  ['turned 35°', 'bad', { kind: 'new-front', pose: { scale: 0.72, turn: 35 } }],
];

async function scenes(chromium, baseUrl) {
  const paths = await renderScenes(
    CAPTURE_SCENES.map(([, , options]) => options),
    'y4m',
  );
  const rows = [];
  const took = [];
  let badTaken = 0;
  let goodTaken = 0;
  for (const [i, [name, expect]] of CAPTURE_SCENES.entries()) {
    const { browser, page } = await openDemo(chromium, baseUrl, paths[i], true, true);
    try {
      await page.waitForFunction(() => window.__bench.events.some((e) => e.type === 'dni-camera-ready'), null, {
        timeout: 30_000,
      });
      const ready = await page.evaluate(() => window.__bench.events.find((e) => e.type === 'dni-camera-ready').time);
      await page
        .waitForFunction(() => window.__bench.events.some((e) => e.type === 'dni-capture'), null, {
          timeout: CAPTURE_WATCH_MS,
        })
        .catch(() => null);
      const events = await page.evaluate(() =>
        window.__bench.events.map((e) => ({
          type: e.type,
          time: e.time,
          detail:
            e.type === 'dni-capture'
              ? { crop: e.detail.crop }
              : e.type === 'dni-quality'
                ? { ok: e.detail.ok, hint: e.detail.hint, frame: e.detail.frame }
                : null,
        })),
      );
      const capture = events.find((e) => e.type === 'dni-capture');
      const quality = events.filter((e) => e.type === 'dni-quality').map((e) => e.detail);
      const hints = [...new Set(quality.map((d) => (d.ok ? 'ok' : (d.hint ?? 'unsteady'))))].join('/');
      const ms = capture ? capture.time - ready : null;
      if (capture && expect === 'good') {
        goodTaken++;
        took.push(ms);
      }
      if (capture && expect === 'bad') badTaken++;
      rows.push({
        scene: name,
        expect,
        taken: capture ? `yes, ${capture.detail.crop}` : 'no',
        'ms from camera ready': capture ? Math.round(ms) : '–',
        // The last reported (dni-quality comes at most twice a second): the photo may follow a frame or two later.
        'last frame reported': quality.at(-1)?.frame ?? 0,
        told: hints,
      });
    } catch (error) {
      rows.push({ scene: name, expect, taken: `failed: ${String(error).split('\n')[0]}` });
    } finally {
      await browser.close();
    }
    process.stderr.write(`scene ${i + 1}/${CAPTURE_SCENES.length}\r`);
  }
  const good = CAPTURE_SCENES.filter(([, expect]) => expect === 'good').length;
  console.log(
    `\nAuto-capture on the fake camera (demo, auto-capture on, watched ${CAPTURE_WATCH_MS / 1000} s; load average ${loadavg()[0].toFixed(1)}):`,
  );
  console.table(rows);
  took.sort((a, b) => a - b);
  console.log(
    `  good scenes taken by themselves   ${goodTaken}/${good}, camera ready → photo median ${fmt(median(took), 0)} ms, max ${fmt(took.at(-1) ?? null, 0)} ms`,
  );
  console.log(`  bad scenes taken                  ${badTaken}/${CAPTURE_SCENES.length - good} (must be 0)`);
}

/**
 * Sharpness against blur and motion against a shift of the good card, analysed as the widget
 * does (luma of the whole frame averaged down to 640 px on its long side, metrics.ts), at a
 * phone's 1920×1080 and a webcam's 1280×720.
 */
async function sweep(chromium) {
  const { guideRect } = await import('../src/geometry.ts');
  const { downscale, measureFrame } = await import('../src/quality/metrics.ts');
  const sizes = [
    [1920, 1080],
    [1280, 720],
  ];
  const pngs = await renderScenes(
    sizes.map(([width, height]) => ({ kind: 'new-front', width, height })),
    'png',
  );
  const browser = await chromium.launch({ executablePath: CHROME_PATH, args: [...SAFE_ARGS] });
  const blurs = [0, 1, 1.5, 2, 3, 4, 6];
  const shifts = [0, 1, 2, 4, 8, 16];
  const rows = [];
  try {
    const page = await browser.newPage();
    for (const [k, [width, height]] of sizes.entries()) {
      // As the controller does: the whole frame, 640 px on the long side.
      const crop = { x: 0, y: 0, width, height };
      const guide = guideRect(width, height);
      const scale = Math.min(1, 640 / Math.max(width, height));
      const out = { width: Math.round(crop.width * scale), height: Math.round(crop.height * scale) };
      const bytes = (await import('node:fs')).readFileSync(pngs[k]).toString('base64');
      await page.evaluate(async (png) => {
        globalThis.__scene = await createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob());
      }, bytes);
      /**
       * The scene blurred by `blur` px and shifted by `dx` px, its crop's luma taken in the page
       * and averaged down here: what the worker does with a camera frame's Y plane.
       */
      const frame = async (blur, dx) => {
        const base64 = await page.evaluate(
          ({ blur, dx, crop }) => {
            const image = globalThis.__scene;
            const g = new OffscreenCanvas(image.width, image.height).getContext('2d');
            g.filter = blur ? `blur(${blur}px)` : 'none';
            g.drawImage(image, dx, 0);
            const data = g.getImageData(crop.x, crop.y, crop.width, crop.height).data;
            const y = new Uint8Array(data.length / 4);
            for (let i = 0; i < y.length; i++)
              y[i] = Math.round(0.299 * data[i * 4] + 0.587 * data[i * 4 + 1] + 0.114 * data[i * 4 + 2]);
            let binary = '';
            for (let i = 0; i < y.length; i += 0x8000) binary += String.fromCharCode(...y.subarray(i, i + 0x8000));
            return btoa(binary);
          },
          { blur, dx, crop },
        );
        return downscale(Buffer.from(base64, 'base64'), 0, crop.width, crop.width, crop.height, out.width, out.height);
      };
      const g = { x: guide.x * scale, y: guide.y * scale, width: guide.width * scale, height: guide.height * scale };
      const measure = (grey, previous = null) => measureFrame(grey, out.width, out.height, g, 1 / scale, previous);
      const base = await frame(0, 0);
      const first = measure(base);
      const row = { camera: `${width}×${height}` };
      for (const blur of blurs)
        row[`blur ${blur}`] = Math.round(measure(blur ? await frame(blur, 0) : base).metrics.sharpness);
      for (const dx of shifts) {
        const moved = measure(await frame(0, dx), first.memory).metrics;
        row[`shift ${dx}px`] = `${fmt(moved.motion, 4)} / ${fmt(moved.cardMotion, 4)}`;
      }
      rows.push(row);
    }
  } finally {
    await browser.close();
  }
  console.log(
    "\nSharpness of the card found by Gaussian blur σ (camera pixels), and motion / cardMotion (corners, share of the card's width) by a horizontal shift (camera pixels):",
  );
  console.table(rows);
}

/** The main thread's long tasks and timer lag over `seconds` once the camera is live; with the gate or without it. */
async function mainThread(chromium, baseUrl, y4m, gate) {
  const { browser, page } = await openDemo(chromium, baseUrl, y4m, gate);
  try {
    const live = gate
      ? "window.__bench.events.some((e) => e.type === 'dni-quality')"
      : "window.__bench.events.some((e) => e.type === 'dni-camera-ready')";
    await page.waitForFunction(live, null, { timeout: 30_000 });
    // From the first analysed frame on (page load and camera start are not the gate's).
    const since = await page.evaluate(() => (window.__bench.lagSince = performance.now()));
    await page.waitForTimeout(seconds * 1000);
    return await page.evaluate((t0) => {
      const b = window.__bench;
      const quality = b.events.filter((e) => e.type === 'dni-quality' && e.time >= t0);
      return {
        quality: quality.map((e) => ({ time: e.time, frame: e.detail.frame, ms: e.detail.analysisMs })),
        longTasks: b.longTasks.filter((t) => t.start >= t0),
        maxLag: b.maxLag,
        pageWork: b.pageWork,
      };
    }, since);
  } finally {
    await browser.close();
  }
}

async function runtime(chromium, baseUrl) {
  const [y4m] = await renderScenes([{ kind: 'new-front' }], 'y4m');
  const on = await mainThread(chromium, baseUrl, y4m, true);
  const off = await mainThread(chromium, baseUrl, y4m, false);
  const first = on.quality[0];
  const last = on.quality.at(-1);
  const fps = last && last !== first ? ((last.frame - first.frame) * 1000) / (last.time - first.time) : 0;
  const workerMs = median(on.quality.map((q) => q.ms));
  const tasks = ({ longTasks }) =>
    `${longTasks.length}${longTasks.length ? `, longest ${longTasks.reduce((m, t) => Math.max(m, t.duration), 0).toFixed(0)} ms` : ''}`;
  console.log(
    `\nRuntime, ${seconds} s with the good card (1920×1080 camera, frames analysed at 640 px), load average ${loadavg()[0].toFixed(1)}:`,
  );
  console.log(`  analysis rate            ${fps.toFixed(1)} frames/s (sampling every 200 ms, one frame in flight)`);
  console.log(
    `  worker time per frame    ${fmt(workerMs, 1)} ms median (capacity ≈ ${workerMs ? (1000 / workerMs).toFixed(0) : '–'} frames/s)`,
  );
  const work = on.pageWork.sort((a, b) => a - b);
  console.log(
    `  page-side work           ${fmt(median(work), 2)} ms median, ${fmt(work.at(-1) ?? null, 1)} ms max per call (wrapping a frame, handling an answer; ${work.length} calls)`,
  );
  console.log(`  long tasks (> 50 ms)     ${tasks(on)}   (same page, gate off: ${tasks(off)})`);
  console.log(
    `  largest timer lag        ${on.maxLag.toFixed(1)} ms   (gate off: ${off.maxLag.toFixed(1)} ms; a 10 ms timer firing late: main-thread work of any length, plus the OS not scheduling the page on a busy machine)`,
  );
}

/**
 * The detector on the synthetic scene set (scripts/bench-detect-scenes.mjs), in a worker as the
 * widget runs it: each frame drawn at the camera's size with the card's true corners known,
 * averaged down to 640 px on the long side, then found (six times: the first warms up, the
 * median of the rest is the time per frame) and judged on two identical frames in a row.
 */
async function detection(chromium) {
  const esbuild = await import('esbuild');
  const { detectionScenes } = await import('./bench-detect-scenes.mjs');
  const bundle = (contents) =>
    esbuild.buildSync({
      stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'bench-entry.ts' },
      bundle: true,
      format: 'iife',
      write: false,
      logLevel: 'silent',
    }).outputFiles[0].text;
  const painter = bundle(
    `import { paintScene, canvasLuma } from './test/support/scene.ts'; Object.assign(globalThis, { paintScene, canvasLuma });`,
  );
  const worker = bundle(`
    import { detectCard } from './src/quality/detect.ts';
    import { judge, measureFrame, PHONE_THRESHOLDS } from './src/quality/metrics.ts';
    onmessage = ({ data: { grey, width, height, guide } }) => {
      const times = [];
      let found = null;
      for (let k = 0; k < 6; k++) {
        const t0 = performance.now();
        found = detectCard(grey, width, height);
        if (k) times.push(performance.now() - t0);
      }
      const first = measureFrame(grey, width, height, guide, 3, null);
      const second = measureFrame(grey, width, height, guide, 3, first.memory);
      const verdict = judge(second.metrics, PHONE_THRESHOLDS);
      postMessage({ found, times, verdict, metrics: second.metrics });
    };`);
  const { guideRect } = await import('../src/geometry.ts');
  const list = detectionScenes();
  const browser = await chromium.launch({ executablePath: CHROME_PATH, args: [...SAFE_ARGS] });
  const results = [];
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>detection</title>');
    await page.addScriptTag({ content: painter });
    await page.evaluate((code) => {
      globalThis.__worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    }, worker);
    for (const [i, scene] of list.entries()) {
      const g = guideRect(scene.spec.width, scene.spec.height);
      const guide = { x: g.x / 3, y: g.y / 3, width: g.width / 3, height: g.height / 3 };
      const result = await page.evaluate(
        ({ spec, guide }) =>
          new Promise((resolve) => {
            const { canvas, corners } = globalThis.paintScene(spec);
            const { grey, width, height } = globalThis.canvasLuma(canvas, 3);
            globalThis.__worker.onmessage = ({ data }) => resolve({ ...data, truth: corners });
            globalThis.__worker.postMessage({ grey, width, height, guide }, [grey.buffer]);
          }),
        { spec: scene.spec, guide },
      );
      results.push({ ...scene, ...result });
      process.stderr.write(`detection ${i + 1}/${list.length}\r`);
    }
  } finally {
    await browser.close();
  }
  const pct = (values, q) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null;
  };
  const errorOf = (r) => {
    const t = r.truth;
    const width = Math.hypot(t[1][0] - t[0][0], t[1][1] - t[0][1]);
    return (
      (Math.max(...r.found.corners.map((p, k) => Math.hypot(p[0] * 3 - t[k][0], p[1] * 3 - t[k][1]))) / width) * 100
    );
  };
  const groups = [...new Set(results.map((r) => r.group))];
  const rows = groups.map((group) => {
    const rs = results.filter((r) => r.group === group);
    const whole = rs[0].expect !== 'empty' && !/half out|130%/.test(group);
    const found = rs.filter((r) => r.found && (!whole || !r.found.cutOff));
    const errors = whole ? found.map(errorOf) : [];
    const verdicts = [...new Set(rs.map((r) => (r.verdict.ok ? 'ok' : r.verdict.hint)))].join('/');
    return {
      group,
      expect: rs[0].expect,
      scenes: rs.length,
      found:
        rs[0].expect === 'empty'
          ? `${rs.filter((r) => r.found && !r.found.cutOff).length} false (${rs.filter((r) => r.found?.cutOff).length} cut)`
          : `${found.length}/${rs.length}`,
      'error p50 %': errors.length ? fmt(pct(errors, 0.5), 2) : '–',
      'error max %': errors.length ? fmt(Math.max(...errors), 2) : '–',
      'ms p50': fmt(median(rs.flatMap((r) => r.times)), 1),
      verdict: verdicts,
    };
  });
  const wholeScenes = results.filter((r) => r.expect !== 'empty' && !/half out|130%/.test(r.group));
  const detected = wholeScenes.filter((r) => r.found && !r.found.cutOff);
  const errors = detected.map(errorOf);
  const times = results.flatMap((r) => r.times);
  const good = results.filter((r) => r.expect === 'good');
  const bad = results.filter((r) => r.expect !== 'good');
  console.log(
    `\nDetection on ${results.length} synthetic scenes (frames at the camera's size, analysed at 640 px; load average ${loadavg()[0].toFixed(1)}):`,
  );
  console.table(rows);
  console.log(`  detection rate (whole card in view)   ${detected.length}/${wholeScenes.length}`);
  console.log(
    `  corner error, % of the card's width   median ${fmt(pct(errors, 0.5), 2)}, 95th percentile ${fmt(pct(errors, 0.95), 2)}, max ${fmt(Math.max(...errors), 2)}`,
  );
  console.log(
    `  false detections on empty tables      ${results.filter((r) => r.expect === 'empty' && r.found && !r.found.cutOff).length}/${results.filter((r) => r.expect === 'empty').length} (plus ${results.filter((r) => r.expect === 'empty' && r.found?.cutOff).length} read as a card cut off by the frame)`,
  );
  console.log(
    `  time per frame in a worker            median ${fmt(median(times), 1)} ms, 95th percentile ${fmt(pct(times, 0.95), 1)} ms`,
  );
  console.log(`  verdict ok on good scenes             ${good.filter((r) => r.verdict.ok).length}/${good.length}`);
  console.log(
    `  verdict ok on bad or empty scenes     ${bad.filter((r) => r.verdict.ok).length}/${bad.length} (must be 0)`,
  );
}

/**
 * What loads first of an entry point, minified and gzipped, as a bundler that splits would ship
 * it: the entry's own chunk and the chunks it imports statically, not those it loads on demand.
 */
async function gz(options) {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    splitting: true,
    outdir: join(tmpdir(), 'dni-bench-out'),
    metafile: true,
    logLevel: 'silent',
    external: ['lit', 'lit/*', '@lit/*', 'browser-image-compression'],
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
    ...options,
  });
  const outputs = out.metafile.outputs;
  const entry = Object.keys(outputs).find((path) => outputs[path].entryPoint);
  const first = new Set();
  const visit = (path) => {
    if (first.has(path)) return;
    first.add(path);
    for (const imported of outputs[path].imports)
      if (imported.kind === 'import-statement' && outputs[imported.path]) visit(imported.path);
  };
  visit(entry);
  let raw = 0;
  let gzip = 0;
  for (const file of out.outputFiles) {
    if (![...first].some((path) => resolve(path) === file.path)) continue;
    raw += file.contents.length;
    gzip += gzipSync(file.contents, { level: 9 }).length;
  }
  return { raw, gzip };
}

/** The source tree at `commit`, in a temporary folder, for `run(dir)`. */
async function atCommit(commit, run) {
  const dir = mkdtempSync(join(tmpdir(), 'dni-bench-'));
  try {
    execFileSync('sh', ['-c', `git archive ${commit} src | tar -x -C ${dir}`]);
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The parent of the commit that added `path`, or null. */
function beforeAdding(path) {
  const added = execFileSync('git', ['log', '--diff-filter=A', '--format=%H', '--', path], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1);
  return added ? `${added}^` : null;
}

async function size() {
  const kb = (n) => `${(n / 1024).toFixed(2)} KiB`;
  const files = {
    element: 'src/dni-capture.ts',
    'quality worker': 'src/quality/quality.worker.ts',
    'file worker': 'src/image/file.worker.ts',
  };
  const measure = async (dir = '.') => {
    const out = {};
    // A file that did not exist yet weighs nothing.
    for (const [name, file] of Object.entries(files))
      out[name] = existsSync(join(dir, file)) ? await gz({ entryPoints: [join(dir, file)] }) : { raw: 0, gzip: 0 };
    return out;
  };
  const now = await measure();
  // Card detection began with the card's outline type (src/quad.ts): the tree just before it.
  const commit = beforeAdding('src/quad.ts');
  const before = commit ? await atCommit(commit, measure) : null;
  console.log('\nSize (esbuild, minified, gzip -9; lit and browser-image-compression left out):');
  let added = 0;
  for (const name of Object.keys(files)) {
    const diff = before ? now[name].gzip - before[name].gzip : null;
    added += diff ?? 0;
    console.log(
      `  ${name.padEnd(15)} ${kb(now[name].gzip)} gzip (${kb(now[name].raw)} minified)${before ? `, ${kb(before[name].gzip)} before card detection (${diff >= 0 ? '+' : ''}${kb(diff)})` : ''}`,
    );
  }
  if (before)
    console.log(
      `  added by card detection, the outline and the flat card: ${kb(added)} gzip, against ${commit.slice(0, 7)}`,
    );
}

if (parts.has('size')) await size();
if (parts.has('scenes') || parts.has('runtime') || parts.has('sweep') || parts.has('detection')) {
  const { chromium } = await import('@playwright/test');
  if (parts.has('detection')) await detection(chromium);
  if (parts.has('sweep')) await sweep(chromium);
  if (parts.has('scenes') || parts.has('runtime')) {
    await withServer(async (baseUrl) => {
      if (parts.has('scenes')) await scenes(chromium, baseUrl);
      if (parts.has('runtime')) await runtime(chromium, baseUrl);
    });
  }
}
