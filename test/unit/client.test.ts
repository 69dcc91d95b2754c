import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { newIdempotencyKey, sendSide, type SendSideOptions } from '../../src/api/client.js';
import '../../src/dni-capture.js';
import type { DniCapture } from '../../src/dni-capture.js';
import type { ParseOutcome } from '../../src/api/parse.js';
import type { ApiFailure } from '../../src/api/types.js';
import { CAMERA_TIMEOUT } from '../support/engine.js';

// The endpoints are middleware in web-test-runner.config.mjs: a real HTTP server, same origin.

interface Echo {
  method: string;
  contentType: string;
  headers: Record<string, string>;
  fields: string[];
  file: { name: string; size: number; type: string } | null;
  detectFace: string | null;
}

function jpeg(size: number): Blob {
  const bytes = new Uint8Array(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return new Blob([bytes], { type: 'image/jpeg' });
}

function send(overrides: Partial<SendSideOptions> = {}): Promise<ParseOutcome> {
  return sendSide({ url: '/__test/echo', side: 'front', blob: jpeg(1000), fileName: 'front.jpg', ...overrides });
}

function echoOf(outcome: ParseOutcome): Echo {
  if (!outcome.ok) throw new Error(`expected OK, got ${outcome.failure.code}: ${outcome.failure.reason}`);
  return (outcome.body as { echo: Echo }).echo;
}

function failureOf(outcome: ParseOutcome): ApiFailure {
  if (outcome.ok) throw new Error('expected a failure, got OK');
  return outcome.failure;
}

function respondUrl(params: Record<string, string | number>): string {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  return `/__test/respond?${query}`;
}

describe('sendSide: the request', () => {
  it('POSTs multipart/form-data', async () => {
    const echo = echoOf(await send());

    expect(echo.method).to.equal('POST');
    expect(echo.contentType).to.match(/^multipart\/form-data; boundary=/);
  });

  it('sends the fields file and detect_face, in that order', async () => {
    const echo = echoOf(await send());

    expect(echo.fields).to.deep.equal(['file', 'detect_face']);
  });

  it('sends the blob as file with its name, size and type', async () => {
    const echo = echoOf(await send({ blob: jpeg(12345), fileName: 'back.jpg' }));

    expect(echo.file).to.deep.equal({ name: 'back.jpg', size: 12345, type: 'image/jpeg' });
  });

  it('asks for the face with detect_face=1', async () => {
    const echo = echoOf(await send());

    expect(echo.detectFace).to.equal('1');
  });

  it('tells the proxy the side in X-DNI-Side', async () => {
    const echo = echoOf(await send({ side: 'back' }));

    expect(echo.headers['x-dni-side']).to.equal('back');
  });

  it('adds the integrator headers', async () => {
    const echo = echoOf(await send({ headers: { 'X-CSRF-Token': 'abc123' } }));

    expect(echo.headers['x-csrf-token']).to.equal('abc123');
  });

  it('drops API credentials a caller tries to send, in any casing', async () => {
    const echo = echoOf(
      await send({ headers: { 'X-DF-API-ID': 'id', 'x-df-api-secret': 'secret', 'X-Df-Api-Id ': 'id2', 'X-Ok': '1' } }),
    );

    expect(echo.headers).to.not.have.property('x-df-api-id');
    expect(echo.headers).to.not.have.property('x-df-api-secret');
    expect(echo.headers['x-ok']).to.equal('1');
  });

  it('does not let a caller override the side or the content type', async () => {
    const echo = echoOf(await send({ side: 'front', headers: { 'X-DNI-Side': 'back', 'Content-Type': 'text/plain' } }));

    expect(echo.headers['x-dni-side']).to.equal('front');
    expect(echo.contentType).to.match(/^multipart\/form-data/);
  });

  it('skips an invalid header instead of failing', async () => {
    const echo = echoOf(await send({ headers: { 'Bad Header': 'x', 'X-Good': 'y' } }));

    expect(echo.headers['x-good']).to.equal('y');
  });

  it('sends no cookies to a proxy on another origin (withCredentials false)', async () => {
    const { port } = (await (await fetch('/__test/cross-origin')).json()) as { port: number };
    document.cookie = 'dni_test_cookie=1; path=/';
    try {
      const url = `${location.protocol}//${location.hostname}:${port}/__test/echo`;

      const echo = echoOf(await send({ url, headers: { 'X-CSRF-Token': 't' } }));

      expect(echo.headers['x-csrf-token']).to.equal('t');
      expect(echo.headers).to.not.have.property('cookie');
    } finally {
      document.cookie = 'dni_test_cookie=; path=/; max-age=0';
    }
  });

  it('control: the other origin would receive the cookie if credentials were sent', async () => {
    const { port } = (await (await fetch('/__test/cross-origin')).json()) as { port: number };
    document.cookie = 'dni_test_cookie=1; path=/';
    try {
      const form = new FormData();
      form.append('file', jpeg(10), 'f.jpg');

      const response = await fetch(`${location.protocol}//${location.hostname}:${port}/__test/echo`, {
        method: 'POST',
        body: form,
        credentials: 'include',
      });

      const { echo } = (await response.json()) as { echo: Echo };
      expect(echo.headers.cookie).to.contain('dni_test_cookie=1');
    } finally {
      document.cookie = 'dni_test_cookie=; path=/; max-age=0';
    }
  });
});

describe('sendSide: progress', () => {
  it('reports upload progress up to the whole body', async () => {
    const blob = jpeg(3_000_000);
    const calls: [number, number][] = [];

    await send({ blob, onProgress: (loaded, total) => calls.push([loaded, total]) });

    expect(calls.length).to.be.greaterThan(0);
    const [loaded, total] = calls[calls.length - 1];
    expect(total).to.be.at.least(blob.size);
    expect(loaded).to.equal(total);
  });

  it('reports progress that never goes backwards', async () => {
    const calls: number[] = [];

    await send({ blob: jpeg(3_000_000), onProgress: (loaded) => calls.push(loaded) });

    expect(calls).to.deep.equal([...calls].sort((a, b) => a - b));
  });
});

describe('sendSide: answers', () => {
  it('resolves the parsed results of an OK answer', async () => {
    const outcome = await send({ side: 'back' });

    expect(outcome.ok).to.equal(true);
    expect(outcome.ok && outcome.requestId).to.equal('TIDecho');
    expect(outcome.ok && outcome.results.map((r) => [r.card_type, r.card_side])).to.deep.equal([['new', 'back']]);
  });

  it('resolves a documented error with its code and HTTP status', async () => {
    const body = '{"status":"DETECTION_FAILED","reason":"no card found","request_id":"TID9"}';

    const failure = failureOf(await send({ url: respondUrl({ status: 400, body }) }));

    expect(failure).to.deep.equal({
      code: 'DETECTION_FAILED',
      httpStatus: 400,
      reason: 'no card found',
      requestId: 'TID9',
      retryable: false,
    });
  });

  it('passes Retry-After on', async () => {
    const body = '{"status":"RATE_LIMIT_EXCEEDED","reason":"slow down","request_id":"TID10"}';

    const failure = failureOf(await send({ url: respondUrl({ status: 403, body, retryAfter: 12 }) }));

    expect(failure.code).to.equal('RATE_LIMIT_EXCEEDED');
    expect(failure.retryAfter).to.equal(12);
  });

  it('resolves a 502 HTML page as a retryable BAD_RESPONSE', async () => {
    const url = respondUrl({ status: 502, body: '<html><body>Bad Gateway</body></html>', contentType: 'text/html' });

    const failure = failureOf(await send({ url }));

    expect(failure.code).to.equal('BAD_RESPONSE');
    expect(failure.httpStatus).to.equal(502);
    expect(failure.retryable).to.equal(true);
  });

  it('resolves a 404 from a wrong URL as BAD_RESPONSE with its status', async () => {
    const failure = failureOf(await send({ url: '/__test/nowhere' }));

    expect(failure.code).to.equal('BAD_RESPONSE');
    expect(failure.httpStatus).to.equal(404);
  });
});

describe('sendSide: failures without an answer', () => {
  it('resolves TIMEOUT when no answer comes in time', async () => {
    const failure = failureOf(await send({ url: respondUrl({ delay: 3000, body: '{}' }), timeoutMs: 200 }));

    expect(failure.code).to.equal('TIMEOUT');
    expect(failure.httpStatus).to.equal(0);
    expect(failure.retryable).to.equal(true);
  });

  it('resolves ABORTED when the signal aborts mid-request', async () => {
    const controller = new AbortController();
    const pending = send({ url: respondUrl({ delay: 3000, body: '{}' }), signal: controller.signal });
    setTimeout(() => controller.abort(), 100);

    const failure = failureOf(await pending);

    expect(failure.code).to.equal('ABORTED');
  });

  it('resolves ABORTED without sending when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const calls: number[] = [];

    const failure = failureOf(await send({ signal: controller.signal, onProgress: (loaded) => calls.push(loaded) }));

    expect(failure.code).to.equal('ABORTED');
    expect(calls).to.deep.equal([]);
  });

  it('resolves NETWORK_ERROR when the connection drops', async () => {
    const failure = failureOf(await send({ url: '/__test/destroy' }));

    expect(failure.code).to.equal('NETWORK_ERROR');
    expect(failure.httpStatus).to.equal(0);
    expect(failure.retryable).to.equal(true);
  });

  it('resolves NETWORK_ERROR when nothing listens on the port', async () => {
    const failure = failureOf(await send({ url: 'http://127.0.0.1:9/ocr' }));

    expect(failure.code).to.equal('NETWORK_ERROR');
  });

  it('resolves NETWORK_ERROR for a URL that cannot be opened', async () => {
    const failure = failureOf(await send({ url: 'http://[invalid/' }));

    expect(failure.code).to.equal('NETWORK_ERROR');
  });
});

describe('sendSide: Idempotency-Key', () => {
  it('sends the key it is given', async () => {
    const echo = echoOf(await send({ idempotencyKey: '0b6f7c1e-8d2a-4f6b-9c3d-2e1f0a9b8c7d' }));

    expect(echo.headers['idempotency-key']).to.equal('0b6f7c1e-8d2a-4f6b-9c3d-2e1f0a9b8c7d');
  });

  it('sends none without a key, and a caller cannot set one through headers', async () => {
    const echo = echoOf(await send({ headers: { 'Idempotency-Key': 'from-the-page-000000' } }));

    expect(echo.headers).to.not.have.property('idempotency-key');
  });

  it('makes random UUIDs the proxy accepts', () => {
    const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey()));

    expect(keys.size).to.equal(50);
    for (const key of keys)
      expect(key).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('<dni-capture>: one Idempotency-Key per photo', () => {
  // Read off the prototype's descriptor: the original method, called below with each request as `this`.
  const realSetHeader = Object.getOwnPropertyDescriptor(XMLHttpRequest.prototype, 'setRequestHeader')?.value as (
    this: XMLHttpRequest,
    name: string,
    value: string,
  ) => void;
  let sentKeys: string[] = [];

  beforeEach(() => {
    sentKeys = [];
    // Observed, not changed: the real method still runs.
    XMLHttpRequest.prototype.setRequestHeader = function (name: string, value: string) {
      if (name.toLowerCase() === 'idempotency-key') sentKeys.push(value);
      return realSetHeader.call(this, name, value);
    };
  });

  afterEach(() => {
    XMLHttpRequest.prototype.setRequestHeader = realSetHeader;
  });

  async function photo(shade: string): Promise<File> {
    const canvas = new OffscreenCanvas(640, 400);
    const context = canvas.getContext('2d')!;
    context.fillStyle = shade;
    context.fillRect(0, 0, 640, 400);
    context.fillStyle = '#1e40ff';
    context.fillRect(32, 64, 140, 184);
    return new File([await canvas.convertToBlob({ type: 'image/jpeg' })], 'dni.jpg', { type: 'image/jpeg' });
  }

  it('reuses the key on the automatic retry and the retry button; a new photo gets a new key', async function () {
    this.timeout(CAMERA_TIMEOUT + 20_000);
    const el = await fixture<DniCapture>(
      html`<dni-capture proxy-url=${'/__test/respond?status=503&body=%7B%7D'}></dni-capture>`,
    );
    el.retryPolicy = { retries: 1, baseDelayMs: 10, maxDelayMs: 10 };

    const failedTwice = new Promise<void>((resolve) => {
      let n = 0;
      el.addEventListener('dni-error', () => ++n === 2 && resolve());
    });
    void el.uploadFile(await photo('#d9e6f2'));
    await failedTwice;
    const failedAgain = oneEvent(el, 'dni-error');
    await el.retry();
    await failedAgain;
    const failedNew = oneEvent(el, 'dni-error');
    void el.uploadFile(await photo('#f2e6d9'));
    await failedNew;

    expect(sentKeys).to.have.length(4);
    const [first, automatic, button, fresh] = sentKeys;
    expect(automatic).to.equal(first);
    expect(button).to.equal(first);
    expect(fresh).to.not.equal(first);
    expect(fresh).to.match(/^[0-9a-f-]{36}$/);
  });
});
