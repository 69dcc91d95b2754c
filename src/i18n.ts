/**
 * Every user-facing string of `<dni-capture>`, per language: one file per language beside the
 * shape they share (src/i18n/strings.ts: `Strings`, each key documented), and the tables of which
 * string says what (src/i18n/messages.ts). `es` (Peruvian Spanish, usted) is the default. Each
 * string can be overridden through the element's `strings` property. Placeholders are `{name}`,
 * filled by `format()`.
 */
import { en } from './i18n/en.js';
import { es } from './i18n/es.js';
import type { Lang, Strings } from './i18n/strings.js';

export type { Lang, Strings } from './i18n/strings.js';
export { en } from './i18n/en.js';
export { es } from './i18n/es.js';
export { ERROR_MESSAGE_KEYS, HINT_KEYS, errorMessage } from './i18n/messages.js';

export const translations: Readonly<Record<Lang, Strings>> = { es, en };

/** The language for a `lang` attribute: `es-PE` → `es`, `en-US` → `en`, anything else → `es`. */
export function resolveLang(attr: string | null | undefined): Lang {
  const primary = (attr ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'en' ? 'en' : 'es';
}

/** Fills `{name}` placeholders; a placeholder without a parameter is left as it is. */
export function format(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match,
  );
}
