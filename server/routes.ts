/**
 * Where the proxy and the mock are served, by the dev plugin and by the standalone server.
 */
import type { AddressInfo } from 'node:net';

/** The widget's `proxy-url` in the demo. */
export const PROXY_PATH = '/api/idcard';
/** The mock of `POST /ocr/idcard`. */
export const MOCK_PATH = '/mock/ocr/idcard';

/** The URL of a server's own mock, from the address it actually listens on. */
export function loopbackMockUrl(address: AddressInfo | string | null | undefined, path = MOCK_PATH): string {
  if (!address || typeof address === 'string') {
    throw new Error('the server is not listening on a TCP port: the proxy cannot reach the mock');
  }
  let host = address.address;
  if (host === '0.0.0.0' || host === '::' || host === '') host = '127.0.0.1';
  else if (host.includes(':')) host = `[${host}]`;
  return `http://${host}:${address.port}${path}`;
}
