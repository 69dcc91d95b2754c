import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { ProxyConfigError } from '../../server/proxy.ts';
import { startStandalone } from '../../server/standalone.ts';
import { imageForm, makeJpeg, MOCK_CREDENTIALS, post } from './helpers.ts';

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
      const line = JSON.parse(lines[0]!);
      assert.equal(line.side, 'back');
      assert.equal(line.status, 400);

      const direct = await post(`${running.url}/mock/ocr/idcard`, imageForm(makeJpeg(1280, 807)), MOCK_CREDENTIALS);
      assert.equal(direct.status, 200);

      const missing = await fetch(`${running.url}/nothing`);
      assert.equal(missing.status, 404);
      assert.equal((await missing.json()).status, 'NOT_FOUND');
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

      const other = await post(`${running.url}/api/idcard`, imageForm(makeJpeg(640, 404)), { Origin: 'https://evil.example' });
      assert.equal(other.headers.get('access-control-allow-origin'), null);
    } finally {
      await running.close();
    }
  });

  test('a configuration error is thrown before listening', async () => {
    await assert.rejects(startStandalone({ PORT: '0', DNI_API_ID: 'only-id' }), ProxyConfigError);
  });

  test('npm run proxy: a half configuration exits non-zero with a clear message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/standalone.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DNI_API_ID: 'only-id', DNI_API_SECRET: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(stderr, /DNI_API_SECRET/);
  });

  test('npm run proxy: starts, answers /healthz, stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/standalone.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DNI_API_ID: '', DNI_API_SECRET: '', DNI_API_URL: '', DNI_MOCK_URL: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const url = await new Promise<string>((resolveUrl, reject) => {
      child.stderr.on('data', (c) => {
        stderr += c;
        const m = /listening on (http:\/\/\S+?)\/api\/idcard/.exec(stderr);
        if (m) resolveUrl(m[1]!);
      });
      child.once('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    const health = await fetch(`${url}/healthz`);
    assert.equal(health.status, 200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });
});
