/**
 * The proxy's parts on their own: the token bucket store, client addresses and rate-limit
 * keys, and the configuration checks done at start.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ApiErrorCode } from '../../src/api/types.ts';
import {
  clientAddress,
  hashClient,
  loadProxyConfig,
  MemoryRateLimitStore,
  ProxyConfigError,
  rateLimitKey,
  type ProxyErrorCode,
} from '../../server/proxy.ts';

/** Compile-time: every code the proxy answers with is one the widget knows. */
const _codes: ApiErrorCode = '' as ProxyErrorCode;
void _codes;

const RULE = { burst: 3, perMinute: 60 }; // one token a second

describe('MemoryRateLimitStore', () => {
  test('a burst, then one request per refill interval, with the wait to the next token', () => {
    const store = new MemoryRateLimitStore();
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) assert.equal(store.take('a', RULE, t).allowed, true);
    const refused = store.take('a', RULE, t);
    assert.equal(refused.allowed, false);
    assert.equal(refused.retryAfterMs, 1000);
    assert.equal(store.take('a', RULE, t + 400).retryAfterMs, 600);
    assert.equal(store.take('a', RULE, t + 1000).allowed, true);
    assert.equal(store.take('a', RULE, t + 1000).allowed, false);
    // Other keys have their own bucket.
    assert.equal(store.take('b', RULE, t + 1000).allowed, true);
  });

  test('refused requests do not drain the bucket further', () => {
    const store = new MemoryRateLimitStore();
    for (let i = 0; i < 3; i++) store.take('a', RULE, 0);
    for (let i = 0; i < 50; i++) assert.equal(store.take('a', RULE, 10).allowed, false);
    assert.equal(store.take('a', RULE, 1000).allowed, true);
  });

  test('buckets that have refilled are swept away', () => {
    const store = new MemoryRateLimitStore({ sweepIntervalMs: 1000 });
    for (let i = 0; i < 100; i++) store.take(`client-${i}`, RULE, 0);
    assert.equal(store.size, 100);
    // 3 s later every bucket is full again: the next call sweeps them.
    store.take('late', RULE, 3000);
    assert.equal(store.size, 1);
  });

  test('memory is bounded: past maxKeys the least recently used go first', () => {
    const store = new MemoryRateLimitStore({ maxKeys: 1000 });
    for (let i = 0; i < 50_000; i++) store.take(`10.0.${i >> 8}.${i & 255}`, RULE, i); // a flood of new addresses
    assert.ok(store.size <= 1000, String(store.size));
    // The newest are still limited.
    const last = '10.0.195.79'; // i = 49_999
    store.take(last, RULE, 50_000);
    store.take(last, RULE, 50_000);
    assert.equal(store.take(last, RULE, 50_000).allowed, false);
  });
});

describe('client address', () => {
  test('the socket address by default; X-Forwarded-For ignored', () => {
    assert.equal(clientAddress('::ffff:192.0.2.7', '203.0.113.9', 0), '192.0.2.7');
    assert.equal(clientAddress('2001:db8::1', null, 0), '2001:db8::1');
    assert.equal(clientAddress(null, '203.0.113.9', 0), null);
  });

  test('trustProxy = n: the entry n places from the right of X-Forwarded-For + socket', () => {
    assert.equal(clientAddress('10.0.0.2', '203.0.113.9', 1), '203.0.113.9');
    assert.equal(clientAddress('10.0.0.2', 'spoofed, 203.0.113.9', 1), '203.0.113.9');
    assert.equal(clientAddress('10.0.0.2', '203.0.113.9, 10.0.0.1', 2), '203.0.113.9');
    // Fewer entries than trusted hops: the leftmost there is.
    assert.equal(clientAddress('10.0.0.2', '203.0.113.9', 3), '203.0.113.9');
    assert.equal(clientAddress('10.0.0.2', null, 1), '10.0.0.2');
    assert.equal(clientAddress('10.0.0.2', '[2001:db8::5]:4431', 1), '2001:db8::5');
    assert.equal(clientAddress('10.0.0.2', '198.51.100.4:5555', 1), '198.51.100.4');
  });

  test('rate-limit key: IPv4 as is, IPv6 by its /64', () => {
    assert.equal(rateLimitKey('192.0.2.7'), '192.0.2.7');
    assert.equal(rateLimitKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(rateLimitKey('2001:db8:1:2:ffff:1:2:3'), '2001:db8:1:2::/64');
    assert.equal(rateLimitKey('2001:0db8:0001:0002::9'), '2001:db8:1:2::/64');
    assert.equal(rateLimitKey('::1'), '0:0:0:0::/64');
    assert.equal(rateLimitKey('not-an-address'), 'not-an-address');
  });

  test('the log hash: 12 hex, stable per key, different across keys, not the address', async () => {
    const a = await hashClient('192.0.2.7', 'k1');
    assert.match(a, /^[0-9a-f]{12}$/);
    assert.equal(await hashClient('192.0.2.7', 'k1'), a);
    assert.notEqual(await hashClient('192.0.2.7', 'k2'), a);
    assert.notEqual(await hashClient('192.0.2.8', 'k1'), a);
    assert.equal(await hashClient('192.0.2.7'), await hashClient('192.0.2.7'));
  });
});

describe('loadProxyConfig: checked at start', () => {
  const MOCK = { DNI_MOCK_URL: 'http://127.0.0.1:1/mock/ocr/idcard' };
  const REAL = { DNI_API_ID: 'id', DNI_API_SECRET: 'very-secret-value' };

  test('defaults: rate limit 20 at once and 30/min, no CORS origin, X-Forwarded-For not trusted', () => {
    const config = loadProxyConfig(MOCK);
    assert.deepEqual(config.rateLimit, { burst: 20, perMinute: 30 });
    assert.deepEqual(config.allowedOrigins, []);
    assert.deepEqual(config.allowedHeaders, ['x-csrf-token']);
    assert.equal(config.trustProxy, 0);
    assert.equal(config.logClient, 'hash');
    assert.equal(config.maxBodyBytes, 7_500_000);
  });

  test('every variable read', () => {
    const config = loadProxyConfig({
      ...MOCK,
      DNI_PROXY_TIMEOUT_MS: '5000',
      DNI_BODY_IDLE_TIMEOUT_MS: '2000',
      DNI_MAX_BODY_BYTES: '3000000',
      DNI_ALLOWED_ORIGINS: 'https://shop.example, http://localhost:3000/',
      DNI_ALLOWED_HEADERS: 'X-CSRF-Token, X-Requested-With',
      DNI_RATE_LIMIT_BURST: '5',
      DNI_RATE_LIMIT_PER_MINUTE: '10',
      DNI_TRUST_PROXY: '1',
      DNI_LOG_CLIENT: 'omit',
      DNI_LOG_CLIENT_KEY: 'shared',
    });
    assert.equal(config.timeoutMs, 5000);
    assert.equal(config.bodyIdleTimeoutMs, 2000);
    assert.equal(config.maxBodyBytes, 3_000_000);
    assert.deepEqual(config.allowedOrigins, ['https://shop.example', 'http://localhost:3000']);
    assert.deepEqual(config.allowedHeaders, ['x-csrf-token', 'x-requested-with']);
    assert.deepEqual(config.rateLimit, { burst: 5, perMinute: 10 });
    assert.equal(config.trustProxy, 1);
    assert.equal(config.logClient, 'omit');
    assert.equal(config.logClientKey, 'shared');
  });

  test('rate limit off with both at 0; one of them at 0 is an error', () => {
    assert.equal(
      loadProxyConfig({ ...MOCK, DNI_RATE_LIMIT_BURST: '0', DNI_RATE_LIMIT_PER_MINUTE: '0' }).rateLimit,
      null,
    );
    assert.throws(() => loadProxyConfig({ ...MOCK, DNI_RATE_LIMIT_BURST: '0' }), /both be 0/);
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ['a timeout in words', { DNI_PROXY_TIMEOUT_MS: 'soon' }, /DNI_PROXY_TIMEOUT_MS must be a whole number/],
    ['a negative timeout', { DNI_PROXY_TIMEOUT_MS: '-5' }, /DNI_PROXY_TIMEOUT_MS/],
    ['a zero timeout', { DNI_PROXY_TIMEOUT_MS: '0' }, /DNI_PROXY_TIMEOUT_MS/],
    ['a fractional idle timeout', { DNI_BODY_IDLE_TIMEOUT_MS: '1.5' }, /DNI_BODY_IDLE_TIMEOUT_MS/],
    ['a huge body limit', { DNI_MAX_BODY_BYTES: '999999999' }, /DNI_MAX_BODY_BYTES/],
    ['a burst in hex', { DNI_RATE_LIMIT_BURST: '0x10' }, /DNI_RATE_LIMIT_BURST/],
    ['trust proxy "true"', { DNI_TRUST_PROXY: 'true' }, /DNI_TRUST_PROXY .*number of proxies/],
    ['a wildcard origin', { DNI_ALLOWED_ORIGINS: '*' }, /DNI_ALLOWED_ORIGINS must list origins/],
    ['an origin with a path', { DNI_ALLOWED_ORIGINS: 'https://shop.example/checkout' }, /not an origin/],
    ['an origin without scheme', { DNI_ALLOWED_ORIGINS: 'shop.example' }, /not an origin/],
    ['a bad header name', { DNI_ALLOWED_HEADERS: 'X-Token:1' }, /DNI_ALLOWED_HEADERS/],
    ['an unknown log mode', { DNI_LOG_CLIENT: 'plain' }, /DNI_LOG_CLIENT/],
  ];
  for (const [what, env, message] of bad) {
    test(`${what} → a clear error`, () => {
      assert.throws(
        () => loadProxyConfig({ ...MOCK, ...env }),
        (e: Error) => {
          assert.ok(e instanceof ProxyConfigError);
          assert.match(e.message, message);
          return true;
        },
      );
    });
  }

  test('NODE_ENV=production: no mock, and no plain http even to loopback', () => {
    assert.throws(() => loadProxyConfig({ ...MOCK, NODE_ENV: 'production' }), /NODE_ENV=production .* mock/);
    assert.throws(
      () => loadProxyConfig({ ...REAL, NODE_ENV: 'production', DNI_API_URL: 'http://127.0.0.1:8080/ocr/idcard' }),
      /https when NODE_ENV=production/,
    );
    const ok = loadProxyConfig({ ...REAL, NODE_ENV: 'production' });
    assert.equal(ok.upstreamUrl, 'https://cloudapi.peru.accuauth.com/ocr/idcard');
  });

  test('NODE_ENV is read case-insensitively, and "prod" is production too', () => {
    for (const value of ['Production', 'PRODUCTION', 'prod', 'Prod', ' production ']) {
      assert.throws(() => loadProxyConfig({ ...MOCK, NODE_ENV: value }), /NODE_ENV=production .* mock/, value);
      assert.throws(
        () => loadProxyConfig({ ...REAL, NODE_ENV: value, DNI_API_URL: 'http://127.0.0.1:8080/ocr/idcard' }),
        /https when NODE_ENV=production/,
        value,
      );
    }
    for (const value of ['development', 'test', 'production-like', 'staging']) {
      assert.doesNotThrow(() => loadProxyConfig({ ...MOCK, NODE_ENV: value }), value);
    }
  });

  test('a URL with user info is refused, and the message never shows it', () => {
    for (const [name, env] of [
      ['DNI_API_URL', { ...REAL, DNI_API_URL: 'https://admin:hunter2-pass@api.example/ocr/idcard' }],
      ['DNI_API_URL', { ...REAL, DNI_API_URL: 'https://hunter2-pass@api.example/ocr/idcard' }],
      ['DNI_API_URL', { ...REAL, DNI_API_URL: 'ftp://admin:hunter2-pass@api.example/ocr' }],
      ['DNI_API_URL', { ...REAL, DNI_API_URL: 'https://admin:hunter2-pass@api example/x' }],
      ['DNI_MOCK_URL', { DNI_MOCK_URL: 'http://admin:hunter2-pass@127.0.0.1:1/mock' }],
    ] as const) {
      assert.throws(
        () => loadProxyConfig(env),
        (e: Error) => {
          assert.ok(e instanceof ProxyConfigError);
          assert.match(e.message, new RegExp(name));
          assert.ok(!e.message.includes('hunter2'), e.message);
          assert.ok(!e.message.includes('admin'), e.message);
          return true;
        },
      );
    }
  });

  test('a credential with a newline or another control character is refused at start, naming it, never showing it', () => {
    for (const name of ['DNI_API_ID', 'DNI_API_SECRET'] as const) {
      for (const value of [
        'very-secret\nvalue',
        'very-secret\rvalue',
        'very-secret\u0000value',
        'very-secret\u007fvalue',
        'very secret\tvalue',
        'very-secret-välue€',
      ]) {
        assert.throws(
          () => loadProxyConfig({ ...REAL, [name]: value }),
          (e: Error) => {
            assert.ok(e instanceof ProxyConfigError);
            assert.match(e.message, new RegExp(`^${name} `));
            assert.ok(!e.message.includes('very-secret') && !e.message.includes('secret\n'), e.message);
            return true;
          },
          JSON.stringify(value),
        );
      }
    }
    // A trailing newline (a file read as is) is trimmed like any surrounding space.
    assert.equal(loadProxyConfig({ ...REAL, DNI_API_SECRET: 'very-secret-value\n' }).apiSecret, 'very-secret-value');
  });

  test('no error message holds the secret', () => {
    for (const env of [
      { ...REAL, DNI_API_URL: 'http://api.example/x' },
      { DNI_API_SECRET: 'very-secret-value' },
      { ...REAL, DNI_PROXY_TIMEOUT_MS: 'x' },
      { ...REAL, NODE_ENV: 'production', DNI_API_URL: 'http://localhost/x' },
    ]) {
      assert.throws(
        () => loadProxyConfig(env),
        (e: Error) => !e.message.includes('very-secret-value'),
      );
    }
  });
});
