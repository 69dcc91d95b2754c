/**
 * The check character of a DNI number (shared/domain/peru-documents.md): weights
 * 3,2,7,6,5,4,3,2 over the eight digits, `r = sum mod 11`; the digit is `"65432110987"[r]`
 * and the letter `"KJIHGFEDCBA"[r]`. Cards issued up to 2007 may print the letter, later ones
 * the digit: both are accepted. Same algorithm as python-stdnum `pe/cui.py`.
 */

const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;
const DIGITS = '65432110987';
const LETTERS = 'KJIHGFEDCBA';

/** The check digit and letter of eight digits (`'10117410'` → `{ digit: '2', letter: 'G' }`), or `null` if not eight digits. */
export function dniCheckCharacter(digits: string): { digit: string; letter: string } | null {
  if (typeof digits !== 'string' || !/^\d{8}$/.test(digits)) return null;
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += Number(digits[i]) * WEIGHTS[i];
  const r = sum % 11;
  return { digit: DIGITS[r], letter: LETTERS[r] };
}

/** An `id_number` as the DNI prints it: eight digits, a hyphen, one check character. */
const ID_NUMBER = /^(\d{8})\s*-\s*([0-9A-Za-z])$/;

/**
 * Whether the check character of an `id_number` such as `10117410-2` (or `-G`) is right:
 * `true` or `false`, or `null` when it cannot be checked (masked with `x` like the vendor's
 * `1075xxxx-x`, no hyphen, not eight digits). `X` is never a check character.
 */
export function idNumberCheckOk(idNumber: string): boolean | null {
  const match = ID_NUMBER.exec(idNumber.trim());
  if (!match) return null;
  const expected = dniCheckCharacter(match[1]);
  if (!expected) return null;
  const printed = match[2].toUpperCase();
  if (printed === 'X') return null;
  return printed === expected.digit || printed === expected.letter;
}
