/**
 * A Vite plugin that serves the reference proxy and the mock API from the dev (and preview)
 * server, so `npm start` and the end-to-end tests need nothing else:
 *
 * - `POST /api/idcard` the proxy, forwarding over real loopback HTTP to the mock below
 * - `POST /mock/ocr/idcard` the mock of the OCR API
 * - `GET /__journal?testId=ID` what the proxy and the mock saw of the requests tagged
 *   `X-Test-Id: ID` (JSON array of `{ proxy, mock }`, oldest first); `DELETE /__journal`
 *   forgets them (all, or only `?testId=ID`)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Plugin } from 'vite';
import { pathOf, sendBody, sendJson } from './http.ts';
import { DEFAULT_JOURNAL_LIMIT, Journal } from './journal.ts';
import { createMockApi } from './mock-api.ts';
import { createProxy, loadProxyConfig, type ProxyConfig } from './proxy.ts';
import { loopbackMockUrl, MOCK_PATH, ownOrigins, PROXY_PATH } from './routes.ts';

export { PROXY_PATH, MOCK_PATH, loopbackMockUrl };
export const JOURNAL_PATH = '/__journal';

export interface DniDevServerOptions {
  /** Entries the journal keeps; default 500. */
  journalLimit?: number;
  /** Overrides for the proxy (e.g. `timeoutMs`); the upstream is always the mock. */
  proxy?: Pick<ProxyConfig, 'timeoutMs' | 'maxBodyBytes' | 'bodyIdleTimeoutMs' | 'rateLimit' | 'invalidAnswers'>;
  /** Log one line per proxied request through Vite's logger. Default false. */
  log?: boolean;
}

type Next = (error?: unknown) => void;
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

/** The middleware the plugin mounts: proxy, mock and journal; everything else goes on to Vite. */
export function createDevMiddleware(
  address: () => AddressInfo | string | null | undefined,
  options: DniDevServerOptions & { logger?: (line: string) => void; protocol?: 'http' | 'https' } = {},
): Middleware & { journal: Journal } {
  const journal = new Journal(options.journalLimit ?? DEFAULT_JOURNAL_LIMIT);
  const mock = createMockApi({ path: MOCK_PATH, onRequest: (info) => journal.recordMock(info) });
  const base = loadProxyConfig(
    {},
    {
      defaultMockUrl: () => loopbackMockUrl(address()),
      // The pages the dev server serves, as `localhost` and as `127.0.0.1` (npm start, the e2e tests).
      defaultPublicOrigins: () => ownOrigins(address(), options.protocol),
    },
  );
  const proxy = createProxy({
    ...base,
    // The demo and the end-to-end tests send many requests from one address, and the mock's
    // fault scenarios (HTML, truncated JSON…) must reach the widget's parser as they are.
    rateLimit: null,
    invalidAnswers: 'pass',
    ...options.proxy,
    onRequest: (info) => journal.recordProxy(info),
    log: options.log ? options.logger : undefined,
  });

  const middleware: Middleware = (req, res, next) => {
    const path = pathOf(req);
    if (path === PROXY_PATH) return proxy(req, res);
    if (path.startsWith('/mock/')) return mock(req, res);
    if (path !== JOURNAL_PATH) return next();

    const testId = new URL(req.url ?? '/', 'http://dev.invalid').searchParams.get('testId');
    req.resume();
    const headers = { 'cache-control': 'no-store' };
    if (req.method === 'GET') return sendJson(res, 200, journal.list(testId), headers);
    if (req.method === 'DELETE') {
      journal.clear(testId);
      return sendBody(res, 204, Buffer.alloc(0), headers);
    }
    return sendJson(res, 405, { error: 'use GET or DELETE' }, { ...headers, allow: 'GET, DELETE' });
  };
  return Object.assign(middleware, { journal });
}

/** The Vite plugin: mounts the proxy, the mock and the journal on the dev and preview servers. */
export function dniDevServer(options: DniDevServerOptions = {}): Plugin {
  return {
    name: 'dni-capture:dev-server',
    configureServer(server) {
      const logger = (line: string) => server.config.logger.info(line, { timestamp: true });
      const protocol = server.config.server.https ? 'https' : 'http';
      server.middlewares.use(createDevMiddleware(() => server.httpServer?.address(), { ...options, logger, protocol }));
    },
    configurePreviewServer(server) {
      const logger = (line: string) => server.config.logger.info(line, { timestamp: true });
      const protocol = server.config.preview.https ? 'https' : 'http';
      server.middlewares.use(createDevMiddleware(() => server.httpServer.address(), { ...options, logger, protocol }));
    },
  };
}
