/**
 * The reference proxy: takes the widget's POST, adds the API credentials and streams it to
 * the ID-card OCR API (or to the mock when no credentials are configured). The browser never
 * sees a credential, and nothing but the body and its type reaches the API from the browser.
 *
 * Two ways to mount it, one core (`proxy/core.ts`):
 * - `createProxy(config)` / `createNodeHandler(config)`: a Node `(req, res)` handler;
 * - `createFetchHandler(config)`: `(Request) => Promise<Response>` for edge runtimes.
 * `startStandalone()` (`standalone.ts`, `npm run proxy`) serves it with `/healthz` and a
 * graceful shutdown. See server/README.md.
 */
export {
  DEFAULT_API_URL,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_BODY_IDLE_TIMEOUT_MS,
  DEFAULT_RATE_LIMIT_BURST,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  DEFAULT_ALLOWED_HEADERS,
  envInteger,
  envValue,
  loadProxyConfig,
  parseOrigins,
  ProxyConfigError,
  type Env,
  type LoadProxyConfigOptions,
  type ProxyConfig,
  type ProxyRequestInfo,
  type RateLimitOptions,
} from './proxy/config.ts';
export {
  createProxyCore,
  newRequestId,
  type ProxyAnswer,
  type ProxyErrorCode,
  type ProxyHandler,
  type ProxyRequest,
} from './proxy/core.ts';
export { createNodeHandler, createNodeHandler as createProxy, type NodeHandler } from './proxy/node.ts';
export {
  createFetchHandler,
  type FetchHandler,
  type FetchHandlerContext,
  type FetchHandlerOptions,
} from './proxy/fetch.ts';
export {
  MemoryRateLimitStore,
  refill,
  type MemoryRateLimitStoreOptions,
  type RateLimitDecision,
  type RateLimitRule,
  type RateLimitStore,
} from './proxy/rate-limit.ts';
export { clientAddress, rateLimitKey, hashClient } from './proxy/client.ts';
export { MAX_ANSWER_BYTES } from './proxy/answer.ts';
