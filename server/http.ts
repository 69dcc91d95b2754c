/**
 * Small helpers shared by the mock API, the proxy and the servers that mount them.
 * Node only.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiErrorBody, ApiErrorCode } from '../src/api/types.ts';

/** A plain Node request handler, as `http.createServer` and Vite's connect stack take it. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** A request id in the API's format: a prefix and 32 hex characters (`TID8bf47ab6…`). */
export function newRequestId(prefix = 'TID'): string {
  return prefix + randomBytes(16).toString('hex');
}

/** The request's headers with lower-cased names and repeated headers joined by `, `. */
export function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** One header's value, or undefined; a repeated header gives its first value. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The path of a request URL, without the query. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** The documented error body. */
export function errorBody(status: ApiErrorCode, reason: string, requestId: string): ApiErrorBody {
  return { status, reason, request_id: requestId };
}

/** Ends `res` with a JSON body and an exact `content-length`. Does nothing if already sent. */
export function sendJson(
  res: ServerResponse,
  httpStatus: number,
  body: unknown,
  headers: Record<string, string | number> = {},
): void {
  sendBody(res, httpStatus, Buffer.from(JSON.stringify(body)), {
    'content-type': 'application/json; charset=utf-8',
    ...headers,
  });
}

/**
 * Ends `res` with raw bytes and an exact `content-length`, and `X-Content-Type-Options:
 * nosniff` (no answer here is a page a browser should guess the type of). Does nothing if
 * already sent.
 */
export function sendBody(
  res: ServerResponse,
  httpStatus: number,
  body: Buffer,
  headers: Record<string, string | number> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(httpStatus, { 'x-content-type-options': 'nosniff', ...headers, 'content-length': body.length });
  res.end(body);
}
