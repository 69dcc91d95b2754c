#!/usr/bin/env node
/**
 * `npm run bench:proxy`: what the reference proxy costs, on loopback only.
 *
 * Three processes: the mock API, the proxy (the Node handler, configured as deployed: rate
 * limiter on with a bucket too big to refuse, one JSON log line per request written to a
 * sink) forwarding to the mock, and this one, the load generator (node:http, keep-alive,
 * one socket per connection). Each connection POSTs the widget's request, a multipart body
 * with a 300,000-byte JPEG and `detect_face=1`, again and again, for a bounded time and
 * count. Two legs in the same run, straight to the mock and through the proxy to the mock,
 * after a short warm-up each, taking turns in rounds of about 2 s (the same background load
 * for both). Prints requests/s, p50/p99 latency, the servers' memory
 * (RSS and heap) before and after, and the proxy's overhead as ratios.
 *
 * Options: --duration S (per leg, default 10), --connections N (default 16), --size BYTES
 * (default 300000), --max-requests N (per leg, default 50000), --json FILE.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';

const role = process.argv[2] === '--role' ? process.argv[3] : null;

/** A baseline JPEG's head (SOI, JFIF, SOF0 width×height), padded to `size` bytes, EOI last. */
function jpeg(width, height, size) {
  const head = Buffer.from([
    0xff,
    0xd8,
    0xff,
    0xe0,
    0x00,
    0x10,
    0x4a,
    0x46,
    0x49,
    0x46,
    0x00,
    0x01,
    0x01,
    0x00,
    0x00,
    0x01,
    0x00,
    0x01,
    0x00,
    0x00,
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x03,
    0x01,
    0x22,
    0x00,
    0x02,
    0x11,
    0x01,
    0x03,
    0x11,
    0x01,
  ]);
  const body = Buffer.alloc(size, 0x5a);
  head.copy(body);
  body[size - 2] = 0xff;
  body[size - 1] = 0xd9;
  return body;
}

/** The widget's request body: multipart `file` (front.jpg) and `detect_face=1`. */
async function widgetBody(size) {
  const form = new FormData();
  form.set('file', new Blob([jpeg(1280, 807, size)], { type: 'image/jpeg' }), 'front.jpg');
  form.set('detect_face', '1');
  const response = new Response(form);
  return { body: Buffer.from(await response.arrayBuffer()), type: response.headers.get('content-type') };
}

// ---------------------------------------------------------------------------------------
// Server processes: `--role mock` and `--role proxy <mockUrl>`. They report their port and
// answer memory questions over IPC.

async function serve() {
  let handler;
  let logged = 0;
  let lines = 0;
  if (role === 'mock') {
    const { createMockApi } = await import('../server/mock-api.ts');
    handler = createMockApi();
  } else {
    const { createNodeHandler, loadProxyConfig } = await import('../server/proxy.ts');
    const config = loadProxyConfig({
      DNI_MOCK_URL: process.argv[4],
      DNI_RATE_LIMIT_BURST: '1000000',
      DNI_RATE_LIMIT_PER_MINUTE: '1000000',
    });
    handler = createNodeHandler({
      ...config,
      log: (line) => {
        logged += line.length + 1;
        lines++;
      },
    });
  }
  const server = createServer({ keepAliveTimeout: 30_000 }, handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  process.on('message', (message) => {
    if (message === 'memory' || message === 'memory-gc') {
      if (message === 'memory-gc') {
        globalThis.gc?.();
        globalThis.gc?.();
      }
      const { rss, heapUsed } = process.memoryUsage();
      const { user, system } = process.cpuUsage();
      process.send({ rss, heapUsed, logged, lines, cpuMs: (user + system) / 1000 });
    } else if (message === 'stop') {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    }
  });
  process.send({ port: server.address().port });
}

function startChild(args) {
  const child = fork(import.meta.filename, ['--role', ...args], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (question) =>
    new Promise((resolve) => {
      child.once('message', resolve);
      child.send(question);
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
    child.once('message', ({ port }) => resolve({ child, url: `http://127.0.0.1:${port}`, ask }));
  });
}

// ---------------------------------------------------------------------------------------
// The load generator.

function post(agent, url, body, headers) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () => resolve({ ok: res.statusCode === 200, ms: performance.now() - started, bytes }));
      res.on('error', () => resolve({ ok: false, ms: performance.now() - started, bytes }));
    });
    req.on('error', () => resolve({ ok: false, ms: performance.now() - started, bytes: 0 }));
    req.end(body);
  });
}

/** Sends from `connections` loops until `seconds` pass or `maxRequests` are done; adds to `into`. */
async function load({ url, headers, body, connections, seconds, maxRequests }, into) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const limit = into.latencies.length + into.errors + maxRequests;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline && into.latencies.length + into.errors < limit) {
        const result = await post(agent, url, body, headers);
        if (result.ok) into.latencies.push(result.ms);
        else into.errors++;
      }
    }),
  );
  into.seconds += (performance.now() - started) / 1000;
  agent.destroy();
  return into;
}

function summary({ latencies, errors, seconds }, bodyBytes) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
  return {
    requests: sorted.length + errors,
    errors,
    seconds,
    rps: sorted.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted.at(-1) ?? NaN,
    mbIn: (sorted.length * bodyBytes) / seconds / 1e6,
  };
}

const MB = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const fixed = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const pad = (s, n) => String(s).padStart(n);
const signed = (n) => (n >= 0 ? `+${fixed(n)}` : `−${fixed(-n)}`);

async function main() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '16' },
      size: { type: 'string', default: '300000' },
      'max-requests': { type: 'string', default: '50000' },
      json: { type: 'string' },
    },
  });
  const seconds = Math.min(60, Math.max(1, Number(values.duration) || 10));
  const connections = Math.min(256, Math.max(1, Number(values.connections) || 16));
  const size = Math.min(5_000_000, Math.max(1000, Number(values.size) || 300_000));
  const maxRequests = Math.max(1, Number(values['max-requests']) || 50_000);
  const warmup = Math.min(2, seconds / 5);

  const { body, type } = await widgetBody(size);
  const mock = await startChild(['mock']);
  const proxy = await startChild(['proxy', `${mock.url}/ocr/idcard`]);
  const stopAll = () => {
    for (const c of [proxy, mock]) c.child.removeAllListeners('exit').send('stop');
  };
  process.once('SIGINT', () => {
    stopAll();
    process.exit(130);
  });

  const legs = {
    direct: {
      name: 'direct → mock',
      url: `${mock.url}/ocr/idcard`,
      headers: { 'content-type': type, 'x-df-api-id': 'mock-id', 'x-df-api-secret': 'mock-secret' },
    },
    proxy: {
      name: 'proxy → mock',
      url: `${proxy.url}/api/idcard`,
      headers: { 'content-type': type, 'x-dni-side': 'front' },
    },
  };

  const memory = {};
  memory.proxyStart = await proxy.ask('memory-gc');
  memory.mockStart = await mock.ask('memory-gc');
  // The legs take turns in short rounds, so that both see the same background load.
  const rounds = Math.max(1, Math.round(seconds / 2));
  const slice = seconds / rounds;
  process.stderr.write(
    `warm-up ${warmup} s per leg, then ${rounds} rounds of ${slice} s per leg at ${connections} connections…\n`,
  );
  const raw = {};
  for (const key of ['direct', 'proxy']) {
    raw[key] = { latencies: [], errors: 0, seconds: 0, cpuMs: { mock: 0, proxy: 0 } };
    await load(
      { ...legs[key], body, connections, seconds: warmup, maxRequests },
      { latencies: [], errors: 0, seconds: 0 },
    );
  }
  const snapshot = async (question) => ({ mock: await mock.ask(question), proxy: await proxy.ask(question) });
  const start = await snapshot('memory-gc');
  for (let round = 0; round < rounds; round++) {
    for (const key of ['direct', 'proxy']) {
      const before = await snapshot('memory');
      await load(
        { ...legs[key], body, connections, seconds: slice, maxRequests: Math.ceil(maxRequests / rounds) },
        raw[key],
      );
      const after = await snapshot('memory');
      for (const who of ['mock', 'proxy']) raw[key].cpuMs[who] += after[who].cpuMs - before[who].cpuMs;
    }
  }
  const end = await snapshot('memory');
  const endGc = await snapshot('memory-gc');
  const results = {};
  for (const key of ['direct', 'proxy']) {
    const r = summary(raw[key], body.length);
    const perRequest = (who) => raw[key].cpuMs[who] / Math.max(1, r.requests);
    const server = key === 'proxy' ? 'proxy' : 'mock';
    results[key] = {
      ...r,
      cpuMs: { mock: perRequest('mock'), proxy: perRequest('proxy') },
      memory: { before: start[server], after: end[server], afterGc: endGc[server] },
    };
  }
  memory.proxyEnd = endGc.proxy;
  memory.mockEnd = endGc.mock;
  stopAll();

  const d = results.direct;
  const p = results.proxy;
  const lines = [];
  lines.push(
    `dni-capture proxy benchmark: loopback, ${connections} connections, ${seconds} s per leg in ${rounds} alternating rounds ` +
      `(after ${warmup} s warm-up), ` +
      `${size.toLocaleString('en')}-byte JPEG in a ${body.length.toLocaleString('en')}-byte multipart body`,
  );
  lines.push(
    `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; ` + 'mock, proxy and load generator each in its own process',
  );
  lines.push('');
  lines.push(
    `${'leg'.padEnd(16)}${pad('requests', 9)}${pad('errors', 8)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}` +
      `${pad('max ms', 9)}${pad('MB/s up', 9)}${pad('CPU ms/req: mock', 18)}${pad('proxy', 7)}`,
  );
  for (const [key, r] of Object.entries(results)) {
    lines.push(
      `${legs[key].name.padEnd(16)}${pad(r.requests, 9)}${pad(r.errors, 8)}${pad(fixed(r.rps), 9)}${pad(fixed(r.p50), 9)}${pad(fixed(r.p99), 9)}` +
        `${pad(fixed(r.max), 9)}${pad(fixed(r.mbIn), 9)}${pad(fixed(r.cpuMs.mock, 2), 18)}${pad(key === 'proxy' ? fixed(r.cpuMs.proxy, 2) : '–', 7)}`,
    );
  }
  lines.push(
    `${'proxy / direct'.padEnd(16)}${pad('', 9)}${pad('', 8)}${pad(`${fixed(p.rps / d.rps, 2)}×`, 9)}${pad(`${fixed(p.p50 / d.p50, 2)}×`, 9)}${pad(`${fixed(p.p99 / d.p99, 2)}×`, 9)}`,
  );
  lines.push(
    `proxy overhead: ${signed(p.p50 - d.p50)} ms at p50, ${signed(p.p99 - d.p99)} ms at p99; throughput ${fixed((100 * p.rps) / d.rps, 0)}% of direct; ` +
      `${fixed(p.cpuMs.proxy, 2)} ms of proxy CPU per request`,
  );
  lines.push('');
  lines.push(
    `${'memory (MiB)'.padEnd(24)}${pad('RSS before', 12)}${pad('RSS after', 11)}${pad('heap before', 13)}${pad('heap after', 12)}${pad('heap after GC', 15)}`,
  );
  for (const [key, label] of [
    ['direct', 'mock process'],
    ['proxy', 'proxy process'],
  ]) {
    const m = results[key].memory;
    lines.push(
      `${label.padEnd(24)}${pad(MB(m.before.rss), 12)}${pad(MB(m.after.rss), 11)}${pad(MB(m.before.heapUsed), 13)}${pad(MB(m.after.heapUsed), 12)}${pad(MB(m.afterGc.heapUsed), 15)}`,
    );
  }
  lines.push(
    `proxy process from start to end (after GC): RSS ${MB(memory.proxyStart.rss)} → ${MB(memory.proxyEnd.rss)} MiB, ` +
      `heap ${MB(memory.proxyStart.heapUsed)} → ${MB(memory.proxyEnd.heapUsed)} MiB; ` +
      `${memory.proxyEnd.lines.toLocaleString('en')} log lines written (${Math.round(memory.proxyEnd.logged / Math.max(1, memory.proxyEnd.lines))} bytes each)`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);

  if (values.json) {
    writeFileSync(
      values.json,
      JSON.stringify({ connections, seconds, size, bodyBytes: body.length, results, memory }, null, 2),
    );
  }
}

if (role) await serve();
else await main();
