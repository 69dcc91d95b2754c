/**
 * The bench's server (scripts/bench.mjs starts it on a free loopback port): the reference
 * proxy and the mock API at /api/idcard (`dniDevServer()`), and `/raw/<path>`, which serves
 * the bench pages, dist/ and the few node_modules files they import exactly as they are on
 * disk (no Vite transform, no injected client), recording every file it served so the bench
 * can tell what loaded before the first capture.
 *
 * With `DNI_BENCH_BASE` set (by `npm run bench -- --base <dir>`) to another checkout of this
 * repository, `/raw/base/dist/<file>` serves that checkout's dist/, and
 * `/raw/base/bench/pages/<page>.html` serves this repository's bench page with its
 * `/raw/dist/` references pointed at `/raw/base/dist/` (lit and the pages' scripts stay this
 * repository's), so one server measures both builds alike.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { extname, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { dniDevServer } from '../server/dev-plugin.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const baseDir = process.env.DNI_BENCH_BASE ? resolve(process.env.DNI_BENCH_BASE) : null;
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

/**
 * Every file `/raw/` served, in order, and `POST /api/idcard` where each upload arrived;
 * `GET /__bench/served` lists them, `DELETE` forgets.
 */
const served: string[] = [];

/** What `/raw/<path>` serves: the file on disk, and for a base page, the rewrite of its dist/ references. */
function locate(path: string): { file: string; rewrite: boolean } | null {
  if (ALLOWED.some((prefix) => path.startsWith(prefix))) return { file: resolve(root, path), rewrite: false };
  if (!baseDir) return null;
  if (path.startsWith('base/dist/')) return { file: resolve(baseDir, path.slice('base/'.length)), rewrite: false };
  if (path.startsWith('base/bench/pages/') && path.endsWith('.html'))
    return { file: resolve(root, path.slice('base/'.length)), rewrite: true };
  return null;
}

function rawFiles(): Plugin {
  return {
    name: 'dni-bench:raw-files',
    configureServer(server) {
      server.middlewares.use('/__bench/served', (req, res) => {
        if (req.method === 'DELETE') served.length = 0;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(served));
      });
      server.middlewares.use('/api/idcard', (req, _res, next) => {
        if (req.method === 'POST') served.push('POST /api/idcard');
        next();
      });
      server.middlewares.use('/raw/', (req, res) => {
        const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://bench.invalid').pathname)).replace(
          /^\/+/,
          '',
        );
        const found = locate(path);
        if (!found || !existsSync(found.file) || !statSync(found.file).isFile()) {
          res.statusCode = 404;
          res.end();
          return;
        }
        served.push(path);
        res.setHeader('content-type', TYPES[extname(found.file)] ?? 'application/octet-stream');
        res.setHeader('cache-control', 'no-store');
        if (found.rewrite) res.end(readFileSync(found.file, 'utf8').replaceAll('/raw/dist/', '/raw/base/dist/'));
        else createReadStream(found.file).pipe(res);
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
