/**
 * Dates as Peruvian ID cards print them (shared/domain/peru-documents.md): `dd/mm/yyyy` on the
 * DNI, `12 MAR 1991` (and a formatted `12-03-1991`) on the foreigner card. Pure functions:
 * every date is a UTC midnight, so nothing depends on the device's time zone.
 */

/** Month names and abbreviations, Peruvian (`SET` for September) and English, upper case. */
const MONTHS: Readonly<Record<string, number>> = {
  ENE: 1,
  ENERO: 1,
  JAN: 1,
  JANUARY: 1,
  FEB: 2,
  FEBRERO: 2,
  FEBRUARY: 2,
  MAR: 3,
  MARZO: 3,
  MARCH: 3,
  ABR: 4,
  ABRIL: 4,
  APR: 4,
  APRIL: 4,
  MAY: 5,
  MAYO: 5,
  JUN: 6,
  JUNIO: 6,
  JUNE: 6,
  JUL: 7,
  JULIO: 7,
  JULY: 7,
  AGO: 8,
  AGOSTO: 8,
  AUG: 8,
  AUGUST: 8,
  SET: 9,
  SEP: 9,
  SEPT: 9,
  SETIEMBRE: 9,
  SEPTIEMBRE: 9,
  SEPTEMBER: 9,
  OCT: 10,
  OCTUBRE: 10,
  OCTOBER: 10,
  NOV: 11,
  NOVIEMBRE: 11,
  NOVEMBER: 11,
  DIC: 12,
  DICIEMBRE: 12,
  DEC: 12,
  DECEMBER: 12,
};

/** `16/05/1994`, `16-05-1994`, `16.05.1994` (one separator throughout). */
const NUMERIC = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;
/** `1994-05-16`. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
/** `12 MAR 1991`, `12 sep. 1991`, `12-SET-1991`, `12MAR1991`. */
const NAMED = /^(\d{1,2})[\s./-]*([A-Za-z]+)\.?[\s./-]*(\d{4})$/;

/** The UTC midnight of a real calendar day, or `null` (`31/02`, month 13, day 0). */
function utcDate(year: number, month: number, day: number): Date | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date;
}

/**
 * A card date as the UTC midnight of that day, or `null` if the text is not a real date.
 * Accepts `dd/mm/yyyy`, `dd-mm-yyyy` (also `dd.mm.yyyy`, `yyyy-mm-dd`) and `12 MAR 1991`
 * with Peruvian month abbreviations (ENE … DIC, `SET`/`SEP`/`SEPT`), full Spanish month
 * names or English abbreviations, in any case, with or without a trailing dot.
 */
export function parseCardDate(value: string): Date | null {
  if (typeof value !== 'string') return null;
  const text = value.trim().replace(/\.$/, '');
  let match = NUMERIC.exec(text);
  if (match) return utcDate(Number(match[4]), Number(match[3]), Number(match[1]));
  match = ISO.exec(text);
  if (match) return utcDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = NAMED.exec(text);
  if (match) {
    const month = Object.prototype.hasOwnProperty.call(MONTHS, match[2].toUpperCase())
      ? MONTHS[match[2].toUpperCase()]
      : 0;
    return month ? utcDate(Number(match[3]), month, Number(match[1])) : null;
  }
  return null;
}

/** The vendor masks digits with `x` (`xx MAR 1991`): such a date cannot be checked. */
export function isMaskedDate(value: string): boolean {
  return /x/i.test(value);
}

/**
 * Words printed instead of an expiry date on documents that do not expire (the DNI of people
 * over 60 is said to print `NO CADUCA` [unconfirmed]); not an invalid date.
 */
export function isNoExpiry(value: string): boolean {
  return /^(no\s+caduca|no\s+vence|indefinid[oa]|sin\s+vencimiento|permanente)$/i.test(value.trim());
}

/** The UTC midnight of the calendar day that `now` falls on for the device. */
export function utcDay(now: Date): Date {
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
}

/** Whole years from `birth` to `day` (both UTC midnights): the age on that day. */
export function yearsBetween(birth: Date, day: Date): number {
  let years = day.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    day.getUTCMonth() < birth.getUTCMonth() ||
    (day.getUTCMonth() === birth.getUTCMonth() && day.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) years -= 1;
  return years;
}
