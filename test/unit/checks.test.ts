import { expect } from '@open-wc/testing';
import type { CardResult } from '../../src/api/types.js';
import {
  checkPair,
  checkResult,
  dniCheckCharacter,
  parseCardDate,
  type ResultWarning,
} from '../../src/checks/checks.js';

/** Noon UTC: the same calendar day for the device whatever its time zone (UTC−11 … UTC+11). */
const TODAY = new Date(Date.UTC(2025, 5, 1, 12)); // 1 June 2025

function newFront(info: Record<string, string>): CardResult {
  return {
    card_type: 'new',
    card_side: 'front',
    card_info: {
      id_number: '10117410-2',
      birthday: '16/05/1994',
      issue_date: '11/10/2019',
      expiry_date: '11/10/2027',
      ...info,
    },
  };
}

function oldFront(info: Record<string, string>): CardResult {
  return {
    card_type: 'old',
    card_side: 'front',
    card_info: {
      id_number: '74984331-D',
      birthday: '16/05/1994',
      registration_date: '11/10/2012',
      issue_date: '11/10/2019',
      expiry_date: '11/10/2027',
      ...info,
    },
  };
}

function alienFront(info: Record<string, string>): CardResult {
  return { card_type: 'ALIEN', card_side: 'front', card_info: { id_number: '004599123', ...info } };
}

const codes = (warnings: ResultWarning[]) => warnings.map((w) => `${w.code}:${w.field}`);

describe('dniCheckCharacter', () => {
  const examples: [string, string, string][] = [
    ['10117410', '2', 'G'],
    ['74984331', '0', 'D'],
    ['16793105', '2', 'G'],
    ['12345678', '1', 'E'],
    ['00000000', '6', 'K'],
  ];
  for (const [digits, digit, letter] of examples) {
    it(`gives ${digit} or ${letter} for ${digits} (domain doc's worked example)`, () => {
      expect(dniCheckCharacter(digits)).to.deep.equal({ digit, letter });
    });
  }

  for (const input of ['1011741', '101174100', '1011741a', '', ' 10117410', '１０１１７４１０']) {
    it(`refuses ${JSON.stringify(input)} (not eight ASCII digits)`, () => {
      expect(dniCheckCharacter(input)).to.equal(null);
    });
  }
});

describe('parseCardDate', () => {
  const valid: [string, string][] = [
    ['16/05/1994', '1994-05-16'],
    ['16-05-1994', '1994-05-16'],
    ['16.05.1994', '1994-05-16'],
    ['1/5/1994', '1994-05-01'],
    ['1994-05-16', '1994-05-16'],
    ['29/02/2000', '2000-02-29'],
    ['12 MAR 1991', '1991-03-12'],
    ['12 SET 1991', '1991-09-12'],
    ['12 sep. 1991', '1991-09-12'],
    ['12 Sept 1991', '1991-09-12'],
    ['12 setiembre 1991', '1991-09-12'],
    ['01 ENE 2000', '2000-01-01'],
    ['31 DIC 1999', '1999-12-31'],
    ['15 ago 2010', '2010-08-15'],
    ['15 AUG 2010', '2010-08-15'],
    ['5-ABR-2001', '2001-04-05'],
    ['12MAR1991', '1991-03-12'],
    ['  16/05/1994  ', '1994-05-16'],
    ['16/05/1994.', '1994-05-16'],
  ];
  for (const [input, iso] of valid) {
    it(`reads ${JSON.stringify(input)} as ${iso}, at UTC midnight`, () => {
      const date = parseCardDate(input);

      expect(date?.toISOString()).to.equal(`${iso}T00:00:00.000Z`);
    });
  }

  const invalid = [
    '31/02/2000',
    '29/02/1999',
    '29/02/1900',
    '31/04/2021',
    '00/05/1994',
    '16/00/1994',
    '16/13/1994',
    '32/01/2000',
    '16/05-1994',
    '16/05/94',
    '12 FOO 1991',
    '12 MARTES 1991',
    '12 CONSTRUCTOR 1991',
    '12 toString 1991',
    '30 FEB 2020',
    'xx MAR 1991',
    'xx/05/1994',
    'NO CADUCA',
    '',
    '   ',
  ];
  for (const input of invalid) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      expect(parseCardDate(input)).to.equal(null);
    });
  }

  it('keeps a year below 100 as it is (not 19xx)', () => {
    expect(parseCardDate('01/01/0099')?.getUTCFullYear()).to.equal(99);
  });
});

describe('checkResult: DNI check character', () => {
  it('finds nothing wrong on a consistent new DNI', () => {
    expect(checkResult(newFront({}), TODAY)).to.deep.equal([]);
  });

  for (const id of ['10117410-2', '10117410-G', '10117410-g', '10117410 - 2', '16793105-G', '00000000-K']) {
    it(`accepts ${id} (digit or letter)`, () => {
      expect(checkResult(newFront({ id_number: id }), TODAY)).to.deep.equal([]);
    });
  }

  for (const id of ['10117410-3', '10117410-H', '12345678-2', '00000000-0']) {
    it(`flags ${id} on a new DNI`, () => {
      expect(codes(checkResult(newFront({ id_number: id }), TODAY))).to.deep.equal([
        'CHECK_CHARACTER_MISMATCH:id_number',
      ]);
    });
  }

  it('flags a wrong check character on an old DNI too', () => {
    expect(codes(checkResult(oldFront({ id_number: '74984331-E' }), TODAY))).to.deep.equal([
      'CHECK_CHARACTER_MISMATCH:id_number',
    ]);
  });

  for (const id of ['1075xxxx-x', '10117410-x', '10117410-X', '101174102', '10117410', '1011741-2', 'DNI']) {
    it(`cannot check ${id}, so says nothing`, () => {
      expect(checkResult(newFront({ id_number: id }), TODAY)).to.deep.equal([]);
    });
  }

  it('does not apply the DNI algorithm to a foreigner card number', () => {
    expect(checkResult(alienFront({ id_number: '12345678-2' }), TODAY)).to.deep.equal([]);
  });
});

describe('checkResult: dates', () => {
  it('flags an impossible date with its field', () => {
    expect(codes(checkResult(newFront({ birthday: '31/02/2000' }), TODAY))).to.deep.equal(['INVALID_DATE:birthday']);
  });

  it('flags an unreadable issue date', () => {
    expect(codes(checkResult(newFront({ issue_date: '1l/1O/2019' }), TODAY))).to.deep.equal([
      'INVALID_DATE:issue_date',
    ]);
  });

  it('flags an impossible registration date on an old DNI', () => {
    expect(codes(checkResult(oldFront({ registration_date: '30/02/2012' }), TODAY))).to.deep.equal([
      'INVALID_DATE:registration_date',
    ]);
  });

  it('says nothing about dates masked with x, like the vendor examples', () => {
    expect(checkResult(newFront({ birthday: 'xx/05/1994', expiry_date: 'xx/10/20xx' }), TODAY)).to.deep.equal([]);
  });

  it('says nothing about an empty date', () => {
    expect(checkResult(newFront({ birthday: '', expiry_date: '  ' }), TODAY)).to.deep.equal([]);
  });

  it('accepts an expiry printed as words for a document that does not expire', () => {
    expect(checkResult(newFront({ expiry_date: 'NO CADUCA' }), TODAY)).to.deep.equal([]);
  });

  it('flags a birthday after today', () => {
    expect(codes(checkResult(newFront({ birthday: '02/06/2025' }), TODAY))).to.deep.equal([
      'BIRTHDAY_IN_FUTURE:birthday',
    ]);
  });

  it('accepts a birthday today', () => {
    expect(checkResult(newFront({ birthday: '01/06/2025', issue_date: '01/06/2025' }), TODAY)).to.deep.equal([]);
  });

  it('flags an age over 120 years', () => {
    expect(codes(checkResult(newFront({ birthday: '01/06/1904' }), TODAY))).to.deep.equal([
      'AGE_OUT_OF_RANGE:birthday',
    ]);
  });

  it('accepts an age of exactly 120 years', () => {
    expect(checkResult(newFront({ birthday: '02/06/1904' }), TODAY)).to.deep.equal([]);
  });

  it('flags an expiry before the issue, and not "expired" on top', () => {
    expect(codes(checkResult(newFront({ issue_date: '11/10/2019', expiry_date: '11/10/2018' }), TODAY))).to.deep.equal([
      'EXPIRY_BEFORE_ISSUE:expiry_date',
    ]);
  });

  it('flags an expiry on the issue day', () => {
    expect(codes(checkResult(newFront({ issue_date: '11/10/2026', expiry_date: '11/10/2026' }), TODAY))).to.deep.equal([
      'EXPIRY_BEFORE_ISSUE:expiry_date',
    ]);
  });

  it('flags an expired document', () => {
    expect(codes(checkResult(newFront({ expiry_date: '31/05/2025' }), TODAY))).to.deep.equal(['EXPIRED:expiry_date']);
  });

  it('does not call a document expiring today expired', () => {
    expect(checkResult(newFront({ expiry_date: '01/06/2025' }), TODAY)).to.deep.equal([]);
  });

  it('uses the current day when no day is given', () => {
    expect(codes(checkResult(newFront({ expiry_date: '01/01/2000', issue_date: '01/01/1990' })))).to.deep.equal([
      'EXPIRED:expiry_date',
    ]);
  });

  it('gives only "expired" for the vendor\'s new DNI example (masked number, expiry 11/10/2024)', () => {
    const vendor: CardResult = {
      card_type: 'new',
      card_side: 'front',
      card_info: {
        id_number: '1075xxxx-x',
        father_name: 'COMXX',
        mother_name: 'CCAXXXXX',
        name: 'ANA ISAXXX',
        gender: 'FEMENINO',
        gender_s: 'F',
        marriage: 'Soltero',
        birthday: '16/05/1994',
        birth_place: '140133',
        issue_date: '11/10/2019',
        expiry_date: '11/10/2024',
        election_number: '053xxx',
        organ_donation: 'NO',
      },
    };

    expect(codes(checkResult(vendor, TODAY))).to.deep.equal(['EXPIRED:expiry_date']);
  });

  it('lists several findings in reading order', () => {
    const result = newFront({ id_number: '10117410-3', birthday: '31/02/1990', expiry_date: '01/01/2020' });

    expect(codes(checkResult(result, TODAY))).to.deep.equal([
      'CHECK_CHARACTER_MISMATCH:id_number',
      'INVALID_DATE:birthday',
      'EXPIRED:expiry_date',
    ]);
  });
});

describe('checkResult: foreigner card', () => {
  it('uses the formatted _s dates when present', () => {
    const result = alienFront({
      birthday: 'xx MAR 1991',
      birthday_s: '12-03-1991',
      expiry_date: '12 MAR 2020',
      expiry_date_s: '12-03-2030',
      issue_date: '12 MAR 2020',
      issue_date_s: '12-03-2020',
    });

    expect(checkResult(result, TODAY)).to.deep.equal([]);
  });

  it('reads the printed date with Peruvian months when there is no _s date', () => {
    expect(
      codes(checkResult(alienFront({ issue_date: '12 SET 2015', expiry_date: '12 SET 2020' }), TODAY)),
    ).to.deep.equal(['EXPIRED:expiry_date']);
  });

  it('names the base field of an impossible _s date', () => {
    expect(codes(checkResult(alienFront({ birthday: '31 FEB 1990', birthday_s: '31-02-1990' }), TODAY))).to.deep.equal([
      'INVALID_DATE:birthday',
    ]);
  });

  it('finds nothing in the vendor example (empty dates, masked birthday)', () => {
    const vendor = alienFront({
      birthday: 'xx MAR 1991',
      birthday_s: 'xx-03-1991',
      document_number: '',
      expiry_date: '',
      expiry_date_s: '',
      issue_date: '',
      issue_date_s: '',
    });

    expect(checkResult(vendor, TODAY)).to.deep.equal([]);
  });
});

describe('checkResult: backs', () => {
  it('has nothing to check on a back', () => {
    const back: CardResult = {
      card_type: 'old',
      card_side: 'back',
      card_info: { department: 'LIMA', province: 'LIMA', district: 'JESUS MARIA', organ_donation: 'NO' },
    };

    expect(checkResult(back, TODAY)).to.deep.equal([]);
  });
});

describe('checkPair', () => {
  const front = newFront({});
  const newBack: CardResult = { card_type: 'new', card_side: 'back', card_info: { address: 'AV. BRASIL 1' } };
  const oldBack: CardResult = { card_type: 'old', card_side: 'back', card_info: { address: 'AV. BRASIL 1' } };

  it('finds nothing when both sides are of the same card type', () => {
    expect(checkPair(front, newBack)).to.deep.equal([]);
  });

  it('warns when the sides read as different card types', () => {
    expect(checkPair(front, oldBack)).to.deep.equal([{ code: 'CARD_TYPE_MISMATCH', field: null }]);
  });

  it('finds nothing while a side is missing', () => {
    expect(checkPair(front, undefined)).to.deep.equal([]);
    expect(checkPair(undefined, oldBack)).to.deep.equal([]);
  });
});
