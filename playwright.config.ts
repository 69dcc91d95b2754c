/**
 * End-to-end tests: the demo page served by Vite (with the proxy and the mock API mounted by
 * the dev plugin), in Debian's Chromium with a fake camera per test (test/e2e/support/).
 * Only Chromium runs here; Playwright must not download browsers (shared/TOOLCHAIN.md).
 */
import { defineConfig } from '@playwright/test';
import { CHROME_PATH, SAFE_ARGS } from './test/e2e/support/chromium.ts';

// E2E_PORT: another port, so that runs from two checkouts on one machine do not share (reuse) one server.
const PORT = Number(process.env.E2E_PORT ?? 4317);
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'test/e2e',
  // Playwright empties its output folder on each run: keep it apart from the card cache
  // (test-results/cards) and the other runners' reports (test-results/*.json).
  outputDir: 'test-results/e2e',
  preserveOutput: 'failures-only',
  globalSetup: './test/e2e/support/global-setup.ts',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  webServer: {
    command: `npx vite --config vite.config.ts --port ${PORT} --strictPort`,
    url: `${BASE_URL}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1280, height: 800 },
    actionTimeout: 5_000,
    navigationTimeout: 10_000,
    screenshot: 'only-on-failure',
    // Tests that need no camera of their own use this browser.
    launchOptions: { executablePath: CHROME_PATH, args: [...SAFE_ARGS] },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
