import { expect } from '@open-wc/testing';
import { parseApiResponse, type ParseOutcome } from '../../src/api/parse.js';
import type { ApiFailure, CardResult } from '../../src/api/types.js';

// The example responses of shared/api/idcard-api.md, verbatim.
const NEW_FRONT =
  '{"request_id":"TID8bf47ab6eda64476973cc5f5b6ebf57e","status":"OK","results":[{"card_type":"new","card_side":"front","card_info":{"id_number":"1075xxxx-x","father_name":"COMXX","mother_name":"CCAXXXXX","name":"ANA ISAXXX","gender":"FEMENINO","gender_s":"F","marriage":"Soltero","birthday":"16/05/1994","birth_place":"140133","issue_date":"11/10/2019","expiry_date":"11/10/2024","election_number":"053xxx","organ_donation":"NO"},"face_region":[[325,1010],[736,1010],[736,1523],[325,1523]]}]}';
const NEW_BACK =
  '{"request_id":"TID8bf47ab6eda64476973cc5f5b6ebf57e","status":"OK","results":[{"card_type":"new","card_side":"back","card_info":{"region":"LIMA/LIMA/LA VICTORIA","address":"15 DE JULIO 10XX DPTO.21X"}}]}';
const OLD_FRONT =
  '{"request_id":"TID8bf47ab6eda64476973cc5f5b6ebf57e","status":"OK","results":[{"card_type":"old","card_side":"front","card_info":{"id_number":"1075xxxx-x","father_name":"COMXX","mother_name":"CCAXXXXX","name":"ANA ISAXXX","gender":"F","marriage":"S","birthday":"16/05/1994","birth_place":"140133","registration_date":"11/10/2016","issue_date":"11/10/2019","expiry_date":"11/10/2024"},"face_region":[[325,1010],[736,1010],[736,1523],[325,1523]]}]}';
const OLD_BACK =
  '{"request_id":"TIDcfa616942c0e4c4cb3870cfb9b1a94be","results":[{"card_info":{"address":"AV. BRASIL xxxx","department":"LIMA","district":"JESUS MARIA","election_number":"036xxx","organ_donation":"NO","province":"LIMA"},"card_side":"back","card_type":"old"}],"status":"OK"}';
const ALIEN_FRONT =
  '{"request_id":"TIDdcda3ce2753a4455b459b370d7768dd1","results":[{"card_info":{"birthday":"xx MAR 1991","birthday_s":"xx-03-1991","document_number":"","expiry_date":"","expiry_date_s":"","gender":"M","gender_s":"M","given_name":"ADRIAN XXXXXX","id_number":"004599xxx","issue_date":"","issue_date_s":"","marriage":"S","migratory_quality":"ESP ESPECIAL","nationality":"VENEZOLANA","surname":"RIOS XXXXX"},"card_side":"front","card_type":"ALIEN","face_region":[[325,1010],[736,1010],[736,1523],[325,1523]]}],"status":"OK"}';

const FACE = [
  [325, 1010],
  [736, 1010],
  [736, 1523],
  [325, 1523],
];

/** The results of an outcome that must be OK. */
function results(outcome: ParseOutcome): CardResult[] {
  if (!outcome.ok) throw new Error(`expected OK, got ${outcome.failure.code}: ${outcome.failure.reason}`);
  return outcome.results;
}

/** The failure of an outcome that must have failed. */
function failure(outcome: ParseOutcome): ApiFailure {
  if (outcome.ok) throw new Error('expected a failure, got OK');
  return outcome.failure;
}

/** An OK body with one result. */
function okBody(result: unknown): string {
  return JSON.stringify({ request_id: 'TID1', status: 'OK', results: [result] });
}

/** A new-DNI front result with the given `card_info` / extra fields. */
function newFront(extra: Record<string, unknown> = {}, info: Record<string, unknown> = { name: 'ANA' }): unknown {
  return { card_type: 'new', card_side: 'front', card_info: info, ...extra };
}

describe('parseApiResponse: the contract examples', () => {
  it('reads the new DNI front with every field and the face region', () => {
    const outcome = parseApiResponse(200, NEW_FRONT);

    const [result] = results(outcome);
    expect(result).to.deep.equal({
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
      face_region: FACE,
    });
  });

  it('gives the request id and the body as received', () => {
    const outcome = parseApiResponse(200, NEW_FRONT);

    expect(outcome.ok).to.equal(true);
    expect(outcome.ok && outcome.requestId).to.equal('TID8bf47ab6eda64476973cc5f5b6ebf57e');
    expect(outcome.body).to.deep.equal(JSON.parse(NEW_FRONT));
  });

  it('reads the new DNI back without a face region', () => {
    const [result] = results(parseApiResponse(200, NEW_BACK));

    expect(result).to.deep.equal({
      card_type: 'new',
      card_side: 'back',
      card_info: { region: 'LIMA/LIMA/LA VICTORIA', address: '15 DE JULIO 10XX DPTO.21X' },
    });
  });

  it('reads the old DNI front', () => {
    const [result] = results(parseApiResponse(200, OLD_FRONT));

    expect(result.card_type).to.equal('old');
    expect(result.card_side).to.equal('front');
    expect(result.card_info).to.deep.equal({
      id_number: '1075xxxx-x',
      father_name: 'COMXX',
      mother_name: 'CCAXXXXX',
      name: 'ANA ISAXXX',
      gender: 'F',
      marriage: 'S',
      birthday: '16/05/1994',
      birth_place: '140133',
      registration_date: '11/10/2016',
      issue_date: '11/10/2019',
      expiry_date: '11/10/2024',
    });
    expect(result.face_region).to.deep.equal(FACE);
  });

  it('reads the old DNI back', () => {
    const [result] = results(parseApiResponse(200, OLD_BACK));

    expect(result).to.deep.equal({
      card_type: 'old',
      card_side: 'back',
      card_info: {
        address: 'AV. BRASIL xxxx',
        department: 'LIMA',
        district: 'JESUS MARIA',
        election_number: '036xxx',
        organ_donation: 'NO',
        province: 'LIMA',
      },
    });
  });

  it('reads the foreigner card front, keeping empty strings', () => {
    const [result] = results(parseApiResponse(200, ALIEN_FRONT));

    expect(result.card_type).to.equal('ALIEN');
    expect(result.card_info).to.deep.equal({
      birthday: 'xx MAR 1991',
      birthday_s: 'xx-03-1991',
      document_number: '',
      expiry_date: '',
      expiry_date_s: '',
      gender: 'M',
      gender_s: 'M',
      given_name: 'ADRIAN XXXXXX',
      id_number: '004599xxx',
      issue_date: '',
      issue_date_s: '',
      marriage: 'S',
      migratory_quality: 'ESP ESPECIAL',
      nationality: 'VENEZOLANA',
      surname: 'RIOS XXXXX',
    });
  });

  it('accepts a face region inside the image that was sent', () => {
    const [result] = results(parseApiResponse(200, NEW_FRONT, { width: 1280, height: 1600 }));

    expect(result.face_region).to.deep.equal(FACE);
  });
});

describe('parseApiResponse: documented errors', () => {
  const cases: [number, string, boolean][] = [
    [400, 'INVALID_ARGUMENT', false],
    [400, 'DETECTION_FAILED', false],
    [401, 'UNAUTHORIZED', false],
    [401, 'KEY_EXPIRED', false],
    [403, 'NO_PERMISSION', false],
    [403, 'OUT_OF_QUOTA', false],
    [403, 'RATE_LIMIT_EXCEEDED', true],
    [404, 'NOT_FOUND', false],
    [500, 'INTERNAL_ERROR', true],
  ];
  for (const [http, code, retryable] of cases) {
    it(`maps HTTP ${http} ${code} to its code (retryable: ${retryable})`, () => {
      const text = JSON.stringify({ status: code, reason: `why ${code}`, request_id: 'TIDerr' });

      const outcome = parseApiResponse(http, text);

      expect(failure(outcome)).to.deep.equal({
        code,
        httpStatus: http,
        reason: `why ${code}`,
        requestId: 'TIDerr',
        retryable,
      });
      expect(outcome.body).to.deep.equal(JSON.parse(text));
    });
  }

  it('takes the documented error of an HTTP 200 that carries one', () => {
    const text = '{"status":"DETECTION_FAILED","reason":"no card","request_id":"TID2"}';

    const result = failure(parseApiResponse(200, text));

    expect(result.code).to.equal('DETECTION_FAILED');
    expect(result.httpStatus).to.equal(200);
    expect(result.retryable).to.equal(false);
  });

  it('passes Retry-After in seconds to the failure', () => {
    const text = '{"status":"RATE_LIMIT_EXCEEDED","reason":"slow down","request_id":"TID3"}';

    const result = failure(parseApiResponse(403, text, undefined, { retryAfter: '7' }));

    expect(result.retryAfter).to.equal(7);
  });

  it('ignores a Retry-After that is not a number or a date', () => {
    const text = '{"status":"RATE_LIMIT_EXCEEDED","reason":"slow down","request_id":"TID3"}';

    const result = failure(parseApiResponse(403, text, undefined, { retryAfter: 'soon' }));

    expect(result).to.not.have.property('retryAfter');
  });

  it('gives an empty reason when the error body has none', () => {
    const result = failure(parseApiResponse(500, '{"status":"INTERNAL_ERROR"}'));

    expect(result.reason).to.equal('');
    expect(result.requestId).to.equal(null);
  });
});

describe('parseApiResponse: bodies that are not the contract', () => {
  it('refuses a body that is not JSON', () => {
    const outcome = parseApiResponse(200, 'OK then');

    expect(failure(outcome).code).to.equal('BAD_RESPONSE');
    expect(failure(outcome).httpStatus).to.equal(200);
    expect(outcome.body).to.equal(null);
  });

  it('refuses a 502 HTML page as a retryable bad response', () => {
    const html = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>';

    const result = failure(parseApiResponse(502, html));

    expect(result.code).to.equal('BAD_RESPONSE');
    expect(result.httpStatus).to.equal(502);
    expect(result.retryable).to.equal(true);
    expect(result.reason).to.contain('HTML');
  });

  it('refuses a 404 HTML page as not retryable', () => {
    const result = failure(parseApiResponse(404, '<html><body>Not Found</body></html>'));

    expect(result.code).to.equal('BAD_RESPONSE');
    expect(result.retryable).to.equal(false);
  });

  it('refuses an empty body', () => {
    const result = failure(parseApiResponse(200, ''));

    expect(result.code).to.equal('BAD_RESPONSE');
    expect(result.reason).to.contain('empty');
  });

  it('refuses a truncated body', () => {
    const result = failure(parseApiResponse(200, NEW_FRONT.slice(0, NEW_FRONT.length / 2)));

    expect(result.code).to.equal('BAD_RESPONSE');
  });

  it('refuses JSON that is not an object', () => {
    const outcome = parseApiResponse(200, '[1,2,3]');

    expect(failure(outcome).code).to.equal('BAD_RESPONSE');
    expect(outcome.body).to.deep.equal([1, 2, 3]);
  });

  it('refuses an unknown status string', () => {
    const result = failure(parseApiResponse(200, '{"status":"MAYBE","request_id":"TID4"}'));

    expect(result.code).to.equal('BAD_RESPONSE');
    expect(result.requestId).to.equal('TID4');
  });

  it('refuses a status in another casing', () => {
    const result = failure(parseApiResponse(200, NEW_FRONT.replace('"status":"OK"', '"status":"ok"')));

    expect(result.code).to.equal('BAD_RESPONSE');
  });

  it('refuses a body without status', () => {
    const result = failure(parseApiResponse(200, '{"results":[]}'));

    expect(result.code).to.equal('BAD_RESPONSE');
  });

  it('refuses OK with an HTTP error status', () => {
    const result = failure(parseApiResponse(500, NEW_FRONT));

    expect(result.code).to.equal('BAD_RESPONSE');
    expect(result.httpStatus).to.equal(500);
  });

  it('refuses OK with empty results', () => {
    const result = failure(parseApiResponse(200, '{"status":"OK","request_id":"TID5","results":[]}'));

    expect(result.code).to.equal('BAD_RESPONSE');
  });

  it('refuses OK without results', () => {
    const result = failure(parseApiResponse(200, '{"status":"OK","request_id":"TID5"}'));

    expect(result.code).to.equal('BAD_RESPONSE');
  });

  it('refuses OK whose results is not an array', () => {
    const result = failure(parseApiResponse(200, '{"status":"OK","results":{"0":{}}}'));

    expect(result.code).to.equal('BAD_RESPONSE');
  });
});

describe('parseApiResponse: results', () => {
  for (const type of ['NEW', 'alien', 'Old', 'passport', '']) {
    it(`rejects card_type "${type}"`, () => {
      const result = failure(parseApiResponse(200, okBody({ card_type: type, card_side: 'front', card_info: {} })));

      expect(result.code).to.equal('BAD_RESPONSE');
    });
  }

  it('rejects an unknown card_side', () => {
    const result = failure(parseApiResponse(200, okBody({ card_type: 'new', card_side: 'FRONT', card_info: {} })));

    expect(result.code).to.equal('BAD_RESPONSE');
  });

  it('rejects a card_info that is not an object', () => {
    const result = failure(parseApiResponse(200, okBody({ card_type: 'new', card_side: 'front', card_info: ['x'] })));

    expect(result.code).to.equal('BAD_RESPONSE');
  });

  it('keeps the good results when one is rejected', () => {
    const text = JSON.stringify({
      status: 'OK',
      results: [{ card_type: 'NEW', card_side: 'front', card_info: {} }, newFront()],
    });

    const list = results(parseApiResponse(200, text));

    expect(list).to.have.length(1);
    expect(list[0].card_type).to.equal('new');
  });

  it('does not choke on a card_type object with its own toString', () => {
    const body = okBody({ card_type: { toString: 'x', valueOf: 'y' }, card_side: 'front', card_info: {} });

    const result = failure(parseApiResponse(200, body));

    expect(result.code).to.equal('BAD_RESPONSE');
  });

  it('drops fields that are not strings', () => {
    const info = { name: 'ANA', id_number: 10750000, gender: null, marriage: ['S'], birthday: { d: 1 } };

    const [result] = results(parseApiResponse(200, okBody(newFront({}, info))));

    expect(result.card_info).to.deep.equal({ name: 'ANA' });
  });

  it('ignores fields not documented for the type and side', () => {
    const info = { name: 'ANA', address: 'AV. X', surname: 'QUISPE', password: 'x' };

    const [result] = results(parseApiResponse(200, okBody(newFront({}, info))));

    expect(result.card_info).to.deep.equal({ name: 'ANA' });
  });

  it('caps a 1 MB field at 200 characters', () => {
    const huge = 'A'.repeat(1024 * 1024);

    const body = okBody({ card_type: 'new', card_side: 'back', card_info: { address: huge, region: 'LIMA' } });

    const [result] = results(parseApiResponse(200, body));

    const info = result.card_info as Record<string, string>;
    expect(info.address).to.equal('A'.repeat(200));
    expect(info.region).to.equal('LIMA');
  });

  it('does not split a character made of two UTF-16 units when capping', () => {
    const text = '😀'.repeat(300);

    const [result] = results(parseApiResponse(200, okBody(newFront({}, { name: text }))));

    const name = (result.card_info as Record<string, string>).name;
    expect(Array.from(name)).to.have.length(200);
    expect(name).to.equal('😀'.repeat(200));
  });

  it('strips control characters and bidirectional overrides', () => {
    const info = { name: 'ANA\u0000\u0007 ISA\u001b[31m\u202eX' };

    const [result] = results(parseApiResponse(200, okBody(newFront({}, info))));

    expect((result.card_info as Record<string, string>).name).to.equal('ANA ISA[31mX');
  });

  it('turns line breaks and tabs into spaces', () => {
    const body = okBody({ card_type: 'new', card_side: 'back', card_info: { address: 'AV. BRASIL\r\n123\tB' } });

    const [result] = results(parseApiResponse(200, body));

    expect((result.card_info as Record<string, string>).address).to.equal('AV. BRASIL  123 B');
  });

  it('keeps markup as plain text, unchanged', () => {
    const markup = '<img src=x onerror="alert(1)"><script>alert(2)</script>';

    const [result] = results(parseApiResponse(200, okBody(newFront({}, { name: markup }))));

    expect((result.card_info as Record<string, string>).name).to.equal(markup);
  });

  it('ignores a __proto__ key in card_info and does not pollute any prototype', () => {
    const text =
      '{"status":"OK","results":[{"card_type":"new","card_side":"front","card_info":{"__proto__":{"polluted":"yes"},"name":"ANA"}}]}';

    const [result] = results(parseApiResponse(200, text));

    expect(result.card_info).to.deep.equal({ name: 'ANA' });
    expect(Object.getPrototypeOf(result.card_info)).to.equal(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('ignores a __proto__ key on the foreigner-card back, keeping its text fields', () => {
    const text =
      '{"status":"OK","results":[{"card_type":"ALIEN","card_side":"back","card_info":{"__proto__":{"polluted":"yes"},"address":"AV. X","n":1}}]}';

    const [result] = results(parseApiResponse(200, text));

    expect(result.card_info).to.deep.equal({ address: 'AV. X' });
    expect(Object.getPrototypeOf(result.card_info)).to.equal(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('does not read card fields from the prototype chain', () => {
    const text = '{"status":"OK","results":[{"card_type":"new","card_side":"front","card_info":{}}]}';

    const [result] = results(parseApiResponse(200, text));

    expect(result.card_info).to.deep.equal({});
    expect(Object.keys(result.card_info)).to.have.length(0);
  });

  it('caps the request id', () => {
    const text = JSON.stringify({ request_id: 'T'.repeat(5000), status: 'OK', results: [newFront()] });

    const outcome = parseApiResponse(200, text);

    expect(outcome.ok && outcome.requestId).to.equal('T'.repeat(200));
  });

  it('gives a null request id when it is not a string', () => {
    const text = JSON.stringify({ request_id: 42, status: 'OK', results: [newFront()] });

    const outcome = parseApiResponse(200, text);

    expect(outcome.ok).to.equal(true);
    expect(outcome.ok && outcome.requestId).to.equal(null);
  });
});

describe('parseApiResponse: face_region', () => {
  const bad: [string, unknown][] = [
    [
      'strings',
      [
        ['325', '1010'],
        ['736', '1010'],
        ['736', '1523'],
        ['325', '1523'],
      ],
    ],
    ['3 points', FACE.slice(0, 3)],
    ['5 points', [...FACE, [1, 1]]],
    ['a point of 3 numbers', [[325, 1010, 0], ...FACE.slice(1)]],
    ['an object', { tl: [0, 0] }],
    ['null', null],
  ];
  for (const [name, region] of bad) {
    it(`drops a face_region of ${name} but keeps the result`, () => {
      const [result] = results(parseApiResponse(200, okBody(newFront({ face_region: region }))));

      expect(result.card_info).to.deep.equal({ name: 'ANA' });
      expect(result).to.not.have.property('face_region');
    });
  }

  it('drops a face_region with NaN', () => {
    // JSON has no NaN: a body with one is not JSON at all, so the whole answer is refused…
    const withNaN = okBody(newFront({ face_region: FACE })).replace('325', 'NaN');
    expect(failure(parseApiResponse(200, withNaN)).code).to.equal('BAD_RESPONSE');
    // …and a huge exponent that parses to Infinity drops only the face region.
    const withInfinity = okBody(newFront({ face_region: FACE })).replace('325', '1e999');

    const [result] = results(parseApiResponse(200, withInfinity));

    expect(result).to.not.have.property('face_region');
  });

  it('drops a face_region far outside the image', () => {
    const region = [
      [325, 1010],
      [736, 1010],
      [736, 9000],
      [325, 9000],
    ];

    const [result] = results(
      parseApiResponse(200, okBody(newFront({ face_region: region })), { width: 1280, height: 1600 }),
    );

    expect(result).to.not.have.property('face_region');
    expect(result.card_type).to.equal('new');
  });

  it('keeps a face_region slightly outside the image (within 10%)', () => {
    const region = [
      [-50, 10],
      [300, -20],
      [300, 400],
      [-50, 400],
    ];

    const [result] = results(
      parseApiResponse(200, okBody(newFront({ face_region: region })), { width: 1000, height: 600 }),
    );

    expect(result.face_region).to.deep.equal(region);
  });

  it('drops a face_region just beyond the 10% margin', () => {
    const region = [
      [-101, 10],
      [300, 10],
      [300, 400],
      [-101, 400],
    ];

    const [result] = results(
      parseApiResponse(200, okBody(newFront({ face_region: region })), { width: 1000, height: 600 }),
    );

    expect(result).to.not.have.property('face_region');
  });

  it('keeps a rotated quadrilateral', () => {
    const region = [
      [600, 100],
      [700, 300],
      [500, 400],
      [400, 200],
    ];

    const [result] = results(
      parseApiResponse(200, okBody(newFront({ face_region: region })), { width: 1000, height: 600 }),
    );

    expect(result.face_region).to.deep.equal(region);
  });

  it('returns new arrays, not the ones in the body', () => {
    const outcome = parseApiResponse(200, NEW_FRONT);

    const [result] = results(outcome);

    const raw = (outcome.body as { results: { face_region: unknown }[] }).results[0].face_region;
    expect(result.face_region).to.not.equal(raw);
  });
});
