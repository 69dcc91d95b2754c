import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { ProxyConfigError } from '../../server/proxy.ts';
import { createStandaloneHandler, startStandalone } from '../../server/standalone.ts';
import { ignore } from '../../server/proxy/ignore.ts';
import {
  exitCode,
  imageForm,
  logLine,
  makeJpeg,
  MOCK_CREDENTIALS,
  post,
  rawRequest,
  readJson,
  sleep,
} from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('standalone proxy', () => {
  test('without credentials: proxy → its own mock, /healthz, and a log line per request', async () => {
    const lines: string[] = [];
    const running = await startStandalone({ PORT: '0' }, (line) => lines.push(line));
    try {
      assert.equal(running.upstream, 'mock');
      const health = await fetch(`${running.url}/healthz`);
      assert.deepEqual(await health.json(), { status: 'ok', upstream: 'mock' });

      const res = await post(`${running.url}/api/idcard`, imageForm(makeJpeg(1280, 807)), {
        'X-DNI-Side': 'back',
        'X-Mock-Scenario': 'ALIEN',
      });
      assert.equal(res.status, 400);
      assert.equal(res.json.status, 'DETECTION_FAILED');
      assert.equal(lines.length, 1);
      const line = logLine(lines[0]);
      assert.equal(line.side, 'back');
      assert.equal(line.status, 400);

      const direct = await post(`${running.url}/mock/ocr/idcard`, imageForm(makeJpeg(1280, 807)), MOCK_CREDENTIALS);
      assert.equal(direct.status, 200);

      const missing = await fetch(`${running.url}/nothing`);
      assert.equal(missing.status, 404);
      assert.equal((await readJson(missing)).status, 'NOT_FOUND');
    } finally {
      await running.close();
    }
  });

  test('with credentials: no mock served, upstream is the API', async () => {
    const running = await startStandalone({
      PORT: '0',
      DNI_API_ID: 'id',
      DNI_API_SECRET: 'secret',
      DNI_API_URL: 'http://127.0.0.1:9/ocr/idcard',
    });
    try {
      assert.deepEqual(await (await fetch(`${running.url}/healthz`)).json(), { status: 'ok', upstream: 'api' });
      const mock = await post(`${running.url}/mock/ocr/idcard`, imageForm(makeJpeg(1280, 807)), MOCK_CREDENTIALS);
      assert.equal(mock.status, 404);
      const down = await post(`${running.url}/api/idcard`, imageForm(makeJpeg(1280, 807)));
      assert.equal(down.status, 502);
      assert.equal(down.json.status, 'INTERNAL_ERROR');
    } finally {
      await running.close();
    }
  });

  test('CORS only for DNI_ALLOWED_ORIGINS', async () => {
    const running = await startStandalone({ PORT: '0', DNI_ALLOWED_ORIGINS: 'http://localhost:3000' });
    try {
      const preflight = await fetch(`${running.url}/api/idcard`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://localhost:3000',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'x-dni-side',
        },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:3000');
      assert.match(preflight.headers.get('access-control-allow-headers')!, /x-dni-side/);

      const res = await post(`${running.url}/api/idcard`, imageForm(makeJpeg(640, 404)), {
        Origin: 'http://localhost:3000',
        'X-Mock-Scenario': 'RATE_LIMIT_EXCEEDED',
      });
      assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:3000');
      assert.match(res.headers.get('access-control-expose-headers')!, /retry-after/);

      const other = await post(`${running.url}/api/idcard`, imageForm(makeJpeg(640, 404)), {
        Origin: 'https://evil.example',
      });
      assert.equal(other.status, 403);
      assert.equal(other.json.status, 'NO_PERMISSION');
      assert.equal(other.headers.get('access-control-allow-origin'), null);
    } finally {
      await running.close();
    }
  });

  test('a configuration error is thrown before listening', async () => {
    await assert.rejects(startStandalone({ PORT: '0', DNI_API_ID: 'only-id' }), ProxyConfigError);
  });

  test('npm run proxy: a half configuration exits non-zero with a clear message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DNI_API_ID: 'only-id', DNI_API_SECRET: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const code = await exitCode(child);
    assert.equal(code, 2);
    assert.match(stderr, /DNI_API_SECRET/);
  });

  test('npm run proxy: starts, answers /healthz, stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DNI_API_ID: '', DNI_API_SECRET: '', DNI_API_URL: '', DNI_MOCK_URL: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const url = await new Promise<string>((resolveUrl, reject) => {
      child.stderr.on('data', (c) => {
        stderr += c;
        const m = /listening on (http:\/\/\S+?)\/api\/idcard/.exec(stderr);
        if (m) resolveUrl(m[1]);
      });
      child.once('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    const health = await fetch(`${url}/healthz`);
    assert.equal(health.status, 200);
    child.kill('SIGTERM');
    const code = await exitCode(child);
    assert.equal(code, 0);
  });
});

/**
 * Polls `read` until it gives a value, for up to 10 s: the standalone server writes its log line
 * after the connection has closed, which on a 2-core machine running the other server test files
 * at once has taken over 3 s.
 */
async function waitFor<T>(read: () => T | undefined): Promise<T | undefined> {
  for (let i = 0; i < 200; i++) {
    const value = read();
    if (value !== undefined) return value;
    await sleep(50);
  }
  return undefined;
}

/** Opens a raw socket, writes `head`, then one byte of `trickle` every `gapMs`; resolves with what came back and when the socket closed. */
function trickle(url: string, head: string, trickle: string, gapMs: number): Promise<{ answer: string; ms: number }> {
  const { port } = new URL(url);
  return new Promise((resolveAnswer) => {
    const started = Date.now();
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    let i = 0;
    socket.write(head);
    const timer = setInterval(() => {
      if (i < trickle.length && socket.writable) socket.write(trickle[i++]);
    }, gapMs);
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('error', ignore);
    socket.on('close', () => {
      clearInterval(timer);
      resolveAnswer({ answer, ms: Date.now() - started });
    });
  });
}

describe('standalone proxy: slow clients', () => {
  const env = {
    PORT: '0',
    DNI_HEADERS_TIMEOUT_MS: '400',
    DNI_REQUEST_TIMEOUT_MS: '1200',
    DNI_BODY_IDLE_TIMEOUT_MS: '400',
  };

  test('headers trickled → 408 and the connection closed at the headers timeout', async () => {
    const running = await startStandalone(env);
    try {
      const { answer, ms } = await trickle(
        running.url,
        'POST /api/idcard HTTP/1.1\r\nHost: x\r\n',
        'X-Slow: ' + 'a'.repeat(100),
        100,
      );
      assert.match(answer, /^HTTP\/1\.1 408/);
      assert.ok(ms < 8000, `${ms} ms`);
    } finally {
      await running.close();
    }
  });

  test('a body trickled (never idle long enough for the idle timeout) → cut at the request timeout', async () => {
    const lines: string[] = [];
    // A byte every 100 ms, an idle timeout of 2 s: on a busy 2-core machine a gap can stretch past
    // the 400 ms the other tests use, and the body would be cut as stalled (408), not at the
    // request timeout this test is about.
    const running = await startStandalone(
      { ...env, DNI_REQUEST_TIMEOUT_MS: '3000', DNI_BODY_IDLE_TIMEOUT_MS: '2000' },
      (l) => lines.push(l),
    );
    try {
      const head =
        'POST /api/idcard HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 100000\r\n\r\n';
      const { ms } = await trickle(running.url, head, 'x'.repeat(1000), 100);
      assert.ok(ms >= 2500 && ms < 12000, `${ms} ms`);
      const proxied = await waitFor(() => lines.map((l) => logLine(l)).find((l) => l.status === 499));
      assert.ok(proxied, 'the proxy saw the client go and aborted upstream');
      assert.equal(proxied.error, 'client_closed');
    } finally {
      await running.close();
    }
  });

  test('a body that stops → 408 INTERNAL_ERROR JSON at the body idle timeout', async () => {
    const running = await startStandalone(env);
    try {
      const res = await rawRequest(`${running.url}/api/idcard`, {
        headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '100000' },
        chunks: [new Uint8Array(1000)],
        end: false,
      });
      assert.equal(res.status, 408);
      assert.equal(res.json.status, 'INTERNAL_ERROR');
    } finally {
      await running.close();
    }
  });
});

describe('standalone proxy: shutdown and health', () => {
  test('/healthz answers 503 "draining" once stopping', async () => {
    let draining = false;
    const { handler } = await createStandaloneHandler(
      {},
      () => server.address(),
      undefined,
      () => draining,
    );
    const server: Server = createServer(handler).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
    try {
      assert.equal((await fetch(url)).status, 200);
      draining = true;
      const res = await fetch(url);
      assert.equal(res.status, 503);
      assert.deepEqual(await res.json(), { status: 'draining', upstream: 'mock' });
      assert.equal(res.headers.get('connection'), 'close');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test('shutdown: stops accepting, lets the request in flight finish, then resolves', async () => {
    const running = await startStandalone({ PORT: '0' });
    const inFlight = post(`${running.url}/api/idcard`, imageForm(makeJpeg(1280, 807)), { 'X-Mock-Delay': '700' });
    await sleep(150);
    const started = Date.now();
    const stopped = running.shutdown(5000);
    await sleep(50);
    await assert.rejects(fetch(`${running.url}/healthz`), 'no new connection accepted');
    const res = await inFlight;
    assert.equal(res.status, 200);
    assert.equal(res.json.status, 'OK');
    assert.deepEqual(await stopped, { cut: 0 });
    const ms = Date.now() - started;
    assert.ok(ms >= 400 && ms < 8000, `${ms} ms`);
    assert.equal(running.server.listening, false);
  });

  test('shutdown is bounded: past the deadline what is left is cut', async () => {
    const running = await startStandalone({ PORT: '0' });
    const inFlight = post(`${running.url}/api/idcard`, imageForm(makeJpeg(1280, 807)), {
      'X-Mock-Delay': '10000',
    }).catch((e: Error) => e);
    await sleep(150);
    const started = Date.now();
    const { cut } = await running.shutdown(300);
    assert.ok(cut >= 1);
    assert.ok(Date.now() - started < 8000);
    // Cut through the proxy: answered 503 (and logged) when the socket still takes it.
    const outcome = await inFlight;
    assert.ok(outcome instanceof Error || outcome.status === 503);
  });

  test('npm run proxy: SIGTERM lets the request in flight finish, then exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        DNI_API_ID: '',
        DNI_API_SECRET: '',
        DNI_API_URL: '',
        DNI_MOCK_URL: '',
        DNI_PROXY_LOG: '0',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const url = await new Promise<string>((resolveUrl, reject) => {
      child.stderr.on('data', (c) => {
        stderr += c;
        const m = /listening on (http:\/\/\S+?)\/api\/idcard/.exec(stderr);
        if (m) resolveUrl(m[1]);
      });
      child.once('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    const exited = exitCode(child);
    const inFlight = post(`${url}/api/idcard`, imageForm(makeJpeg(1280, 807)), { 'X-Mock-Delay': '800' });
    await sleep(200);
    child.kill('SIGTERM');
    const res = await inFlight;
    assert.equal(res.status, 200);
    const code = await exited;
    assert.equal(code, 0);
    assert.match(stderr, /SIGTERM: draining [1-9]\d* request/);
    assert.match(stderr, /stopped/);
  });

  test('npm run proxy: a bad number exits 2 naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DNI_PROXY_TIMEOUT_MS: '30s', DNI_API_ID: '', DNI_API_SECRET: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const code = await exitCode(child);
    assert.equal(code, 2);
    assert.match(stderr, /configuration error: DNI_PROXY_TIMEOUT_MS must be a whole number/);
  });

  test('headers timeout longer than the request timeout → a configuration error', async () => {
    await assert.rejects(
      startStandalone({ PORT: '0', DNI_HEADERS_TIMEOUT_MS: '5000', DNI_REQUEST_TIMEOUT_MS: '1000' }),
      /DNI_HEADERS_TIMEOUT_MS/,
    );
  });
});
