/**
 * The status text and buttons of the question about a picked picture that looks bad: in the
 * file intake's chunk (src/flow/intake-file.ts), which asked it, so the camera path does not
 * carry them.
 */
import { html, nothing } from 'lit';
import { fileInput } from './actions.js';
import type { StepViews } from './context.js';

export const checkStep: StepViews = {
  /** What looks wrong with the picture, and the question whether to send it anyway. */
  status({ t, flow }) {
    const step = flow.step;
    if (step.name !== 'check') return '';
    const hint = step.suspect.report.verdict.hint;
    return hint === 'more-light' ? t.fileDark : hint === 'place-card' ? t.fileNoCard : t.fileBlurry;
  },

  /** Send it anyway, pick another, or use the camera. */
  actions(ctx, on) {
    if (ctx.flow.step.name !== 'check') return nothing;
    return html`<button part="send-anyway-button" @click=${on.sendAnyway}>${ctx.t.sendAnyway}</button>
      ${fileInput(ctx, on, ctx.t.pickAnother)}
      <button part="camera-button" @click=${on.useCamera}>${ctx.t.useCamera}</button>`;
  },
};
