/**
 * The reference proxy as a process of its own: `npm run proxy`.
 *
 *   POST /api/idcard      the proxy (credentials from DNI_API_ID / DNI_API_SECRET)
 *   POST /mock/ocr/idcard the mock API, only when no credentials are set (the default upstream)
 *   GET  /healthz         {"status":"ok","upstream":"mock"|"api"}
 *
 * Environment: PORT (default 8787), HOST (default 127.0.0.1), DNI_API_ID, DNI_API_SECRET,
 * DNI_API_URL, DNI_MOCK_URL, DNI_PROXY_TIMEOUT_MS, DNI_ALLOWED_ORIGINS (comma-separated
 * origins allowed to call the proxy from another origin, e.g. `http://localhost:3000`),
 * DNI_PROXY_LOG=0 to silence the one JSON line logged per request.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { loopbackMockUrl, MOCK_PATH, PROXY_PATH } from './routes.ts';
import { errorBody, header, newRequestId, pathOf, sendBody, sendJson, type NodeHandler } from './http.ts';
import { createMockApi } from './mock-api.ts';
import { createProxy, loadProxyConfig, ProxyConfigError } from './proxy.ts';

export const DEFAULT_PORT = 8787;
export const HEALTH_PATH = '/healthz';

export interface Standalone {
  server: Server;
  /** e.g. `http://127.0.0.1:8787` */
  url: string;
  upstream: 'mock' | 'api';
  close(): Promise<void>;
}

/** Response headers a cross-origin page may read (Retry-After is not safelisted). */
const EXPOSED = 'retry-after, x-proxy-request-id';

function parseOrigins(value: string | undefined): Set<string> {
  return new Set(
    (value ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/+$/, ''))
      .filter(Boolean),
  );
}

/** Adds CORS headers for an allowed origin; answers a preflight. True when it answered. */
function cors(req: IncomingMessage, res: ServerResponse, allowed: Set<string>): boolean {
  const origin = header(req, 'origin');
  if (!origin || !allowed.has(origin)) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-expose-headers', EXPOSED);
  if (req.method !== 'OPTIONS') return false;
  res.setHeader('access-control-allow-methods', 'POST');
  const requested = header(req, 'access-control-request-headers');
  if (requested) res.setHeader('access-control-allow-headers', requested);
  res.setHeader('access-control-max-age', '600');
  sendBody(res, 204, Buffer.alloc(0));
  return true;
}

/** Builds the server's handler; `address` gives the port actually listened on. */
export function createStandaloneHandler(
  env: Record<string, string | undefined>,
  address: () => AddressInfo | string | null,
  log?: (line: string) => void,
): { handler: NodeHandler; upstream: 'mock' | 'api' } {
  const config = loadProxyConfig(env, { defaultMockUrl: () => loopbackMockUrl(address()) });
  const proxy = createProxy({ ...config, log });
  const mock = config.upstreamIsMock ? createMockApi({ path: MOCK_PATH }) : null;
  const upstream = config.upstreamIsMock ? 'mock' : 'api';
  const origins = parseOrigins(env['DNI_ALLOWED_ORIGINS']);

  const handler: NodeHandler = (req, res) => {
    const path = pathOf(req);
    if (path === PROXY_PATH) {
      if (cors(req, res, origins)) return;
      return proxy(req, res);
    }
    if (mock && path.startsWith('/mock/')) return mock(req, res);
    req.resume();
    if (path === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      return sendJson(res, 200, { status: 'ok', upstream }, { 'cache-control': 'no-store' });
    }
    sendJson(res, 404, errorBody('NOT_FOUND', `no such endpoint: ${req.method} ${path}`, newRequestId('PXY')));
  };
  return { handler, upstream };
}

/** Starts the proxy server. Throws `ProxyConfigError` on a bad configuration. */
export async function startStandalone(
  env: Record<string, string | undefined> = process.env,
  log?: (line: string) => void,
): Promise<Standalone> {
  const port = env['PORT'] !== undefined && env['PORT'] !== '' ? Number(env['PORT']) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ProxyConfigError(`PORT must be a port number, got "${env['PORT']}"`);
  const host = env['HOST'] || '127.0.0.1';

  let server!: Server;
  const { handler, upstream } = createStandaloneHandler(env, () => server.address(), log);
  server = createServer(handler);
  // Slow mobile uploads are fine; a client that sends nothing for a minute is not.
  server.requestTimeout = 120_000;
  server.listen(port, host);
  await once(server, 'listening');
  const { port: actual } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    url: `http://${shownHost}:${actual}`,
    upstream,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

async function main(): Promise<void> {
  const quiet = process.env['DNI_PROXY_LOG'] === '0';
  let running: Standalone;
  try {
    running = await startStandalone(process.env, quiet ? undefined : (line) => process.stdout.write(`${line}\n`));
  } catch (error) {
    if (error instanceof ProxyConfigError) {
      process.stderr.write(`dni-capture proxy: configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  process.stderr.write(
    `dni-capture proxy listening on ${running.url}${PROXY_PATH} → ${
      running.upstream === 'mock' ? 'the mock API (no DNI_API_ID/DNI_API_SECRET set)' : 'the ID-card API'
    }\n`,
  );
  const stop = () => {
    void running.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
