/**
 * Sanity checks on what the API read (shared/domain/peru-documents.md). They never block:
 * each finding becomes a `ResultWarning` in the `dni-result` / `dni-complete` details and a
 * gentle line in the review (`warningMessage()` in src/review/fields.ts). Pure: no DOM.
 */
import { cardFields, type CardField } from '../api/card-fields.js';
import type { CardResult } from '../api/types.js';
import { idNumberCheckOk } from './check-character.js';
import { isMaskedDate, isNoExpiry, parseCardDate, utcDay, yearsBetween } from './dates.js';

export { dniCheckCharacter } from './check-character.js';
export { parseCardDate } from './dates.js';

export type WarningCode =
  | 'CHECK_CHARACTER_MISMATCH'
  | 'INVALID_DATE'
  | 'BIRTHDAY_IN_FUTURE'
  | 'AGE_OUT_OF_RANGE'
  | 'EXPIRY_BEFORE_ISSUE'
  | 'EXPIRED'
  | 'CARD_TYPE_MISMATCH'
  | 'WRONG_SIDE';

/** Every warning code, in the order a review lists them. */
export const WARNING_CODES: readonly WarningCode[] = [
  'WRONG_SIDE',
  'CARD_TYPE_MISMATCH',
  'CHECK_CHARACTER_MISMATCH',
  'INVALID_DATE',
  'BIRTHDAY_IN_FUTURE',
  'AGE_OUT_OF_RANGE',
  'EXPIRY_BEFORE_ISSUE',
  'EXPIRED',
];

export interface ResultWarning {
  code: WarningCode;
  /**
   * The card_info field concerned, or null. For the foreigner card a date is named by its base
   * field (`birthday`, not `birthday_s`), as the review shows one line per date.
   */
  field: string | null;
}

/** Age above which a date of birth is taken for a misreading. */
export const MAX_AGE = 120;

type DateRead =
  | { kind: 'date'; date: Date }
  /** Empty, masked with `x`, or a "does not expire" wording: nothing to check. */
  | { kind: 'none' }
  | { kind: 'invalid' };

/** A text field of card_info, trimmed; '' when absent (own properties only). */
function text(info: object, key: string): string {
  if (!Object.prototype.hasOwnProperty.call(info, key)) return '';
  const value = (info as Record<string, unknown>)[key];
  return typeof value === 'string' ? value.trim() : '';
}

/** The date in a field; its twin (the foreigner card's formatted `_s` date) first when present. */
function readDate(result: CardResult, spec: CardField): DateRead {
  const info = result.card_info;
  const raw = (spec.twin !== undefined && text(info, spec.twin)) || text(info, spec.key);
  if (raw === '' || isMaskedDate(raw) || (spec.key === 'expiry_date' && isNoExpiry(raw))) return { kind: 'none' };
  const date = parseCardDate(raw);
  return date ? { kind: 'date', date } : { kind: 'invalid' };
}

/**
 * The warnings about one side: a wrong DNI check character (new and old DNI; a masked or
 * unhyphenated number cannot be checked and gives none), dates that do not exist, a birthday
 * in the future or more than `MAX_AGE` years ago, an expiry not after the issue, and an expiry
 * before `today` (the device's calendar day; a document expiring today is still valid).
 * A back carries nothing to check.
 */
export function checkResult(result: CardResult, today: Date = new Date()): ResultWarning[] {
  const warnings: ResultWarning[] = [];
  if (result.card_side !== 'front') return warnings;
  const day = utcDay(Number.isNaN(today.getTime()) ? new Date() : today);

  const fields = cardFields(result.card_type, result.card_side);

  for (const spec of fields.filter((f) => f.kind === 'dniNumber')) {
    const idNumber = text(result.card_info, spec.key);
    if (idNumber !== '' && idNumberCheckOk(idNumber) === false) {
      warnings.push({ code: 'CHECK_CHARACTER_MISMATCH', field: spec.key });
    }
  }

  // The dates the card prints, in reading order.
  const dates = new Map<string, Date>();
  for (const spec of fields.filter((f) => f.kind === 'date')) {
    const read = readDate(result, spec);
    if (read.kind === 'invalid') warnings.push({ code: 'INVALID_DATE', field: spec.key });
    if (read.kind === 'date') dates.set(spec.key, read.date);
  }

  const birthday = dates.get('birthday');
  if (birthday && birthday > day) warnings.push({ code: 'BIRTHDAY_IN_FUTURE', field: 'birthday' });
  else if (birthday && yearsBetween(birthday, day) > MAX_AGE)
    warnings.push({ code: 'AGE_OUT_OF_RANGE', field: 'birthday' });

  const issue = dates.get('issue_date');
  const expiry = dates.get('expiry_date');
  if (issue && expiry && expiry <= issue) {
    // One of the two was misread: saying "expired" on top would only add noise.
    warnings.push({ code: 'EXPIRY_BEFORE_ISSUE', field: 'expiry_date' });
  } else if (expiry && expiry < day) {
    warnings.push({ code: 'EXPIRED', field: 'expiry_date' });
  }
  return warnings;
}

/** `CARD_TYPE_MISMATCH` when both sides were read and the API names different card types. */
export function checkPair(front: CardResult | undefined, back: CardResult | undefined): ResultWarning[] {
  if (!front || !back || front.card_type === back.card_type) return [];
  return [{ code: 'CARD_TYPE_MISMATCH', field: null }];
}
