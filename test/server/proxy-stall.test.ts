/**
 * An API that sends its headers and a few bytes, then nothing: the upstream timeout (and the
 * browser leaving) must still end the request after a garbage collection. Node 20's fetch
 * holds the abort signal of a request whose headers have arrived only through a weak
 * reference (nodejs/node#55428), so aborting the controller alone does nothing once a GC has
 * run; the proxy cancels the answer's reader itself.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createFetchHandler, createNodeHandler, type ProxyConfig } from '../../server/proxy.ts';
import { fetchAsNode, imageForm, listen, logLine, makeJpeg, post, rawRequest, sleep, type Running } from './helpers.ts';

// `global.gc` without `--expose-gc` on the command line (npm run test:server has none).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** An upstream that answers headers and 20 bytes of JSON, then stays silent on an open socket. */
async function stallingUpstream(): Promise<Running & { headersSent: Promise<void>; socketClosed: Promise<void> }> {
  let sent!: () => void;
  let closed!: () => void;
  const headersSent = new Promise<void>((r) => (sent = r));
  const socketClosed = new Promise<void>((r) => (closed = r));
  const running = await listen((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      res.write('{"status":"OK","res');
      req.socket.once('close', () => closed());
      sent();
    });
  });
  return Object.assign(running, { headersSent, socketClosed });
}

const KINDS = {
  node: (config: ProxyConfig) => listen(createNodeHandler(config)),
  fetch: (config: ProxyConfig) => listen(fetchAsNode(createFetchHandler(config))),
} as const;

for (const [kind, serve] of Object.entries(KINDS)) {
  describe(`${kind} handler: an API that stalls after its headers`, () => {
    const running: Running[] = [];
    after(async () => {
      for (const r of running) await r.close();
    });

    async function setUp(timeoutMs: number) {
      const upstream = await stallingUpstream();
      const logs: string[] = [];
      const proxy = await serve({
        upstreamUrl: upstream.url,
        apiId: 'id',
        apiSecret: 'secret',
        upstreamIsMock: false,
        rateLimit: null,
        timeoutMs,
        log: (line) => logs.push(line),
      });
      running.push(upstream, proxy);
      return { upstream, proxy, logs };
    }

    test(
      'after a GC: 504 at the upstream timeout, logged, the upstream socket closed',
      { timeout: 15_000 },
      async () => {
        const { upstream, proxy, logs } = await setUp(500);
        const started = Date.now();
        const answer = post(proxy.url, imageForm(makeJpeg(640, 404)));
        await upstream.headersSent;
        await sleep(50);
        gc();
        gc();
        const res = await answer;
        assert.equal(res.status, 504);
        assert.equal(res.json.status, 'INTERNAL_ERROR');
        assert.ok(Date.now() - started < 5000, `answered after ${Date.now() - started} ms`);
        const line = logLine(logs.at(-1)!);
        assert.equal(line.status, 504);
        assert.equal(line.error, 'upstream_timeout');
        assert.equal(line.upstreamStatus, 200);
        await Promise.race([
          upstream.socketClosed,
          sleep(3000).then(() => assert.fail('the upstream socket is still open')),
        ]);
      },
    );

    test('after a GC: the browser leaving ends the upstream request, 499 logged', { timeout: 15_000 }, async () => {
      const { upstream, proxy, logs } = await setUp(60_000);
      const { body, type } = await (async () => {
        const r = new Response(imageForm(makeJpeg(640, 404)));
        return { body: new Uint8Array(await r.arrayBuffer()), type: r.headers.get('content-type')! };
      })();
      const pending = rawRequest(proxy.url, {
        headers: { 'content-type': type, 'content-length': String(body.byteLength) },
        chunks: [body],
      }).catch((e: Error) => e);
      await upstream.headersSent;
      await sleep(50);
      gc();
      gc();
      proxy.server.closeAllConnections();
      assert.ok((await pending) instanceof Error);
      await Promise.race([
        upstream.socketClosed,
        sleep(3000).then(() => assert.fail('the upstream socket is still open')),
      ]);
      await sleep(50);
      const line = logLine(logs.at(-1)!);
      assert.equal(line.status, 499);
      assert.equal(line.error, 'client_closed');
    });
  });
}
