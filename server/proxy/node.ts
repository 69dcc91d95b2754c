/**
 * The proxy as a Node `(req, res)` handler, for `node:http`, Express, Fastify (through
 * `reply.raw`/a route handler), Koa (`ctx.req`, `ctx.res`) or Vite's connect stack.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_MAX_BODY_BYTES, type ProxyConfig } from './config.ts';
import { createProxyCore, type ProxyAnswer, type ProxyRequest } from './core.ts';
import { withRedis } from './redis-store.ts';
import { ignore } from './ignore.ts';

/** A plain Node request handler, as `http.createServer` and connect-style stacks take it. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * After an early answer, the rest of the body is read and dropped for at most this long, and
 * at most twice the body limit, before the socket is closed (as nginx's lingering close).
 */
const DRAIN_MS = 5_000;

function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function hasBody(req: IncomingMessage): boolean {
  if (req.complete) return false;
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * After answering without reading the whole body: read and drop what is still coming. A
 * client still sending would see a reset instead of the answer if the socket closed now (and
 * Node closes it right after the answer when keep-alive is off, so it stays on: once the body
 * has ended the connection is clean). Bounded in bytes and time: past either, the socket is
 * destroyed.
 */
function discardBody(req: IncomingMessage, budget: number): void {
  const socket = req.socket;
  let seen = 0;
  const timer = setTimeout(() => socket?.destroy(), DRAIN_MS);
  timer.unref?.();
  req.once('end', () => clearTimeout(timer));
  socket?.once('close', () => clearTimeout(timer));
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > budget) socket?.destroy();
  });
  req.on('error', ignore);
  // A pending read of the body iterator leaves a 'readable' listener, and while one is
  // attached `resume()` does nothing.
  req.removeAllListeners('readable');
  req.resume();
}

/**
 * The body, read a chunk at a time. `Expect: 100-continue`: the `100 Continue` goes out only
 * when the proxy starts reading, so a refusal (413 on `Content-Length`, 403, 415, 429) is
 * answered without inviting the body first. It works when the server hands such requests
 * over without answering 100 itself: `server.on('checkContinue', handler)` (standalone.ts
 * does); otherwise Node has already sent it.
 */
function bodyIterator(req: IncomingMessage, res: ServerResponse): AsyncIterator<Uint8Array> {
  const chunks = req.iterator({ destroyOnReturn: false }) as AsyncIterator<Uint8Array>;
  const expects = /\b100-continue\b/i.test(headerValue(req, 'expect') ?? '');
  let asked = false;
  return {
    next: () => {
      if (expects && !asked) {
        asked = true;
        const sent = (res as ServerResponse & { _sent100?: boolean })._sent100;
        if (!sent && !res.headersSent && !res.destroyed) res.writeContinue();
      }
      return chunks.next();
    },
    return: (value?: unknown) => chunks.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
  };
}

function send(req: IncomingMessage, res: ServerResponse, answer: ProxyAnswer, budget: number): void {
  if (answer.clientGone || res.destroyed || res.headersSent) return;
  if (answer.bodyPending && hasBody(req)) discardBody(req, budget);
  res.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.byteLength });
  res.end(answer.body);
}

/** The proxy as a Node handler: mount it on the path the widget's `proxy-url` points to. */
export function createNodeHandler(config: ProxyConfig): NodeHandler {
  const handle = createProxyCore(withRedis(config));
  const budget = 2 * (config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);

  return (req, res) => {
    const gone = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) gone.abort();
    };
    res.on('close', onClose);
    const request: ProxyRequest = {
      method: req.method ?? '',
      headers: { get: (name) => headerValue(req, name) },
      headerRecord: () => headerRecord(req),
      // Not `req` itself: leaving a `for await` over it destroys the socket the answer needs.
      body: { [Symbol.asyncIterator]: () => bodyIterator(req, res) },
      socketAddress: req.socket?.remoteAddress ?? null,
      host: headerValue(req, 'host'),
      signal: gone.signal,
    };
    handle(request).then(
      (answer) => {
        res.off('close', onClose);
        send(req, res, answer, budget);
      },
      () => {
        res.off('close', onClose);
        if (res.headersSent || res.destroyed) return;
        const body = Buffer.from(
          JSON.stringify({ status: 'INTERNAL_ERROR', reason: 'proxy failure', request_id: 'PXY' }),
        );
        if (hasBody(req)) discardBody(req, budget);
        res.writeHead(500, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': body.length,
          'cache-control': 'no-store',
        });
        res.end(body);
      },
    );
  };
}
