import { expect } from '@open-wc/testing';
import { API_ERROR_CODES, CLIENT_ERROR_CODES } from '../../src/api/types.js';
import type { CameraErrorName } from '../../src/events.js';
import type { QualityHint } from '../../src/quality/verdict.js';
import {
  en,
  errorMessage,
  es,
  format,
  hintKey,
  resolveLang,
  translations,
  type Lang,
  type Strings,
} from '../../src/i18n.js';

const CAMERA_ERRORS: CameraErrorName[] = [
  'NotAllowedError',
  'NotFoundError',
  'NotReadableError',
  'OverconstrainedError',
  'SecurityError',
  'AbortError',
  'NotSupportedError',
  'TrackEndedError',
  'UnknownError',
];
const ALL_CODES = [...API_ERROR_CODES, ...CLIENT_ERROR_CODES, ...CAMERA_ERRORS];
const LANGS: Lang[] = ['es', 'en'];

describe('translations', () => {
  it('has the same keys in Spanish and English', () => {
    expect(Object.keys(en).sort()).to.deep.equal(Object.keys(es).sort());
  });

  for (const lang of LANGS) {
    it(`has every ${lang} string non-empty`, () => {
      const empty = Object.entries(translations[lang]).filter(
        ([, value]) => typeof value !== 'string' || value.trim() === '',
      );

      expect(empty).to.deep.equal([]);
    });
  }

  it('keeps the same placeholders in both languages', () => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    const mismatched = (Object.keys(es) as (keyof Strings)[]).filter(
      (key) => placeholders(es[key]).join() !== placeholders(en[key]).join(),
    );

    expect(mismatched).to.deep.equal([]);
  });

  it('tells the user where to place each side, in Spanish', () => {
    expect(es.placeFront).to.equal('Coloque el anverso de su documento dentro del marco');
    expect(es.placeBack).to.equal('Coloque el reverso de su documento dentro del marco');
  });

  it('names the sides anverso and reverso', () => {
    expect([es.sideFront, es.sideBack]).to.deep.equal(['anverso', 'reverso']);
  });

  it('shows the upload percentage', () => {
    expect(format(es.uploading, { percent: 42 })).to.contain('42');
    expect(format(en.uploading, { percent: 42 })).to.contain('42');
  });

  it('shows the seconds before a retry', () => {
    expect(format(es.retryingIn, { seconds: 5 })).to.contain('5');
  });

  it('says a picked picture shows no card, in Spanish', () => {
    expect(es.fileNoCard).to.match(/^No encontramos un documento en la imagen/);
  });

  it('makes a language table without every key, or with one too many, fail to compile', () => {
    // @ts-expect-error a table that lacks a key is not a Strings
    const missing: Strings = { ...es, errorConfig: undefined };
    // @ts-expect-error a table with a key no code reads is not a Strings
    const extra: Strings = { ...es, resultReceived: 'Documento leído' };

    expect([missing.errorConfig, Object.keys(extra).length]).to.deep.equal([undefined, Object.keys(es).length + 1]);
  });

  it('states the file rules (JPEG, PNG or PDF, up to 5 MB)', () => {
    expect(es.fileHint).to.equal('JPEG, PNG o PDF, hasta 5 MB');
    expect(en.fileHint).to.equal('JPEG, PNG or PDF, up to 5 MB');
  });
});

describe('errorMessage', () => {
  for (const lang of LANGS) {
    it(`has a ${lang} message for every error code and camera error`, () => {
      const missing = ALL_CODES.filter((code) => !errorMessage(translations[lang], code));

      expect(missing).to.deep.equal([]);
    });

    it(`does not fall back to the generic ${lang} message for a known code`, () => {
      const generic = ALL_CODES.filter(
        (code) => errorMessage(translations[lang], code) === translations[lang].errorUnknown,
      );

      expect(generic).to.deep.equal([]);
    });
  }

  it('gives the polite "service unavailable" message for every integrator problem', () => {
    const messages = ['UNAUTHORIZED', 'KEY_EXPIRED', 'NO_PERMISSION', 'OUT_OF_QUOTA', 'NOT_FOUND'].map((code) =>
      errorMessage(es, code),
    );

    expect(new Set(messages)).to.deep.equal(
      new Set(['El servicio no está disponible en este momento. Inténtelo más tarde.']),
    );
  });

  it('never shows the raw code to the user', () => {
    const leaking = ALL_CODES.filter((code) =>
      LANGS.some((lang) => errorMessage(translations[lang], code).includes(code)),
    );

    expect(leaking).to.deep.equal([]);
  });

  it("says a configuration mistake is not the person's to fix, in both languages", () => {
    expect(errorMessage(es, 'CONFIG_ERROR')).to.equal(
      'Esta página tiene un error de configuración y no puede leer su documento. Comuníquese con la entidad que le pidió el trámite.',
    );
    expect(errorMessage(en, 'CONFIG_ERROR')).to.equal(
      'This page has a setup error and cannot read your ID. Please contact the organisation that asked you for it.',
    );
  });

  it('does not tell a person with a misconfigured page to check the connection or try again', () => {
    for (const lang of LANGS) {
      const t = translations[lang];
      const message = errorMessage(t, 'CONFIG_ERROR');

      expect([t.errorNetwork, t.errorServiceUnavailable, t.errorUnknown], lang).to.not.include(message);
    }
  });

  it('tells a bad photo apart from a network problem', () => {
    expect(errorMessage(es, 'DETECTION_FAILED')).to.not.equal(errorMessage(es, 'NETWORK_ERROR'));
  });

  it('falls back to a generic message for an unknown code', () => {
    expect(errorMessage(es, 'SOMETHING_NEW')).to.equal(es.errorUnknown);
  });

  it('does not read codes from the prototype chain', () => {
    expect(errorMessage(en, 'constructor')).to.equal(en.errorUnknown);
  });

  it('uses an overridden string', () => {
    const strings = { ...es, errorTimeout: 'Demoró mucho.' };

    expect(errorMessage(strings, 'TIMEOUT')).to.equal('Demoró mucho.');
  });
});

describe('resolveLang', () => {
  const cases: [string | null | undefined, Lang][] = [
    ['es', 'es'],
    ['es-PE', 'es'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['EN-gb', 'en'],
    ['en_US', 'en'],
    [' en ', 'en'],
    ['fr', 'es'],
    ['qu-PE', 'es'],
    ['english', 'es'],
    ['', 'es'],
    [null, 'es'],
    [undefined, 'es'],
  ];
  for (const [attr, lang] of cases) {
    it(`resolves ${JSON.stringify(attr)} to ${lang}`, () => {
      expect(resolveLang(attr)).to.equal(lang);
    });
  }
});

describe('format', () => {
  it('fills every placeholder', () => {
    expect(format('{a} y {b}, {a}', { a: 1, b: 'dos' })).to.equal('1 y dos, 1');
  });

  it('leaves a placeholder without a parameter as it is', () => {
    expect(format('Enviando {percent} %', {})).to.equal('Enviando {percent} %');
  });

  it('does not take parameters from the prototype chain', () => {
    expect(format('{toString}', {})).to.equal('{toString}');
  });

  it('inserts parameter text literally (no pattern expansion)', () => {
    expect(format('{x}', { x: '$& $1' })).to.equal('$& $1');
  });
});

describe('quality hints', () => {
  /** Every hint: the object's type fails to compile when one is missing. */
  const HINTS = Object.keys({
    'place-card': true,
    'center-card': true,
    closer: true,
    farther: true,
    straighten: true,
    'more-light': true,
    'less-light': true,
    glare: true,
    'hold-still': true,
    blurry: true,
  } satisfies Record<QualityHint, true>) as QualityHint[];

  it("names each hint's string after it (place-card: hintPlaceCard)", () => {
    expect(HINTS.map(hintKey)).to.deep.equal([
      'hintPlaceCard',
      'hintCenterCard',
      'hintCloser',
      'hintFarther',
      'hintStraighten',
      'hintMoreLight',
      'hintLessLight',
      'hintGlare',
      'hintHoldStill',
      'hintBlurry',
    ]);
  });

  for (const lang of LANGS) {
    it(`has a distinct ${lang} message for every hint, unlike the side instructions`, () => {
      const t = translations[lang];
      const texts = HINTS.map((hint) => t[hintKey(hint)]);

      expect(new Set(texts).size).to.equal(texts.length);
      expect(texts).to.not.include(t.placeFront);
      expect(texts.every((text) => text.trim() !== '')).to.equal(true);
    });
  }

  it('asks in Spanish to bring the card closer, avoid glare, hold still and find more light', () => {
    expect(es.hintCloser).to.match(/^Acerque/);
    expect(es.hintGlare).to.match(/^Evite los reflejos/);
    expect(es.hintHoldStill).to.match(/^Mantenga quieto/);
    expect(es.hintMoreLight).to.match(/más luz/);
  });

  it('asks in Spanish to move the card away or straighten it, without promising it must fill the frame', () => {
    expect(es.hintFarther).to.match(/^Aleje/);
    expect(es.hintStraighten).to.match(/^Enderece/);
    expect(es.hintCloser).to.not.match(/llene/);
    expect(en.hintCloser).to.not.match(/fills/);
  });
});
