/**
 * The examples' tests (test/examples/): the plain HTML, React 19 and Vue 3 pages in
 * examples/, served by Vite with the proxy and the mock API under the README's strict CSP,
 * driven in Debian's Chromium with a fake camera showing a synthetic card. Also the check
 * that the README's API reference matches the custom-elements manifest.
 *
 *   npx playwright test -c playwright.examples.config.ts
 *
 * The web server first builds the package if dist/ is stale (test/examples/support/prepare.mjs).
 */
import { CHROME_PATH, SAFE_ARGS } from './scripts/chromium.mjs';
import { defineConfig } from '@playwright/test';

const PORT = 4318;
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'test/examples',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/examples',
  preserveOutput: 'failures-only',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/examples.json' }]],
  webServer: {
    command: `node test/examples/support/prepare.mjs && npx vite --config examples/vite.config.ts --port ${PORT} --strictPort`,
    url: `${BASE_URL}/`,
    reuseExistingServer: !process.env.CI,
    // A cold start builds the package (about 40 s on 2 cores) and draws the card frame.
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1000, height: 900 },
    actionTimeout: 5_000,
    navigationTimeout: 15_000,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROME_PATH,
      args: [...SAFE_ARGS],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
