import type { nothing, TemplateResult } from 'lit';
import type { Flow } from '../flow/flow.js';
import type { Lang, Strings } from '../i18n/strings.js';

/** What every view reads: the flow and the strings of the person's language. */
export interface ViewContext {
  flow: Flow;
  /** The strings of the current language, with the integrator's overrides. */
  t: Strings;
  lang: Lang;
}

/**
 * The status text and buttons of the steps whose code loads with a chunk: the review and
 * completion with the results (src/views/review-steps.ts), a picked picture's question with the
 * file intake (src/views/check-step.ts). The camera path's steps are src/views/status.ts's and
 * src/views/actions.ts's, which ask these for the others.
 */
export interface StepViews {
  status(ctx: ViewContext): string;
  actions(ctx: ViewContext, on: ActionHandlers): TemplateResult | typeof nothing;
}

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
