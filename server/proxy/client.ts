/**
 * Who the client is: its address (the socket's, or from `X-Forwarded-For` when proxies in
 * front are trusted), the key its rate-limit bucket is filed under, and the keyed hash that
 * stands for it in log lines. Web-standard APIs only (edge runtimes).
 */

/** One `X-Forwarded-For` entry or socket address, without port, brackets or zone. */
export function cleanAddress(raw: string): string {
  let a = raw.trim();
  if (a.startsWith('[')) {
    const end = a.indexOf(']');
    a = end === -1 ? a.slice(1) : a.slice(1, end);
  } else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) {
    a = a.slice(0, a.lastIndexOf(':'));
  }
  const zone = a.indexOf('%');
  if (zone !== -1) a = a.slice(0, zone);
  a = a.toLowerCase();
  // An IPv4 client seen through a dual-stack socket.
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped) a = mapped[1]!;
  return a.slice(0, 64);
}

/**
 * The client's address. With `trustProxy = n`, the n proxies in front each appended the
 * address they were called from to `X-Forwarded-For`; the client is the entry n places from
 * the right of `[...X-Forwarded-For, socket]`. With 0, `X-Forwarded-For` is ignored (anyone
 * can send it).
 */
export function clientAddress(
  socketAddress: string | null | undefined,
  forwardedFor: string | null | undefined,
  trustProxy: number,
): string | null {
  const socket = socketAddress ? cleanAddress(socketAddress) : null;
  if (trustProxy <= 0) return socket;
  const chain: (string | null)[] = (forwardedFor ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
    .map(cleanAddress);
  chain.push(socket);
  return chain[Math.max(0, chain.length - 1 - trustProxy)] ?? null;
}

/** Expands an IPv6 address to its eight groups, or null if it is not one. */
function ipv6Groups(address: string): string[] | null {
  if (!address.includes(':')) return null;
  let text = address;
  // An embedded IPv4 tail counts as two groups.
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, v4.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => g.replace(/^0+(?=.)/, ''));
}

/**
 * The rate-limit key for an address: an IPv4 address as is; an IPv6 address by its /64
 * (one subscriber's network: a client can pick any address inside it).
 */
export function rateLimitKey(address: string): string {
  const groups = ipv6Groups(address);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : address;
}

let processKey: Uint8Array<ArrayBuffer> | null = null;
const keys = new Map<string, Promise<CryptoKey>>();
/** Recent hashes: a client sends two sides and retries, and WebCrypto calls are not free. */
const recent = new Map<string, string>();
const RECENT_MAX = 1024;

/** HMAC-SHA-256 of the address, 12 hex characters: the same client gives the same value, and it cannot be reversed without the key. */
export async function hashClient(address: string, secret?: string): Promise<string> {
  const id = secret ?? '';
  const memo = `${id.length}:${id}${address}`;
  const known = recent.get(memo);
  if (known !== undefined) return known;
  const hash = await computeHash(address, id, secret);
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
  recent.set(memo, hash);
  return hash;
}

async function computeHash(address: string, id: string, secret: string | undefined): Promise<string> {
  let key = keys.get(id);
  if (!key) {
    const raw =
      secret !== undefined
        ? new TextEncoder().encode(secret)
        : (processKey ??= crypto.getRandomValues(new Uint8Array(32)));
    key = crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(id, key);
  }
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(address)));
  let hex = '';
  for (const byte of mac.subarray(0, 6)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
