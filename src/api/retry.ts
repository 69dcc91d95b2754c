/**
 * When the widget sends the same photo again by itself: transient failures only (network,
 * timeout, `RATE_LIMIT_EXCEEDED`, `INTERNAL_ERROR`, 5xx), a bounded number of times, with
 * exponential backoff and jitter, honouring `Retry-After`.
 */
import type { ApiFailure } from './types.js';

export interface RetryPolicy {
  /** Automatic retries after the first attempt (0 turns them off). */
  retries: number;
  /** Delay before the first retry; doubled for each further one. */
  baseDelayMs: number;
  /** No automatic wait is longer than this; a longer `Retry-After` leaves the retry to the user. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 2, baseDelayMs: 1000, maxDelayMs: 15_000 };

/**
 * Milliseconds to wait before sending again after `attempt` failed attempts (1 after the
 * first), or `null` when the widget should wait for the user instead.
 * Jitter is "equal jitter": half the backoff fixed, half random, so clients spread out.
 */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  failure: ApiFailure,
  random: () => number = Math.random,
): number | null {
  if (!failure.retryable || failure.code === 'ABORTED' || attempt > policy.retries) return null;
  if (failure.retryAfter !== undefined) {
    const wait = failure.retryAfter * 1000;
    return wait <= policy.maxDelayMs ? Math.max(wait, 0) : null;
  }
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(backoff / 2 + random() * (backoff / 2));
}
