/**
 * The shared store for several proxy instances: rate-limit buckets and idempotency entries in
 * one Redis, through node-redis (the client Redis maintains). Node only.
 *
 * - Rate limit: the same token bucket as `MemoryRateLimitStore`, as one Lua script per request
 *   (read, refill, take, write, expire: atomic, one round trip).
 * - Idempotency: `SET NX PX` claims a key, `GET` reads it, `SET PX` keeps the sealed answer.
 *
 * Redis down (refused, unreachable, too slow): **fail open** to this process's memory stores,
 * with one log line when Redis goes and one when it is back; while down each instance counts
 * alone. Nothing waits on Redis longer than `timeoutMs` (connect and each command), and while
 * the client is reconnecting, commands fail at once (no offline queue).
 *
 * `redis` is an optional peer dependency: it is imported when the first store is used.
 */
import type { RedisClientType } from 'redis';
import type { ProxyConfig } from './config.ts';
import { MemoryIdempotencyStore, type IdempotencyEntry, type IdempotencyStore } from './idempotency.ts';
import { MemoryRateLimitStore, type RateLimitDecision, type RateLimitRule, type RateLimitStore } from './rate-limit.ts';
import { ignore } from './ignore.ts';

/** Longest wait for Redis: to connect, and for each command. */
export const DEFAULT_REDIS_TIMEOUT_MS = 500;

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` */
  url: string;
  /** Longest wait to connect and for each command; default 500 ms. */
  timeoutMs?: number;
  /** Prefix of every key; default `dni:`. */
  prefix?: string;
  /** Receives the two lines Redis going and coming back write (JSON, no URL, no password). */
  log?: (line: string) => void;
}

export interface RedisStores {
  rateLimit: RateLimitStore;
  idempotency: IdempotencyStore;
  /** Whether commands go to Redis now (false: the memory fallback answers). */
  readonly healthy: boolean;
  /** Closes the connection. */
  close(): Promise<void>;
}

class Timeout extends Error {}

/** Token bucket: KEYS[1] the bucket; ARGV burst, tokens per ms, now (ms). Returns { allowed, tokens }. */
const TAKE = `
local burst, rate, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens = math.min(burst, (tonumber(b[1]) or burst) + math.max(0, now - (tonumber(b[2]) or now)) * rate)
local allowed = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate) + 1000)
return { allowed, tostring(tokens) }`;

type Client = RedisClientType;

/** One connection and the fallback it hands over to while Redis is away. */
export function createRedisStores(options: RedisStoreOptions): RedisStores {
  const timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
  const prefix = options.prefix ?? 'dni:';
  const memoryLimits = new MemoryRateLimitStore();
  const memoryEntries = new MemoryIdempotencyStore();
  let healthy = true;
  let closed = false;
  let client: Client | null = null;
  let connecting: Promise<Client> | null = null;

  const log = (msg: string, error?: unknown) => {
    const code = (error as { code?: unknown } | undefined)?.code;
    const why =
      error instanceof Timeout
        ? 'timeout'
        : typeof code === 'string' && /^[A-Z_]{1,32}$/.test(code)
          ? code
          : error
            ? 'error'
            : null;
    try {
      options.log?.(JSON.stringify({ at: new Date().toISOString(), msg, error: why }));
    } catch {
      // A logger that throws must not take the proxy down.
    }
  };
  const down = (error: unknown) => {
    if (!healthy) return;
    healthy = false;
    log("dni-proxy redis unavailable: rate limits and idempotency use this process's memory", error);
  };
  const up = () => {
    if (healthy) return;
    healthy = true;
    log('dni-proxy redis available again');
  };

  const within = <T>(work: Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Timeout()), timeoutMs);
    });
    work.catch(ignore);
    return Promise.race([work, late]).finally(() => clearTimeout(timer));
  };

  /** The first connection; redone at most once a second if it failed outright. */
  let settled = false;
  let failedAt = 0;
  const connect = (): Promise<Client> => {
    if (!connecting && Date.now() - failedAt < 1000) return Promise.reject(new Timeout());
    connecting ??= (async () => {
      const { createClient } = await import('redis');
      const c = createClient({
        url: options.url,
        disableOfflineQueue: true,
        socket: {
          connectTimeout: timeoutMs,
          reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000),
        },
      }) as unknown as Client;
      c.on('error', (error: unknown) => down(error));
      c.on('ready', () => up());
      client = c;
      await c.connect();
      return c;
    })();
    const attempt = connecting;
    attempt.then(
      () => (settled = true),
      () => {
        if (connecting !== attempt) return;
        // Refused outright (node-redis keeps retrying only a connection it once had).
        try {
          client?.destroy();
        } catch {
          // Never opened.
        }
        client = null;
        connecting = null;
        failedAt = Date.now();
      },
    );
    return attempt;
  };

  /** Runs `op` on Redis within `timeoutMs`, or `fallback` when Redis is not there. */
  const run = async <T>(op: (c: Client) => Promise<T>, fallback: () => T | Promise<T>): Promise<T> => {
    if (closed) return fallback();
    try {
      // Until the first connection settles, wait for it (bounded); then never wait for Redis
      // to come back: while it reconnects, the memory stores answer.
      const c = settled && client ? client : await within(connect());
      if (!c.isReady) throw new Timeout();
      const value = await within(op(c));
      up();
      return value;
    } catch (error) {
      down(error);
      return fallback();
    }
  };

  const rateLimit: RateLimitStore = {
    take(key: string, rule: RateLimitRule, now: number): Promise<RateLimitDecision> {
      const rate = rule.perMinute / 60_000;
      return run(
        async (c) => {
          const [allowed, left] = (await c.eval(TAKE, {
            keys: [`${prefix}rl:${key}`],
            arguments: [String(rule.burst), String(rate), String(now)],
          })) as [number, string];
          const tokens = Number(left);
          return {
            allowed: allowed === 1,
            remaining: Math.floor(tokens),
            retryAfterMs: allowed === 1 ? 0 : Math.ceil((1 - tokens) / rate),
          };
        },
        () => memoryLimits.take(key, rule, now),
      );
    },
  };

  const entryKey = (id: string) => `${prefix}idem:${id}`;
  const encode = (entry: IdempotencyEntry) =>
    entry.state === 'pending'
      ? `p:${entry.digest}`
      : `d:${entry.digest}:${Buffer.from(entry.sealed).toString('base64')}`;
  const decode = (value: string): IdempotencyEntry | null => {
    const [state, digest, sealed] = value.split(':');
    if (state === 'p' && digest) return { state: 'pending', digest };
    if (state === 'd' && digest && sealed !== undefined)
      return { state: 'done', digest, sealed: new Uint8Array(Buffer.from(sealed, 'base64')) };
    return null;
  };

  const idempotency: IdempotencyStore = {
    claim(id, digest, ttlMs) {
      return run(
        async (c) => {
          for (let i = 0; i < 3; i++) {
            const set = await c.set(entryKey(id), encode({ state: 'pending', digest }), {
              condition: 'NX',
              expiration: { type: 'PX', value: ttlMs },
            });
            if (set === 'OK') return null;
            const value = await c.get(entryKey(id));
            // Gone between the two (expired, released): claim again.
            if (value !== null) return decode(value) ?? { state: 'pending', digest: '' };
          }
          return { state: 'pending', digest };
        },
        () => memoryEntries.claim(id, digest, ttlMs),
      );
    },
    complete(id, digest, sealed, ttlMs) {
      return run(
        async (c) => {
          await c.set(entryKey(id), encode({ state: 'done', digest, sealed }), {
            expiration: { type: 'PX', value: ttlMs },
          });
        },
        () => memoryEntries.complete(id, digest, sealed, ttlMs),
      );
    },
    release(id) {
      return run(
        async (c) => {
          await c.del(entryKey(id));
        },
        () => memoryEntries.release(id),
      );
    },
  };

  return {
    rateLimit,
    idempotency,
    get healthy() {
      return healthy;
    },
    async close() {
      closed = true;
      const c = client;
      client = null;
      if (!c) return;
      try {
        if (c.isOpen) await within(c.close());
        else c.destroy();
      } catch {
        try {
          c.destroy();
        } catch {
          // Already closed.
        }
      }
    },
  };
}

/**
 * `config` with its `redis` turned into stores: the rate limit's (unless one is given) and
 * idempotency's (unless one is given). Without `redis`, `config` as it is.
 */
export function withRedis(config: ProxyConfig): ProxyConfig {
  const { redis, ...rest } = config;
  if (!redis) return config;
  const stores = createRedisStores({ url: redis.url, timeoutMs: redis.timeoutMs, log: config.log });
  return {
    ...rest,
    rateLimit: rest.rateLimit ? { ...rest.rateLimit, store: rest.rateLimit.store ?? stores.rateLimit } : rest.rateLimit,
    idempotency:
      rest.idempotency === null ? null : { ...rest.idempotency, store: rest.idempotency?.store ?? stores.idempotency },
  };
}
