/**
 * The one table of the `card_info` fields of each card type and side (shared/api/idcard-api.md):
 * what the parser keeps (src/api/parse.ts), what the checks read (src/checks/checks.ts) and what
 * the review lists, labelled and spelled out (src/review/fields.ts). Pure data: no DOM.
 *
 * Each side lists its fields in the order the review reads them: who (number, names), then the
 * person (sex, birth, marital status), then the document (dates), then the rest. A documented
 * field that says the same as another (`gender_s` beside `gender`, the foreigner card's formatted
 * `birthday_s` beside `birthday` as printed) is that field's `twin`: kept by the parser, read by
 * the checks and the review in place of the field, never a line of its own.
 */
import type { Strings } from '../i18n/strings.js';
import type { CardType, Side } from './types.js';

/**
 * What a field holds, which says how the review spells it out and which checks read it:
 * - `dniNumber`: a DNI number with its check character (checked; shown as read);
 * - `date`: a date as the card prints it (checked: real, birthday in the past, expiry after issue);
 * - `sex`, `marital`, `yesNo`: spelled out in words; `birthPlace`: a UBIGEO code, decoded;
 *   `residence`: `DEPARTMENT/PROVINCE/DISTRICT`, read district first;
 * - `text`: shown as read.
 */
export type FieldKind = 'text' | 'dniNumber' | 'date' | 'sex' | 'marital' | 'yesNo' | 'birthPlace' | 'residence';

/** The `Strings` keys that label a field. */
export type FieldLabelKey = Extract<keyof Strings, `field${string}`>;

export interface CardField {
  /** The `card_info` key. */
  readonly key: string;
  /** Its label in the review (and in a warning that names it). */
  readonly label: FieldLabelKey;
  readonly kind: FieldKind;
  /** A documented field read in place of this one when present (a date) or when this one is missing (`gender_s`). */
  readonly twin?: string;
}

const field = (key: string, label: FieldLabelKey, kind: FieldKind = 'text', twin?: string): CardField =>
  twin === undefined ? { key, label, kind } : { key, label, kind, twin };

/** Every documented `card_info` field of each card type and side, in reading order. */
export const CARD_FIELD_TABLE: Readonly<Record<CardType, Readonly<Record<Side, readonly CardField[]>>>> = {
  new: {
    front: [
      field('id_number', 'fieldDniNumber', 'dniNumber'),
      field('father_name', 'fieldFatherName'),
      field('mother_name', 'fieldMotherName'),
      field('name', 'fieldGivenNames'),
      field('gender', 'fieldSex', 'sex', 'gender_s'),
      field('birthday', 'fieldBirthDate', 'date'),
      field('birth_place', 'fieldBirthPlace', 'birthPlace'),
      field('marriage', 'fieldMaritalStatus', 'marital'),
      field('issue_date', 'fieldIssueDate', 'date'),
      field('expiry_date', 'fieldExpiryDate', 'date'),
      field('election_number', 'fieldVotingGroup'),
      field('organ_donation', 'fieldOrganDonation', 'yesNo'),
    ],
    back: [field('region', 'fieldResidence', 'residence'), field('address', 'fieldAddress')],
  },
  old: {
    front: [
      field('id_number', 'fieldDniNumber', 'dniNumber'),
      field('father_name', 'fieldFatherName'),
      field('mother_name', 'fieldMotherName'),
      field('name', 'fieldGivenNames'),
      field('gender', 'fieldSex', 'sex', 'gender_s'),
      field('birthday', 'fieldBirthDate', 'date'),
      field('birth_place', 'fieldBirthPlace', 'birthPlace'),
      field('marriage', 'fieldMaritalStatus', 'marital'),
      field('registration_date', 'fieldRegistrationDate', 'date'),
      field('issue_date', 'fieldIssueDate', 'date'),
      field('expiry_date', 'fieldExpiryDate', 'date'),
    ],
    back: [
      field('department', 'fieldDepartment'),
      field('province', 'fieldProvince'),
      field('district', 'fieldDistrict'),
      field('address', 'fieldAddress'),
      field('election_number', 'fieldVotingGroup'),
      field('organ_donation', 'fieldOrganDonation', 'yesNo'),
    ],
  },
  ALIEN: {
    front: [
      // Nine digits with no known check algorithm: shown as read.
      field('id_number', 'fieldCardNumber'),
      field('document_number', 'fieldDocumentNumber'),
      field('surname', 'fieldSurnames'),
      field('given_name', 'fieldGivenNames'),
      field('nationality', 'fieldNationality'),
      field('gender', 'fieldSex', 'sex', 'gender_s'),
      field('birthday', 'fieldBirthDate', 'date', 'birthday_s'),
      field('marriage', 'fieldMaritalStatus', 'marital'),
      field('migratory_quality', 'fieldMigratoryStatus'),
      field('issue_date', 'fieldIssueDate', 'date', 'issue_date_s'),
      field('expiry_date', 'fieldExpiryDate', 'date', 'expiry_date_s'),
    ],
    // No back fields are documented: the parser keeps any plain text field, the review lists
    // them as the API sent them, the checks read none.
    back: [],
  },
};

/** The fields of a card type and side (none for an unknown pair). */
export function cardFields(type: CardType, side: Side): readonly CardField[] {
  const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);
  return has(CARD_FIELD_TABLE, type) && has(CARD_FIELD_TABLE[type], side) ? CARD_FIELD_TABLE[type][side] : [];
}

/** Every `card_info` key documented for a card type and side: each field, then its twin. */
export function documentedKeys(type: CardType, side: Side): string[] {
  return cardFields(type, side).flatMap((spec) => (spec.twin ? [spec.key, spec.twin] : [spec.key]));
}

/**
 * The label of each `card_info` key whatever the card, twins included: for a warning that names
 * a field and for the undocumented fields of a foreigner card's back. Where card types label a
 * key differently, the first in the table wins (`id_number` reads as the DNI number).
 */
export const LABEL_OF_KEY: ReadonlyMap<string, FieldLabelKey> = (() => {
  const labels = new Map<string, FieldLabelKey>();
  for (const sides of Object.values(CARD_FIELD_TABLE)) {
    for (const fields of Object.values(sides)) {
      for (const spec of fields) {
        for (const key of spec.twin ? [spec.key, spec.twin] : [spec.key]) {
          if (!labels.has(key)) labels.set(key, spec.label);
        }
      }
    }
  }
  return labels;
})();
