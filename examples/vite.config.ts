/**
 * Serves the three examples (`npm run examples`, then http://127.0.0.1:5174/) with the
 * reference proxy and the mock API at /api/idcard, under the strict CSP of the README.
 *
 * The examples use the built package (`npm run build` first), as an integrator would:
 * - `import 'dni-capture'` resolves to this repository's package.json `exports` (dist/);
 * - the plain HTML page loads dist/dni-capture.bundled.js, served as a static file at
 *   /dni-capture.bundled.js.
 */
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { dniDevServer } from '../server/dev-plugin.ts';
import { STRICT_CSP } from './csp.ts';

const examples = fileURLToPath(new URL('.', import.meta.url));
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: examples,
  // dist/ served as is at the site root: /dni-capture.bundled.js for the plain page.
  publicDir: `${packageRoot}dist`,
  plugins: [
    dniDevServer(),
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'dni-capture' } } }),
  ],
  // The package itself, through its package.json, as if installed in node_modules.
  resolve: { alias: [{ find: /^dni-capture$/, replacement: packageRoot }] },
  // React's automatic JSX runtime, without a React plugin (no fast refresh needed here).
  oxc: { jsx: { runtime: 'automatic' } },
  optimizeDeps: {
    entries: ['react/index.html', 'vue/index.html'],
    include: [
      'react',
      'react/jsx-runtime',
      'react/jsx-dev-runtime',
      'react-dom/client',
      'vue',
      'lit',
      'lit/decorators.js',
      'browser-image-compression',
    ],
  },
  server: {
    host: '127.0.0.1',
    port: 5174,
    headers: { 'Content-Security-Policy': STRICT_CSP },
    fs: { allow: [packageRoot] },
  },
});
