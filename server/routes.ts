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

/**
 * A server's own origins, from the address it listens on: both `localhost` and `127.0.0.1`
 * (and `[::1]`) for a loopback or wildcard address, as browsers name it either way. Empty
 * before it listens.
 */
export function ownOrigins(
  address: AddressInfo | string | null | undefined,
  protocol: 'http' | 'https' = 'http',
): string[] {
  if (!address || typeof address === 'string') return [];
  const host = address.address;
  const names =
    host === '0.0.0.0' || host === '::' || host === '' || host === '127.0.0.1' || host === '::1' || host === 'localhost'
      ? ['localhost', '127.0.0.1', '[::1]']
      : [host.includes(':') ? `[${host}]` : host];
  const port = address.port;
  const implicit = (protocol === 'http' && port === 80) || (protocol === 'https' && port === 443);
  return names.map((name) => `${protocol}://${name}${implicit ? '' : `:${port}`}`);
}
