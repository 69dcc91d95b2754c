import { expect } from '@open-wc/testing';
import { CARD_FIELD_TABLE, cardFields, documentedKeys, LABEL_OF_KEY } from '../../src/api/card-fields.js';
import { parseApiResponse } from '../../src/api/parse.js';
import type { CardResult, CardType, Side } from '../../src/api/types.js';
import { checkResult } from '../../src/checks/checks.js';
import { translations, type Lang } from '../../src/i18n.js';
import { displayFields, fieldLabel } from '../../src/review/fields.js';

const TYPES: CardType[] = ['new', 'old', 'ALIEN'];
const SIDES: Side[] = ['front', 'back'];
const LANGS: Lang[] = ['es', 'en'];
const TODAY = new Date(Date.UTC(2026, 0, 15));

/** The one result the parser kept from an answer whose card_info is `info`. */
function parsed(type: CardType, side: Side, info: Record<string, string>): CardResult {
  const body = JSON.stringify({
    request_id: 'TIDtable',
    status: 'OK',
    results: [{ card_type: type, card_side: side, card_info: info }],
  });
  const outcome = parseApiResponse(200, body);
  if (!outcome.ok) throw new Error(outcome.failure.reason);
  return outcome.results[0];
}

describe('the table of card fields: parser, checks and review agree', () => {
  for (const type of TYPES) {
    for (const side of SIDES) {
      const fields = cardFields(type, side);

      it(`the parser keeps every ${type} ${side} field of the table, twins included, and nothing else`, () => {
        const info = Object.fromEntries([...documentedKeys(type, side), 'not_in_the_table'].map((k) => [k, 'A1']));
        const kept = Object.keys(parsed(type, side, info).card_info);

        if (fields.length === 0) {
          // An undocumented side (the foreigner card's back) keeps any plain text field.
          expect(kept).to.include('not_in_the_table');
        } else {
          expect(kept.sort()).to.deep.equal(documentedKeys(type, side).sort());
        }
      });

      for (const lang of LANGS) {
        it(`the review shows each ${type} ${side} field the parser keeps on its own labelled line, in ${lang}`, () => {
          const t = translations[lang];
          for (const spec of fields) {
            const info: Record<string, string> = { [spec.key]: spec.kind === 'date' ? '16/05/1994' : 'A1' };
            const lines = displayFields(parsed(type, side, info), t, lang);

            expect(
              lines.map((line) => [line.key, line.label]),
              spec.key,
            ).to.deep.equal([[spec.key, t[spec.label]]]);
          }
        });
      }

      it(`the review folds each ${type} ${side} twin into its field's line`, () => {
        for (const spec of fields.filter((f) => f.twin !== undefined)) {
          const info = { [spec.twin!]: spec.kind === 'date' ? '16-05-1994' : 'F' };
          const lines = displayFields(parsed(type, side, info), translations.es, 'es');

          expect(
            lines.map((line) => line.key),
            spec.twin,
          ).to.deep.equal([spec.key]);
        }
      });
    }
  }

  for (const type of TYPES) {
    it(`the checks read every ${type} front date of the table, and its twin, and no other field`, () => {
      for (const spec of cardFields(type, 'front')) {
        for (const key of spec.twin ? [spec.key, spec.twin] : [spec.key]) {
          const warnings = checkResult(parsed(type, 'front', { [key]: '31/02/2000' }), TODAY);
          const expected = spec.kind === 'date' ? [{ code: 'INVALID_DATE', field: spec.key }] : [];

          expect(
            warnings.filter((w) => w.code === 'INVALID_DATE'),
            key,
          ).to.deep.equal(expected);
        }
      }
    });
  }

  it('the checks verify the check character of the fields the table calls a DNI number, and only those', () => {
    const checked = TYPES.flatMap((type) =>
      SIDES.flatMap((side) =>
        cardFields(type, side)
          .filter((spec) =>
            checkResult(parsed(type, side, { [spec.key]: '10117410-3' }), TODAY).some(
              (warning) => warning.code === 'CHECK_CHARACTER_MISMATCH' && warning.field === spec.key,
            ),
          )
          .map((spec) => `${type} ${side} ${spec.key} ${spec.kind}`),
      ),
    );

    expect(checked).to.deep.equal(['new front id_number dniNumber', 'old front id_number dniNumber']);
  });

  it('names every field a warning can point at, whatever the card', () => {
    for (const sides of Object.values(CARD_FIELD_TABLE)) {
      for (const spec of [...sides.front, ...sides.back]) {
        expect(LABEL_OF_KEY.has(spec.key), spec.key).to.equal(true);
        expect(fieldLabel(spec.key, translations.en), spec.key).to.not.match(/_/);
      }
    }
  });

  it('labels a field by the first card type that prints it (id_number reads as the DNI number)', () => {
    expect(fieldLabel('id_number', translations.es)).to.equal('Número de DNI');
    expect(fieldLabel('expiry_date_s', translations.en)).to.equal('Expiry date');
  });

  it('has no fields for a type or side it does not know', () => {
    expect(cardFields('constructor' as CardType, 'front')).to.deep.equal([]);
    expect(cardFields('new', '__proto__' as Side)).to.deep.equal([]);
  });
});
