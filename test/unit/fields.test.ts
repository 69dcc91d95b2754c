import { expect } from '@open-wc/testing';
import { CARD_FIELDS } from '../../src/api/parse.js';
import type { CardResult, CardType, Side } from '../../src/api/types.js';
import { WARNING_CODES, type ResultWarning } from '../../src/checks/checks.js';
import { en, es, translations, type Lang, type Strings } from '../../src/i18n.js';
import { displayFields, FIELD_LAYOUT, warningMessage, type DisplayField } from '../../src/review/fields.js';

const LANGS: Lang[] = ['es', 'en'];

// The vendor's examples (shared/api/idcard-api.md), with readable dates where they were masked.
const NEW_FRONT: CardResult = {
  card_type: 'new',
  card_side: 'front',
  card_info: {
    id_number: '10117410-2',
    father_name: 'QUISPE',
    mother_name: 'MAMANI',
    name: 'ANA ISABEL',
    gender: 'FEMENINO',
    gender_s: 'F',
    marriage: 'Soltero',
    birthday: '16/05/1994',
    birth_place: '140133',
    issue_date: '11/10/2019',
    expiry_date: '11/10/2027',
    election_number: '053123',
    organ_donation: 'NO',
  },
};
const NEW_BACK: CardResult = {
  card_type: 'new',
  card_side: 'back',
  card_info: { region: 'LIMA/LIMA/LA VICTORIA', address: '15 DE JULIO 1024 DPTO.213' },
};
const OLD_FRONT: CardResult = {
  card_type: 'old',
  card_side: 'front',
  card_info: {
    id_number: '74984331-D',
    father_name: 'QUISPE',
    mother_name: 'MAMANI',
    name: 'JUAN CARLOS',
    gender: 'M',
    gender_s: 'M',
    marriage: 'C',
    birthday: '15/03/1991',
    birth_place: '240101',
    registration_date: '11/10/2009',
    issue_date: '11/10/2019',
    expiry_date: '11/10/2027',
  },
};
const OLD_BACK: CardResult = {
  card_type: 'old',
  card_side: 'back',
  card_info: {
    address: 'AV. BRASIL 1234',
    department: 'LIMA',
    district: 'JESUS MARIA',
    election_number: '036123',
    organ_donation: 'SI',
    province: 'LIMA',
  },
};
const ALIEN_FRONT: CardResult = {
  card_type: 'ALIEN',
  card_side: 'front',
  card_info: {
    birthday: '12 MAR 1991',
    birthday_s: '12-03-1991',
    document_number: '',
    expiry_date: '12 SET 2029',
    expiry_date_s: '',
    gender: 'M',
    gender_s: 'M',
    given_name: 'ADRIAN JOSE',
    id_number: '004599123',
    issue_date: '',
    issue_date_s: '12-09-2021',
    marriage: 'S',
    migratory_quality: 'ESP ESPECIAL',
    nationality: 'VENEZOLANA',
    surname: 'RIOS PEREZ',
  },
};

const rows = (fields: DisplayField[]) => fields.map((field) => [field.key, field.label, field.value]);

describe('displayFields: new DNI', () => {
  it('lists the front in reading order, in Spanish, values spelled out', () => {
    expect(rows(displayFields(NEW_FRONT, es, 'es'))).to.deep.equal([
      ['id_number', 'Número de DNI', '10117410-2'],
      ['father_name', 'Apellido paterno', 'QUISPE'],
      ['mother_name', 'Apellido materno', 'MAMANI'],
      ['name', 'Nombres', 'ANA ISABEL'],
      ['gender', 'Sexo', 'Femenino'],
      ['birthday', 'Fecha de nacimiento', '16 de mayo de 1994'],
      ['birth_place', 'Lugar de nacimiento', '140133'],
      ['marriage', 'Estado civil', 'Soltera'],
      ['issue_date', 'Fecha de emisión', '11 de octubre de 2019'],
      ['expiry_date', 'Fecha de caducidad', '11 de octubre de 2027'],
      ['election_number', 'Grupo de votación', '053123'],
      ['organ_donation', 'Donación de órganos', 'No'],
    ]);
  });

  it('lists the front in English', () => {
    expect(rows(displayFields(NEW_FRONT, en, 'en'))).to.deep.equal([
      ['id_number', 'DNI number', '10117410-2'],
      ['father_name', 'First surname', 'QUISPE'],
      ['mother_name', 'Second surname', 'MAMANI'],
      ['name', 'Given names', 'ANA ISABEL'],
      ['gender', 'Sex', 'Female'],
      ['birthday', 'Date of birth', '16 May 1994'],
      ['birth_place', 'Place of birth', '140133'],
      ['marriage', 'Marital status', 'Single'],
      ['issue_date', 'Issue date', '11 October 2019'],
      ['expiry_date', 'Expiry date', '11 October 2027'],
      ['election_number', 'Voting group', '053123'],
      ['organ_donation', 'Organ donor', 'No'],
    ]);
  });

  it('shows the decoded birth place with its code', () => {
    const place = { department: 'LIMA', province: 'LIMA', district: 'JESUS MARIA' };
    const birthPlace = displayFields(NEW_FRONT, es, 'es', place).find((field) => field.key === 'birth_place');

    expect(birthPlace?.value).to.equal('JESUS MARIA, LIMA, LIMA (140133)');
  });

  it('shows the code when the place is unknown', () => {
    const birthPlace = displayFields(NEW_FRONT, es, 'es', null).find((field) => field.key === 'birth_place');

    expect(birthPlace?.value).to.equal('140133');
  });

  it('lists the back: district, province, department of residence, then the address', () => {
    expect(rows(displayFields(NEW_BACK, es, 'es'))).to.deep.equal([
      ['region', 'Lugar de domicilio', 'LA VICTORIA, LIMA, LIMA'],
      ['address', 'Dirección', '15 DE JULIO 1024 DPTO.213'],
    ]);
    expect(rows(displayFields(NEW_BACK, en, 'en'))[0]).to.deep.equal([
      'region',
      'Place of residence',
      'LA VICTORIA, LIMA, LIMA',
    ]);
  });

  it('keeps a region it cannot split as it was read', () => {
    const result: CardResult = { card_type: 'new', card_side: 'back', card_info: { region: 'LIMA LA VICTORIA' } };

    expect(displayFields(result, es, 'es')[0]?.value).to.equal('LIMA LA VICTORIA');
  });
});

describe('displayFields: old DNI', () => {
  it('lists the front, with the registration date and letters spelled out', () => {
    expect(rows(displayFields(OLD_FRONT, es, 'es'))).to.deep.equal([
      ['id_number', 'Número de DNI', '74984331-D'],
      ['father_name', 'Apellido paterno', 'QUISPE'],
      ['mother_name', 'Apellido materno', 'MAMANI'],
      ['name', 'Nombres', 'JUAN CARLOS'],
      ['gender', 'Sexo', 'Masculino'],
      ['birthday', 'Fecha de nacimiento', '15 de marzo de 1991'],
      ['birth_place', 'Lugar de nacimiento', '240101'],
      ['marriage', 'Estado civil', 'Casado'],
      ['registration_date', 'Fecha de inscripción', '11 de octubre de 2009'],
      ['issue_date', 'Fecha de emisión', '11 de octubre de 2019'],
      ['expiry_date', 'Fecha de caducidad', '11 de octubre de 2027'],
    ]);
  });

  it('spells the letters out in English', () => {
    const values = Object.fromEntries(displayFields(OLD_FRONT, en, 'en').map((field) => [field.key, field.value]));

    expect([values.gender, values.marriage, values.registration_date]).to.deep.equal([
      'Male',
      'Married',
      '11 October 2009',
    ]);
  });

  it('lists the back in card order, organ donation spelled out', () => {
    expect(rows(displayFields(OLD_BACK, es, 'es'))).to.deep.equal([
      ['department', 'Departamento', 'LIMA'],
      ['province', 'Provincia', 'LIMA'],
      ['district', 'Distrito', 'JESUS MARIA'],
      ['address', 'Dirección', 'AV. BRASIL 1234'],
      ['election_number', 'Grupo de votación', '036123'],
      ['organ_donation', 'Donación de órganos', 'Sí'],
    ]);
    expect(displayFields(OLD_BACK, en, 'en').at(-1)?.value).to.equal('Yes');
  });
});

describe('displayFields: foreigner card', () => {
  it('lists the front, dates from the formatted _s twins, empty fields left out', () => {
    expect(rows(displayFields(ALIEN_FRONT, es, 'es'))).to.deep.equal([
      ['id_number', 'Número de carné', '004599123'],
      ['surname', 'Apellidos', 'RIOS PEREZ'],
      ['given_name', 'Nombres', 'ADRIAN JOSE'],
      ['nationality', 'Nacionalidad', 'VENEZOLANA'],
      ['gender', 'Sexo', 'Masculino'],
      ['birthday', 'Fecha de nacimiento', '12 de marzo de 1991'],
      ['marriage', 'Estado civil', 'Soltero'],
      ['migratory_quality', 'Calidad migratoria', 'ESP ESPECIAL'],
      ['issue_date', 'Fecha de emisión', '12 de setiembre de 2021'],
      ['expiry_date', 'Fecha de caducidad', '12 de setiembre de 2029'],
    ]);
  });

  it('lists the front in English', () => {
    expect(rows(displayFields(ALIEN_FRONT, en, 'en')).map(([, label, value]) => `${label}: ${value}`)).to.deep.equal([
      'Card number: 004599123',
      'Surnames: RIOS PEREZ',
      'Given names: ADRIAN JOSE',
      'Nationality: VENEZOLANA',
      'Sex: Male',
      'Date of birth: 12 March 1991',
      'Marital status: Single',
      'Immigration status: ESP ESPECIAL',
      'Issue date: 12 September 2021',
      'Expiry date: 12 September 2029',
    ]);
  });

  it('shows a masked date as printed (the vendor example)', () => {
    const result: CardResult = {
      card_type: 'ALIEN',
      card_side: 'front',
      card_info: { birthday: 'xx MAR 1991', birthday_s: 'xx-03-1991' },
    };

    expect(rows(displayFields(result, es, 'es'))).to.deep.equal([['birthday', 'Fecha de nacimiento', 'xx MAR 1991']]);
  });

  it('shows the _s date as printed when there is nothing else', () => {
    const result: CardResult = { card_type: 'ALIEN', card_side: 'front', card_info: { birthday_s: '1991-13-40' } };

    expect(rows(displayFields(result, es, 'es'))).to.deep.equal([['birthday', 'Fecha de nacimiento', '1991-13-40']]);
  });

  it('lists the text fields of a back as they came, with labels where it knows them', () => {
    const result: CardResult = {
      card_type: 'ALIEN',
      card_side: 'back',
      card_info: { address: 'AV. ARICA 100', serial_code: 'A123', empty_one: ' ' },
    };

    expect(rows(displayFields(result, es, 'es'))).to.deep.equal([
      ['address', 'Dirección', 'AV. ARICA 100'],
      ['serial_code', 'Serial code', 'A123'],
    ]);
  });
});

describe('displayFields: every card, side and language', () => {
  const SAMPLES = [NEW_FRONT, NEW_BACK, OLD_FRONT, OLD_BACK, ALIEN_FRONT];
  const FOLDED = new Set(['gender_s', 'birthday_s', 'issue_date_s', 'expiry_date_s']);

  for (const type of ['new', 'old', 'ALIEN'] as CardType[]) {
    for (const side of ['front', 'back'] as Side[]) {
      it(`lays out every documented field of ${type} ${side} (twins folded into one line)`, () => {
        const laid = FIELD_LAYOUT[type][side].map((spec) => spec.key);
        const missing = CARD_FIELDS[type][side].filter((key) => !laid.includes(key) && !FOLDED.has(key));

        expect(missing).to.deep.equal([]);
      });
    }
  }

  for (const lang of LANGS) {
    it(`labels every line in ${lang} and never shows an empty value`, () => {
      for (const sample of SAMPLES) {
        const fields = displayFields(sample, translations[lang], lang);
        const bad = fields.filter(
          (field) => field.label.trim() === '' || field.value.trim() === '' || field.label === field.key,
        );

        expect(fields.length, `${sample.card_type} ${sample.card_side}`).to.be.greaterThan(0);
        expect(bad).to.deep.equal([]);
      }
    });
  }

  it('leaves out missing, empty and blank fields', () => {
    const result: CardResult = {
      card_type: 'new',
      card_side: 'front',
      card_info: { name: '', father_name: '   ', mother_name: 'ROJAS' },
    };

    expect(rows(displayFields(result, es, 'es'))).to.deep.equal([['mother_name', 'Apellido materno', 'ROJAS']]);
  });

  it('uses gender_s when gender is missing', () => {
    const result: CardResult = { card_type: 'old', card_side: 'front', card_info: { gender_s: 'F', marriage: 'V' } };

    expect(rows(displayFields(result, es, 'es'))).to.deep.equal([
      ['gender', 'Sexo', 'Femenino'],
      ['marriage', 'Estado civil', 'Viuda'],
    ]);
  });

  const MARITAL: [string, string, string][] = [
    ['S', 'M', 'Soltero'],
    ['SOLTERA', 'F', 'Soltera'],
    ['c', 'F', 'Casada'],
    ['Casado', 'M', 'Casado'],
    ['D', 'M', 'Divorciado'],
    ['Divorciado', 'F', 'Divorciada'],
    ['V', 'M', 'Viudo'],
    ['CONVIVIENTE', 'M', 'CONVIVIENTE'],
  ];
  for (const [marriage, gender, expected] of MARITAL) {
    it(`spells marital status ${marriage} of a person of sex ${gender} as ${expected}`, () => {
      const result: CardResult = { card_type: 'old', card_side: 'front', card_info: { marriage, gender } };

      expect(displayFields(result, es, 'es').find((field) => field.key === 'marriage')?.value).to.equal(expected);
    });
  }

  const DONATION: [string, string, string][] = [
    ['SI', 'Sí', 'Yes'],
    ['Sí', 'Sí', 'Yes'],
    ['SÍ', 'Sí', 'Yes'],
    ['NO', 'No', 'No'],
    ['No', 'No', 'No'],
    ['NO SABE', 'NO SABE', 'NO SABE'],
  ];
  for (const [donation, spanish, english] of DONATION) {
    it(`spells organ donation ${donation} as ${spanish} / ${english}`, () => {
      const result: CardResult = { card_type: 'old', card_side: 'back', card_info: { organ_donation: donation } };

      expect(displayFields(result, es, 'es')[0]?.value).to.equal(spanish);
      expect(displayFields(result, en, 'en')[0]?.value).to.equal(english);
    });
  }

  it('shows a date it cannot read as it was read', () => {
    const result: CardResult = { card_type: 'new', card_side: 'front', card_info: { birthday: '31/02/1994' } };

    expect(displayFields(result, es, 'es')[0]?.value).to.equal('31/02/1994');
  });

  it('shows the day printed on the card whatever the time zone (dates are UTC)', () => {
    const result: CardResult = { card_type: 'new', card_side: 'front', card_info: { birthday: '01/01/2000' } };

    expect(displayFields(result, en, 'en')[0]?.value).to.equal('1 January 2000');
  });

  it('keeps markup as text, unchanged', () => {
    const hostile = '<img src=x onerror="alert(1)"><b>PEREZ</b> & <script>';
    const result: CardResult = { card_type: 'new', card_side: 'front', card_info: { father_name: hostile } };

    expect(rows(displayFields(result, es, 'es'))).to.deep.equal([['father_name', 'Apellido paterno', hostile]]);
  });

  it('turns control characters and line breaks into single spaces', () => {
    const result: CardResult = {
      card_type: 'new',
      card_side: 'back',
      card_info: { address: 'AV.\nBRASIL\u0000\t 12 ' },
    };

    expect(displayFields(result, es, 'es')[0]?.value).to.equal('AV. BRASIL 12');
  });

  // An empty override keeps the built-in text: the element leaves empty overrides out of the
  // strings it hands here (dni-capture.review.test.ts: 'keeps the built-in text for an empty override').
  it("uses the integrator's labels and values", () => {
    const strings: Strings = { ...es, fieldSex: 'Género', valueFemale: 'Mujer' };
    const fields = displayFields(NEW_FRONT, strings, 'es');

    expect(fields.find((field) => field.key === 'gender')).to.deep.equal({
      key: 'gender',
      label: 'Género',
      value: 'Mujer',
    });
    expect(fields.find((field) => field.key === 'birthday')?.label).to.equal('Fecha de nacimiento');
  });

  it('does not read inherited properties as fields', () => {
    const info = Object.create({ name: 'INHERITED' }) as Record<string, string>;
    info.mother_name = 'ROJAS';
    const result = { card_type: 'new', card_side: 'front', card_info: info } as CardResult;

    expect(rows(displayFields(result, es, 'es'))).to.deep.equal([['mother_name', 'Apellido materno', 'ROJAS']]);
  });
});

describe('warningMessage', () => {
  for (const lang of LANGS) {
    it(`has a ${lang} sentence for every warning, without the code or a placeholder`, () => {
      const strings = translations[lang];
      const messages = WARNING_CODES.map((code) =>
        warningMessage({ code, field: code === 'INVALID_DATE' ? 'issue_date' : null }, strings),
      );
      const bad = messages.filter(
        (message, i) => message.trim() === '' || message.includes(WARNING_CODES[i]) || /[{}]/.test(message),
      );

      expect(bad).to.deep.equal([]);
      expect(new Set(messages).size).to.equal(WARNING_CODES.length);
    });
  }

  it("names the date that is not valid, in the user's language", () => {
    const warning: ResultWarning = { code: 'INVALID_DATE', field: 'issue_date' };

    expect(warningMessage(warning, es)).to.equal(
      '«Fecha de emisión» no es una fecha válida. Revísela o tome otra foto.',
    );
    expect(warningMessage(warning, en)).to.equal('“Issue date” is not a valid date. Check it or take another photo.');
  });

  it('names a foreigner card date by its label, whether base or _s field', () => {
    expect(warningMessage({ code: 'INVALID_DATE', field: 'birthday_s' }, es)).to.contain('Fecha de nacimiento');
  });

  it('says the check character of the DNI number is wrong', () => {
    expect(warningMessage({ code: 'CHECK_CHARACTER_MISMATCH', field: 'id_number' }, es)).to.equal(
      'El número de DNI no coincide con su dígito de verificación. Revíselo o tome otra foto.',
    );
  });

  it('uses an overridden message', () => {
    expect(warningMessage({ code: 'EXPIRED', field: 'expiry_date' }, { ...en, warningExpired: 'Expired.' })).to.equal(
      'Expired.',
    );
  });

  it('falls back to the generic error for an unknown code', () => {
    expect(warningMessage({ code: 'SOMETHING_NEW' as ResultWarning['code'], field: null }, en)).to.equal(
      en.errorUnknown,
    );
  });
});
