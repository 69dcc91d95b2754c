/**
 * The status text and buttons of the review of a side and of completion: in the results chunk
 * (src/flow/results.ts), which a review needs anyway, so the camera path does not carry them.
 */
import { html } from 'lit';
import { sideAfterReview } from '../flow/reading.js';
import { format } from '../i18n/format.js';
import type { Side } from '../api/types.js';
import type { Strings } from '../i18n/strings.js';
import type { StepViews } from './context.js';

/** The name of a side as a noun after "el" (`anverso`, `reverso`). */
export function sideName(t: Strings, side: Side): string {
  return side === 'front' ? t.sideFront : t.sideBack;
}

export const reviewSteps: StepViews = {
  /** The side read (or, read from the wrong side, what happened and what to do), or done. */
  status({ t, flow }) {
    const step = flow.step;
    if (step.name !== 'review') return t.complete;
    const review = step.review;
    if (review.side === review.requested) return format(t.reviewSide, { side: sideName(t, flow.sides.current) });
    const sides = { actual: sideName(t, review.side), wanted: sideName(t, review.requested) };
    return `${format(t.wrongSide, sides)} ${format(review.kept ? t.wrongSideKept : t.wrongSideAgain, sides)}`;
  },

  /** Confirm (naming the next side, if any) or retake; once complete, start over. */
  actions({ t, flow }, on) {
    if (flow.step.name !== 'review') {
      return html`<button part="restart-button" @click=${on.restart}>${t.restart}</button>`;
    }
    const next = sideAfterReview(flow);
    const label = next ? format(t.confirmNext, { side: sideName(t, next) }) : t.confirm;
    return html`<button part="confirm-button" class="primary" @click=${on.confirm}>${label}</button>
      <button part="retake-button" @click=${on.retake}>${t.retake}</button>`;
  },
};
