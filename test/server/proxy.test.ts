import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { createMockApi, type MockRequestInfo } from '../../server/mock-api.ts';
import {
  createProxy,
  DEFAULT_API_URL,
  loadProxyConfig,
  ProxyConfigError,
  type ProxyConfig,
  type ProxyRequestInfo,
} from '../../server/proxy.ts';
import { ignore } from '../../server/proxy/ignore.ts';
import { answerJson, imageForm, listen, logLine, makeJpeg, post, readJson, type Running } from './helpers.ts';

const SECRET = 'real-secret-5f1d2c';

interface Seen {
  headers: Record<string, string | string[] | undefined>;
  sha256: string;
  bytes: number;
}

/** A stand-in for the real API that records what it got and answers a fixed JSON. */
async function recordingUpstream(): Promise<Running & { seen: Seen[] }> {
  const seen: Seen[] = [];
  const running = await listen((req, res) => {
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (c: Buffer) => {
      hash.update(c);
      bytes += c.length;
    });
    req.on('end', () => {
      seen.push({ headers: req.headers, sha256: hash.digest('hex'), bytes });
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'upstream=1', 'x-upstream': 'yes' });
      res.end('{"request_id":"TID00000000000000000000000000000000","status":"OK","results":[]}');
    });
  });
  return Object.assign(running, { seen });
}

/** An upstream that never answers; remembers when a request was closed on it. */
async function hangingUpstream(): Promise<Running & { closed: Promise<void> }> {
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const running = await listen((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    res.on('close', () => markClosed());
  });
  return Object.assign(running, { closed });
}

/** A port nothing listens on. */
async function deadUrl(): Promise<string> {
  const running = await listen(ignore);
  await running.close();
  return `${running.url}/ocr/idcard`;
}

function realConfig(upstreamUrl: string, extra: Partial<ProxyConfig> = {}): ProxyConfig {
  return { upstreamUrl, apiId: 'real-id', apiSecret: SECRET, upstreamIsMock: false, ...extra };
}

describe('proxy to the real API', () => {
  let upstream: Awaited<ReturnType<typeof recordingUpstream>>;
  let proxy: Running;
  const infos: ProxyRequestInfo[] = [];
  const logs: string[] = [];

  before(async () => {
    upstream = await recordingUpstream();
    proxy = await listen(
      createProxy(
        realConfig(`${upstream.url}/ocr/idcard`, { onRequest: (i) => infos.push(i), log: (l) => logs.push(l) }),
      ),
    );
  });
  after(async () => {
    await proxy.close();
    await upstream.close();
  });

  test('adds the credentials and forwards the body byte for byte', async () => {
    const form = imageForm(makeJpeg(1280, 807));
    const body = Buffer.from(await new Response(form).arrayBuffer());
    const type = new Response(form).headers.get('content-type')!;
    const res = await post(`${proxy.url}/api/idcard`, body, { 'content-type': type, 'X-DNI-Side': 'front' });
    assert.equal(res.status, 200);
    const got = upstream.seen.at(-1)!;
    assert.equal(got.headers['x-df-api-id'], 'real-id');
    assert.equal(got.headers['x-df-api-secret'], SECRET);
    assert.equal(got.headers['content-type'], type);
    assert.equal(got.bytes, body.length);
    assert.equal(got.sha256, createHash('sha256').update(body).digest('hex'));
  });

  test('never forwards X-Mock-*, the side, X-Test-Id, cookies or other browser headers', async () => {
    await post(`${proxy.url}/api/idcard`, imageForm(makeJpeg(640, 404)), {
      'X-Mock-Scenario': 'DETECTION_FAILED',
      'X-Mock-Delay': '100',
      'X-Mock-Side': 'back',
      'X-DNI-Side': 'back',
      'X-Test-Id': 't1',
      Cookie: 'session=abc',
      Authorization: 'Bearer browser',
      'X-CSRF-Token': 'csrf',
      Origin: 'http://127.0.0.1:5173',
    });
    const names = Object.keys(upstream.seen.at(-1)!.headers);
    for (const name of names) {
      assert.ok(!name.startsWith('x-mock-'), name);
      assert.ok(
        ![
          'x-dni-side',
          'x-test-id',
          'cookie',
          'authorization',
          'x-csrf-token',
          'origin',
          'x-proxy-request-id',
        ].includes(name),
        name,
      );
    }
  });

  test('a browser-sent X-DF-API-SECRET is dropped and replaced', async () => {
    await post(`${proxy.url}/api/idcard`, imageForm(makeJpeg(640, 404)), {
      'X-DF-API-ID': 'browser-id',
      'X-DF-API-SECRET': 'browser-secret',
    });
    const got = upstream.seen.at(-1)!;
    assert.equal(got.headers['x-df-api-id'], 'real-id');
    assert.equal(got.headers['x-df-api-secret'], SECRET);
  });

  test('passes status, body and content-type; not the upstream cookies; never the secret', async () => {
    const res = await post(`${proxy.url}/api/idcard`, imageForm(makeJpeg(640, 404)));
    assert.equal(res.status, 200);
    assert.equal(res.json.status, 'OK');
    assert.match(res.headers.get('content-type')!, /application\/json/);
    assert.equal(res.headers.get('set-cookie'), null);
    assert.equal(res.headers.get('x-upstream'), null);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const everything = res.text + JSON.stringify([...res.headers]);
    assert.ok(!everything.includes(SECRET));
  });

  test('onRequest and the log line describe the request without credentials', async () => {
    await post(`${proxy.url}/api/idcard`, imageForm(makeJpeg(640, 404)), { 'X-DNI-Side': 'back', 'X-Test-Id': 'abc' });
    const info = infos.at(-1)!;
    assert.match(info.requestId, /^PXY[0-9a-f]{32}$/);
    assert.equal(info.side, 'back');
    assert.equal(info.method, 'POST');
    assert.equal(info.headers['x-test-id'], 'abc');
    assert.equal(info.status, 200);
    assert.ok(info.bytes > 0);
    assert.equal(typeof info.upstreamMs, 'number');
    const line = logLine(logs.at(-1)!);
    assert.equal(line.requestId, info.requestId);
    assert.equal(line.status, 200);
    assert.ok(!logs.join('\n').includes(SECRET));
  });

  test('GET → 405 with the API error shape', async () => {
    const res = await fetch(`${proxy.url}/api/idcard`);
    assert.equal(res.status, 405);
    assert.equal((await readJson(res)).status, 'NOT_FOUND');
  });

  test('a declared body over the limit → 413 INVALID_ARGUMENT without contacting the API', async () => {
    const before = upstream.seen.length;
    const res = await post(`${proxy.url}/api/idcard`, imageForm(makeJpeg(1280, 807, 7_600_000)));
    assert.equal(res.status, 413);
    assert.equal(res.json.status, 'INVALID_ARGUMENT');
    assert.equal(upstream.seen.length, before);
  });

  test('a chunked body over the limit → 413 INVALID_ARGUMENT', async () => {
    const big = makeJpeg(1280, 807, 7_700_000);
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${proxy.url}/api/idcard`,
        {
          method: 'POST',
          headers: { 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked' },
        },
        (r) => {
          let body = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => (body += c));
          r.on('end', () => resolve({ status: r.statusCode!, body }));
        },
      );
      req.on('error', reject);
      let offset = 0;
      const pump = () => {
        while (offset < big.length) {
          const more = req.write(big.subarray(offset, offset + 65536));
          offset += 65536;
          if (!more) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    assert.equal(res.status, 413);
    assert.equal(answerJson(res.body).status, 'INVALID_ARGUMENT');
  });
});

describe('proxy to the mock', () => {
  let mock: Running;
  let proxy: Running;
  const seen: MockRequestInfo[] = [];

  before(async () => {
    mock = await listen(createMockApi({ path: '/mock/ocr/idcard', onRequest: (i) => seen.push(i) }));
    proxy = await listen(createProxy(loadProxyConfig({ DNI_MOCK_URL: `${mock.url}/mock/ocr/idcard` })));
  });
  after(async () => {
    await proxy.close();
    await mock.close();
  });

  test('forwards X-Mock-Scenario, X-Mock-Delay and X-DNI-Side as X-Mock-Side, with the mock credentials', async () => {
    const res = await post(`${proxy.url}/api/idcard`, imageForm(makeJpeg(1280, 807)), {
      'X-Mock-Scenario': 'old',
      'X-Mock-Delay': '50',
      'X-DNI-Side': 'back',
      'X-DF-API-SECRET': 'browser-secret',
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.results[0].card_type, 'old');
    assert.equal(res.json.results[0].card_side, 'back');
    const info = seen.at(-1)!;
    assert.equal(info.headers['x-mock-delay'], '50');
    assert.equal(info.headers['x-mock-side'], 'back');
    assert.equal(info.headers['x-df-api-id'], 'mock-id');
    assert.equal(info.headers['x-df-api-secret'], 'mock-secret');
    assert.match(info.headers['x-proxy-request-id'], /^PXY[0-9a-f]{32}$/);
    assert.equal(res.headers.get('x-proxy-request-id'), info.headers['x-proxy-request-id']);
  });

  test('passes an error status, its body and Retry-After through', async () => {
    const res = await post(`${proxy.url}/api/idcard`, imageForm(makeJpeg(1280, 807)), {
      'X-Mock-Scenario': 'RATE_LIMIT_EXCEEDED',
    });
    assert.equal(res.status, 403);
    assert.equal(res.json.status, 'RATE_LIMIT_EXCEEDED');
    assert.equal(res.headers.get('retry-after'), '2');
  });

  test('an upstream HTML page becomes 502 INTERNAL_ERROR JSON, none of the page passed on', async () => {
    const res = await post(`${proxy.url}/api/idcard`, imageForm(makeJpeg(1280, 807)), {
      'X-Mock-Scenario': 'html-error',
    });
    assert.equal(res.status, 502);
    assert.match(res.headers.get('content-type')!, /^application\/json/);
    assert.equal(res.json.status, 'INTERNAL_ERROR');
    assert.ok(!res.text.includes('<'));
  });
});

describe('proxy failures', () => {
  test('upstream down → 502 INTERNAL_ERROR JSON', async () => {
    const proxy = await listen(createProxy(realConfig(await deadUrl())));
    try {
      const res = await post(proxy.url, imageForm(makeJpeg(640, 404)));
      assert.equal(res.status, 502);
      assert.match(res.headers.get('content-type')!, /^application\/json/);
      assert.equal(res.json.status, 'INTERNAL_ERROR');
      assert.ok(res.json.reason.length > 0);
      assert.ok(typeof res.json.request_id === 'string');
      assert.ok(!res.text.includes(SECRET));
    } finally {
      await proxy.close();
    }
  });

  test('slow upstream → 504 INTERNAL_ERROR JSON after the timeout', async () => {
    const upstream = await hangingUpstream();
    const proxy = await listen(createProxy(realConfig(upstream.url, { timeoutMs: 200 })));
    try {
      const started = Date.now();
      const res = await post(proxy.url, imageForm(makeJpeg(640, 404)));
      assert.equal(res.status, 504);
      assert.equal(res.json.status, 'INTERNAL_ERROR');
      assert.match(res.json.reason, /200 ms/);
      assert.ok(Date.now() - started < 5000);
      await upstream.closed; // the upstream request was aborted
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  test('slow mock (X-Mock-Delay) → 504 with a short timeout', async () => {
    const mock = await listen(createMockApi());
    const proxy = await listen(
      createProxy({ ...loadProxyConfig({ DNI_MOCK_URL: `${mock.url}/ocr/idcard` }), timeoutMs: 150 }),
    );
    try {
      const res = await post(proxy.url, imageForm(makeJpeg(640, 404)), { 'X-Mock-Delay': '3000' });
      assert.equal(res.status, 504);
      assert.equal(res.json.status, 'INTERNAL_ERROR');
    } finally {
      await proxy.close();
      await mock.close();
    }
  });

  test('a browser that goes away aborts the upstream request', async () => {
    const upstream = await hangingUpstream();
    const infos: ProxyRequestInfo[] = [];
    const proxy = await listen(createProxy(realConfig(upstream.url, { onRequest: (i) => infos.push(i) })));
    try {
      const controller = new AbortController();
      const pending = fetch(proxy.url, {
        method: 'POST',
        body: imageForm(makeJpeg(640, 404)),
        signal: controller.signal,
      }).catch(() => 'aborted');
      await new Promise((r) => setTimeout(r, 150));
      controller.abort();
      assert.equal(await pending, 'aborted');
      await upstream.closed;
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(infos.at(-1)?.status, 499);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });
  test('a browser that goes away mid-upload: no answer, no crash, upstream closed, 499 reported', async () => {
    const upstream = await hangingUpstream();
    const infos: ProxyRequestInfo[] = [];
    const proxy = await listen(createProxy(realConfig(upstream.url, { onRequest: (i) => infos.push(i) })));
    try {
      const req = request(`${proxy.url}/api/idcard`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '1000000' },
      });
      req.on('error', ignore);
      req.write(Buffer.alloc(300_000));
      await new Promise((r) => setTimeout(r, 150));
      req.destroy();
      await upstream.closed;
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(infos.at(-1)?.status, 499);
      // The proxy still serves the next request.
      const res = await fetch(`${proxy.url}/api/idcard`);
      assert.equal(res.status, 405);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });
});

describe('loadProxyConfig', () => {
  test('no credentials → the mock, with the mock credentials', () => {
    const config = loadProxyConfig({ DNI_MOCK_URL: 'http://127.0.0.1:9999/mock/ocr/idcard' });
    assert.equal(config.upstreamIsMock, true);
    assert.equal(config.upstreamUrl, 'http://127.0.0.1:9999/mock/ocr/idcard');
    assert.equal(config.apiId, 'mock-id');
    assert.equal(config.apiSecret, 'mock-secret');
  });

  test('no credentials and no DNI_MOCK_URL → the default mock URL given by the server', () => {
    const config = loadProxyConfig({}, { defaultMockUrl: 'http://127.0.0.1:1/mock/ocr/idcard' });
    assert.equal(config.upstreamUrl, 'http://127.0.0.1:1/mock/ocr/idcard');
    assert.throws(() => loadProxyConfig({}), ProxyConfigError);
  });

  test('both credentials → the vendor URL by default', () => {
    const config = loadProxyConfig({ DNI_API_ID: 'id', DNI_API_SECRET: 's', DNI_MOCK_URL: 'http://127.0.0.1:1/' });
    assert.equal(config.upstreamIsMock, false);
    assert.equal(config.upstreamUrl, DEFAULT_API_URL);
    assert.equal(config.apiId, 'id');
    assert.equal(config.apiSecret, 's');
  });

  test('one credential without the other → a clear error', () => {
    assert.throws(
      () => loadProxyConfig({ DNI_API_ID: 'id' }),
      (e: Error) => {
        assert.ok(e instanceof ProxyConfigError);
        assert.match(e.message, /DNI_API_SECRET/);
        return true;
      },
    );
    assert.throws(() => loadProxyConfig({ DNI_API_SECRET: 's', DNI_MOCK_URL: 'http://127.0.0.1:1/' }), /DNI_API_ID/);
    assert.throws(() => loadProxyConfig({ DNI_API_ID: 'id', DNI_API_SECRET: '  ' }), ProxyConfigError);
  });

  test('the secret never appears in a configuration error', () => {
    try {
      loadProxyConfig({ DNI_API_SECRET: 'top-secret-value' });
      assert.fail('should throw');
    } catch (error) {
      assert.ok(!(error as Error).message.includes('top-secret-value'));
    }
  });

  test('DNI_API_URL without credentials, a non-URL, or plain http to a remote host → errors', () => {
    assert.throws(() => loadProxyConfig({ DNI_API_URL: 'https://api.example.com/ocr/idcard' }), ProxyConfigError);
    assert.throws(
      () => loadProxyConfig({ DNI_API_ID: 'i', DNI_API_SECRET: 's', DNI_API_URL: 'nope' }),
      ProxyConfigError,
    );
    assert.throws(
      () => loadProxyConfig({ DNI_API_ID: 'i', DNI_API_SECRET: 's', DNI_API_URL: 'http://api.example.com/x' }),
      /https/,
    );
    const local = loadProxyConfig({ DNI_API_ID: 'i', DNI_API_SECRET: 's', DNI_API_URL: 'http://127.0.0.1:8080/x' });
    assert.equal(local.upstreamUrl, 'http://127.0.0.1:8080/x');
  });

  test('DNI_PROXY_TIMEOUT_MS', () => {
    assert.equal(
      loadProxyConfig({ DNI_MOCK_URL: 'http://127.0.0.1:1/', DNI_PROXY_TIMEOUT_MS: '5000' }).timeoutMs,
      5000,
    );
    assert.throws(
      () => loadProxyConfig({ DNI_MOCK_URL: 'http://127.0.0.1:1/', DNI_PROXY_TIMEOUT_MS: 'soon' }),
      ProxyConfigError,
    );
  });
});
