/**
 * The reference proxy as a process of its own: `startStandalone()`, run by `server/cli.ts`
 * (the package's `dni-capture-proxy` bin; `npm run proxy` in a checkout).
 *
 *   POST /api/idcard      the proxy (credentials from DNI_API_ID / DNI_API_SECRET)
 *   POST /mock/ocr/idcard the mock API, only when no credentials are set (the default upstream)
 *   GET  /healthz         200 {"status":"ok","upstream":"mock"|"api"}; 503 "draining" once stopping
 *
 * Environment: everything `loadProxyConfig` reads (server/README.md), plus PORT (default
 * 8787), HOST (default 127.0.0.1), DNI_HEADERS_TIMEOUT_MS, DNI_REQUEST_TIMEOUT_MS,
 * DNI_KEEP_ALIVE_TIMEOUT_MS, DNI_SHUTDOWN_TIMEOUT_MS, DNI_PROXY_LOG=0 (no request log).
 *
 * SIGTERM or SIGINT (`cli.ts`): stop accepting connections, let requests in flight finish (at
 * most DNI_SHUTDOWN_TIMEOUT_MS), then exit. A second signal exits at once.
 *
 * The mock API is for development only: it is imported (dynamically) only when no
 * credentials and no DNI_MOCK_URL are set, from the checkout's `server/mock-api.ts`, which
 * the package does not ship. An installed package with neither stops with a configuration
 * error naming the variables to set.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loopbackMockUrl, MOCK_PATH, ownOrigins, PROXY_PATH } from './routes.ts';
import { describeCallers } from './proxy/cors.ts';
import { errorBody, newRequestId, pathOf, sendJson, type NodeHandler } from './http.ts';
import {
  createNodeHandler,
  envInteger,
  envValue,
  loadProxyConfig,
  ProxyConfigError,
  type Env,
  type ProxyConfig,
} from './proxy.ts';

export const DEFAULT_PORT = 8787;
export const HEALTH_PATH = '/healthz';
/** Time for a client to send its request headers; Node's default is 60 s. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** Time for a client to send its whole request (a 5 MB photo on a slow mobile link included). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
/** Idle keep-alive connections are closed after this. */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** Longest wait for requests in flight on shutdown (under Kubernetes' default 30 s grace). */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 25_000;

export interface StandaloneConfig {
  proxy: ProxyConfig;
  port: number;
  host: string;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  shutdownTimeoutMs: number;
}

export interface Standalone {
  server: Server;
  /** e.g. `http://127.0.0.1:8787` */
  url: string;
  upstream: 'mock' | 'api';
  /** Who may call the proxy, in one sentence (the start-up message). */
  callers: string;
  /** Requests being answered now. */
  readonly inFlight: number;
  /**
   * Graceful stop: no new connections, `/healthz` answers 503, keep-alive connections close
   * after their current answer; waits for requests in flight, at most `timeoutMs` (default
   * DNI_SHUTDOWN_TIMEOUT_MS), then cuts what is left. Resolves with how many were cut.
   */
  shutdown(timeoutMs?: number): Promise<{ cut: number }>;
  /** `shutdown()`, for tests and scripts. */
  close(): Promise<void>;
}

/**
 * Reads and checks the server's configuration (the proxy's, plus the port and the slow-client
 * and shutdown timeouts). Throws `ProxyConfigError` naming the variable that is wrong.
 */
export function loadStandaloneConfig(env: Env, address: () => AddressInfo | string | null): StandaloneConfig {
  const proxy = loadProxyConfig(env, {
    defaultMockUrl: () => loopbackMockUrl(address()),
    // Its own origin is the default same origin (never the Host header): DNI_PUBLIC_ORIGIN.
    defaultPublicOrigins: () => ownOrigins(address()),
  });
  const port = envInteger(env, 'PORT', DEFAULT_PORT, 0, 65535);
  const host = envValue(env, 'HOST') ?? '127.0.0.1';
  const headersTimeoutMs = envInteger(env, 'DNI_HEADERS_TIMEOUT_MS', DEFAULT_HEADERS_TIMEOUT_MS, 100, 600_000, ' ms');
  const requestTimeoutMs = envInteger(env, 'DNI_REQUEST_TIMEOUT_MS', DEFAULT_REQUEST_TIMEOUT_MS, 100, 3_600_000, ' ms');
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ProxyConfigError(
      `DNI_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not be longer than DNI_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`,
    );
  }
  const keepAliveTimeoutMs = envInteger(
    env,
    'DNI_KEEP_ALIVE_TIMEOUT_MS',
    DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    1,
    600_000,
    ' ms',
  );
  const shutdownTimeoutMs = envInteger(env, 'DNI_SHUTDOWN_TIMEOUT_MS', DEFAULT_SHUTDOWN_TIMEOUT_MS, 0, 600_000, ' ms');
  return { proxy, port, host, headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, shutdownTimeoutMs };
}

/** Builds the server's handler; `address` gives the port actually listened on. */
export async function createStandaloneHandler(
  env: Env,
  address: () => AddressInfo | string | null,
  log?: (line: string) => void,
  draining: () => boolean = () => false,
): Promise<{ handler: NodeHandler; upstream: 'mock' | 'api' }> {
  return createRoutes(env, loadStandaloneConfig(env, address).proxy, log, draining);
}

/**
 * The development mock, served by this server when it is its own upstream. A module path in
 * a variable, so that the compiler neither follows nor compiles it into the package.
 */
const MOCK_MODULE = './mock-api.ts';

async function loadMock(): Promise<NodeHandler> {
  let mockApi: { createMockApi(options: { path: string }): NodeHandler };
  try {
    mockApi = (await import(MOCK_MODULE)) as typeof mockApi;
  } catch {
    throw new ProxyConfigError(
      'DNI_API_ID and DNI_API_SECRET are not set, and this installation has no mock API to answer instead ' +
        '(the mock is in the development checkout only): set both credentials, or DNI_MOCK_URL',
    );
  }
  return mockApi.createMockApi({ path: MOCK_PATH });
}

async function createRoutes(
  env: Env,
  config: ProxyConfig,
  log: ((line: string) => void) | undefined,
  draining: () => boolean,
): Promise<{ handler: NodeHandler; upstream: 'mock' | 'api' }> {
  const proxy = createNodeHandler({ ...config, log });
  // Our own mock only when it is the upstream: not with credentials, nor with DNI_MOCK_URL.
  const mock = config.upstreamIsMock && envValue(env, 'DNI_MOCK_URL') === undefined ? await loadMock() : null;
  const upstream = config.upstreamIsMock ? 'mock' : 'api';

  const handler: NodeHandler = (req, res) => {
    // While draining, every answer closes its connection.
    if (draining()) res.shouldKeepAlive = false;
    const path = pathOf(req);
    if (path === PROXY_PATH) return proxy(req, res);
    if (mock && path.startsWith('/mock/')) return mock(req, res);
    req.resume();
    if (path === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      const stopping = draining();
      return sendJson(
        res,
        stopping ? 503 : 200,
        { status: stopping ? 'draining' : 'ok', upstream },
        { 'cache-control': 'no-store' },
      );
    }
    // The path is not echoed: the answer names no text the caller chose.
    sendJson(res, 404, errorBody('NOT_FOUND', 'no such endpoint', newRequestId('PXY')), {
      'cache-control': 'no-store',
    });
  };
  return { handler, upstream };
}

/** Starts the proxy server. Throws `ProxyConfigError` on a bad configuration. */
export async function startStandalone(env: Env = process.env, log?: (line: string) => void): Promise<Standalone> {
  const config = loadStandaloneConfig(env, () => server.address());
  let draining = false;
  // Aborted at the shutdown deadline: the proxy answers what is left 503 and logs it.
  const cutting = new AbortController();
  const { handler, upstream } = await createRoutes(
    env,
    { ...config.proxy, closing: cutting.signal },
    log,
    () => draining,
  );

  let inFlight = 0;
  const idle: (() => void)[] = [];
  const server: Server = createServer(
    {
      // Slow clients: headers must arrive within headersTimeout, the whole request within
      // requestTimeout (Node answers 408 and closes); the proxy's body idle timeout cuts a
      // body that stops. Checked every second (Node's default is every 30 s).
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.headersTimeoutMs / 4))),
    },
    (req, res) => {
      inFlight++;
      res.once('close', () => {
        inFlight--;
        if (inFlight === 0) idle.splice(0).forEach((fn) => fn());
      });
      handler(req, res);
    },
  );
  // Expect: 100-continue: the proxy sends 100 once it starts reading the body, so a refusal
  // (413 on Content-Length, 403, 415, 429) goes without inviting the body; other paths at once.
  server.on('checkContinue', (req, res) => {
    if (pathOf(req) !== PROXY_PATH) res.writeContinue();
    server.emit('request', req, res);
  });
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  server.listen(config.port, config.host);
  await once(server, 'listening');
  const { port: actual } = server.address() as AddressInfo;
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;

  let stopping: Promise<{ cut: number }> | null = null;
  const shutdown = (timeoutMs = config.shutdownTimeoutMs): Promise<{ cut: number }> => {
    stopping ??= new Promise((resolve) => {
      draining = true;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      const drained = inFlight === 0 ? Promise.resolve() : new Promise<void>((r) => idle.push(r));
      const deadline = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), timeoutMs)));
      void Promise.race([drained, deadline]).then(async (outcome) => {
        clearTimeout(timer);
        const cut = outcome === 'late' ? inFlight : 0;
        if (cut) {
          // Cut through the proxy first, so each is answered and logged; a moment for that.
          cutting.abort();
          let grace: ReturnType<typeof setTimeout> | undefined;
          await Promise.race([drained, new Promise<void>((r) => (grace = setTimeout(r, 1000)))]);
          clearTimeout(grace);
        }
        // Whatever is left now is idle keep-alive sockets, or requests past the deadline.
        server.closeAllConnections();
        void closed.then(() => resolve({ cut }));
      });
    });
    return stopping;
  };

  return {
    server,
    url: `http://${shownHost}:${actual}`,
    upstream,
    callers: describeCallers(
      typeof config.proxy.publicOrigins === 'function'
        ? config.proxy.publicOrigins()
        : (config.proxy.publicOrigins ?? []),
      config.proxy.allowedOrigins ?? [],
    ),
    get inFlight() {
      return inFlight;
    },
    shutdown,
    close: async () => {
      await shutdown();
    },
  };
}
