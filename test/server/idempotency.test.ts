/**
 * A retry never pays twice: answers kept per Idempotency-Key, in memory and in Redis.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createNodeHandler, loadProxyConfig, ProxyConfigError, type ProxyConfig } from '../../server/proxy.ts';
import { createIdempotency, MemoryIdempotencyStore, type IdempotencyStore } from '../../server/proxy/idempotency.ts';
import { createRedisStores, type RedisStores } from '../../server/proxy/redis-store.ts';
import { imageForm, listen, makeJpeg, post, sleep, type Running } from './helpers.ts';
import { startRedis, type RedisServer } from './redis-server.ts';

let redis: RedisServer;
let upstream: Running;
let calls = 0;
/** What the upstream does next: a queue of answers, then OK. */
let script: { status: number; delayMs?: number }[] = [];
const open: { close(): Promise<void> }[] = [];

function answer(req: IncomingMessage, res: ServerResponse): void {
  calls++;
  const n = calls;
  const step = script.shift() ?? { status: 200 };
  req.resume();
  req.on('end', () => {
    setTimeout(() => {
      if (res.destroyed) return;
      res.writeHead(step.status, { 'content-type': 'application/json' });
      const status = step.status === 200 ? 'OK' : 'INTERNAL_ERROR';
      res.end(JSON.stringify({ status, request_id: `TID${String(n).padStart(32, '0')}`, results: [], call: n }));
    }, step.delayMs ?? 0);
  });
}

before(async () => {
  redis = await startRedis();
  upstream = await listen(answer);
});

after(async () => {
  for (const o of open.splice(0)) await o.close();
  await upstream?.close();
  await redis?.stop();
});

const SECRET = 'x'.repeat(40);

async function proxy(store: IdempotencyStore | undefined, extra: Partial<ProxyConfig> = {}): Promise<Running> {
  const config: ProxyConfig = {
    upstreamUrl: `${upstream.url}/ocr/idcard`,
    apiId: 'id',
    apiSecret: 'secret',
    upstreamIsMock: false,
    rateLimit: null,
    idempotency: { secret: SECRET, ...(store ? { store } : {}) },
    ...extra,
  };
  const running = await listen(createNodeHandler(config));
  open.push(running);
  return running;
}

let keyCount = 0;
const newKey = () => `${crypto.randomUUID()}-${++keyCount}`.slice(0, 64);
const photo = (seed = 1) => imageForm(makeJpeg(40 + seed, 30));
const send = (url: string, key: string | null, seed = 1) =>
  post(`${url}/`, photo(seed), key === null ? {} : { 'Idempotency-Key': key });

function redisStores(): RedisStores {
  const s = createRedisStores({ url: redis.url, timeoutMs: 300, prefix: `t${Math.random().toString(36).slice(2)}:` });
  open.push(s);
  return s;
}

const stores: [string, () => IdempotencyStore][] = [
  ['memory', () => new MemoryIdempotencyStore()],
  ['redis', () => redisStores().idempotency],
];

for (const [name, makeStore] of stores) {
  describe(`idempotency (${name} store)`, () => {
    it('answers a repeated key with the first answer, without calling the API again', async () => {
      const p = await proxy(makeStore());
      const key = newKey();
      const before = calls;

      const first = await send(p.url, key);
      const second = await send(p.url, key);

      assert.equal(calls - before, 1);
      assert.equal(first.status, 200);
      assert.equal(second.status, 200);
      assert.equal(second.text, first.text);
      assert.equal(second.headers.get('idempotent-replayed'), 'true');
      assert.equal(first.headers.get('idempotent-replayed'), null);
    });

    it('another key, or no key, goes to the API', async () => {
      const p = await proxy(makeStore());
      const before = calls;

      await send(p.url, newKey());
      await send(p.url, newKey());
      await send(p.url, null);
      await send(p.url, null);

      assert.equal(calls - before, 4);
    });

    it('a duplicate that arrives while the first is in flight waits for it', async () => {
      const p = await proxy(makeStore());
      const key = newKey();
      script = [{ status: 200, delayMs: 300 }];
      const before = calls;

      const [a, b, c] = await Promise.all([
        send(p.url, key),
        sleep(50).then(() => send(p.url, key)),
        sleep(100).then(() => send(p.url, key)),
      ]);

      assert.equal(calls - before, 1);
      assert.equal(b.text, a.text);
      assert.equal(c.text, a.text);
      assert.equal(a.json.call, calls);
    });

    it('does not keep a 5xx: the retry calls the API again and gets its answer', async () => {
      const p = await proxy(makeStore());
      const key = newKey();
      script = [{ status: 500 }];
      const before = calls;

      const first = await send(p.url, key);
      const second = await send(p.url, key);
      const third = await send(p.url, key);

      assert.equal(first.status, 500);
      assert.equal(second.status, 200);
      assert.equal(third.text, second.text);
      assert.equal(calls - before, 2);
    });

    it('does not keep an upstream timeout (504): the retry calls the API again', async () => {
      const p = await proxy(makeStore(), { timeoutMs: 150 });
      const key = newKey();
      script = [{ status: 200, delayMs: 600 }];
      const before = calls;

      const first = await send(p.url, key);
      const second = await send(p.url, key);

      assert.equal(first.status, 504);
      assert.equal(second.status, 200);
      assert.equal(calls - before, 2);
    });

    it('refuses the same key with another image (422), without calling the API', async () => {
      const p = await proxy(makeStore());
      const key = newKey();
      await send(p.url, key, 1);
      const before = calls;

      const other = await send(p.url, key, 2);

      assert.equal(other.status, 422);
      assert.equal(other.json.status, 'INVALID_ARGUMENT');
      assert.equal(calls, before);
    });

    it('scopes keys per client: the same key from another address is another request', async () => {
      const store = makeStore();
      const p = await proxy(store, { trustProxy: 1 });
      const key = newKey();
      const before = calls;

      const mine = await post(`${p.url}/`, photo(), { 'Idempotency-Key': key, 'X-Forwarded-For': '192.0.2.1' });
      const theirs = await post(`${p.url}/`, photo(), { 'Idempotency-Key': key, 'X-Forwarded-For': '192.0.2.2' });

      assert.equal(calls - before, 2);
      assert.notEqual(theirs.text, mine.text);
      assert.equal(theirs.headers.get('idempotent-replayed'), null);
    });

    it('forgets answers after the window', async () => {
      const p = await proxy(makeStore(), { idempotency: { secret: SECRET, ttlMs: 200, store: makeStore() } });
      const key = newKey();
      const before = calls;

      await send(p.url, key);
      await sleep(400);
      await send(p.url, key);

      assert.equal(calls - before, 2);
    });

    it('keeps answers encrypted: the store never holds the answer in clear', async () => {
      const inner = makeStore();
      const seen: Uint8Array[] = [];
      const spy: IdempotencyStore = {
        claim: (id, digest, ttl) => inner.claim(id, digest, ttl),
        complete: (id, digest, sealed, ttl) => {
          seen.push(sealed);
          return inner.complete(id, digest, sealed, ttl);
        },
        release: (id) => inner.release(id),
      };
      const p = await proxy(spy);
      const key = newKey();

      const first = await send(p.url, key);

      assert.equal(seen.length, 1);
      const stored = Buffer.from(seen[0]).toString('latin1');
      assert.ok(!stored.includes('request_id'), 'the answer is in clear');
      assert.ok(!stored.includes(key));
      assert.ok(first.text.includes('request_id'));
    });
  });
}

describe('idempotency: the connection lost after the proxy got the photo', () => {
  it('the retry with the same key gets the answer the API gave meanwhile, one API call in all', async () => {
    const p = await proxy(undefined);
    const key = newKey();
    script = [{ status: 200, delayMs: 400 }];
    const before = calls;

    const cut = new AbortController();
    const lost = fetch(`${p.url}/`, {
      method: 'POST',
      body: photo(),
      headers: { 'Idempotency-Key': key },
      signal: cut.signal,
    });
    await sleep(150);
    cut.abort();
    await assert.rejects(lost);
    const retry = await send(p.url, key);

    assert.equal(retry.status, 200);
    assert.equal(retry.json.status, 'OK');
    assert.equal(calls - before, 1);
  });
});

describe('idempotency: the header and the configuration', () => {
  it('refuses a malformed key (400) before calling the API', async () => {
    const p = await proxy(undefined);
    const before = calls;

    for (const bad of ['short', 'a'.repeat(65), 'has space in it 123456', 'ünïcode-ünïcode-ünï']) {
      const res = await post(`${p.url}/`, photo(), { 'Idempotency-Key': bad }).catch(() => null);
      if (res) assert.equal(res.status, 400, bad);
    }

    assert.equal(calls, before);
  });

  it('lets the CORS preflight allow Idempotency-Key', async () => {
    const p = await proxy(undefined, { allowedOrigins: ['https://shop.example'] });

    const res = await fetch(`${p.url}/`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'idempotency-key',
      },
    });

    assert.match(res.headers.get('access-control-allow-headers') ?? '', /idempotency-key/);
  });

  it('never logs the key or the answer', async () => {
    const lines: string[] = [];
    const p = await proxy(undefined, { log: (l) => lines.push(l) });
    const key = newKey();

    const first = await send(p.url, key);
    await send(p.url, key);

    const log = lines.join('\n');
    assert.equal(lines.length, 2);
    assert.ok(!log.includes(key));
    assert.ok(!log.includes(first.json.request_id));
  });

  it('requires DNI_IDEMPOTENCY_KEY with DNI_REDIS_URL, of at least 32 characters', () => {
    const env = { DNI_MOCK_URL: 'http://127.0.0.1:9/mock', DNI_REDIS_URL: 'redis://127.0.0.1:6379' };
    assert.throws(
      () => loadProxyConfig(env),
      (e: Error) => e instanceof ProxyConfigError && e.message.includes('DNI_IDEMPOTENCY_KEY'),
    );
    assert.throws(() => loadProxyConfig({ ...env, DNI_IDEMPOTENCY_KEY: 'short' }), /at least 32/);
    assert.throws(
      () => loadProxyConfig({ ...env, DNI_REDIS_URL: 'http://x', DNI_IDEMPOTENCY_KEY: SECRET }),
      /redis:\/\//,
    );
    const config = loadProxyConfig({ ...env, DNI_IDEMPOTENCY_KEY: SECRET });
    assert.deepEqual(config.redis, { url: 'redis://127.0.0.1:6379', timeoutMs: 500 });
    assert.deepEqual(config.idempotency, { ttlMs: 120_000, secret: SECRET });
    assert.equal(
      loadProxyConfig({ DNI_MOCK_URL: 'http://127.0.0.1:9/mock', DNI_IDEMPOTENCY_TTL_MS: '0' }).idempotency,
      null,
    );
    assert.throws(
      () => loadProxyConfig({ DNI_MOCK_URL: 'http://127.0.0.1:9/mock', DNI_IDEMPOTENCY_TTL_MS: '180000' }),
      /DNI_IDEMPOTENCY_TTL_MS/,
    );
  });

  it('an answer sealed under another secret is not given out (a new request instead)', async () => {
    const store = new MemoryIdempotencyStore();
    const one = createIdempotency({ secret: 'a'.repeat(32), store });
    const two = createIdempotency({ secret: 'b'.repeat(32), store });
    const body = new Uint8Array([1, 2, 3]);
    const begun = await one.begin('k'.repeat(16), '192.0.2.1', body, null, 1000);
    assert.equal(begun.kind, 'fresh');
    if (begun.kind !== 'fresh') return;
    await one.finish(begun.id, begun.digest, {
      status: 200,
      contentType: 'application/json',
      retryAfter: null,
      body: new Uint8Array([9]),
    });

    const again = await one.begin('k'.repeat(16), '192.0.2.1', body, null, 1000);
    const other = await two.begin('k'.repeat(16), '192.0.2.1', body, null, 1000);

    assert.equal(again.kind, 'replay');
    assert.equal(other.kind, 'fresh');
  });
});

describe('idempotency in Redis: Redis down', () => {
  it('falls back to memory with one log line, and still saves a retry in this process', async () => {
    const server = await startRedis();
    const lines: string[] = [];
    const s = createRedisStores({ url: server.url, timeoutMs: 300, log: (l) => lines.push(l) });
    open.push(s);
    const p = await proxy(s.idempotency);
    await send(p.url, newKey());

    await server.stop();
    const key = newKey();
    const before = calls;
    const t0 = performance.now();
    const first = await send(p.url, key);
    const second = await send(p.url, key);

    assert.equal(first.status, 200);
    assert.equal(second.text, first.text);
    assert.equal(calls - before, 1);
    assert.ok(performance.now() - t0 < 2000);
    assert.equal(lines.filter((l) => l.includes('redis unavailable')).length, 1);
  });
});
