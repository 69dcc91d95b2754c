import { expect } from '@open-wc/testing';
import { nextStep } from '../../src/api/errors.js';
import { DEFAULT_RETRY_POLICY, planRetry } from '../../src/api/retry.js';
import type { ApiFailure, CardResult, Side } from '../../src/api/types.js';
import type { DniErrorDetail } from '../../src/events.js';
import {
  cameraFailed,
  cameraReady,
  errorActions,
  failed,
  initialFlow,
  opening,
  parseSides,
  previewSide,
  restarted,
  retaken,
  shotTaken,
  shouldReopenCamera,
  sideToRetake,
  uploadFailed,
  type Flow,
  type Shot,
} from '../../src/flow/flow.js';
import { frameTooSmall } from '../../src/flow/intake.js';
import { completion, confirmed, received, sideAfterReview } from '../../src/flow/reading.js';

// The flow as data, without a DOM: every move between steps, and the paths issue 11 found wrong.

const FRONT = { card_type: 'new', card_side: 'front', card_info: { id_number: '10117410-2' } } as CardResult;
const BACK = { card_type: 'new', card_side: 'back', card_info: { address: 'JR. 15 DE JULIO 1045' } } as CardResult;
const ALIEN_FRONT = { card_type: 'ALIEN', card_side: 'front', card_info: { id_number: '000123456' } } as CardResult;

function photo(key = 'k1'): Omit<Shot, 'failures'> {
  return {
    blob: new Blob(['jpeg']),
    width: 1280,
    height: 806,
    source: 'camera',
    encodedIn: 'worker',
    fileName: 'front.jpg',
    crop: 'card',
    corners: null,
    idempotencyKey: key,
  };
}

function error(code: DniErrorDetail['code'], side: Side | null = 'front'): DniErrorDetail {
  return {
    side,
    code,
    httpStatus: 0,
    reason: '',
    requestId: null,
    retryable: false,
    message: 'm',
    attempt: 1,
    retryIn: null,
  };
}

function failure(code: ApiFailure['code'], retryable: boolean): ApiFailure {
  return { code, httpStatus: 0, reason: '', requestId: null, retryable };
}

/** A flow where `side` was photographed and read as `result`. */
function reviewed(flow: Flow, side: Side, result: CardResult): Flow {
  return received(shotTaken(flow, side, photo(`key-${side}`)), side, result, { status: 'OK' });
}

describe('flow: sides', () => {
  it('accepts "front back", "front", either order and commas, and takes the front first', () => {
    expect(parseSides('front back')).to.deep.equal(['front', 'back']);
    expect(parseSides('front')).to.deep.equal(['front']);
    expect(parseSides('back, front')).to.deep.equal(['front', 'back']);
    expect(parseSides(' front  front ')).to.deep.equal(['front']);
  });

  it('takes an empty value as the default', () => {
    expect(parseSides('')).to.deep.equal(['front', 'back']);
    expect(parseSides(undefined)).to.deep.equal(['front', 'back']);
  });

  it('refuses "back" alone and unknown words (bug 4)', () => {
    expect(parseSides('back')).to.equal(null);
    expect(parseSides('front reverse')).to.equal(null);
  });

  it('completes a front-only flow with the front as front and no back (bug 4)', () => {
    const flow = confirmed(reviewed(initialFlow(['front']), 'front', FRONT));

    expect(flow.step.name).to.equal('complete');
    const detail = completion(flow.sides)!;
    expect(detail.front.card_side).to.equal('front');
    expect(detail.back).to.equal(null);
  });

  it('never reports a back as the front: no completion without a front result', () => {
    const flow = reviewed(initialFlow(), 'front', BACK);

    expect(completion(flow.sides)).to.equal(null);
  });
});

describe('flow: camera', () => {
  it('goes live only from starting', () => {
    expect(cameraReady(initialFlow()).step.name).to.equal('live');
    const failedFlow = failed(initialFlow(), error('NETWORK_ERROR'));
    expect(cameraReady(failedFlow).step.name).to.equal('error');
  });

  it('reopens after a recoverable camera error, not after a refusal', () => {
    const unplugged = cameraFailed(initialFlow(), { name: 'NotFoundError', message: '' });
    const refused = cameraFailed(initialFlow(), { name: 'NotAllowedError', message: '' });

    expect(shouldReopenCamera(unplugged)).to.equal(true);
    expect(shouldReopenCamera(refused)).to.equal(false);
  });

  it('refuses a frame with no size, or too small for the API, before encoding (bug 6)', () => {
    expect(frameTooSmall(0, 0)).to.equal(true);
    expect(frameTooSmall(1280, 720)).to.equal(false);
  });
});

describe('flow: photos and uploads', () => {
  it('counts failed attempts on the photo, and a new photo starts again from zero', () => {
    let flow = shotTaken(initialFlow(), 'front', photo('a'));
    flow = uploadFailed(flow, 'front').flow;
    const second = uploadFailed(flow, 'front');

    expect(second.attempt).to.equal(2);
    const fresh = shotTaken(second.flow, 'front', photo('b'));
    expect(uploadFailed(fresh, 'front').attempt).to.equal(1);
  });

  it('an error keeps the photo for a retry', () => {
    const flow = failed(shotTaken(initialFlow(), 'front', photo()), error('INTERNAL_ERROR'));

    expect(flow.step.name).to.equal('error');
    expect(flow.sides.shots.front?.idempotencyKey).to.equal('k1');
  });

  it('opening the camera leaves the error step, whatever was waiting there (bug 1)', () => {
    const flow = opening(failed(shotTaken(initialFlow(), 'front', photo()), error('INTERNAL_ERROR')));

    expect(flow.step).to.deep.equal({ name: 'starting' });
  });

  it('keeps a result of the other side when that side is still to come, and moves the photo there', () => {
    const flow = reviewed(initialFlow(), 'front', BACK);

    expect(flow.step.name).to.equal('review');
    if (flow.step.name !== 'review') return;
    expect(flow.step.review).to.include({ side: 'back', requested: 'front', kept: true });
    expect(flow.step.review.warnings.map((w) => w.code)).to.include('WRONG_SIDE');
    expect(flow.sides.results.back).to.equal(BACK);
    expect(flow.sides.shots.back?.idempotencyKey).to.equal('key-front');
    expect(flow.sides.shots.front).to.equal(undefined);
    expect(previewSide(flow)).to.equal('back');
    expect(sideAfterReview(flow)).to.equal('front');
  });

  it('only shows a result of a side not asked for, and asks for the front again', () => {
    const flow = reviewed(initialFlow(['front']), 'front', BACK);

    if (flow.step.name !== 'review') throw new Error('not in review');
    expect(flow.step.review.kept).to.equal(false);
    expect(flow.sides.results.back).to.equal(undefined);
    const next = confirmed(flow);
    expect(next.step.name).to.equal('starting');
    expect(next.sides.current).to.equal('front');
    expect(next.sides.shots.front).to.equal(undefined);
  });
});

describe('flow: moving on', () => {
  it('goes front → back → complete, dropping the photos at completion', () => {
    let flow = confirmed(reviewed(initialFlow(), 'front', FRONT));
    expect(flow.step.name).to.equal('starting');
    expect(flow.sides.current).to.equal('back');

    flow = confirmed(reviewed(cameraReady(flow), 'back', BACK));

    expect(flow.step.name).to.equal('complete');
    expect(flow.sides.shots).to.deep.equal({});
    const detail = completion(flow.sides)!;
    expect([detail.front.card_side, detail.back?.card_side]).to.deep.equal(['front', 'back']);
  });

  it('completes a foreigner card with its front', () => {
    const flow = confirmed(reviewed(initialFlow(), 'front', ALIEN_FRONT));

    expect(flow.step.name).to.equal('complete');
    expect(completion(flow.sides)?.back).to.equal(null);
  });

  it('a retake drops the side and opens the camera for it; a side not asked for is refused', () => {
    const flow = reviewed(initialFlow(), 'front', FRONT);
    const again = retaken(flow, sideToRetake(flow))!;

    expect(again.step.name).to.equal('starting');
    expect(again.sides.results.front).to.equal(undefined);
    expect(retaken(initialFlow(['front']), 'back')).to.equal(null);
  });

  it('retaking the side asked for drops the other side kept with the photo', () => {
    const flow = reviewed(initialFlow(), 'front', BACK);
    const again = retaken(flow, sideToRetake(flow))!;

    expect(again.sides.current).to.equal('front');
    expect(again.sides.results.back).to.equal(undefined);
    expect(again.sides.shots.back).to.equal(undefined);
  });

  it('a restart (and a new connection, bug 5) forgets every side, error and attempt', () => {
    let flow = confirmed(reviewed(initialFlow(), 'front', FRONT));
    flow = failed(uploadFailed(shotTaken(flow, 'back', photo()), 'back').flow, error('INTERNAL_ERROR', 'back'));

    const fresh = restarted(flow);

    expect(fresh).to.deep.equal(initialFlow());
  });
});

describe('flow: the way forward after an error', () => {
  it('offers a retry only for a retryable failure with a photo kept', () => {
    expect(errorActions(nextStep('INTERNAL_ERROR'), true, true)).to.deep.equal({
      retry: true,
      retake: true,
      pickFile: true,
    });
    expect(errorActions(nextStep('INTERNAL_ERROR'), true, false).retry).to.equal(false);
  });

  it('offers no retake after an integrator fault, and nothing after CONFIG_ERROR (bug 3)', () => {
    expect(errorActions(nextStep('UNAUTHORIZED'), false, true)).to.deep.equal({
      retry: false,
      retake: false,
      pickFile: true,
    });
    expect(errorActions(nextStep('CONFIG_ERROR'), false, true)).to.deep.equal({
      retry: false,
      retake: false,
      pickFile: false,
    });
  });

  it('offers a retake and a file after a refused picture', () => {
    expect(errorActions(nextStep('IMAGE_TOO_SMALL'), false, false)).to.deep.equal({
      retry: false,
      retake: true,
      pickFile: true,
    });
  });
});

describe('planRetry: where an upload is retried', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };

  it('waits and sends again a transient failure, within the retries', () => {
    expect(planRetry(policy, 1, failure('INTERNAL_ERROR', true), true, () => 0)).to.deep.equal({
      kind: 'after',
      ms: 50,
    });
    expect(planRetry(policy, 3, failure('INTERNAL_ERROR', true), true)).to.deep.equal({ kind: 'by-user' });
  });

  it('waits for the network when offline, within the retries', () => {
    expect(planRetry(policy, 1, failure('NETWORK_ERROR', true), false)).to.deep.equal({ kind: 'when-online' });
  });

  it('leaves it to the person offline when retries is 0 (bug 7)', () => {
    const none = { ...policy, retries: 0 };

    expect(planRetry(none, 1, failure('NETWORK_ERROR', true), false)).to.deep.equal({ kind: 'by-user' });
  });

  it('never sends again a failure that is not retryable, nor CONFIG_ERROR (bug 3)', () => {
    expect(planRetry(policy, 1, failure('DETECTION_FAILED', false), true)).to.deep.equal({ kind: 'by-user' });
    expect(planRetry(policy, 1, failure('CONFIG_ERROR', false), false)).to.deep.equal({ kind: 'by-user' });
  });
});
