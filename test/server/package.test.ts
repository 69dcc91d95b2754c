/**
 * The proxy as integrators get it: `npm pack`, the tarball installed with `--omit=dev` in a
 * clean folder (no tsx, no TypeScript, no mock), the `dni-capture-proxy` bin started the way
 * server/README.md says (`node node_modules/.bin/dni-capture-proxy`, NODE_ENV=production), in
 * front of a fake API on https://127.0.0.1; and `dni-capture/proxy` imported and type-checked
 * from that folder.
 *
 * Needs the npm registry (or npm's cache) for the package's runtime dependencies only.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { exitCode, imageForm, makeJpeg, post, sleep } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const API_ID = 'package-test-id';
const API_SECRET = 'package-test-secret';

/** A fake ID-card API over https on loopback: checks the credentials, answers after `delayMs`. */
async function fakeApi(
  dir: string,
): Promise<{ server: Server; url: string; cert: string; seen: Record<string, string>[]; delayMs: number }> {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-keyout',
    key,
    '-out',
    cert,
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]);
  const seen: Record<string, string>[] = [];
  const api = { delayMs: 0 };
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({
        id: String(req.headers['x-df-api-id']),
        secret: String(req.headers['x-df-api-secret']),
        path: req.url ?? '',
      });
      const ok = req.headers['x-df-api-id'] === API_ID && req.headers['x-df-api-secret'] === API_SECRET;
      setTimeout(() => {
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            ok
              ? { status: 'OK', request_id: 'TIDfake', results: [] }
              : { status: 'UNAUTHORIZED', reason: 'bad key', request_id: 'TIDfake' },
          ),
        );
      }, api.delayMs);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return Object.assign(api, {
    server,
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/ocr/idcard`,
    cert,
    seen,
  });
}

/** Starts the installed bin; resolves with its URL once it listens. */
async function startBin(
  app: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [join(app, 'node_modules/.bin/dni-capture-proxy')], {
    cwd: app,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    child.stderr.on('data', (c) => {
      stderr += c;
      const m = /listening on (http:\/\/\S+?)\/api\/idcard/.exec(stderr);
      if (m) resolveUrl(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}

describe('the packed package, installed with --omit=dev', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'dni-capture-package-'));
  const app = join(dir, 'app');
  let api: Awaited<ReturnType<typeof fakeApi>>;
  let env: Record<string, string>;

  before(async () => {
    // The proxy's build (`npm run build:proxy`, part of `npm run build`), fresh.
    rmSync(join(ROOT, 'dist/proxy'), { recursive: true, force: true });
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.proxy.json'], {
      cwd: ROOT,
    });
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT });
    const [packed] = JSON.parse(stdout) as {
      filename: string;
      size: number;
      unpackedSize: number;
      files: { path: string }[];
    }[];
    const paths = packed.files.map((f) => f.path);
    assert.ok(paths.includes('dist/proxy/server/cli.js'), 'the bin is packed');
    assert.ok(
      !paths.some((p) => /mock-api|mock\/(scenarios|cards|image|body)/.test(p)),
      `no mock packed: ${paths.join(' ')}`,
    );
    console.log(
      `# packed ${packed.filename}: ${packed.size} bytes (${packed.unpackedSize} unpacked, ${paths.length} files)`,
    );

    writeFileSync(join(dir, 'package.json'), '{}');
    await run('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    await run(
      'npm',
      [
        'install',
        '--omit=dev',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--no-package-lock',
        join(dir, packed.filename),
      ],
      { cwd: app },
    );
    api = await fakeApi(dir);
    env = {
      NODE_ENV: 'production',
      NODE_EXTRA_CA_CERTS: api.cert,
      PORT: '0',
      DNI_API_ID: API_ID,
      DNI_API_SECRET: API_SECRET,
      DNI_API_URL: api.url,
      DNI_SHUTDOWN_TIMEOUT_MS: '5000',
    };
  });

  after(() => {
    api?.server.closeAllConnections();
    api?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('no TypeScript runner, no mock, no dev dependency installed', () => {
    const modules = join(app, 'node_modules');
    assert.ok(existsSync(join(modules, 'dni-capture/dist/proxy/server/proxy.js')));
    for (const dev of ['tsx', 'typescript', 'image-size', 'express', 'vite']) {
      assert.equal(existsSync(join(modules, dev)), false, `${dev} installed`);
    }
    assert.equal(existsSync(join(modules, 'dni-capture/dist/proxy/server/mock-api.js')), false);
  });

  test('node node_modules/.bin/dni-capture-proxy forwards to the API with the credentials', async () => {
    const { child, url } = await startBin(app, env);
    try {
      const health = await fetch(`${url}/healthz`);
      assert.deepEqual(await health.json(), { status: 'ok', upstream: 'api' });
      const res = await post(`${url}/api/idcard`, imageForm(makeJpeg(1280, 807)), { 'X-DNI-Side': 'front' });
      assert.equal(res.status, 200);
      assert.equal(res.json.status, 'OK');
      assert.deepEqual(api.seen.at(-1), { id: API_ID, secret: API_SECRET, path: '/ocr/idcard' });
    } finally {
      child.kill('SIGKILL');
    }
  });

  test('SIGTERM: the request in flight is answered, then the process exits 0 within the grace period', async () => {
    const { child, url, stderr } = await startBin(app, { ...env, DNI_PROXY_LOG: '0' });
    const exited = exitCode(child);
    api.delayMs = 800;
    const inFlight = post(`${url}/api/idcard`, imageForm(makeJpeg(1280, 807)));
    await sleep(300);
    const signalled = Date.now();
    child.kill('SIGTERM');
    const res = await inFlight;
    assert.equal(res.status, 200);
    const code = await exited;
    assert.equal(code, 0, stderr());
    assert.ok(Date.now() - signalled < 5000, 'within DNI_SHUTDOWN_TIMEOUT_MS');
    assert.match(stderr(), /SIGTERM: draining 1 request/);
    api.delayMs = 0;
  });

  test('without credentials the installed bin refuses to start (exit 2), even outside production', async () => {
    for (const extra of [{ NODE_ENV: 'production' }, {}]) {
      const child = spawn(process.execPath, [join(app, 'node_modules/.bin/dni-capture-proxy')], {
        cwd: app,
        env: { PATH: process.env.PATH ?? '', PORT: '0', ...extra },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c) => (stderr += c));
      const code = await exitCode(child);
      assert.equal(code, 2, stderr);
      assert.match(stderr, /configuration error: .*DNI_API_ID/);
    }
  });

  test('import { createNodeHandler, … } from "dni-capture/proxy": runs and type-checks', async () => {
    writeFileSync(
      join(app, 'check.ts'),
      [
        "import { createFetchHandler, createNodeHandler, loadProxyConfig, MemoryRateLimitStore, type ProxyConfig, type RateLimitStore } from 'dni-capture/proxy';",
        "import { startStandalone } from 'dni-capture/proxy/standalone';",
        "const config: ProxyConfig = loadProxyConfig({ DNI_API_ID: 'a', DNI_API_SECRET: 'b' });",
        'const store: RateLimitStore = new MemoryRateLimitStore();',
        'const handlers = [createNodeHandler({ ...config, rateLimit: { burst: 1, perMinute: 1, store } }), createFetchHandler(config)];',
        'console.log(JSON.stringify({ handlers: handlers.map((h) => typeof h), upstream: config.upstreamUrl, start: typeof startStandalone }));',
        '',
      ].join('\n'),
    );
    await run(
      process.execPath,
      [
        join(ROOT, 'node_modules/typescript/bin/tsc'),
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2022',
        '--types',
        'node',
        '--typeRoots',
        join(ROOT, 'node_modules/@types'),
        'check.ts',
      ],
      { cwd: app },
    ).catch((error: { stdout: string }) => assert.fail(`tsc: ${error.stdout}`));
    writeFileSync(
      join(app, 'check.mjs'),
      readFileSync(join(app, 'check.ts'), 'utf8')
        .replace(/, type \w+/g, '')
        .replace(/: \w+ =/g, ' ='),
    );
    const { stdout } = await run(process.execPath, ['check.mjs'], { cwd: app });
    assert.deepEqual(JSON.parse(stdout), {
      handlers: ['function', 'function'],
      upstream: 'https://cloudapi.peru.accuauth.com/ocr/idcard',
      start: 'function',
    });
  });
});
