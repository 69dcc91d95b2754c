import { expect } from '@open-wc/testing';
import { clientFailure, isRetryable, nextStep } from '../../src/api/errors.js';
import { API_ERROR_CODES, CLIENT_ERROR_CODES } from '../../src/api/types.js';

describe('isRetryable', () => {
  for (const [code, http] of [
    ['NETWORK_ERROR', 0],
    ['TIMEOUT', 0],
    ['INTERNAL_ERROR', 500],
    ['RATE_LIMIT_EXCEEDED', 403],
  ] as const) {
    it(`retries ${code}`, () => {
      expect(isRetryable(code, http)).to.equal(true);
    });
  }

  for (const [code, http] of [
    ['INVALID_ARGUMENT', 400],
    ['DETECTION_FAILED', 400],
    ['UNAUTHORIZED', 401],
    ['KEY_EXPIRED', 401],
    ['NO_PERMISSION', 403],
    ['OUT_OF_QUOTA', 403],
    ['NOT_FOUND', 404],
    ['FILE_TOO_LARGE', 0],
    ['UNSUPPORTED_FILE', 0],
    ['IMAGE_TOO_SMALL', 0],
  ] as const) {
    it(`does not retry ${code}`, () => {
      expect(isRetryable(code, http)).to.equal(false);
    });
  }

  it('retries a bad response from a failing server (5xx)', () => {
    expect(isRetryable('BAD_RESPONSE', 503)).to.equal(true);
  });

  it('retries a garbled 200 (e.g. truncated on a flaky link)', () => {
    expect(isRetryable('BAD_RESPONSE', 200)).to.equal(true);
  });

  it('does not retry a bad response with a 4xx status (wrong URL, refused request)', () => {
    expect(isRetryable('BAD_RESPONSE', 404)).to.equal(false);
    expect(isRetryable('BAD_RESPONSE', 413)).to.equal(false);
  });

  it('retries a bad response with 429 Too Many Requests', () => {
    expect(isRetryable('BAD_RESPONSE', 429)).to.equal(true);
  });
});

describe('nextStep', () => {
  it('asks for a retry after network, timeout, server and rate-limit errors', () => {
    const steps = (['NETWORK_ERROR', 'TIMEOUT', 'INTERNAL_ERROR', 'RATE_LIMIT_EXCEEDED', 'BAD_RESPONSE'] as const).map(
      nextStep,
    );

    expect(steps).to.deep.equal(['retry', 'retry', 'retry', 'retry', 'retry']);
  });

  it('asks for a new photo when the image was refused or unreadable', () => {
    expect([nextStep('INVALID_ARGUMENT'), nextStep('DETECTION_FAILED')]).to.deep.equal(['retake', 'retake']);
  });

  it('sends integrator problems to "contact"', () => {
    const steps = (['UNAUTHORIZED', 'KEY_EXPIRED', 'NO_PERMISSION', 'OUT_OF_QUOTA', 'NOT_FOUND'] as const).map(
      nextStep,
    );

    expect(steps).to.deep.equal(['contact', 'contact', 'contact', 'contact', 'contact']);
  });

  it('asks for another file when the file itself is wrong', () => {
    const steps = (['FILE_TOO_LARGE', 'UNSUPPORTED_FILE', 'IMAGE_TOO_SMALL'] as const).map(nextStep);

    expect(steps).to.deep.equal(['pick-file', 'pick-file', 'pick-file']);
  });

  it('offers a retryable code a retry and a non-retryable one something else', () => {
    for (const code of [...API_ERROR_CODES, ...CLIENT_ERROR_CODES]) {
      if (code === 'BAD_RESPONSE') continue;
      const retryable = isRetryable(code, 0);
      expect(nextStep(code) === 'retry', code).to.equal(retryable);
    }
  });
});

describe('clientFailure', () => {
  it('builds a failure with no request id and the retryability of its code', () => {
    expect(clientFailure('TIMEOUT', 'no answer in 30000 ms')).to.deep.equal({
      code: 'TIMEOUT',
      httpStatus: 0,
      reason: 'no answer in 30000 ms',
      requestId: null,
      retryable: true,
    });
  });

  it('keeps the HTTP status it is given', () => {
    const failure = clientFailure('FILE_TOO_LARGE', '6000000 bytes', 413);

    expect(failure.httpStatus).to.equal(413);
    expect(failure.retryable).to.equal(false);
  });
});
