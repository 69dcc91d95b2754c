/** The buttons of each step, and the file input. */
import { html, nothing } from 'lit';
import { nextStep } from '../api/errors.js';
import { errorActions } from '../flow/flow.js';
import { FILE_ACCEPT } from '../image/limits.js';
import type { ActionHandlers, StepViews, ViewContext } from './context.js';

export type { ActionHandlers } from './context.js';

/** The file input, as a button-like label (`label`: the default, `pickFile`). */
export function fileInput({ t }: ViewContext, on: ActionHandlers, label = t.pickFile) {
  return html`<label part="file-label" class="file"
    >${label} <input part="file-input" type="file" accept=${FILE_ACCEPT} @change=${on.pickFile}
  /></label>`;
}

/**
 * The row of buttons for the current step; a step whose views load with a chunk asks `later`
 * (nothing while it has not loaded).
 */
export function renderActions(ctx: ViewContext, on: ActionHandlers, later?: StepViews) {
  const { t, flow } = ctx;
  const step = flow.step;
  switch (step.name) {
    case 'starting':
      return fileInput(ctx, on);
    case 'live':
      return html`<button part="capture-button" class="primary" @click=${on.capture}>${t.capture}</button>
        ${fileInput(ctx, on)}`;
    case 'busy':
      return nothing;
    case 'error': {
      const { code, retryable } = step.error;
      const offer = errorActions(nextStep(code), retryable, Boolean(flow.sides.shots[flow.sides.current]));
      return html`${offer.retry ? html`<button part="retry-button" class="primary" @click=${on.retry}>${t.retry}</button>` : nothing}
      ${offer.retake ? html`<button part="retake-button" @click=${on.retake}>${t.retake}</button>` : nothing}
      ${offer.pickFile ? fileInput(ctx, on) : nothing}`;
    }
    case 'no-camera':
      return html`${fileInput(ctx, on)} <button part="camera-button" @click=${on.useCamera}>${t.useCamera}</button>`;
    default:
      return later?.actions(ctx, on) ?? nothing;
  }
}

/** Whether the hint about accepted files shows (wherever a file can be picked as the way in). */
export function showsFileHint(ctx: ViewContext): boolean {
  const step = ctx.flow.step;
  if (step.name === 'error') return nextStep(step.error.code) !== 'none';
  return step.name === 'live' || step.name === 'no-camera';
}
