/** The buttons of each step, and the file input. */
import { html, nothing } from 'lit';
import { nextStep } from '../api/errors.js';
import { errorActions, sideAfterReview } from '../flow/flow.js';
import { format } from '../i18n/format.js';
import { FILE_ACCEPT } from '../image/limits.js';
import { sideName, type ViewContext } from './context.js';

/** What the buttons do (the element's handlers). */
export interface ActionHandlers {
  capture: () => void;
  sendAnyway: () => void;
  useCamera: () => void;
  confirm: () => void;
  retake: () => void;
  retry: () => void;
  restart: () => void;
  pickFile: (event: Event) => void;
}

/** The row of buttons for the current step. */
export function renderActions(ctx: ViewContext, on: ActionHandlers) {
  const { t, flow } = ctx;
  const step = flow.step;
  const fileInput = (label = t.pickFile) =>
    html`<label part="file-label" class="file"
      >${label} <input part="file-input" type="file" accept=${FILE_ACCEPT} @change=${on.pickFile}
    /></label>`;
  switch (step.name) {
    case 'starting':
      return fileInput();
    case 'live':
      return html`<button part="capture-button" class="primary" @click=${on.capture}>${t.capture}</button>
        ${fileInput()}`;
    case 'busy':
      return nothing;
    case 'check':
      return html`<button part="send-anyway-button" @click=${on.sendAnyway}>${t.sendAnyway}</button>
        ${fileInput(t.pickAnother)}
        <button part="camera-button" @click=${on.useCamera}>${t.useCamera}</button>`;
    case 'review': {
      const next = sideAfterReview(flow);
      const label = next ? format(t.confirmNext, { side: sideName(t, next) }) : t.confirm;
      return html`<button part="confirm-button" class="primary" @click=${on.confirm}>${label}</button>
        <button part="retake-button" @click=${on.retake}>${t.retake}</button>`;
    }
    case 'error': {
      const { code, retryable } = step.error;
      const offer = errorActions(nextStep(code), retryable, Boolean(flow.sides.shots[flow.sides.current]));
      return html`${offer.retry ? html`<button part="retry-button" class="primary" @click=${on.retry}>${t.retry}</button>` : nothing}
      ${offer.retake ? html`<button part="retake-button" @click=${on.retake}>${t.retake}</button>` : nothing}
      ${offer.pickFile ? fileInput() : nothing}`;
    }
    case 'no-camera':
      return html`${fileInput()} <button part="camera-button" @click=${on.useCamera}>${t.useCamera}</button>`;
    case 'complete':
      return html`<button part="restart-button" @click=${on.restart}>${t.restart}</button>`;
  }
}

/** Whether the hint about accepted files shows (wherever a file can be picked as the way in). */
export function showsFileHint(ctx: ViewContext): boolean {
  const step = ctx.flow.step;
  if (step.name === 'error') return nextStep(step.error.code) !== 'none';
  return step.name === 'live' || step.name === 'no-camera';
}
