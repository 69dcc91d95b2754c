/**
 * `npm start` serves the QA demo (`index.html` at the repository root) with the reference
 * proxy and the mock API mounted by `dniDevServer()`; `vite build` builds the library.
 */
import { defineConfig } from 'vite';
import { dniDevServer } from './server/dev-plugin.ts';

export default defineConfig({
  plugins: [dniDevServer()],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  worker: { format: 'es' },
  build: {
    lib: { entry: 'src/dni-capture.ts', formats: ['es'], fileName: 'dni-capture' },
    rolldownOptions: { external: [/^lit(\/.*)?$/, /^@lit\//, /^@lit-labs\//] },
  },
});
