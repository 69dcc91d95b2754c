/**
 * The proxy's behaviours, each against real sockets on 127.0.0.1 with the mock API as the
 * upstream, run twice: through the Node `(req, res)` handler and through the fetch-style
 * `(Request) => Response` handler (served the way Deno, Bun or @hono/node-server would).
 * Same core, so the same answers.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { CARD_INFO, createMockApi, type MockRequestInfo } from '../../server/mock-api.ts';
import { createFetchHandler, createNodeHandler, type ProxyConfig } from '../../server/proxy.ts';
import { ignore } from '../../server/proxy/ignore.ts';
import {
  fetchAsNode,
  imageForm,
  listen,
  logLine,
  makeJpeg,
  post,
  rawRequest,
  readJson,
  type Running,
  sleep,
} from './helpers.ts';

const SECRET = 'sk-live-7d1e5b0c9a';
const API_ID = 'real-id-3f2a';
const PROXY_ID = /^PXY[0-9a-f]{32}$/;

const KINDS = {
  node: (config: ProxyConfig) => listen(createNodeHandler(config)),
  fetch: (config: ProxyConfig) => listen(fetchAsNode(createFetchHandler(config))),
} as const;

/** An upstream that takes the body and never answers; says when its request was closed. */
async function hangingUpstream(): Promise<Running & { closed: Promise<{ bytes: number; complete: boolean }> }> {
  let markClosed!: (v: { bytes: number; complete: boolean }) => void;
  const closed = new Promise<{ bytes: number; complete: boolean }>((resolve) => (markClosed = resolve));
  const running = await listen((req: IncomingMessage, res: ServerResponse) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    res.on('close', () => markClosed({ bytes, complete: req.complete }));
  });
  return Object.assign(running, { closed });
}

/** An upstream that answers `body` with `status` and `type` after reading the request. */
async function scriptedUpstream(status: number, type: string, body: string): Promise<Running> {
  return listen((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
  });
}

async function deadUrl(): Promise<string> {
  const running = await listen(ignore);
  await running.close();
  return `${running.url}/ocr/idcard`;
}

for (const [kind, serve] of Object.entries(KINDS)) {
  describe(`${kind} handler`, () => {
    let mock: Running;
    const seen: MockRequestInfo[] = [];
    const mockUrl = () => `${mock.url}/ocr/idcard`;
    const running: Running[] = [];

    /** A proxy to the mock, which expects API_ID/SECRET: the proxy must add them. */
    async function proxy(extra: Partial<ProxyConfig> = {}): Promise<Running & { logs: string[] }> {
      const logs: string[] = [];
      const server = await serve({
        upstreamUrl: mockUrl(),
        apiId: API_ID,
        apiSecret: SECRET,
        upstreamIsMock: true,
        rateLimit: null,
        log: (line) => logs.push(line),
        ...extra,
      });
      running.push(server);
      return Object.assign(server, { logs });
    }

    before(async () => {
      mock = await listen(createMockApi({ apiId: API_ID, apiSecret: SECRET, onRequest: (i) => seen.push(i) }));
    });
    after(async () => {
      for (const server of running) await server.close();
      await mock.close();
    });

    describe('forwarding', () => {
      test('the widget upload reaches the API with the credentials added; the answer carries neither', async () => {
        const p = await proxy();
        const res = await post(p.url, imageForm(makeJpeg(1280, 807)), {
          'X-DNI-Side': 'front',
          'X-Mock-Scenario': 'new',
        });
        assert.equal(res.status, 200);
        assert.equal(res.json.status, 'OK');
        const got = seen.at(-1)!;
        assert.equal(got.headers['x-df-api-id'], API_ID);
        assert.equal(got.headers['x-df-api-secret'], SECRET);
        assert.equal(got.field, 'file');
        assert.match(res.headers.get('x-proxy-request-id')!, PROXY_ID);
        assert.equal(res.headers.get('cache-control'), 'no-store');
        const everything = res.text + JSON.stringify([...res.headers]);
        assert.ok(!everything.includes(SECRET) && !everything.includes(API_ID));
      });

      test('an API error passes through with its status and Retry-After, without the credentials', async () => {
        const p = await proxy();
        const res = await post(p.url, imageForm(makeJpeg(1280, 807)), { 'X-Mock-Scenario': 'RATE_LIMIT_EXCEEDED' });
        assert.equal(res.status, 403);
        assert.equal(res.json.status, 'RATE_LIMIT_EXCEEDED');
        assert.equal(res.headers.get('retry-after'), '2');
        const unauthorized = await post(p.url, imageForm(makeJpeg(1280, 807)), { 'X-Mock-Scenario': 'UNAUTHORIZED' });
        assert.equal(unauthorized.status, 401);
        assert.ok(!(unauthorized.text + JSON.stringify([...unauthorized.headers])).includes(SECRET));
      });

      test('an API that answers before taking the whole body: its answer is relayed, the proxy still serves', async () => {
        const early = await listen((_req, res) => {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end('{"status":"UNAUTHORIZED","reason":"bad key","request_id":"TID1"}');
        });
        running.push(early);
        const p = await proxy({ upstreamUrl: early.url });
        const res = await post(p.url, imageForm(makeJpeg(1280, 807, 3_000_000)));
        assert.equal(res.status, 401);
        assert.equal(res.json.status, 'UNAUTHORIZED');
        assert.equal((await post(p.url, imageForm(makeJpeg(640, 404)))).status, 401);
      });

      test('image_base64 in a urlencoded body is accepted', async () => {
        const p = await proxy();
        const body = new URLSearchParams({ image_base64: makeJpeg(640, 404).toString('base64'), detect_face: '0' });
        const res = await post(p.url, body);
        assert.equal(res.status, 200);
        assert.equal(seen.at(-1)!.field, 'image_base64');
      });
    });

    describe('refusals, in the API error shape, before the API is called', () => {
      test('methods other than POST → 405 NOT_FOUND with Allow', async () => {
        const p = await proxy();
        const before = seen.length;
        for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
          const res = await fetch(p.url, { method, ...(method === 'GET' ? {} : { body: 'x' }) });
          assert.equal(res.status, 405, method);
          assert.equal(res.headers.get('allow'), 'POST');
          assert.match(res.headers.get('content-type')!, /^application\/json/);
          const body = await readJson(res);
          assert.equal(body.status, 'NOT_FOUND');
          assert.match(body.request_id, PROXY_ID);
        }
        assert.equal(seen.length, before);
      });

      test('other content types → 415 INVALID_ARGUMENT', async () => {
        const p = await proxy();
        const before = seen.length;
        const jpeg = new Uint8Array(makeJpeg(640, 404));
        for (const type of ['image/jpeg', 'application/json', 'text/plain', 'multipart/mixed; boundary=x']) {
          const res = await post(p.url, jpeg, { 'content-type': type });
          assert.equal(res.status, 415, type);
          assert.equal(res.json.status, 'INVALID_ARGUMENT');
          assert.match(res.json.reason, /multipart\/form-data/);
        }
        const none = await rawRequest(p.url, { chunks: [jpeg], headers: { 'content-length': String(jpeg.length) } });
        assert.equal(none.status, 415);
        assert.equal(seen.length, before);
      });

      test('a declared body over the limit (7.5 MB: a 5 MB image as Base64) → 413 INVALID_ARGUMENT at once', async () => {
        const p = await proxy();
        const before = seen.length;
        const res = await post(p.url, imageForm(makeJpeg(1280, 807, 7_600_000)));
        assert.equal(res.status, 413);
        assert.equal(res.json.status, 'INVALID_ARGUMENT');
        assert.equal(seen.length, before);
      });

      test('a chunked body is cut off with 413 as soon as it passes the limit, before it ends', async () => {
        const p = await proxy({ maxBodyBytes: 1_000_000 });
        const chunks = Array.from({ length: 24 }, () => new Uint8Array(65_536)); // 1.6 MB, never ended
        const res = await rawRequest(p.url, {
          headers: { 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked' },
          chunks,
          end: false,
        });
        assert.equal(res.status, 413);
        assert.equal(res.json.status, 'INVALID_ARGUMENT');
        assert.match(res.json.reason, /1000000 bytes/);
      });
    });

    describe('CORS', () => {
      const ALLOWED = 'https://shop.example';

      test('an allowed origin: preflight answered with the widget and integrator headers, never a wildcard', async () => {
        const p = await proxy({ allowedOrigins: [ALLOWED], allowedHeaders: ['x-csrf-token'] });
        const res = await fetch(p.url, {
          method: 'OPTIONS',
          headers: {
            Origin: ALLOWED,
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'x-dni-side, x-csrf-token',
          },
        });
        assert.equal(res.status, 204);
        assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED);
        assert.equal(res.headers.get('access-control-allow-methods'), 'POST');
        const allowed = res.headers.get('access-control-allow-headers')!.split(', ');
        for (const h of ['content-type', 'x-dni-side', 'x-csrf-token']) assert.ok(allowed.includes(h), h);
        assert.equal(res.headers.get('access-control-allow-credentials'), null);
        assert.match(res.headers.get('vary')!, /Origin/);
      });

      test('an allowed origin: the answer is readable, Retry-After exposed', async () => {
        const p = await proxy({ allowedOrigins: [ALLOWED] });
        const res = await post(p.url, imageForm(makeJpeg(1280, 807)), { Origin: ALLOWED, 'X-CSRF-Token': 't' });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED);
        assert.match(res.headers.get('access-control-expose-headers')!, /retry-after/);
      });

      test('another origin: preflight 403 without CORS headers; its POST refused before the API', async () => {
        const p = await proxy({ allowedOrigins: [ALLOWED] });
        const preflight = await fetch(p.url, {
          method: 'OPTIONS',
          headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
        });
        assert.equal(preflight.status, 403);
        assert.equal(preflight.headers.get('access-control-allow-origin'), null);
        const before = seen.length;
        const res = await post(p.url, imageForm(makeJpeg(1280, 807)), { Origin: 'https://evil.example' });
        assert.equal(res.status, 403);
        assert.equal(res.json.status, 'NO_PERMISSION');
        assert.equal(res.headers.get('access-control-allow-origin'), null);
        assert.equal(seen.length, before);
      });

      test("a same-origin POST (Origin is the proxy's public origin) passes with an allowlist, without CORS headers", async () => {
        let own = '';
        const p = await proxy({ allowedOrigins: [ALLOWED], publicOrigins: () => [own] });
        own = p.url;
        const res = await post(p.url, imageForm(makeJpeg(1280, 807)), { Origin: p.url });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('access-control-allow-origin'), null);
      });

      test('no allowlist: the public origin passes without CORS headers; any other origin is refused', async () => {
        const p = await proxy({ publicOrigins: ['https://shop.example'] });
        const res = await post(p.url, imageForm(makeJpeg(1280, 807)), { Origin: 'https://shop.example' });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('access-control-allow-origin'), null);
        const other = await post(p.url, imageForm(makeJpeg(1280, 807)), { Origin: 'https://other.example' });
        assert.equal(other.status, 403);
        assert.equal(other.headers.get('access-control-allow-origin'), null);
      });
    });

    describe('rate limiting', () => {
      test('past the burst → 429 RATE_LIMIT_EXCEEDED with Retry-After, the API not called', async () => {
        const p = await proxy({ rateLimit: { burst: 2, perMinute: 6 } });
        for (let i = 0; i < 2; i++) assert.equal((await post(p.url, imageForm(makeJpeg(640, 404)))).status, 200);
        const before = seen.length;
        const res = await post(p.url, imageForm(makeJpeg(640, 404)));
        assert.equal(res.status, 429);
        assert.equal(res.json.status, 'RATE_LIMIT_EXCEEDED');
        assert.match(res.json.request_id, PROXY_ID);
        const retryAfter = Number(res.headers.get('retry-after'));
        assert.ok(retryAfter >= 9 && retryAfter <= 10, String(retryAfter)); // 6 per minute: one every 10 s
        assert.equal(seen.length, before);
        // A refusal does not reset the bucket; preflights and other methods are answered first.
        assert.equal((await post(p.url, imageForm(makeJpeg(640, 404)))).status, 429);
        assert.equal((await fetch(p.url)).status, 405);
      });

      test('X-Forwarded-For is ignored unless trusted, then it picks the bucket', async () => {
        const untrusted = await proxy({ rateLimit: { burst: 1, perMinute: 1 } });
        assert.equal(
          (await post(untrusted.url, imageForm(makeJpeg(640, 404)), { 'X-Forwarded-For': '203.0.113.1' })).status,
          200,
        );
        assert.equal(
          (await post(untrusted.url, imageForm(makeJpeg(640, 404)), { 'X-Forwarded-For': '203.0.113.2' })).status,
          429,
        );

        const trusted = await proxy({ rateLimit: { burst: 1, perMinute: 1 }, trustProxy: 1 });
        assert.equal(
          (await post(trusted.url, imageForm(makeJpeg(640, 404)), { 'X-Forwarded-For': '203.0.113.1' })).status,
          200,
        );
        assert.equal(
          (await post(trusted.url, imageForm(makeJpeg(640, 404)), { 'X-Forwarded-For': '203.0.113.2' })).status,
          200,
        );
        // A client that prepends its own entry is still the address the trusted proxy saw.
        const spoof = await post(trusted.url, imageForm(makeJpeg(640, 404)), {
          'X-Forwarded-For': '198.51.100.9, 203.0.113.2',
        });
        assert.equal(spoof.status, 429);
      });
    });

    describe('upstream trouble becomes INTERNAL_ERROR JSON', () => {
      test('down → 502', async () => {
        const p = await proxy({ upstreamUrl: await deadUrl() });
        const res = await post(p.url, imageForm(makeJpeg(640, 404)));
        assert.equal(res.status, 502);
        assert.match(res.headers.get('content-type')!, /^application\/json/);
        assert.equal(res.json.status, 'INTERNAL_ERROR');
        assert.match(res.json.reason, /ECONNREFUSED/);
        assert.equal(logLine(p.logs.at(-1)!).error, 'upstream_unreachable:ECONNREFUSED');
      });

      test('slow → 504 after the timeout, the upstream request aborted', async () => {
        const upstream = await hangingUpstream();
        running.push(upstream);
        const p = await proxy({ upstreamUrl: upstream.url, timeoutMs: 300 });
        const started = Date.now();
        const res = await post(p.url, imageForm(makeJpeg(640, 404)));
        assert.equal(res.status, 504);
        assert.equal(res.json.status, 'INTERNAL_ERROR');
        assert.match(res.json.reason, /300 ms/);
        assert.ok(Date.now() - started < 8000);
        const closed = await upstream.closed;
        assert.equal(closed.complete, true);
      });

      test('a slow mock answer (X-Mock-Delay) → 504', async () => {
        const p = await proxy({ timeoutMs: 200 });
        const res = await post(p.url, imageForm(makeJpeg(640, 404)), { 'X-Mock-Delay': '3000' });
        assert.equal(res.status, 504);
      });

      for (const scenario of ['not-json', 'html-error', 'empty-body', 'truncated-json']) {
        test(`garbage (${scenario}) → 502, nothing of it passed on`, async () => {
          const p = await proxy();
          const res = await post(p.url, imageForm(makeJpeg(640, 404)), { 'X-Mock-Scenario': scenario });
          assert.equal(res.status, 502);
          assert.match(res.headers.get('content-type')!, /^application\/json/);
          assert.equal(res.json.status, 'INTERNAL_ERROR');
          assert.match(res.json.reason, /other than its JSON/);
          assert.equal(logLine(p.logs.at(-1)!).upstreamStatus, scenario === 'html-error' ? 502 : 200);
        });
      }

      test("a well-formed envelope with odd contents passes: the widget's parser judges it", async () => {
        const p = await proxy();
        for (const scenario of ['hostile', 'empty-results', 'unknown-card-type', 'ok-status-error']) {
          const res = await post(p.url, imageForm(makeJpeg(640, 404)), { 'X-Mock-Scenario': scenario });
          assert.notEqual(res.status, 502, scenario);
          assert.equal(typeof res.json.status, 'string', scenario);
        }
      });

      test("invalidAnswers: 'pass' relays garbage as it came (the dev server's choice)", async () => {
        const p = await proxy({ invalidAnswers: 'pass' });
        const res = await post(p.url, imageForm(makeJpeg(640, 404)), { 'X-Mock-Scenario': 'html-error' });
        assert.equal(res.status, 502);
        assert.match(res.headers.get('content-type')!, /text\/html/);
        assert.match(res.headers.get('content-security-policy')!, /default-src 'none'/);
      });

      test('an answer over 8 MB → 502', async () => {
        const upstream = await scriptedUpstream(
          200,
          'application/json',
          `{"status":"OK","x":"${'a'.repeat(9 * 1024 * 1024)}"}`,
        );
        running.push(upstream);
        const p = await proxy({ upstreamUrl: upstream.url });
        const res = await post(p.url, imageForm(makeJpeg(640, 404)));
        assert.equal(res.status, 502);
        assert.equal(res.json.status, 'INTERNAL_ERROR');
      });
    });

    describe('the browser', () => {
      test('going away mid-upload aborts the upstream request; 499 logged', async () => {
        const upstream = await hangingUpstream();
        running.push(upstream);
        const p = await proxy({ upstreamUrl: upstream.url });
        const pending = rawRequest(p.url, {
          headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '2000000' },
          chunks: Array.from({ length: 5 }, () => new Uint8Array(65_536)),
          gapMs: 20,
          end: false,
        }).catch((e: Error) => e);
        await sleep(250);
        // Destroy the client's socket: find it through the proxy's server.
        p.server.closeAllConnections();
        assert.ok((await pending) instanceof Error);
        const closed = await upstream.closed;
        assert.equal(closed.complete, false, 'the upstream saw an incomplete request');
        assert.ok(closed.bytes > 0 && closed.bytes < 2_000_000);
        await sleep(50);
        const line = logLine(p.logs.at(-1)!);
        assert.equal(line.status, 499);
        assert.equal(line.error, 'client_closed');
        // The proxy still serves.
        assert.equal((await fetch(p.url)).status, 405);
      });

      test('a body that stops → 408 after the idle timeout, the upstream request aborted', async () => {
        const upstream = await hangingUpstream();
        running.push(upstream);
        const p = await proxy({ upstreamUrl: upstream.url, bodyIdleTimeoutMs: 300 });
        const started = Date.now();
        const res = await rawRequest(p.url, {
          headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '500000' },
          chunks: [new Uint8Array(100_000)],
          end: false,
        });
        assert.equal(res.status, 408);
        assert.equal(res.json.status, 'INTERNAL_ERROR');
        assert.match(res.json.reason, /stalled/);
        assert.ok(Date.now() - started < 8000);
        const closed = await upstream.closed;
        assert.equal(closed.complete, false);
        assert.equal(logLine(p.logs.at(-1)!).error, 'body_stalled');
      });
    });

    describe('the log', () => {
      test('one JSON line per request with ids, side, statuses, latency and bytes', async () => {
        const p = await proxy();
        const res = await post(p.url, imageForm(makeJpeg(1280, 807)), {
          'X-DNI-Side': 'back',
          'X-Mock-Scenario': 'old',
        });
        assert.equal(p.logs.length, 1);
        const line = logLine(p.logs[0]);
        assert.equal(line.requestId, res.headers.get('x-proxy-request-id'));
        assert.equal(line.method, 'POST');
        assert.equal(line.side, 'back');
        assert.equal(line.status, 200);
        assert.equal(line.code, 'OK');
        assert.equal(line.upstreamStatus, 200);
        assert.equal(typeof line.upstreamMs, 'number');
        assert.equal(typeof line.durationMs, 'number');
        assert.ok(line.bytesIn > 0);
        assert.equal(line.bytesOut, Buffer.byteLength(res.text));
        assert.match(line.client ?? '', /^[0-9a-f]{12}$/);
        assert.equal(line.error, null);
        assert.ok(!Number.isNaN(Date.parse(line.at)));
      });

      test('never holds image bytes, Base64, card_info values, headers, addresses or credentials', async () => {
        const MARK = 'IMGBYTES-Z9Q7';
        const pii = {
          name: 'PII-NOMBRE-XQZ',
          id_number: '4711999-K',
          address: 'PII-CALLE-QZX 123',
        };
        const hostile = await scriptedUpstream(
          200,
          'application/json',
          JSON.stringify({
            request_id: 'TID-PII-REQ',
            status: 'OK',
            results: [{ card_type: 'new', card_side: 'front', card_info: pii, face_region: [[1, 2]] }],
          }),
        );
        const hostileError = await scriptedUpstream(
          400,
          'application/json',
          JSON.stringify({ status: 'PII-STATUS-ZQX', reason: `bad image of ${pii.name}`, request_id: 'TID-X' }),
        );
        running.push(hostile, hostileError);

        const image = makeJpeg(640, 404, 4000);
        image.write(MARK, 200, 'latin1');
        const base64 = image.toString('base64');
        const headers = {
          'X-DNI-Side': 'front',
          'X-CSRF-Token': 'csrf-PII-TOKEN',
          Cookie: 'session=PII-COOKIE',
          'X-Forwarded-For': '198.51.100.77',
          'X-Test-Id': 'PII-TEST-ID',
        };
        const logs: string[] = [];
        for (const upstreamUrl of [hostile.url, hostileError.url, mockUrl()]) {
          const p = await proxy({ upstreamUrl, trustProxy: 1 });
          for (const scenario of ['new', 'hostile', 'huge-field', 'not-json']) {
            await post(p.url, imageForm(image), { ...headers, 'X-Mock-Scenario': scenario });
            await post(p.url, new URLSearchParams({ image_base64: base64 }), {
              ...headers,
              'X-Mock-Scenario': scenario,
            });
          }
          logs.push(...p.logs);
        }
        assert.equal(logs.length, 24);
        const text = logs.join('\n');
        const mockValues = Object.values(CARD_INFO)
          .flatMap((sides) => Object.values(sides ?? {}))
          .flatMap((info) => Object.values(info ?? {}))
          .filter((v): v is string => typeof v === 'string' && v.length >= 6 && /[A-Za-z/-]/.test(v));
        assert.ok(mockValues.length > 10);
        const forbidden = [
          MARK,
          base64.slice(0, 40),
          base64.slice(-40),
          ...Object.values(pii),
          'PII-STATUS-ZQX',
          'TID-PII-REQ',
          'csrf-PII-TOKEN',
          'PII-COOKIE',
          'PII-TEST-ID',
          '198.51.100.77',
          '127.0.0.1',
          SECRET,
          API_ID,
          'ANA ANA',
          '<script',
          ...mockValues,
        ];
        for (const value of forbidden) assert.ok(!text.includes(value), `the log holds ${JSON.stringify(value)}`);
        const keys = new Set(logs.flatMap((l) => Object.keys(logLine(l))));
        assert.deepEqual([...keys].sort(), [
          'at',
          'bytesIn',
          'bytesOut',
          'client',
          'code',
          'durationMs',
          'error',
          'method',
          'msg',
          'requestId',
          'side',
          'status',
          'upstreamMs',
          'upstreamStatus',
        ]);
        // An unknown status from the upstream is logged as `other`, not as its text.
        assert.ok(logs.some((l) => logLine(l).code === 'other'));
      });

      test("logClient: 'omit' leaves the client out; a shared key gives the same hash on every instance", async () => {
        const omit = await proxy({ logClient: 'omit' });
        await post(omit.url, imageForm(makeJpeg(640, 404)));
        assert.equal(logLine(omit.logs[0]).client, null);
        const a = await proxy({ logClientKey: 'k1' });
        const b = await proxy({ logClientKey: 'k1' });
        await post(a.url, imageForm(makeJpeg(640, 404)));
        await post(b.url, imageForm(makeJpeg(640, 404)));
        assert.equal(logLine(a.logs[0]).client, logLine(b.logs[0]).client);
      });
    });
  });
}
