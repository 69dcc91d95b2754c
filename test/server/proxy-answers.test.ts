/**
 * Smaller edges of the proxy's answers: `Expect: 100-continue` and the body limit, nosniff
 * and no echo on every 404, upstream statuses outside the API's, requests cut at the shutdown
 * deadline (logged), and the body limit for a 5 MB image sent as `image_base64`.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createMockApi, type MockRequestInfo } from '../../server/mock-api.ts';
import { createFetchHandler, createNodeHandler, DEFAULT_MAX_BODY_BYTES, type ProxyConfig } from '../../server/proxy.ts';
import { startStandalone } from '../../server/standalone.ts';
import {
  answerJson,
  fetchAsNode,
  imageForm,
  listen,
  logLine,
  makeJpeg,
  multipartBytes,
  post,
  type Running,
  sleep,
} from './helpers.ts';

/** Sends `head` on a raw socket, then `body` once a `100 Continue` arrives; returns all it read. */
function expectContinue(url: string, head: string, body: Buffer, waitMs = 1500): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let got = '';
    let sent = false;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(got);
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (c) => {
      got += c.toString('latin1');
      if (!sent && got.startsWith('HTTP/1.1 100')) {
        sent = true;
        socket.write(body);
      }
      if (/^HTTP\/1\.1 [2-5]\d\d/m.test(got) && /\r\n\r\n\{.*\}$/s.test(got)) done();
    });
    socket.on('error', reject);
    socket.write(head);
  });
}

function postHead(path: string, type: string, length: number): string {
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\nExpect: 100-continue\r\n\r\n`;
}

describe('Expect: 100-continue', () => {
  let mock: Running;
  let proxy: Running;
  let standalone: Awaited<ReturnType<typeof startStandalone>>;
  let upload: { body: Buffer; type: string };

  before(async () => {
    mock = await listen(createMockApi());
    const handler = createNodeHandler({
      upstreamUrl: `${mock.url}/ocr/idcard`,
      apiId: 'mock-id',
      apiSecret: 'mock-secret',
      upstreamIsMock: true,
      rateLimit: null,
    });
    proxy = await listen(handler);
    // Mounted as documented: the handler decides when to send 100 Continue.
    proxy.server.on('checkContinue', handler);
    standalone = await startStandalone({ PORT: '0', DNI_RATE_LIMIT_BURST: '0', DNI_RATE_LIMIT_PER_MINUTE: '0' });
    upload = await multipartBytes(imageForm(makeJpeg(640, 404)));
  });
  after(async () => {
    await proxy.close();
    await mock.close();
    await standalone.close();
  });

  for (const where of ['node handler', 'standalone'] as const) {
    const base = () => (where === 'standalone' ? `${standalone.url}` : proxy.url);
    const path = () => (where === 'standalone' ? '/api/idcard' : '/');

    test(`${where}: a Content-Length over the limit → 413 at once, no 100 Continue`, async () => {
      const got = await expectContinue(
        base(),
        postHead(path(), upload.type, DEFAULT_MAX_BODY_BYTES + 1),
        Buffer.alloc(0),
      );
      assert.match(got, /^HTTP\/1\.1 413 /);
      assert.doesNotMatch(got, /100 Continue/);
      assert.match(got, /INVALID_ARGUMENT/);
    });

    test(`${where}: a refused origin → 403, no 100 Continue`, async () => {
      const head = postHead(path(), upload.type, upload.body.length).replace(
        '\r\n\r\n',
        '\r\nOrigin: https://evil.example\r\n\r\n',
      );
      const got = await expectContinue(base(), head, upload.body);
      assert.match(got, /^HTTP\/1\.1 403 /);
    });

    test(`${where}: within the limit → 100 Continue, then the answer`, async () => {
      const got = await expectContinue(base(), postHead(path(), upload.type, upload.body.length), upload.body, 5000);
      assert.match(got, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    });
  }

  test('standalone: the mock still gets 100 Continue', async () => {
    const got = await expectContinue(
      standalone.url,
      postHead('/mock/ocr/idcard', upload.type, upload.body.length),
      upload.body,
      5000,
    );
    assert.match(got, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 401 /);
  });
});

describe('404s: nosniff, and no echo of the path', () => {
  test('standalone and the mock', async () => {
    const running = await startStandalone({ PORT: '0' });
    try {
      for (const path of ['/nope/<script>alert(1)</script>', '/mock/<b>x</b>']) {
        const res = await fetch(`${running.url}${path}`);
        assert.equal(res.status, 404, path);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
        const text = await res.text();
        assert.doesNotMatch(text, /script|<b>|nope|%3C/, path);
        assert.equal(answerJson(text).status, 'NOT_FOUND');
      }
      const health = await fetch(`${running.url}/healthz`);
      assert.equal(health.headers.get('x-content-type-options'), 'nosniff');
    } finally {
      await running.close();
    }
  });
});

const KINDS = {
  node: (config: ProxyConfig) => listen(createNodeHandler(config)),
  fetch: (config: ProxyConfig) => listen(fetchAsNode(createFetchHandler(config))),
} as const;

for (const [kind, serve] of Object.entries(KINDS)) {
  describe(`${kind} handler: statuses and sizes`, () => {
    const running: Running[] = [];
    let mock: Running;
    const seen: MockRequestInfo[] = [];
    before(async () => {
      mock = await listen(createMockApi({ onRequest: (i) => seen.push(i) }));
      running.push(mock);
    });
    after(async () => {
      for (const r of running) await r.close();
    });

    for (const status of [999, 299, 600, 418, 201]) {
      for (const invalidAnswers of ['reject', 'pass'] as const) {
        test(`an upstream status ${status} → 502 INTERNAL_ERROR (invalidAnswers: ${invalidAnswers})`, async () => {
          const upstream = await listen((req, res) => {
            req.resume();
            req.on('end', () => {
              res.writeHead(status, { 'content-type': 'application/json' });
              res.end('{"status":"OK","results":[]}');
            });
          });
          const logs: string[] = [];
          const p = await serve({
            upstreamUrl: upstream.url,
            apiId: 'id',
            apiSecret: 'secret',
            upstreamIsMock: false,
            rateLimit: null,
            invalidAnswers,
            log: (l) => logs.push(l),
          });
          running.push(upstream, p);
          const res = await post(p.url, imageForm(makeJpeg(640, 404)));
          assert.equal(res.status, 502);
          assert.equal(res.json.status, 'INTERNAL_ERROR');
          const line = logLine(logs.at(-1)!);
          assert.equal(line.upstreamStatus, status);
          assert.equal(line.error, 'upstream_invalid_status');
        });
      }
    }

    test('a 5,000,000-byte image as image_base64 in a urlencoded body reaches the API', async () => {
      const p = await serve({
        upstreamUrl: `${mock.url}/ocr/idcard`,
        apiId: 'mock-id',
        apiSecret: 'mock-secret',
        upstreamIsMock: true,
        rateLimit: null,
      });
      running.push(p);
      const image = makeJpeg(1280, 807, 5_000_000);
      const body = new URLSearchParams({ image_base64: image.toString('base64'), detect_face: '1' });
      const res = await post(p.url, body);
      assert.equal(res.status, 200, res.text.slice(0, 200));
      assert.equal(seen.at(-1)!.bytes, 5_000_000);
      assert.equal(seen.at(-1)!.field, 'image_base64');
    });
  });
}

describe('standalone: requests cut at the shutdown deadline', () => {
  test('are answered 503 and logged as cut, before the server stops', async () => {
    const upstream = await listen((req) => req.resume()); // never answers
    const logs: string[] = [];
    const running = await startStandalone(
      {
        PORT: '0',
        DNI_API_ID: 'id',
        DNI_API_SECRET: 'secret',
        DNI_API_URL: `${upstream.url}/ocr/idcard`,
        DNI_RATE_LIMIT_BURST: '0',
        DNI_RATE_LIMIT_PER_MINUTE: '0',
      },
      (line) => logs.push(line),
    );
    try {
      const pending = post(`${running.url}/api/idcard`, imageForm(makeJpeg(640, 404))).catch((e: Error) => e);
      await sleep(200);
      const { cut } = await running.shutdown(200);
      assert.equal(cut, 1);
      assert.equal(logs.length, 1, 'one line for the request cut');
      const line = logLine(logs[0]);
      assert.equal(line.status, 503);
      assert.equal(line.error, 'shutdown_cut');
      const res = await pending;
      if (!(res instanceof Error)) {
        assert.equal(res.status, 503);
        assert.equal(res.json.status, 'INTERNAL_ERROR');
      }
    } finally {
      await running.close();
      await upstream.close();
    }
  });
});
