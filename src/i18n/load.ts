/**
 * The translation tables as the widget loads them. What it says before a photo is taken comes
 * with the widget in Spanish (the default, and the fallback), and loads when it is in English.
 * What it says once a photo is taken (src/i18n/strings.ts: `ResultStrings`) loads when the camera
 * is live, or on first use, in the person's language only. A language the page does
 * not use is never loaded.
 */
import { Lazy } from '../lazy.js';
import { es } from './es.js';
import type { CoreStrings, Lang, ResultStrings } from './strings.js';

/** What the widget says before a photo is taken, per language. */
export const coreStrings: Readonly<Record<Lang, Lazy<CoreStrings>>> = {
  es: new Lazy(() => Promise.resolve(es), es),
  en: new Lazy(() => import('./en.js').then((m) => m.en)),
};

/** What the widget says once a photo is taken, per language. */
export const resultStrings: Readonly<Record<Lang, Lazy<ResultStrings>>> = {
  es: new Lazy(() => import('./es-results.js').then((m) => m.esResults)),
  en: new Lazy(() => import('./en-results.js').then((m) => m.enResults)),
};
