/**
 * The rate limit shared through Redis: two proxy instances, one budget; and Redis going away.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createNodeHandler, type ProxyConfig } from '../../server/proxy.ts';
import { createRedisStores, type RedisStores } from '../../server/proxy/redis-store.ts';
import { imageForm, listen, makeJpeg, post, type Running } from './helpers.ts';
import { startRedis, type RedisServer } from './redis-server.ts';

let redis: RedisServer;
let upstream: Running;
let upstreamCalls = 0;
const open: { close(): Promise<void> }[] = [];

before(async () => {
  redis = await startRedis();
  upstream = await listen((req, res) => {
    upstreamCalls++;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'OK', request_id: 'TID0', results: [] }));
    });
  });
});

after(async () => {
  for (const o of open.splice(0)) await o.close();
  await upstream?.close();
  await redis?.stop();
});

/** One proxy instance on its own port, its store on the shared Redis. */
async function instance(stores: RedisStores, burst: number, perMinute = 1): Promise<Running> {
  const config: ProxyConfig = {
    upstreamUrl: `${upstream.url}/ocr/idcard`,
    apiId: 'id',
    apiSecret: 'secret',
    upstreamIsMock: false,
    rateLimit: { burst, perMinute, store: stores.rateLimit },
    idempotency: null,
  };
  const running = await listen(createNodeHandler(config));
  open.push(running);
  return running;
}

/** The Redis timeout of the tests that share one budget. */
const SHARED_TIMEOUT_MS = 3000;

function stores(lines: string[] = []): RedisStores {
  // A prefix per test: buckets of one test do not leak into the next.
  const s = createRedisStores({
    url: redis.url,
    // Generous: these tests are about the shared budget, and a first connection on a busy
    // machine can take longer than the default (falling open to per-instance memory). The
    // timeout itself is tested below against a Redis that never answers.
    timeoutMs: SHARED_TIMEOUT_MS,
    prefix: `t${Math.random().toString(36).slice(2)}:`,
    log: (l) => lines.push(l),
  });
  open.push(s);
  return s;
}

const send = (url: string) => post(`${url}/`, imageForm(makeJpeg(40, 30)));

describe('rate limit in Redis: several instances, one budget', () => {
  it('lets the budget through across two instances, then answers 429 with Retry-After', async () => {
    const shared = stores();
    const prefix = { rateLimit: shared.rateLimit };
    // Two instances, two connections, one prefix: the same buckets.
    const a = await instance(shared, 4);
    const b = await instance({ ...shared, ...prefix }, 4);
    const before = upstreamCalls;

    const statuses = [];
    for (const url of [a.url, b.url, a.url, b.url]) statuses.push((await send(url)).status);
    const fifth = await send(a.url);
    const sixth = await send(b.url);

    assert.deepEqual(statuses, [200, 200, 200, 200]);
    assert.equal(fifth.status, 429);
    assert.equal(fifth.json.status, 'RATE_LIMIT_EXCEEDED');
    assert.match(fifth.headers.get('retry-after')!, /^\d+$/);
    assert.ok(Number(fifth.headers.get('retry-after')) >= 1);
    assert.equal(sixth.status, 429);
    assert.equal(upstreamCalls - before, 4);
  });

  it("two processes' worth of connections (two clients) share the bucket", async () => {
    const prefix = `t${Math.random().toString(36).slice(2)}:`;
    const one = createRedisStores({ url: redis.url, timeoutMs: SHARED_TIMEOUT_MS, prefix });
    const two = createRedisStores({ url: redis.url, timeoutMs: SHARED_TIMEOUT_MS, prefix });
    open.push(one, two);
    const a = await instance(one, 3);
    const b = await instance(two, 3);

    const statuses = [(await send(a.url)).status, (await send(b.url)).status, (await send(a.url)).status];
    const fourth = await send(b.url);

    assert.deepEqual(statuses, [200, 200, 200]);
    assert.equal(fourth.status, 429);
    assert.ok(fourth.headers.get('retry-after'));
  });

  it('refills as the memory store does (remaining and Retry-After from the same arithmetic)', async () => {
    const s = stores();
    const rule = { burst: 2, perMinute: 60 };
    const t0 = 1_000_000;
    const first = await s.rateLimit.take('k', rule, t0);
    const second = await s.rateLimit.take('k', rule, t0);
    const third = await s.rateLimit.take('k', rule, t0);
    const later = await s.rateLimit.take('k', rule, t0 + 1000);

    assert.deepEqual(first, { allowed: true, remaining: 1, retryAfterMs: 0 });
    assert.deepEqual(second, { allowed: true, remaining: 0, retryAfterMs: 0 });
    assert.deepEqual(third, { allowed: false, remaining: 0, retryAfterMs: 1000 });
    assert.equal(later.allowed, true);
  });
});

describe('rate limit in Redis: Redis down', () => {
  it("fails open to this process's memory, with one log line, without hanging; back to Redis when it returns", async () => {
    const lines: string[] = [];
    const s = stores(lines);
    const a = await instance(s, 2);
    assert.equal((await send(a.url)).status, 200);
    assert.equal(s.healthy, true);

    await redis.stop();
    const started = performance.now();
    const during = [];
    for (let i = 0; i < 4; i++) during.push((await send(a.url)).status);
    const elapsed = performance.now() - started;

    // The memory bucket starts full (burst 2): two through, then 429; no 5xx, no hang.
    assert.deepEqual(during, [200, 200, 429, 429]);
    assert.ok(elapsed < 2000, `took ${elapsed} ms`);
    assert.equal(s.healthy, false);
    const down = lines.filter((l) => l.includes('redis unavailable'));
    assert.equal(down.length, 1, lines.join('\n'));
    assert.doesNotMatch(lines.join('\n'), new RegExp(String(redis.port)));

    await redis.restart();
    let back = false;
    for (let i = 0; i < 60 && !back; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await s.rateLimit.take('probe', { burst: 5, perMinute: 5 }, Date.now());
      back = s.healthy;
    }
    assert.equal(back, true);
    assert.equal(lines.filter((l) => l.includes('redis available again')).length, 1);
  });

  it('a Redis that never answered: the first request waits at most the timeout, the next not at all', async () => {
    const lines: string[] = [];
    const s = createRedisStores({ url: 'redis://127.0.0.1:1', timeoutMs: 200, log: (l) => lines.push(l) });
    open.push(s);
    const a = await instance(s, 1);

    const t0 = performance.now();
    const first = await send(a.url);
    const t1 = performance.now();
    const second = await send(a.url);
    const t2 = performance.now();

    assert.equal(first.status, 200);
    assert.equal(second.status, 429);
    assert.ok(t1 - t0 < 1500, `first took ${t1 - t0} ms`);
    assert.ok(t2 - t1 < 500, `second took ${t2 - t1} ms`);
    assert.equal(lines.filter((l) => l.includes('redis unavailable')).length, 1);
  });
});
