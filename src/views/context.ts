import type { Side } from '../api/types.js';
import type { Flow } from '../flow/flow.js';
import type { Lang, Strings } from '../i18n/strings.js';

/** What every view reads: the flow and the strings of the person's language. */
export interface ViewContext {
  flow: Flow;
  /** The strings of the current language, with the integrator's overrides. */
  t: Strings;
  lang: Lang;
}

/** The name of a side as a noun after "el" (`anverso`, `reverso`). */
export function sideName(t: Strings, side: Side): string {
  return side === 'front' ? t.sideFront : t.sideBack;
}
