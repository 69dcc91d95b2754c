/**
 * Rate limiting per client: a token bucket per key, kept in a `RateLimitStore`.
 *
 * The default store lives in this process's memory, bounded in size, with buckets that have
 * refilled swept away. A deployment with several instances plugs a shared store (Redis,
 * Memcached, a Durable Object…) that implements the same `take`; see server/README.md.
 */

export interface RateLimitRule {
  /** The bucket's size: requests a client may make at once. */
  burst: number;
  /** Tokens added per minute. */
  perMinute: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** When not allowed: milliseconds until a token is available. */
  retryAfterMs: number;
}

/** Where buckets live. `now` is milliseconds since the epoch (`Date.now()`). */
export interface RateLimitStore {
  /** Takes one token from `key`'s bucket, if it has one. */
  take(key: string, rule: RateLimitRule, now: number): RateLimitDecision | Promise<RateLimitDecision>;
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last computed. */
  at: number;
}

export interface MemoryRateLimitStoreOptions {
  /** Most buckets kept; past it the least recently used go first. Default 100,000 (about 10 MB). */
  maxKeys?: number;
  /** How often full buckets are swept away, at most. Default 60 s. */
  sweepIntervalMs?: number;
}

/** The arithmetic of one bucket, shared by every store written in JavaScript. */
export function refill(bucket: Bucket | undefined, rule: RateLimitRule, now: number): number {
  if (!bucket) return rule.burst;
  const rate = rule.perMinute / 60_000;
  return Math.min(rule.burst, bucket.tokens + Math.max(0, now - bucket.at) * rate);
}

/** A token bucket per key in this process's memory; bounded; full buckets are forgotten. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;
  private readonly sweepIntervalMs: number;
  private lastSweep = 0;
  /** The rule of the last call: what "full" means when sweeping. */
  private rule: RateLimitRule | null = null;

  constructor(options: MemoryRateLimitStoreOptions = {}) {
    this.maxKeys = options.maxKeys ?? 100_000;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
  }

  take(key: string, rule: RateLimitRule, now: number): RateLimitDecision {
    this.rule = rule;
    if (now - this.lastSweep >= this.sweepIntervalMs) this.sweep(now);

    const bucket = this.buckets.get(key);
    const tokens = refill(bucket, rule, now);
    // Re-inserted on each use: the Map's order is least recently used first.
    this.buckets.delete(key);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      this.evict(now);
      return { allowed: true, remaining: Math.floor(tokens - 1), retryAfterMs: 0 };
    }
    this.buckets.set(key, { tokens, at: now });
    const rate = rule.perMinute / 60_000;
    return { allowed: false, remaining: 0, retryAfterMs: Math.ceil((1 - tokens) / rate) };
  }

  /** Buckets held. */
  get size(): number {
    return this.buckets.size;
  }

  /** Forgets every bucket that has refilled (it is the same as no bucket). */
  sweep(now: number): void {
    this.lastSweep = now;
    const rule = this.rule;
    if (!rule) return;
    for (const [key, bucket] of this.buckets) {
      if (refill(bucket, rule, now) >= rule.burst) this.buckets.delete(key);
    }
  }

  private evict(now: number): void {
    if (this.buckets.size <= this.maxKeys) return;
    // Under a flood of new keys, sweep at most once a second; otherwise drop the oldest.
    if (now - this.lastSweep >= 1000) this.sweep(now);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}
