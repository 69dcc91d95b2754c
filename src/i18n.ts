/**
 * Every user-facing string of `<dni-capture>`, per language: for each language a core file
 * (`src/i18n/es.ts`: what the widget says before there is a result) and a review file
 * (`src/i18n/es-results.ts`), beside the shape they share (src/i18n/strings.ts: `Strings`, each key
 * documented) and the tables of which string says what (src/i18n/messages.ts, src/i18n/hints.ts). `es` (Peruvian
 * Spanish, usted) is the default. Each string can be overridden through the element's `strings`
 * property. Placeholders are `{name}`, filled by `format()`.
 *
 * The widget itself loads the tables on demand (src/i18n/load.ts); this module puts each language
 * together whole, for the tests, the demo and the review's own modules that need them all.
 */
import { en as enCore } from './i18n/en.js';
import { enResults } from './i18n/en-results.js';
import { es as esCore } from './i18n/es.js';
import { esResults } from './i18n/es-results.js';
import type { Lang, Strings } from './i18n/strings.js';

export type { CoreStrings, Lang, ResultStrings, Strings } from './i18n/strings.js';
export { ERROR_MESSAGE_KEYS, errorMessage } from './i18n/messages.js';
export { hintKey, type HintKey } from './i18n/hints.js';
export { format, resolveLang } from './i18n/format.js';

export const es: Strings = { ...esCore, ...esResults };
export const en: Strings = { ...enCore, ...enResults };

export const translations: Readonly<Record<Lang, Strings>> = { es, en };
