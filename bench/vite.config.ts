/**
 * The bench's server (scripts/bench.mjs starts it on a free loopback port): the reference
 * proxy and the mock API at /api/idcard (`dniDevServer()`), and `/raw/<path>`, which serves
 * the bench pages, dist/ and the few node_modules files they import exactly as they are on
 * disk (no Vite transform, no injected client), recording every file it served so the bench
 * can tell what loaded before the first capture.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { dniDevServer } from '../server/dev-plugin.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const ALLOWED = [
  'bench/pages/',
  'dist/',
  'node_modules/lit/',
  'node_modules/lit-html/',
  'node_modules/lit-element/',
  'node_modules/@lit/reactive-element/',
  'node_modules/browser-image-compression/dist/',
];
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
};

/** Every file `/raw/` served, in order; `GET /__bench/served` lists them, `DELETE` forgets. */
const served: string[] = [];

function rawFiles(): Plugin {
  return {
    name: 'dni-bench:raw-files',
    configureServer(server) {
      server.middlewares.use('/__bench/served', (req, res) => {
        if (req.method === 'DELETE') served.length = 0;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(served));
      });
      server.middlewares.use('/raw/', (req, res) => {
        const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://bench.invalid').pathname)).replace(
          /^\/+/,
          '',
        );
        const file = resolve(root, path);
        if (!ALLOWED.some((prefix) => path.startsWith(prefix)) || !existsSync(file) || !statSync(file).isFile()) {
          res.statusCode = 404;
          res.end();
          return;
        }
        served.push(path);
        res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
        res.setHeader('cache-control', 'no-store');
        createReadStream(join(file)).pipe(res);
      });
    },
  };
}

export default defineConfig({
  root,
  logLevel: 'warn',
  plugins: [rawFiles(), dniDevServer()],
  server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
  optimizeDeps: { noDiscovery: true, include: [] },
});
