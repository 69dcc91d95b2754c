/**
 * Where an upload is retried: `planRetry` decides, after each failed attempt, whether the widget
 * sends the same photo again by itself and when (the element's `UploadController` keeps the
 * timer or the `online` listener). When the widget sends the same photo again by itself: transient failures only (network,
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

/** What happens after a failed attempt at sending a photo. */
export type RetryPlan =
  /** Send it again after `ms` (a transient failure, within the policy's retries). */
  | { kind: 'after'; ms: number }
  /** Send it again when the browser is back online (a transient failure while offline, within the policy's retries). */
  | { kind: 'when-online' }
  /** Wait for the person (the retry button, when the failure is retryable). */
  | { kind: 'by-user' };

/**
 * The one place that decides whether a failed upload is sent again by itself: after
 * `attempt` failed attempts (1 after the first), with `failure`, while the browser is `online`
 * or not. Offline, a transient failure waits for the network, counted against the same
 * `policy.retries` as any other automatic retry (0 turns every one off).
 */
export function planRetry(
  policy: RetryPolicy,
  attempt: number,
  failure: ApiFailure,
  online: boolean,
  random: () => number = Math.random,
): RetryPlan {
  if (!online && failure.retryable && failure.code !== 'ABORTED' && attempt <= policy.retries) {
    return { kind: 'when-online' };
  }
  if (!online) return { kind: 'by-user' };
  const ms = retryDelay(policy, attempt, failure, random);
  return ms === null ? { kind: 'by-user' } : { kind: 'after', ms };
}
