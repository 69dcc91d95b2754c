/**
 * The proxy mounted in the servers integrators use, through real sockets on 127.0.0.1:
 * Express 5, Fastify 5, Hono on @hono/node-server, and a Hono app's own `fetch` (what Bun,
 * Deno and Workers call). Each mounts it at /api/idcard in front of the mock API, and keeps a
 * route of its own (`GET /api/hello`) that the proxy must leave alone.
 *
 * The code between `// README:<name>` and `// README:end` is what server/README.md shows
 * ("Mount it in your own server"); the last test checks that the README has it, verbatim.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { createMockApi, MOCK_API_ID, MOCK_API_SECRET } from '../../server/mock-api.ts';
import { createFetchHandler, createNodeHandler, loadProxyConfig } from '../../server/proxy.ts';
import { fetchAsNode, imageForm, listen, makeJpeg, post, type Running } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const THIS_FILE = resolve(import.meta.dirname, 'frameworks.test.ts');

/** What the mock received: the proxy's upstream requests. */
const upstream: { id: string | undefined; secret: string | undefined; cookie: string | undefined }[] = [];
let mock: Running;
const savedEnv = { ...process.env };

before(async () => {
  const api = createMockApi({ path: '/ocr/idcard' });
  mock = await listen((req, res) => {
    upstream.push({
      id: req.headers['x-df-api-id'] as string | undefined,
      secret: req.headers['x-df-api-secret'] as string | undefined,
      cookie: req.headers.cookie,
    });
    api(req, res);
  });
  // What the snippets read with loadProxyConfig(process.env): no credentials, so the mock.
  for (const name of Object.keys(process.env))
    if (name.startsWith('DNI_') || name === 'NODE_ENV') delete process.env[name];
  process.env.DNI_MOCK_URL = `${mock.url}/ocr/idcard`;
});

after(async () => {
  process.env = savedEnv;
  await mock.close();
});

/** The widget's request through the proxy, a non-proxy route, and the proxy's own 405. */
async function exercise(base: string): Promise<void> {
  const before = upstream.length;
  const res = await post(`${base}/api/idcard`, imageForm(makeJpeg(1280, 807)), {
    'X-DNI-Side': 'front',
    Cookie: 'session=secret',
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 'OK');
  assert.ok(Array.isArray(res.json.results));
  assert.match(res.headers.get('x-proxy-request-id') ?? '', /^PXY/);
  assert.equal(upstream.length, before + 1, 'one request reached the API');
  assert.deepEqual(upstream.at(-1), { id: MOCK_API_ID, secret: MOCK_API_SECRET, cookie: undefined });

  const other = await fetch(`${base}/api/hello`);
  assert.equal(other.status, 200);
  assert.deepEqual(await other.json(), { hello: 'world' });
  assert.equal(other.headers.get('x-proxy-request-id'), null, 'the framework answered, not the proxy');

  const get = await fetch(`${base}/api/idcard`);
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('allow'), 'POST');
  assert.equal(upstream.length, before + 1);
}

async function listening(server: Server): Promise<string> {
  if (!server.listening) await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closed(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
}

describe('the proxy mounted in frameworks', () => {
  test('Express 5', async () => {
    // README:express
    const app = express();
    // Before any body parser (the proxy streams the body itself), and for every method.
    app.all('/api/idcard', createNodeHandler(loadProxyConfig(process.env)));
    app.use(express.json());
    app.get('/api/hello', (_req, res) => {
      res.json({ hello: 'world' });
    });
    // README:end
    const server = app.listen(0, '127.0.0.1');
    try {
      await exercise(await listening(server));
    } finally {
      await closed(server);
    }
  });

  test('Fastify 5', async () => {
    // README:fastify
    const fastify = Fastify();
    const idcard = createNodeHandler(loadProxyConfig(process.env));
    // In a scope of its own: no body parsing there; the raw request and response go to the proxy.
    await fastify.register((scope, _options, done) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
      scope.all('/api/idcard', (request, reply) => {
        reply.hijack();
        idcard(request.raw, reply.raw);
      });
      done();
    });
    fastify.get('/api/hello', () => ({ hello: 'world' }));
    // README:end
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    try {
      await exercise(await listening(fastify.server));
    } finally {
      await fastify.close();
    }
  });

  test('Hono on @hono/node-server', async () => {
    // README:hono-node
    const idcard = createFetchHandler(loadProxyConfig(process.env));
    const app = new Hono();
    app.all('/api/idcard', (c) => idcard(c.req.raw, { clientAddress: getConnInfo(c).remote.address }));
    app.get('/api/hello', (c) => c.json({ hello: 'world' }));
    // README:end
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    try {
      await exercise(await listening(server));
    } finally {
      await closed(server);
    }
  });

  test("Hono's fetch handler (Bun, Deno, Workers), served over a socket", async () => {
    // README:hono-fetch
    const idcard = createFetchHandler(loadProxyConfig(process.env), {
      clientAddress: (request) => request.headers.get('cf-connecting-ip'), // your platform's client address
    });
    const app = new Hono();
    app.all('/api/idcard', (c) => idcard(c.req.raw));
    app.get('/api/hello', (c) => c.json({ hello: 'world' }));
    // README:end
    const server = await listen(fetchAsNode(async (request) => app.fetch(request)));
    try {
      await exercise(server.url);
    } finally {
      await server.close();
    }
  });

  test('server/README.md shows these snippets verbatim', () => {
    const source = readFileSync(THIS_FILE, 'utf8');
    const readme = readFileSync(resolve(ROOT, 'server/README.md'), 'utf8');
    const regions = [...source.matchAll(/^( *)\/\/ README:([\w-]+)\n([\s\S]*?)^ *\/\/ README:end$/gm)].filter(
      ([, , name]) => name !== 'end',
    );
    assert.deepEqual(
      regions.map(([, , name]) => name),
      ['express', 'fastify', 'hono-node', 'hono-fetch'],
    );
    for (const [, indent, name, body] of regions) {
      const code = body
        .split('\n')
        .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
        .join('\n');
      assert.ok(readme.includes(code), `server/README.md lacks the ${name} snippet:\n${code}`);
    }
  });
});
