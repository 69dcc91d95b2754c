/** The text of the `status` live region, for each step. */
import { format } from '../i18n/format.js';
import { HINT_KEYS } from '../i18n/messages.js';
import type { Guidance } from '../quality/quality-controller.js';
import { sideName, type ViewContext } from './context.js';

/** What the person is told: the step's instruction, progress, question, result or error. */
export function statusText(ctx: ViewContext, guidance: Guidance | null, autoCapture: boolean): string {
  const { t, flow } = ctx;
  const step = flow.step;
  switch (step.name) {
    case 'starting':
      return t.startingCamera;
    case 'live':
      return guidanceText(ctx, guidance, autoCapture);
    case 'check': {
      const hint = step.suspect.report.verdict.hint;
      return hint === 'more-light' ? t.fileDark : hint === 'place-card' ? t.fileNoCard : t.fileBlurry;
    }
    case 'busy':
      return step.progress > 0 ? format(t.uploading, { percent: Math.round(step.progress * 100) }) : t.processing;
    case 'review': {
      const review = step.review;
      if (review.side === review.requested) return format(t.reviewSide, { side: sideName(t, flow.sides.current) });
      const sides = { actual: sideName(t, review.side), wanted: sideName(t, review.requested) };
      return `${format(t.wrongSide, sides)} ${format(review.kept ? t.wrongSideKept : t.wrongSideAgain, sides)}`;
    }
    case 'error': {
      const { retryIn, message } = step.error;
      return retryIn == null ? message : `${message} ${format(t.retryingIn, { seconds: Math.ceil(retryIn / 1000) })}`;
    }
    case 'no-camera':
      return step.cameraError.message;
    case 'complete':
      return t.complete;
  }
}

/** While the camera is live: the side's instruction, or the quality gate's hint. */
function guidanceText({ t, flow }: ViewContext, guidance: Guidance | null, autoCapture: boolean): string {
  if (!guidance) return flow.sides.current === 'front' ? t.placeFront : t.placeBack;
  if (guidance === 'ready') return autoCapture ? t.hintReadyAuto : t.hintReady;
  return t[HINT_KEYS[guidance]];
}
