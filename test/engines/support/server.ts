/**
 * The demo page, the proxy and the mock API (vite.config.ts with `dniDevServer()`), served in
 * this process on a free port under the strict Content-Security-Policy the README gives
 * integrators, so every end-to-end test in the other engines also proves the widget needs
 * nothing more. Hot reload is off; every HTML page gets one same-origin classic script first,
 * /__engines/record.js (record.js), which records the widget's events and any CSP violation
 * before the page's own scripts run (the drivers here have no common init-script call).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import { STRICT_CSP } from '../../../examples/csp.ts';
import { DNI_EVENT_NAMES } from '../../../src/events.ts';
import { freePort } from '../../../scripts/engines.mjs';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const RECORDER_PATH = '/__engines/record.js';

/** Serves the recorder and puts it first in every HTML page. */
function recorderPlugin(): Plugin {
  const source = readFileSync(fileURLToPath(new URL('./record.js', import.meta.url)), 'utf8').replace(
    'const types = __DNI_EVENT_NAMES__;',
    `const types = ${JSON.stringify(DNI_EVENT_NAMES)};`,
  );
  return {
    name: 'engines-recorder',
    configureServer(server) {
      server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        if (req.url !== RECORDER_PATH) return next();
        res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(source);
      });
    },
    transformIndexHtml: () => [{ tag: 'script', attrs: { src: RECORDER_PATH }, injectTo: 'head-prepend' }],
  };
}

export interface DemoServer {
  origin: string;
  close(): Promise<void>;
}

/** Starts the dev server (demo, proxy, mock, journal) under the strict CSP. */
export async function startDemoServer(): Promise<DemoServer> {
  const port = await freePort();
  const server: ViteDevServer = await createServer({
    configFile: `${ROOT}vite.config.ts`,
    root: ROOT,
    logLevel: 'warn',
    // Apart from the Playwright run's server, which may share the checkout.
    cacheDir: `${ROOT}node_modules/.vite-engines`,
    plugins: [recorderPlugin()],
    server: {
      host: '127.0.0.1',
      port,
      strictPort: true,
      hmr: false,
      headers: { 'Content-Security-Policy': STRICT_CSP },
    },
  });
  await server.listen();
  return { origin: `http://127.0.0.1:${port}`, close: () => server.close() };
}
