#!/usr/bin/env node
/**
 * `dni-capture-proxy`: the standalone proxy server (`standalone.ts`) as a process.
 *
 *   node node_modules/.bin/dni-capture-proxy     an installed package (compiled: dist/proxy/server/cli.js)
 *   npm run proxy                                 a checkout (`tsx server/cli.ts`, the mock when no credentials)
 *
 * Exit codes: 0 stopped cleanly; 1 requests had to be cut at the shutdown deadline, or a
 * second signal; 2 a configuration error (one line on stderr naming the variable).
 *
 * SIGTERM or SIGINT: stop accepting connections, let requests in flight finish (at most
 * DNI_SHUTDOWN_TIMEOUT_MS), then exit. A second signal exits at once. Run it with no npm in
 * between in production (npm and npx do not always pass the signal on).
 */
import { PROXY_PATH } from './routes.ts';
import { ProxyConfigError } from './proxy.ts';
import { startStandalone, type Standalone } from './standalone.ts';

async function main(): Promise<void> {
  const quiet = process.env.DNI_PROXY_LOG === '0';
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
  process.stderr.write(`dni-capture proxy: ${running.callers}\n`);
  const stop = (signal: string) => {
    process.stderr.write(`dni-capture proxy: ${signal}: draining ${running.inFlight} request(s) in flight\n`);
    process.once('SIGINT', () => process.exit(1));
    process.once('SIGTERM', () => process.exit(1));
    void running.shutdown().then(({ cut }) => {
      process.stderr.write(`dni-capture proxy: stopped${cut ? `, ${cut} request(s) cut at the deadline` : ''}\n`);
      process.exit(cut ? 1 : 0);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

await main();
