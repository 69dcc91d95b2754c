/** The language helpers the widget needs before any table has loaded. */
import type { Lang } from './strings.js';

/** The language for a `lang` attribute: `es-PE` → `es`, `en-US` → `en`, anything else → `es`. */
export function resolveLang(attr: string | null | undefined): Lang {
  const primary = (attr ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'en' ? 'en' : 'es';
}

/**
 * Fills `{name}` placeholders; a placeholder without a parameter is left as it is. A table still
 * loading gives `undefined` for its keys (src/dni-capture.ts: `t`): that reads as empty.
 */
export function format(template: string, params: Readonly<Record<string, string | number>>): string {
  return String(template ?? '').replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match,
  );
}
