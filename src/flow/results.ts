/**
 * What the widget needs once a photo is taken: sending it (the API client and the response's
 * parser), the flow's moves once a side is read and the checks on the result
 * (src/flow/reading.ts), showing the review, decoding the birth place. One chunk, loaded as soon
 * as the camera is live (so the review never waits on the network) or on first use, so that the
 * camera path does not carry it. The review's strings load beside it, in the person's language
 * only (src/i18n/load.ts).
 */
import { sendSide, type SendSideOptions } from '../api/client.js';
import type { ParseOutcome } from '../api/parse.js';
import { DEFAULT_RETRY_POLICY, planRetry, type RetryPlan, type RetryPolicy } from '../api/retry.js';
import type { ApiFailure, Side } from '../api/types.js';
import { lookupUbigeo, type UbigeoPlace } from '../ubigeo/ubigeo.js';
import type { Review, Shot } from './flow.js';
import { birthPlaceCode } from './reading.js';

export { answered, completion, confirmed } from './reading.js';
export { renderFace, renderReview } from '../views/review.js';
export { reviewSteps } from '../views/review-steps.js';
export { reviewStyles } from '../views/review.styles.js';

/** How the element sends: its proxy, headers and timeout, the upload's signal and progress. */
export type SendRequest = Pick<SendSideOptions, 'url' | 'headers' | 'timeoutMs' | 'signal' | 'onProgress'>;

/**
 * POSTs the kept photo of `side` (src/api/client.ts): its bytes and file name, its pixel size to
 * check `face_region` against (none for a PDF), and its idempotency key, the same on every retry.
 */
export function send(side: Side, shot: Shot, request: SendRequest): Promise<ParseOutcome> {
  const { blob, fileName, width, height, idempotencyKey } = shot;
  return sendSide({ ...request, side, blob, fileName, image: width ? { width, height } : undefined, idempotencyKey });
}

/**
 * Looks up the review's `birth_place` in the UBIGEO table (loaded on first use) into `places`,
 * then calls `done` (the review shows it), unless `current()` says the widget was removed
 * meanwhile: it keeps nothing of the person's document.
 */
export function decodeBirthPlace(
  review: Review,
  places: Map<string, UbigeoPlace | null>,
  current: () => boolean,
  done: () => void,
): void {
  const code = birthPlaceCode(review);
  if (!code || places.has(code)) return;
  void lookupUbigeo(code)
    .catch(() => null)
    .then((place) => {
      if (!current()) return;
      places.set(code, place);
      done();
    });
}

/** Whether and when a failed upload is sent again (`planRetry`), by the element's `retryPolicy` merged over the defaults. */
export function retryPlan(
  overrides: Partial<RetryPolicy>,
  attempt: number,
  failure: ApiFailure,
  online: boolean,
): RetryPlan {
  return planRetry({ ...DEFAULT_RETRY_POLICY, ...overrides }, attempt, failure, online);
}
