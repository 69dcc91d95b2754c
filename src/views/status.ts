/** The text of the `status` live region, for each step. */
import { format } from '../i18n/format.js';
import { hintKey } from '../i18n/hints.js';
import type { Guidance } from '../quality/quality-controller.js';
import type { StepViews, ViewContext } from './context.js';

/**
 * What the person is told: the step's instruction, progress, question, result or error; a step
 * whose views load with a chunk asks `later` (nothing while it has not loaded).
 */
export function statusText(
  ctx: ViewContext,
  guidance: Guidance | null,
  autoCapture: boolean,
  later?: StepViews,
): string {
  const { t, flow } = ctx;
  const step = flow.step;
  switch (step.name) {
    case 'starting':
      return t.startingCamera;
    case 'live':
      return guidanceText(ctx, guidance, autoCapture);
    case 'busy':
      return step.progress > 0 ? format(t.uploading, { percent: Math.round(step.progress * 100) }) : t.processing;
    case 'error': {
      const { retryIn, message } = step.error;
      return retryIn == null ? message : `${message} ${format(t.retryingIn, { seconds: Math.ceil(retryIn / 1000) })}`;
    }
    case 'no-camera':
      return step.cameraError.message;
    default:
      return later?.status(ctx) ?? '';
  }
}

/** While the camera is live: the side's instruction, or the quality gate's hint. */
function guidanceText({ t, flow }: ViewContext, guidance: Guidance | null, autoCapture: boolean): string {
  if (!guidance) return flow.sides.current === 'front' ? t.placeFront : t.placeBack;
  if (guidance === 'ready') return autoCapture ? t.hintReadyAuto : t.hintReady;
  return t[hintKey(guidance)];
}
