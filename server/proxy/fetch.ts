/**
 * The proxy as a fetch-style handler, `(Request) => Promise<Response>`, for runtimes built on
 * web APIs: Cloudflare Workers, Deno, Bun, Vercel/Netlify edge functions, Hono, Next.js route
 * handlers. Same core as the Node handler.
 */
import type { ProxyConfig } from './config.ts';
import { createProxyCore } from './core.ts';
import { ignore } from './ignore.ts';

export interface FetchHandlerOptions {
  /**
   * The client's address, as the runtime gives it: e.g. `request.headers.get('cf-connecting-ip')`
   * on Cloudflare. Without one (and no `context.clientAddress`), requests are not rate limited.
   */
  clientAddress?: (request: Request) => string | null | undefined;
}

export interface FetchHandlerContext {
  /** The client's address, when the server hands it over per request (Deno's `info.remoteAddr.hostname`). */
  clientAddress?: string | null;
}

export type FetchHandler = (request: Request, context?: FetchHandlerContext) => Promise<Response>;

/** The proxy as a fetch handler: route the widget's `proxy-url` to it. */
export function createFetchHandler(config: ProxyConfig, options: FetchHandlerOptions = {}): FetchHandler {
  const handle = createProxyCore(config);

  return async (request, context) => {
    const answer = await handle({
      method: request.method,
      headers: request.headers,
      headerRecord: () => Object.fromEntries(request.headers),
      body: request.body,
      socketAddress: context?.clientAddress ?? options.clientAddress?.(request) ?? null,
      host: request.headers.get('host') ?? new URL(request.url).host,
      signal: request.signal,
    });
    // Not read (refused early): let the runtime drop it.
    if (answer.bodyPending && request.body && !request.body.locked) void request.body.cancel().catch(ignore);
    if (answer.clientGone) return new Response(null, { status: 499 });
    const empty = answer.status === 204 || answer.status === 304;
    return new Response(empty ? null : (answer.body as Uint8Array<ArrayBuffer>), {
      status: answer.status,
      headers: answer.headers,
    });
  };
}
