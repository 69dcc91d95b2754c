import { expect } from '@open-wc/testing';
import { clientFailure } from '../../src/api/errors.js';
import { DEFAULT_RETRY_POLICY, retryDelay } from '../../src/api/retry.js';
import type { ApiFailure } from '../../src/api/types.js';

const policy = { retries: 3, baseDelayMs: 1000, maxDelayMs: 10_000 };
const serverError: ApiFailure = {
  code: 'INTERNAL_ERROR',
  httpStatus: 500,
  reason: 'x',
  requestId: null,
  retryable: true,
};

describe('retryDelay', () => {
  it('doubles the backoff per attempt, with half of it random', () => {
    expect(retryDelay(policy, 1, serverError, () => 0)).to.equal(500);
    expect(retryDelay(policy, 1, serverError, () => 1)).to.equal(1000);
    expect(retryDelay(policy, 2, serverError, () => 0)).to.equal(1000);
    expect(retryDelay(policy, 3, serverError, () => 1)).to.equal(4000);
  });

  it('stops after the configured number of retries', () => {
    expect(retryDelay(policy, 4, serverError)).to.equal(null);
    expect(retryDelay({ ...policy, retries: 0 }, 1, serverError)).to.equal(null);
  });

  it('caps the backoff at maxDelayMs', () => {
    expect(retryDelay({ retries: 10, baseDelayMs: 1000, maxDelayMs: 3000 }, 8, serverError, () => 1)).to.equal(3000);
  });

  it('waits exactly Retry-After for a rate limit', () => {
    const limited: ApiFailure = { ...serverError, code: 'RATE_LIMIT_EXCEEDED', httpStatus: 403, retryAfter: 2 };
    expect(retryDelay(policy, 1, limited, () => 0.5)).to.equal(2000);
  });

  it('leaves a Retry-After longer than maxDelayMs to the user', () => {
    const limited: ApiFailure = { ...serverError, code: 'RATE_LIMIT_EXCEEDED', httpStatus: 429, retryAfter: 60 };
    expect(retryDelay(policy, 1, limited)).to.equal(null);
  });

  it('never retries what a retry cannot fix', () => {
    for (const code of [
      'INVALID_ARGUMENT',
      'DETECTION_FAILED',
      'UNAUTHORIZED',
      'KEY_EXPIRED',
      'NO_PERMISSION',
      'OUT_OF_QUOTA',
      'NOT_FOUND',
    ] as const) {
      expect(retryDelay(policy, 1, clientFailure(code, 'x', 400)), code).to.equal(null);
    }
  });

  it('retries network errors and timeouts but not a cancelled upload', () => {
    expect(retryDelay(policy, 1, clientFailure('NETWORK_ERROR', 'x'))).to.be.a('number');
    expect(retryDelay(policy, 1, clientFailure('TIMEOUT', 'x'))).to.be.a('number');
    expect(retryDelay(policy, 1, clientFailure('ABORTED', 'x'))).to.equal(null);
  });

  it('has a bounded default', () => {
    expect(DEFAULT_RETRY_POLICY.retries).to.be.within(1, 5);
  });
});
