/**
 * What the widget needs once a photo is taken: sending it (the API client and the response's
 * parser), checking a result, showing the review, decoding the birth place. One chunk, loaded
 * as soon as the camera is live (so the review never waits on the network) or on first use, so that the camera path does not carry it. The review's strings load beside it, in the
 * person's language only (src/i18n/load.ts).
 */
import { checkPair, checkResult } from '../checks/checks.js';
import type { ResultChecks } from './flow.js';

export { sendSide } from '../api/client.js';
export { lookupUbigeo } from '../ubigeo/ubigeo.js';
export { renderReview } from '../views/review.js';
export { reviewStyles } from '../views/review.styles.js';

export const checks: ResultChecks = { result: (result) => checkResult(result), pair: checkPair };
