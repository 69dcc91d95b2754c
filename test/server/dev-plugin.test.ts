import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createServer, preview, type PreviewServer, type ViteDevServer } from 'vite';
import { dniDevServer, loopbackMockUrl } from '../../server/dev-plugin.ts';
import { Journal } from '../../server/journal.ts';
import type { MockRequestInfo } from '../../server/mock-api.ts';
import type { ProxyRequestInfo } from '../../server/proxy.ts';
import { imageForm, makeJpeg, MOCK_CREDENTIALS, post, readJson } from './helpers.ts';

/** An entry of `/__journal`: what the proxy and the mock each recorded of one request. */
interface JournalEntry {
  proxy: ProxyRequestInfo | null;
  mock: MockRequestInfo | null;
}

/** An empty project, so Vite scans and serves nothing of the real one. */
const root = mkdtempSync(join(tmpdir(), 'dni-dev-plugin-'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>empty</title>');
after(() => rmSync(root, { recursive: true, force: true }));

const common = {
  configFile: false as const,
  root,
  logLevel: 'silent' as const,
  plugins: [dniDevServer({ proxy: { timeoutMs: 2000 } })],
  optimizeDeps: { noDiscovery: true, include: [] },
};

function baseUrl(server: { httpServer: { address(): AddressInfo | string | null } | null }): string {
  const { port } = server.httpServer!.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

describe('dniDevServer on the Vite dev server', () => {
  let server: ViteDevServer;
  let url: string;

  before(async () => {
    server = await createServer({ ...common, server: { host: '127.0.0.1', port: 0, strictPort: true, ws: false } });
    await server.listen();
    url = baseUrl(server);
  });
  after(() => server.close());

  test('POST /api/idcard goes through the proxy to the mock on the same port', async () => {
    const res = await post(`${url}/api/idcard`, imageForm(makeJpeg(1280, 807)), {
      'X-DNI-Side': 'back',
      'X-Mock-Scenario': 'old',
      'X-Test-Id': 'dev-1',
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.results[0].card_type, 'old');
    assert.equal(res.json.results[0].card_side, 'back');
  });

  test("the proxy takes the dev server's own origin, as localhost and as 127.0.0.1; another site is refused", async () => {
    const { port } = server.httpServer!.address() as AddressInfo;
    for (const origin of [`http://localhost:${port}`, `http://127.0.0.1:${port}`]) {
      const res = await post(`${url}/api/idcard`, imageForm(makeJpeg(640, 404)), { Origin: origin });
      assert.equal(res.status, 200, origin);
    }
    const evil = await post(`${url}/api/idcard`, imageForm(makeJpeg(640, 404)), { Origin: 'https://evil.example' });
    assert.equal(evil.status, 403);
    const spoofed = await post(`${url}/api/idcard`, imageForm(makeJpeg(640, 404)), {
      Origin: `http://evil.example:${port}`,
      'X-Forwarded-Host': `evil.example:${port}`,
    });
    assert.equal(spoofed.status, 403);
  });

  test('the journal joins what the proxy and the mock saw, by X-Test-Id', async () => {
    await post(`${url}/api/idcard`, imageForm(makeJpeg(640, 404)), {
      'X-Test-Id': 'dev-2',
      'X-Mock-Scenario': 'KEY_EXPIRED',
    });
    await post(`${url}/api/idcard`, imageForm(makeJpeg(640, 404)), { 'X-Test-Id': 'other' });
    const res = await fetch(`${url}/__journal?testId=dev-2`);
    assert.equal(res.status, 200);
    const entries = (await res.json()) as { proxy: ProxyRequestInfo; mock: MockRequestInfo }[];
    assert.equal(entries.length, 1);
    const [{ proxy, mock }] = entries as [{ proxy: ProxyRequestInfo; mock: MockRequestInfo }];
    assert.equal(proxy.headers['x-test-id'], 'dev-2');
    assert.equal(proxy.status, 401);
    assert.ok(!('x-df-api-secret' in proxy.headers));
    assert.equal(mock.headers['x-proxy-request-id'], proxy.requestId);
    assert.equal(mock.headers['x-df-api-id'], 'mock-id');
    assert.ok(!('x-df-api-secret' in mock.headers), 'the journal keeps no credential');
    assert.equal(mock.apiStatus, 'KEY_EXPIRED');
    assert.equal(mock.width, 640);
  });

  test('the journal is written before the browser has the answer', async () => {
    await post(`${url}/api/idcard`, imageForm(makeJpeg(640, 404)), { 'X-Test-Id': 'dev-3' });
    const entries = await readJson<JournalEntry[]>(await fetch(`${url}/__journal?testId=dev-3`));
    assert.equal(entries.length, 1);
    assert.notEqual(entries[0].mock, null);
  });

  test('requests made to the mock directly are journaled by their own X-Test-Id', async () => {
    const res = await post(`${url}/mock/ocr/idcard`, imageForm(makeJpeg(640, 404)), {
      ...MOCK_CREDENTIALS,
      'X-Test-Id': 'dev-4',
    });
    assert.equal(res.status, 200);
    const entries = await readJson<JournalEntry[]>(await fetch(`${url}/__journal?testId=dev-4`));
    assert.equal(entries.length, 1);
    assert.equal(entries[0].proxy, null);
    assert.equal(entries[0].mock?.status, 200);
  });

  test('other /mock/ paths are the API 404 in JSON', async () => {
    const res = await post(`${url}/mock/ocr/other`, imageForm(makeJpeg(640, 404)), { ...MOCK_CREDENTIALS });
    assert.equal(res.status, 404);
    assert.equal(res.json.status, 'NOT_FOUND');
  });

  test("the journal keeps no cookie, Authorization or other credential-like header, the browser's or the proxy's", async () => {
    await post(`${url}/api/idcard`, imageForm(makeJpeg(640, 404)), {
      'X-Test-Id': 'dev-secrets',
      Cookie: 'session=s3cr3t-cookie',
      Authorization: 'Bearer s3cr3t-bearer',
      'X-CSRF-Token': 's3cr3t-csrf',
      'X-Api-Key': 's3cr3t-key',
      'X-Auth-Token': 's3cr3t-auth',
    });
    const text = await (await fetch(`${url}/__journal?testId=dev-secrets`)).text();
    assert.doesNotMatch(text, /s3cr3t|mock-secret/);
    const [entry] = JSON.parse(text) as { proxy: ProxyRequestInfo; mock: MockRequestInfo }[];
    for (const name of ['cookie', 'authorization', 'x-csrf-token', 'x-api-key', 'x-auth-token']) {
      assert.equal(entry.proxy.headers[name], undefined, name);
    }
    assert.equal(entry.mock.headers['x-df-api-secret'], undefined);
    // What the tests read is still there: the widget's headers, and proof the proxy added the id.
    assert.equal(entry.proxy.headers['x-test-id'], 'dev-secrets');
    assert.equal(entry.mock.headers['x-df-api-id'], 'mock-id');
  });

  test('DELETE /__journal forgets', async () => {
    const res = await fetch(`${url}/__journal`, { method: 'DELETE' });
    assert.equal(res.status, 204);
    assert.deepEqual(await (await fetch(`${url}/__journal?testId=dev-2`)).json(), []);
    assert.deepEqual(await (await fetch(`${url}/__journal`)).json(), []);
  });

  test('other paths still reach Vite', async () => {
    const res = await fetch(`${url}/`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /empty/);
  });
});

describe('dniDevServer on the Vite preview server', () => {
  let server: PreviewServer;
  let url: string;

  before(async () => {
    server = await preview({
      ...common,
      build: { outDir: root },
      preview: { host: '127.0.0.1', port: 0, strictPort: true },
    });
    url = baseUrl(server);
  });
  after(() => server.close());

  test("the proxy takes the preview server's own origin", async () => {
    const { port } = server.httpServer.address() as AddressInfo;
    const res = await post(`${url}/api/idcard`, imageForm(makeJpeg(640, 404)), { Origin: `http://localhost:${port}` });
    assert.equal(res.status, 200);
    const evil = await post(`${url}/api/idcard`, imageForm(makeJpeg(640, 404)), { Origin: 'https://evil.example' });
    assert.equal(evil.status, 403);
  });

  test('mounts the proxy, the mock and the journal too', async () => {
    const res = await post(`${url}/api/idcard`, imageForm(makeJpeg(1280, 807)), { 'X-Test-Id': 'preview-1' });
    assert.equal(res.status, 200);
    assert.equal(res.json.status, 'OK');
    const entries = await readJson<JournalEntry[]>(await fetch(`${url}/__journal?testId=preview-1`));
    assert.equal(entries.length, 1);
    assert.equal(entries[0].mock?.apiStatus, 'OK');
  });
});

describe('Journal', () => {
  const proxyInfo = (requestId: string, testId: string): ProxyRequestInfo => ({
    requestId,
    side: 'front',
    method: 'POST',
    headers: { 'x-test-id': testId },
    status: 200,
    code: 'OK',
    bytes: 1,
    bytesOut: 1,
    upstreamStatus: 200,
    durationMs: 1,
    upstreamMs: 1,
    upstreamIsMock: true,
    error: null,
  });

  test('keeps only the newest entries', () => {
    const journal = new Journal(3);
    for (let i = 0; i < 5; i++) journal.recordProxy(proxyInfo(`p${i}`, 't'));
    assert.equal(journal.size, 3);
    assert.deepEqual(
      journal.list('t').map((e) => e.proxy!.requestId),
      ['p2', 'p3', 'p4'],
    );
  });

  test('joins a mock record that arrives first', () => {
    const journal = new Journal();
    journal.recordMock({ requestId: 'TIDx', headers: { 'x-proxy-request-id': 'p1' } } as unknown as MockRequestInfo);
    journal.recordProxy(proxyInfo('p1', 'join'));
    const [entry] = journal.list('join');
    assert.equal(entry.mock!.requestId, 'TIDx');
    assert.equal(entry.proxy!.requestId, 'p1');
  });
});

describe('loopbackMockUrl', () => {
  test('uses the address the server listens on', () => {
    assert.equal(
      loopbackMockUrl({ address: '127.0.0.1', family: 'IPv4', port: 5173 }),
      'http://127.0.0.1:5173/mock/ocr/idcard',
    );
    assert.equal(loopbackMockUrl({ address: '::1', family: 'IPv6', port: 80 }), 'http://[::1]:80/mock/ocr/idcard');
    assert.equal(
      loopbackMockUrl({ address: '0.0.0.0', family: 'IPv4', port: 1 }),
      'http://127.0.0.1:1/mock/ocr/idcard',
    );
    assert.throws(() => loopbackMockUrl(null));
  });
});
