/**
 * The development mock under malformed and huge bodies: what it holds and parses is bounded
 * (no more than the body limit read, no parser that grows with the number of fields), and
 * its event loop keeps answering meanwhile. The mock runs in a child process, so that the
 * memory measured is the mock's alone.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { MAX_BODY_BYTES } from '../../server/mock-api.ts';
import { imageForm, makeJpeg, MOCK_CREDENTIALS, post, rawRequest } from './helpers.ts';

const N = 7_000_000; // under the mock's body limit: parsed, not refused on size
const MALFORMED: [string, string, () => Buffer][] = [
  [
    'a urlencoded body of 3.5 million empty fields',
    'application/x-www-form-urlencoded',
    () => Buffer.from('a&'.repeat(N / 2)),
  ],
  [
    'a multipart body of 140,000 parts',
    'multipart/form-data; boundary=b',
    () => Buffer.from('--b\r\nContent-Disposition: form-data; name="x"\r\n\r\ny\r\n'.repeat(N / 50) + '--b--\r\n'),
  ],
  [
    'a multipart file part that never ends',
    'multipart/form-data; boundary=b',
    () => Buffer.from(`--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\n${'x'.repeat(N)}`),
  ],
  ['a JSON array of 3.5 million numbers', 'application/json', () => Buffer.from(`[${'0,'.repeat(N / 2)}0]`)],
  [
    'a JSON object of 580,000 keys',
    'application/json',
    () => Buffer.from(`{${Array.from({ length: N / 12 }, (_, i) => `"k${i}":1`).join(',')}}`),
  ],
];

/** RSS the mock may grow by over all the bodies above (each ~7 MB; before the bound: ~260 MiB for the first alone). */
const RSS_BOUND_MIB = 80;
/** Longest event-loop stall allowed while one of them is parsed (before the bound: over a second). */
const LOOP_DELAY_BOUND_MS = 400;

/**
 * The mock in a process of its own, so that its memory is measured apart from this test's
 * client (which holds the bodies): `GET /__stats` → its peak RSS (sampled every 5 ms) and the
 * longest event-loop delay since the last call; with `X-Baseline`, after a GC, restarting the peak.
 */
async function spawnMock(): Promise<{
  url: string;
  stats(baseline?: boolean): Promise<{ rss: number; maxDelayMs: number }>;
  stop(): void;
}> {
  const code = `
    import { createServer } from 'node:http';
    import { monitorEventLoopDelay } from 'node:perf_hooks';
    import { createMockApi } from ${JSON.stringify(new URL('../../server/mock-api.ts', import.meta.url).href)};
    const mock = createMockApi();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let peak = 0;
    setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const server = createServer((req, res) => {
      if (req.url !== '/__stats') return mock(req, res);
      if (req.headers['x-baseline']) {
        globalThis.gc();
        peak = process.memoryUsage().rss;
      }
      res.end(JSON.stringify({ rss: Math.max(peak, process.memoryUsage().rss), maxDelayMs: delay.max / 1e6 }));
      delay.reset();
    });
    server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
  `;
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  const url = `http://127.0.0.1:${line.toString().trim()}`;
  return {
    url,
    stats: async (baseline = false) =>
      (await fetch(`${url}/__stats`, { headers: baseline ? { 'x-baseline': '1' } : {} })).json() as Promise<{
        rss: number;
        maxDelayMs: number;
      }>,
    stop: () => child.kill(),
  };
}

describe('mock API: bounded work for malformed and huge bodies', () => {
  let mock: Awaited<ReturnType<typeof spawnMock>>;
  before(async () => {
    mock = await spawnMock();
    // Warm up (JIT, buffers), so the baseline is not the first request's.
    await post(`${mock.url}/ocr/idcard`, imageForm(makeJpeg(640, 404)), MOCK_CREDENTIALS);
  });
  after(() => mock.stop());

  test(`each is refused 400 INVALID_ARGUMENT; the mock's RSS grows by less than ${RSS_BOUND_MIB} MiB; its event loop never stalls ${LOOP_DELAY_BOUND_MS} ms`, async () => {
    const bodies = MALFORMED.map(([what, type, make]) => [what, type, make()] as const);
    const baseline = (await mock.stats(true)).rss;
    let peak = baseline;
    let maxDelayMs = 0;
    for (const [what, type, body] of bodies) {
      const res = await post(`${mock.url}/ocr/idcard`, body as Uint8Array<ArrayBuffer>, {
        ...MOCK_CREDENTIALS,
        'content-type': type,
      });
      assert.equal(res.status, 400, what);
      assert.equal(res.json.status, 'INVALID_ARGUMENT', what);
      const stats = await mock.stats();
      peak = Math.max(peak, stats.rss);
      maxDelayMs = Math.max(maxDelayMs, stats.maxDelayMs);
    }
    const grownMiB = (peak - baseline) / 2 ** 20;
    assert.ok(grownMiB < RSS_BOUND_MIB, `RSS grew by ${grownMiB.toFixed(0)} MiB`);
    assert.ok(maxDelayMs < LOOP_DELAY_BOUND_MS, `the event loop stalled ${maxDelayMs.toFixed(0)} ms`);
  });

  test('while they are read and parsed, other requests are answered promptly', async () => {
    let done = false;
    const slow = (async () => {
      for (const [, type, make] of MALFORMED.slice(0, 2)) {
        await post(`${mock.url}/ocr/idcard`, make() as Uint8Array<ArrayBuffer>, {
          ...MOCK_CREDENTIALS,
          'content-type': type,
        });
      }
      done = true;
    })();
    let worst = 0;
    while (!done) {
      const started = performance.now();
      const quick = await fetch(`${mock.url}/ocr/idcard`); // 405: no body to read
      worst = Math.max(worst, performance.now() - started);
      assert.equal(quick.status, 405);
      await new Promise((r) => setTimeout(r, 20));
    }
    await slow;
    assert.ok(worst < 1000, `a request waited ${worst.toFixed(0)} ms`);
  });

  test(
    'a Content-Length over the limit is refused at once, without waiting for the body',
    { timeout: 10_000 },
    async () => {
      const res = await rawRequest(`${mock.url}/ocr/idcard`, {
        headers: {
          ...MOCK_CREDENTIALS,
          'content-type': 'multipart/form-data; boundary=b',
          'content-length': String(MAX_BODY_BYTES + 1),
        },
        chunks: [Buffer.alloc(1000)],
        end: false,
      });
      assert.equal(res.status, 400);
      assert.equal(res.json.status, 'INVALID_ARGUMENT');
      assert.match(res.json.reason, /too large/);
    },
  );
});
