/**
 * What the review shows of a result: every documented field of the card type and side, in
 * reading order, labelled in the user's language, with values spelled out as plain text
 * (dates readable, sex and marital status in words, the birth place decoded). Pure: no DOM;
 * the element renders each value as a text node, so nothing here is ever markup.
 */
import { CARD_FIELD_TABLE, cardFields, LABEL_OF_KEY, type CardField } from '../api/card-fields.js';
import type { CardResult, CardType, Side } from '../api/types.js';
import type { ResultWarning, WarningCode } from '../checks/checks.js';
import { parseCardDate } from '../checks/dates.js';
import { format } from '../i18n/format.js';
import type { Lang, Strings } from '../i18n/strings.js';
import type { UbigeoPlace } from '../ubigeo/ubigeo.js';

export interface DisplayField {
  /** The card_info field (`birthday` also stands for the foreigner card's `birthday_s`, `gender` for `gender_s`). */
  key: string;
  label: string;
  value: string;
}

/** A line of the review as the table of fields (src/api/card-fields.ts) describes it. */
export type FieldSpec = CardField;

/**
 * Reading order per card type and side, from the table of fields: who (number, names), then the
 * person (sex, birth, marital status), then the document (dates), then the rest. A field's twin
 * is folded into its line: `gender_s` into `gender`, the foreigner card's `*_s` dates into theirs.
 */
export const FIELD_LAYOUT: Readonly<Record<CardType, Readonly<Record<Side, readonly FieldSpec[]>>>> = CARD_FIELD_TABLE;

/** The `Strings` key of each warning's message. */
export const WARNING_MESSAGE_KEYS: Readonly<Record<WarningCode, keyof Strings>> = {
  WRONG_SIDE: 'warningWrongSide',
  CARD_TYPE_MISMATCH: 'warningCardTypeMismatch',
  CHECK_CHARACTER_MISMATCH: 'warningCheckCharacter',
  INVALID_DATE: 'warningInvalidDate',
  BIRTHDAY_IN_FUTURE: 'warningBirthdayInFuture',
  AGE_OUT_OF_RANGE: 'warningAgeOutOfRange',
  EXPIRY_BEFORE_ISSUE: 'warningExpiryBeforeIssue',
  EXPIRED: 'warningExpired',
};

const has = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

// eslint-disable-next-line no-control-regex -- replacing control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/** A card_info field as one line of plain text ('' when absent): controls become spaces, runs of spaces one. */
function text(info: object, key: string): string {
  const value = has(info, key) ? (info as Record<string, unknown>)[key] : undefined;
  if (typeof value !== 'string') return '';
  return value.replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
}

/** `migratory_quality` → `Migratory quality`: the label of a field no table names. */
function humanise(key: string): string {
  const words = key.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The label of a card_info field in `strings`, for any card type (`id_number` reads as the DNI number). */
export function fieldLabel(key: string, strings: Strings): string {
  const label = LABEL_OF_KEY.get(key);
  return label ? strings[label] || humanise(key) : humanise(key);
}

const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

/** `16 de mayo de 1994` / `16 May 1994`: the day the card prints, whatever the device's time zone. */
function formatDate(date: Date, lang: Lang): string {
  let formatter = dateFormats.get(lang);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'es-PE', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    dateFormats.set(lang, formatter);
  }
  return formatter.format(date);
}

const MALE = /^(m|masculino|male)$/iu;
const FEMALE = /^(f|femenino|female)$/iu;

/** `M`, `MASCULINO` → Masculino; `F`, `FEMENINO` → Femenino; anything else as read. */
function spellSex(value: string, strings: Strings): string {
  if (MALE.test(value)) return strings.valueMale;
  if (FEMALE.test(value)) return strings.valueFemale;
  return value;
}

const MARITAL: readonly [RegExp, keyof Strings, keyof Strings][] = [
  [/^(s|solter[oa])$/iu, 'valueSingle', 'valueSingleFemale'],
  [/^(c|casad[oa])$/iu, 'valueMarried', 'valueMarriedFemale'],
  [/^(d|divorciad[oa])$/iu, 'valueDivorced', 'valueDivorcedFemale'],
  [/^(v|viud[oa])$/iu, 'valueWidowed', 'valueWidowedFemale'],
];

/** `S`/`Soltero` … `V`/`Viudo` in words, feminine for a woman; anything else as read. */
function spellMarital(value: string, female: boolean, strings: Strings): string {
  for (const [pattern, masculine, feminine] of MARITAL) {
    if (pattern.test(value)) return strings[female ? feminine : masculine];
  }
  return value;
}

/** `SI`, `Sí` → Sí; `NO`, `No` → No; anything else as read. */
function spellYesNo(value: string, strings: Strings): string {
  if (/^(s[ií]|yes)$/iu.test(value)) return strings.valueYes;
  if (/^no$/iu.test(value)) return strings.valueNo;
  return value;
}

/** `LIMA/LIMA/LA VICTORIA` (department/province/district) → `LA VICTORIA, LIMA, LIMA`, as the birth place reads. */
function spellResidence(value: string): string {
  const parts = value.split('/').map((part) => part.trim());
  return parts.length === 3 && parts.every((part) => part !== '') ? `${parts[2]}, ${parts[1]}, ${parts[0]}` : value;
}

/** The birth place code, decoded when the caller looked it up: `JESUS MARIA, LIMA, LIMA (140133)`. */
function spellBirthPlace(code: string, place: UbigeoPlace | null | undefined): string {
  if (!place?.district) return code;
  return `${place.district}, ${place.province}, ${place.department} (${code})`;
}

/** A date: its formatted twin (the foreigner card's `_s`) first; readable if it parses, else as printed. */
function spellDate(result: CardResult, spec: FieldSpec, lang: Lang): string {
  const printed = text(result.card_info, spec.key);
  const formatted = spec.twin === undefined ? '' : text(result.card_info, spec.twin);
  for (const candidate of [formatted, printed]) {
    const date = candidate === '' ? null : parseCardDate(candidate);
    if (date) return formatDate(date, lang);
  }
  return printed || formatted;
}

/**
 * The lines of the review for one side: every documented field of its card type and side, in
 * reading order, labelled in `lang`'s words from `strings` (the widget's table with the integrator's
 * non-empty overrides), values as plain text. Empty values are left out. `place` is what
 * `lookupUbigeo(birth_place)` gave; without it the code is shown. Fields of an undocumented
 * side (the foreigner card's back) follow as the API sent them.
 */
export function displayFields(
  result: CardResult,
  strings: Strings,
  lang: Lang,
  place?: UbigeoPlace | null,
): DisplayField[] {
  const info = result.card_info;
  const layout = cardFields(result.card_type, result.card_side);
  const sex = text(info, 'gender') || text(info, 'gender_s');
  const female = FEMALE.test(sex) || FEMALE.test(text(info, 'gender_s'));
  const fields: DisplayField[] = [];

  for (const spec of layout) {
    let value: string;
    switch (spec.kind) {
      case 'date':
        value = spellDate(result, spec, lang);
        break;
      case 'sex':
        value = sex === '' ? '' : spellSex(sex, strings);
        break;
      case 'marital':
        value = spellMarital(text(info, spec.key), female, strings);
        break;
      case 'yesNo':
        value = spellYesNo(text(info, spec.key), strings);
        break;
      case 'birthPlace':
        value = text(info, spec.key) === '' ? '' : spellBirthPlace(text(info, spec.key), place);
        break;
      case 'residence':
        value = spellResidence(text(info, spec.key));
        break;
      default:
        value = text(info, spec.key);
    }
    if (value !== '') fields.push({ key: spec.key, label: strings[spec.label], value });
  }

  if (layout.length === 0) {
    for (const key of Object.keys(info)) {
      const value = text(info, key);
      if (value === '') continue;
      const label = LABEL_OF_KEY.get(key);
      fields.push({ key, label: label ? fieldLabel(key, strings) : humanise(key), value });
    }
  }
  return fields;
}

/** The sentence the review shows for a warning, in the language of `strings`. */
export function warningMessage(warning: ResultWarning, strings: Strings): string {
  const key = has(WARNING_MESSAGE_KEYS, warning.code) ? WARNING_MESSAGE_KEYS[warning.code] : undefined;
  if (!key) return strings.errorUnknown;
  const template = strings[key];
  if (warning.code !== 'INVALID_DATE') return template;
  return format(template, { field: warning.field ? fieldLabel(warning.field, strings) : '—' });
}
