import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cardInCrop } from '../../src/geometry.ts';
import { API_ERROR_CODES } from '../../src/api/types.ts';
import {
  CARD_INFO,
  createMockApi,
  ERROR_HTTP_STATUS,
  FAULT_SCENARIOS,
  PHOTO_BOX,
  type MockRequestInfo,
} from '../../server/mock-api.ts';
import {
  imageForm,
  listen,
  makeJpeg,
  makePdf,
  makePng,
  MOCK_CREDENTIALS,
  post,
  readJson,
  REQUEST_ID,
  type Running,
} from './helpers.ts';

/** RENIEC check character (shared/domain/peru-documents.md). */
function validDni(id: string): boolean {
  const m = /^(\d{8})-([0-9A-K])$/.exec(id);
  if (!m) return false;
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  const sum = [...m[1]].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  const r = sum % 11;
  return m[2] === '65432110987'[r] || m[2] === 'KJIHGFEDCBA'[r];
}

describe('mock API', () => {
  let api: Running;
  let url: string;
  const seen: MockRequestInfo[] = [];
  const jpeg = makeJpeg(1280, 807);

  before(async () => {
    api = await listen(createMockApi({ onRequest: (info) => seen.push(info) }));
    url = `${api.url}/ocr/idcard`;
  });
  after(() => api.close());

  const send = (body: BodyInit | null, headers: Record<string, string> = {}) =>
    post(url, body, { ...MOCK_CREDENTIALS, ...headers });

  describe('validation', () => {
    test('no credentials → 401 UNAUTHORIZED with the documented body', async () => {
      const res = await post(url, imageForm(jpeg));
      assert.equal(res.status, 401);
      assert.deepEqual(Object.keys(res.json).sort(), ['reason', 'request_id', 'status']);
      assert.equal(res.json.status, 'UNAUTHORIZED');
      assert.match(res.json.request_id, REQUEST_ID);
      assert.ok(res.json.reason.length > 0);
    });

    test('wrong secret → 401 UNAUTHORIZED', async () => {
      const res = await post(url, imageForm(jpeg), { ...MOCK_CREDENTIALS, 'X-DF-API-SECRET': 'nope' });
      assert.equal(res.status, 401);
      assert.equal(res.json.status, 'UNAUTHORIZED');
    });

    test('credentials are checked before the scenario', async () => {
      const res = await post(url, imageForm(jpeg), { 'X-Mock-Scenario': 'new' });
      assert.equal(res.json.status, 'UNAUTHORIZED');
    });

    test('no file → 400 INVALID_ARGUMENT with the documented reason', async () => {
      const form = new FormData();
      form.set('detect_face', '1');
      const res = await send(form);
      assert.equal(res.status, 400);
      assert.equal(res.json.status, 'INVALID_ARGUMENT');
      assert.equal(res.json.reason, "must specify 'file' or 'image_base64' argument");
    });

    test('empty body → 400 INVALID_ARGUMENT', async () => {
      const res = await send(null);
      assert.equal(res.status, 400);
      assert.equal(res.json.status, 'INVALID_ARGUMENT');
    });

    test('a text file → 400 INVALID_ARGUMENT, even when the scenario asks for a result', async () => {
      const res = await send(imageForm(Buffer.from('not an image at all'), { name: 'a.txt', type: 'text/plain' }), {
        'X-Mock-Scenario': 'new',
      });
      assert.equal(res.status, 400);
      assert.equal(res.json.status, 'INVALID_ARGUMENT');
      assert.match(res.json.reason, /format/);
    });

    test('a JPEG mislabelled as text is still sniffed as JPEG', async () => {
      const res = await send(imageForm(jpeg, { name: 'x.bin', type: 'application/octet-stream' }));
      assert.equal(res.status, 200);
      assert.equal(seen.at(-1)!.format, 'jpeg');
    });

    test('a 100×100 PNG → 400 INVALID_ARGUMENT', async () => {
      const res = await send(imageForm(makePng(100, 100), { name: 'small.png', type: 'image/png' }));
      assert.equal(res.status, 400);
      assert.equal(res.json.status, 'INVALID_ARGUMENT');
      assert.match(res.json.reason, /100x100/);
    });

    test('a 128×128 PNG is the smallest accepted', async () => {
      const res = await send(imageForm(makePng(128, 128), { name: 'min.png', type: 'image/png' }));
      assert.equal(res.status, 200);
      assert.equal(res.json.status, 'OK');
    });

    test('a 6001 px wide JPEG → 400 INVALID_ARGUMENT', async () => {
      const res = await send(imageForm(makeJpeg(6001, 3000)));
      assert.equal(res.status, 400);
      assert.equal(res.json.status, 'INVALID_ARGUMENT');
    });

    test('5,000,001 bytes → 400 INVALID_ARGUMENT; 5,000,000 bytes pass', async () => {
      const over = await send(imageForm(makeJpeg(1280, 807, 5_000_001)));
      assert.equal(over.status, 400);
      assert.equal(over.json.status, 'INVALID_ARGUMENT');
      assert.match(over.json.reason, /5 MB/);
      const atLimit = await send(imageForm(makeJpeg(1280, 807, 5_000_000)));
      assert.equal(atLimit.status, 200);
      assert.equal(seen.at(-1)!.bytes, 5_000_000);
    });

    test('a body far above the limit is drained and refused as INVALID_ARGUMENT', async () => {
      const res = await send(imageForm(makeJpeg(1280, 807, 9_000_000)));
      assert.equal(res.status, 400);
      assert.equal(res.json.status, 'INVALID_ARGUMENT');
    });

    test('a PDF is accepted, with a face region in a nominal 1280×807 image', async () => {
      const res = await send(imageForm(makePdf(), { name: 'dni.pdf', type: 'application/pdf' }));
      assert.equal(res.status, 200);
      const [x0, y0] = res.json.results[0].face_region[0];
      const [x1, y1] = res.json.results[0].face_region[2];
      assert.ok(x0 >= 0 && y0 >= 0 && x1 <= 1280 && y1 <= 807);
      assert.equal(seen.at(-1)!.format, 'pdf');
    });

    test('image_base64 in a urlencoded body', async () => {
      const body = new URLSearchParams({ image_base64: makePng(300, 200).toString('base64'), detect_face: '0' });
      const res = await send(body);
      assert.equal(res.status, 200);
      assert.equal(res.json.results[0].face_region, undefined);
      const info = seen.at(-1)!;
      assert.equal(info.field, 'image_base64');
      assert.equal(info.format, 'png');
      assert.equal(info.width, 300);
    });

    test('image_base64 in a JSON body', async () => {
      const res = await send(JSON.stringify({ image_base64: jpeg.toString('base64'), detect_face: 1 }), {
        'content-type': 'application/json',
      });
      assert.equal(res.status, 200);
      assert.ok(Array.isArray(res.json.results[0].face_region));
    });

    test('invalid Base64 → 400 INVALID_ARGUMENT', async () => {
      const res = await send(new URLSearchParams({ image_base64: '***' }));
      assert.equal(res.status, 400);
      assert.equal(res.json.status, 'INVALID_ARGUMENT');
    });

    test('another path → 404 NOT_FOUND JSON', async () => {
      const res = await post(`${api.url}/ocr/passport`, imageForm(jpeg), MOCK_CREDENTIALS);
      assert.equal(res.status, 404);
      assert.equal(res.json.status, 'NOT_FOUND');
      assert.match(res.json.request_id, REQUEST_ID);
    });

    test('GET → 405 with the API error shape', async () => {
      const res = await fetch(url);
      assert.equal(res.status, 405);
      assert.equal(res.headers.get('allow'), 'POST');
      const body = await readJson(res);
      assert.equal(body.status, 'NOT_FOUND');
    });
  });

  describe('results', () => {
    test('new front with detect_face=1: the documented fields and a face region inside the image', async () => {
      const res = await send(imageForm(jpeg));
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^application\/json/);
      assert.equal(res.json.status, 'OK');
      assert.match(res.json.request_id, REQUEST_ID);
      const [result] = res.json.results;
      assert.equal(result.card_type, 'new');
      assert.equal(result.card_side, 'front');
      assert.deepEqual(result.card_info, CARD_INFO.new.front);
      assert.ok(validDni(result.card_info.id_number));

      const region: [number, number][] = result.face_region;
      assert.equal(region.length, 4);
      for (const [x, y] of region) {
        assert.ok(Number.isInteger(x) && Number.isInteger(y));
        assert.ok(x >= 0 && x <= 1280 && y >= 0 && y <= 807, `${x},${y} inside 1280×807`);
      }
      // top-left, top-right, bottom-right, bottom-left, at PHOTO_BOX of the card in the crop
      const card = cardInCrop(1280, 807);
      assert.deepEqual(region, [
        [Math.round(card.x + PHOTO_BOX.x0 * card.width), Math.round(card.y + PHOTO_BOX.y0 * card.height)],
        [Math.round(card.x + PHOTO_BOX.x1 * card.width), Math.round(card.y + PHOTO_BOX.y0 * card.height)],
        [Math.round(card.x + PHOTO_BOX.x1 * card.width), Math.round(card.y + PHOTO_BOX.y1 * card.height)],
        [Math.round(card.x + PHOTO_BOX.x0 * card.width), Math.round(card.y + PHOTO_BOX.y1 * card.height)],
      ]);
    });

    test('face region follows the image size (portrait PNG)', async () => {
      const res = await send(imageForm(makePng(600, 900), { name: 'front.png', type: 'image/png' }));
      for (const [x, y] of res.json.results[0].face_region) assert.ok(x <= 600 && y <= 900);
    });

    test('detect_face absent → no face_region', async () => {
      const res = await send(imageForm(jpeg, { detectFace: null }));
      assert.equal(res.json.results[0].face_region, undefined);
    });

    test('the back has no face_region', async () => {
      const res = await send(imageForm(jpeg), { 'X-Mock-Side': 'back' });
      const [result] = res.json.results;
      assert.equal(result.card_side, 'back');
      assert.deepEqual(result.card_info, CARD_INFO.new.back);
      assert.equal(result.face_region, undefined);
    });

    test('old front and back', async () => {
      const front = await send(imageForm(jpeg), { 'X-Mock-Scenario': 'old' });
      assert.equal(front.json.results[0].card_type, 'old');
      assert.ok(validDni(front.json.results[0].card_info.id_number));
      const back = await send(imageForm(jpeg), { 'X-Mock-Scenario': 'old', 'X-Mock-Side': 'back' });
      assert.deepEqual(back.json.results[0].card_info, CARD_INFO.old.back);
    });

    test('ALIEN front answers the foreigner card; its back is DETECTION_FAILED', async () => {
      const front = await send(imageForm(jpeg), { 'X-Mock-Scenario': 'ALIEN' });
      assert.equal(front.json.results[0].card_type, 'ALIEN');
      assert.match(front.json.results[0].card_info.id_number, /^\d{9}$/);
      const back = await send(imageForm(jpeg), { 'X-Mock-Scenario': 'ALIEN', 'X-Mock-Side': 'back' });
      assert.equal(back.status, 400);
      assert.equal(back.json.status, 'DETECTION_FAILED');
    });

    test('wrong-side answers the other side of a new DNI', async () => {
      const res = await send(imageForm(jpeg), { 'X-Mock-Scenario': 'wrong-side', 'X-Mock-Side': 'front' });
      assert.equal(res.json.results[0].card_side, 'back');
    });

    for (const code of API_ERROR_CODES) {
      test(`scenario ${code} → HTTP ${ERROR_HTTP_STATUS[code]} with that status`, async () => {
        const res = await send(imageForm(jpeg), { 'X-Mock-Scenario': code });
        assert.equal(res.status, ERROR_HTTP_STATUS[code]);
        assert.equal(res.json.status, code);
        assert.match(res.json.request_id, REQUEST_ID);
        assert.ok(typeof res.json.reason === 'string' && res.json.reason.length > 0);
        assert.equal(res.headers.get('retry-after'), code === 'RATE_LIMIT_EXCEEDED' ? '2' : null);
      });
    }

    test('every fault scenario answers something', async () => {
      for (const scenario of FAULT_SCENARIOS) {
        const res = await send(imageForm(jpeg), { 'X-Mock-Scenario': scenario });
        assert.ok(res.status >= 200, scenario);
      }
    });

    test('fault scenarios break the contract the way they say', async () => {
      const html = await send(imageForm(jpeg), { 'X-Mock-Scenario': 'html-error' });
      assert.equal(html.status, 502);
      assert.match(html.headers.get('content-type')!, /text\/html/);
      const empty = await send(imageForm(jpeg), { 'X-Mock-Scenario': 'empty-body' });
      assert.equal(empty.text, '');
      const truncated = await send(imageForm(jpeg), { 'X-Mock-Scenario': 'truncated-json' });
      assert.throws(() => JSON.parse(truncated.text));
      const okError = await send(imageForm(jpeg), { 'X-Mock-Scenario': 'ok-status-error' });
      assert.equal(okError.status, 200);
      assert.equal(okError.json.status, 'INTERNAL_ERROR');
      const huge = await send(imageForm(jpeg), { 'X-Mock-Scenario': 'huge-field' });
      assert.ok(huge.json.results[0].card_info.name.length >= 1_000_000);
      const hostile = await send(imageForm(jpeg), { 'X-Mock-Scenario': 'hostile' });
      for (const value of Object.values(hostile.json.results[0].card_info))
        assert.match(String(value), /[<>&]|\$\{|\{\{/);
      const bad = await send(imageForm(jpeg), { 'X-Mock-Scenario': 'bad-face-region' });
      assert.equal(typeof bad.json.results[0].face_region[0][0], 'string');
      const outside = await send(imageForm(jpeg), { 'X-Mock-Scenario': 'face-outside' });
      assert.ok(outside.json.results[0].face_region[0][0] > 1280 * 2);
    });

    test('unknown scenario → 400 naming the known ones', async () => {
      const res = await send(imageForm(jpeg), { 'X-Mock-Scenario': 'nonsense' });
      assert.equal(res.status, 400);
      assert.match(res.json.reason, /wrong-side/);
    });

    test('X-Mock-Delay delays the answer', async () => {
      const started = Date.now();
      await send(imageForm(jpeg), { 'X-Mock-Delay': '300' });
      assert.ok(Date.now() - started >= 290);
    });
  });

  test('onRequest sees what the mock saw', async () => {
    await send(imageForm(jpeg, { name: 'back.jpg' }), { 'X-Mock-Side': 'back', 'X-Mock-Scenario': 'old' });
    const info = seen.at(-1)!;
    assert.equal(info.scenario, 'old');
    assert.equal(info.side, 'back');
    assert.equal(info.field, 'file');
    assert.equal(info.fileName, 'back.jpg');
    assert.equal(info.fileType, 'image/jpeg');
    assert.equal(info.format, 'jpeg');
    assert.equal(info.bytes, jpeg.length);
    assert.equal(info.width, 1280);
    assert.equal(info.height, 807);
    assert.match(info.sha256!, /^[0-9a-f]{64}$/);
    assert.equal(info.detectFace, true);
    assert.equal(info.headers['x-df-api-id'], 'mock-id');
    assert.equal(info.status, 200);
    assert.equal(info.apiStatus, 'OK');
    assert.match(info.contentType!, /^multipart\/form-data; boundary=/);
  });
});
