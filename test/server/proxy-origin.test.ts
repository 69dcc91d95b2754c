/**
 * Safe by default: without `DNI_ALLOWED_ORIGINS` only the proxy's own public origin(s), never
 * the `Host` header, may POST through it from a browser; `Sec-Fetch-Site: cross-site` and
 * `Origin: null` are refused before any API call. A request with neither `Origin` nor
 * `Sec-Fetch-Site` is not from a browser (curl, a server) and passes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMockApi, type MockRequestInfo } from '../../server/mock-api.ts';
import { createFetchHandler, createNodeHandler, loadProxyConfig, type ProxyConfig } from '../../server/proxy.ts';
import { fetchAsNode, imageForm, listen, makeJpeg, multipartBytes, rawRequest, type Running } from './helpers.ts';

const KINDS = {
  node: (config: ProxyConfig) => listen(createNodeHandler(config)),
  fetch: (config: ProxyConfig) => listen(fetchAsNode(createFetchHandler(config))),
} as const;

const PUBLIC = 'https://shop.example';

for (const [kind, serve] of Object.entries(KINDS)) {
  describe(`${kind} handler: who may call the proxy`, () => {
    let mock: Running;
    let proxy: Running;
    let listed: Running;
    const seen: MockRequestInfo[] = [];
    let upload: { body: Buffer; type: string };

    before(async () => {
      mock = await listen(createMockApi({ onRequest: (i) => seen.push(i) }));
      const base: ProxyConfig = {
        upstreamUrl: `${mock.url}/ocr/idcard`,
        apiId: 'mock-id',
        apiSecret: 'mock-secret',
        upstreamIsMock: true,
        rateLimit: null,
        publicOrigins: [PUBLIC],
      };
      proxy = await serve(base);
      listed = await serve({ ...base, allowedOrigins: ['https://partner.example'] });
      upload = await multipartBytes(imageForm(makeJpeg(640, 404)));
    });
    after(async () => {
      await proxy.close();
      await listed.close();
      await mock.close();
    });

    /** POSTs the upload with `headers` (raw: `fetch` will not send Host or Sec-Fetch-Site). */
    async function send(to: Running, headers: Record<string, string>) {
      const before = seen.length;
      const res = await rawRequest(to.url, {
        headers: { 'content-type': upload.type, 'content-length': String(upload.body.length), ...headers },
        chunks: [upload.body],
      });
      return { ...res, reachedApi: seen.length > before };
    }

    const refused: [string, Record<string, string>][] = [
      ['another site', { Origin: 'https://evil.example' }],
      ['Origin: null (sandboxed frame, file:)', { Origin: 'null' }],
      ['Origin and Host both another site', { Origin: 'https://evil.example', Host: 'evil.example' }],
      ['Origin matching Host on plain http', { Origin: 'http://evil.example', Host: 'evil.example' }],
      ['Sec-Fetch-Site: cross-site without Origin', { 'Sec-Fetch-Site': 'cross-site' }],
      ['Sec-Fetch-Site: cross-site with the public Origin', { Origin: PUBLIC, 'Sec-Fetch-Site': 'cross-site' }],
      [
        'Sec-Fetch-Site: same-site from a sibling',
        { Origin: 'https://cdn.shop.example', 'Sec-Fetch-Site': 'same-site' },
      ],
    ];
    for (const [what, headers] of refused) {
      test(`no allowlist: ${what} → 403 NO_PERMISSION, the API not called`, async () => {
        const res = await send(proxy, headers);
        assert.equal(res.status, 403);
        assert.equal(res.json.status, 'NO_PERMISSION');
        assert.equal(res.headers['access-control-allow-origin'], undefined);
        assert.equal(res.reachedApi, false);
      });
    }

    const passed: [string, Record<string, string>][] = [
      ['the public origin', { Origin: PUBLIC }],
      ['the public origin with Sec-Fetch-Site: same-origin', { Origin: PUBLIC, 'Sec-Fetch-Site': 'same-origin' }],
      [
        'a browser that says same-origin (a page of the proxy host not listed)',
        { Origin: 'http://127.0.0.1:1', 'Sec-Fetch-Site': 'same-origin' },
      ],
      ['no Origin, no Sec-Fetch-Site (curl, a server)', {}],
    ];
    for (const [what, headers] of passed) {
      test(`no allowlist: ${what} → 200`, async () => {
        const res = await send(proxy, headers);
        assert.equal(res.status, 200, res.body);
        assert.equal(res.reachedApi, true);
      });
    }

    test('an allowlisted origin on another site passes, cross-site; Host is still not trusted', async () => {
      const ok = await send(listed, { Origin: 'https://partner.example', 'Sec-Fetch-Site': 'cross-site' });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers['access-control-allow-origin'], 'https://partner.example');
      const spoofed = await send(listed, { Origin: 'https://evil.example', Host: 'evil.example' });
      assert.equal(spoofed.status, 403);
      assert.equal(spoofed.reachedApi, false);
    });

    test('a preflight from another site → 403; from Origin: null → 403', async () => {
      for (const origin of ['https://evil.example', 'null']) {
        const res = await rawRequest(proxy.url, {
          method: 'OPTIONS',
          headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
        });
        assert.equal(res.status, 403, origin);
      }
    });
  });
}

describe('DNI_PUBLIC_ORIGIN', () => {
  const MOCK = { DNI_MOCK_URL: 'http://127.0.0.1:1/mock/ocr/idcard' };

  test('read as a comma-separated list of origins; checked like DNI_ALLOWED_ORIGINS', () => {
    const config = loadProxyConfig({ ...MOCK, DNI_PUBLIC_ORIGIN: 'https://shop.example, https://www.shop.example/' });
    assert.deepEqual(config.publicOrigins, ['https://shop.example', 'https://www.shop.example']);
    assert.throws(
      () => loadProxyConfig({ ...MOCK, DNI_PUBLIC_ORIGIN: 'https://shop.example/checkout' }),
      /DNI_PUBLIC_ORIGIN/,
    );
    assert.throws(() => loadProxyConfig({ ...MOCK, DNI_PUBLIC_ORIGIN: '*' }), /DNI_PUBLIC_ORIGIN/);
  });

  test("unset: the server's own origins, given by whoever serves the proxy", () => {
    const config = loadProxyConfig(MOCK, { defaultPublicOrigins: () => ['http://127.0.0.1:8787'] });
    const origins = typeof config.publicOrigins === 'function' ? config.publicOrigins() : config.publicOrigins;
    assert.deepEqual(origins, ['http://127.0.0.1:8787']);
  });
});

describe('standalone server: its own origin by default', () => {
  test('http://127.0.0.1:PORT and http://localhost:PORT pass; Host is not trusted; the start-up sentence says so', async () => {
    const { startStandalone } = await import('../../server/standalone.ts');
    const running = await startStandalone({ PORT: '0', DNI_RATE_LIMIT_BURST: '0', DNI_RATE_LIMIT_PER_MINUTE: '0' });
    try {
      const port = new URL(running.url).port;
      const upload = await multipartBytes(imageForm(makeJpeg(640, 404)));
      const send = (headers: Record<string, string>) =>
        rawRequest(`${running.url}/api/idcard`, {
          headers: { 'content-type': upload.type, 'content-length': String(upload.body.length), ...headers },
          chunks: [upload.body],
        });
      assert.equal((await send({ Origin: `http://127.0.0.1:${port}` })).status, 200);
      assert.equal((await send({ Origin: `http://localhost:${port}` })).status, 200);
      assert.equal((await send({ Origin: 'https://evil.example', Host: 'evil.example' })).status, 403);
      assert.match(running.callers, new RegExp(`http://127\\.0\\.0\\.1:${port}`));
      assert.match(running.callers, /refused/);
    } finally {
      await running.close();
    }
  });
});
