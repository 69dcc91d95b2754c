import { expect, html, waitUntil } from '@open-wc/testing';
import type { DniCapture } from '../../src/dni-capture.js';
import type { DniErrorDetail } from '../../src/events.js';
import { en, es } from '../../src/i18n.js';
import { lookupUbigeo } from '../../src/ubigeo/ubigeo.js';
import { answer, failing, flatPicture, live, nextEvent, part, sleep, statusText, whenLive } from './support/widget.js';

// Paths through the flow that the first version got wrong (issue 11, bugs 1–7): each test
// drives the element as a user or an integrator would, with Chromium's fake camera and the
// test server's proxy stand-in, and asserts the events and the shadow DOM.

/** Collects the element's dni-error details. */
function errorsOf(el: DniCapture): DniErrorDetail[] {
  const seen: DniErrorDetail[] = [];
  el.addEventListener('dni-error', (e) => seen.push(e.detail));
  return seen;
}

/** Replaces console.warn with a recorder until `restore()`. */
function recordWarnings(): { messages: string[]; restore: () => void } {
  const real = console.warn;
  const messages: string[] = [];
  console.warn = (...args: unknown[]) => messages.push(args.map(String).join(' '));
  return { messages, restore: () => (console.warn = real) };
}

const SERVER_ERROR = failing('INTERNAL_ERROR', 500);
/** Retries waiting long enough for the test to act before they fire. */
const SLOW_RETRIES = { retries: 3, baseDelayMs: 1500, maxDelayMs: 1500 };
/** Longer than any wait of `SLOW_RETRIES` (750–1500 ms). */
const PAST_RETRY = 1700;

describe('<dni-capture> flow: a waiting automatic retry (bug 1)', () => {
  it('is cancelled when the camera is opened again with start()', async () => {
    const el = await live(
      html`<dni-capture proxy-url=${SERVER_ERROR} .retryPolicy=${SLOW_RETRIES} no-auto-capture></dni-capture>`,
    );
    const errors = errorsOf(el);
    const failed = nextEvent(el, 'dni-error');
    void el.capture();
    expect((await failed).retryIn).to.be.a('number');

    await el.start();
    await whenLive(el);
    await sleep(PAST_RETRY);

    expect(errors.length, 'the old photo was sent again').to.equal(1);
    expect(part(el, 'capture-button'), 'the camera is still live').to.not.equal(null);
  });

  it('is cancelled when a file is picked, and the question about that file stays', async () => {
    const el = await live(
      html`<dni-capture proxy-url=${SERVER_ERROR} .retryPolicy=${SLOW_RETRIES} no-auto-capture></dni-capture>`,
    );
    const picture = await flatPicture();
    const errors = errorsOf(el);
    const failed = nextEvent(el, 'dni-error');
    void el.capture();
    await failed;

    await el.uploadFile(picture);
    await el.updateComplete;
    expect(part(el, 'send-anyway-button'), 'the picture is in question').to.not.equal(null);
    await sleep(PAST_RETRY);
    await el.updateComplete;

    expect(errors.length, 'the old photo was sent again').to.equal(1);
    expect(part(el, 'send-anyway-button'), 'the decision was dropped').to.not.equal(null);
  });
});

describe('<dni-capture> flow: lang (bug 2)', () => {
  it('leaves the lang attribute alone by default and reflects a language that is set', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);

    expect(el.hasAttribute('lang'), 'lang="" says "language unknown"').to.equal(false);
    el.lang = 'en';
    await el.updateComplete;
    expect(el.getAttribute('lang')).to.equal('en');
    expect(statusText(el)).to.equal(en.placeFront);
  });
});

describe('<dni-capture> flow: configuration mistakes (bugs 3 and 4)', () => {
  it('reports a missing proxy-url as CONFIG_ERROR: not retryable, translated, warned to the console', async () => {
    const warnings = recordWarnings();
    try {
      const el = await live(html`<dni-capture no-auto-capture></dni-capture>`);
      const failed = nextEvent(el, 'dni-error');

      void el.capture();
      const detail = await failed;
      await el.updateComplete;

      expect(detail).to.include({ side: 'front', code: 'CONFIG_ERROR', retryable: false, retryIn: null });
      expect(detail.message).to.equal(es.errorConfig);
      expect(statusText(el)).to.equal(es.errorConfig);
      expect(part(el, 'retry-button'), 'a retry cannot fix the page').to.equal(null);
      expect(part(el, 'retake-button'), 'a new photo cannot fix the page').to.equal(null);
      expect(warnings.messages.some((m) => m.includes('proxy-url'))).to.equal(true);
    } finally {
      warnings.restore();
    }
  });

  it('refuses sides="back" with CONFIG_ERROR, without opening the camera', async () => {
    const warnings = recordWarnings();
    try {
      const el = document.createElement('dni-capture');
      el.proxyUrl = '/__test/echo';
      el.sides = 'back';
      let cameraReady = false;
      el.addEventListener('dni-camera-ready', () => (cameraReady = true));
      const failed = nextEvent(el, 'dni-error');
      document.body.append(el);

      const detail = await failed;
      await sleep(300);
      await el.updateComplete;

      expect(detail).to.include({ side: null, code: 'CONFIG_ERROR', retryable: false });
      expect(statusText(el)).to.equal(es.errorConfig);
      expect(cameraReady).to.equal(false);
      expect(part(el, 'capture-button')).to.equal(null);
      expect(warnings.messages.some((m) => m.includes('sides'))).to.equal(true);
      el.remove();
    } finally {
      warnings.restore();
    }
  });

  it('takes the front first whatever the order of sides, and reports each side as what it is', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo" sides="back, front"></dni-capture>`);
    expect(statusText(el)).to.equal(es.placeFront);
    const complete = nextEvent(el, 'dni-complete');

    for (let i = 0; i < 2; i++) {
      const result = nextEvent(el, 'dni-result');
      void el.capture();
      await result;
      await el.updateComplete;
      part(el, 'confirm-button')!.click();
      if (i === 0) await whenLive(el);
    }
    const detail = await complete;

    expect(detail.front.card_side).to.equal('front');
    expect(detail.back?.card_side).to.equal('back');
  });
});

describe('<dni-capture> flow: removed and added again (bug 5)', () => {
  it('starts over from the front, with no error and no photo kept', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo" no-auto-capture></dni-capture>`);
    const result = nextEvent(el, 'dni-result');
    void el.capture();
    await result;
    await el.updateComplete;
    part(el, 'confirm-button')!.click();
    await whenLive(el);
    expect(statusText(el)).to.equal(es.placeBack);

    const parent = el.parentElement!;
    el.remove();
    const ready = nextEvent(el, 'dni-camera-ready');
    parent.append(el);
    await ready;
    await el.updateComplete;

    expect(statusText(el)).to.equal(es.placeFront);
  });

  it('forgets an error and its attempt count', async () => {
    const el = await live(
      html`<dni-capture proxy-url=${SERVER_ERROR} .retryPolicy=${{ retries: 0 }} no-auto-capture></dni-capture>`,
    );
    const errors = errorsOf(el);
    let failed = nextEvent(el, 'dni-error');
    void el.capture();
    await failed;
    void el.retry();
    await waitUntil(() => errors.length === 2, 'a second failure', { timeout: 8000 });
    expect(errors[1]?.attempt).to.equal(2);

    const parent = el.parentElement!;
    el.remove();
    const ready = nextEvent(el, 'dni-camera-ready');
    parent.append(el);
    await ready;
    await el.updateComplete;
    expect(part(el, 'retry-button')).to.equal(null);
    failed = nextEvent(el, 'dni-error');
    void el.capture();

    expect((await failed).attempt).to.equal(1);
  });

  it('keeps no birth place that is decoded after removal', async () => {
    const front = {
      card_type: 'new',
      card_side: 'front',
      card_info: { id_number: '10117410-2', name: 'ANA', birth_place: '140133' },
    };
    const el = await live(html`<dni-capture proxy-url=${answer(front)} no-auto-capture></dni-capture>`);
    el.addEventListener('dni-result', () => el.remove());
    const result = nextEvent(el, 'dni-result');

    void el.capture();
    await result;
    await lookupUbigeo('140133');
    await sleep(50);

    const places = (el as unknown as { places: Map<string, unknown> }).places;
    expect(places.size, 'personal data came back after removal').to.equal(0);
  });
});

describe('<dni-capture> flow: a camera frame of no size (bug 6)', () => {
  it('is IMAGE_TOO_SMALL, with a retake, not a generic ENCODE_FAILED', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo" no-auto-capture></dni-capture>`);
    const video = part<HTMLVideoElement>(el, 'video')!;
    // injected: the fake camera always has frames; a camera that has none yet reports 0 × 0.
    Object.defineProperty(video, 'videoWidth', { configurable: true, get: () => 0 });
    Object.defineProperty(video, 'videoHeight', { configurable: true, get: () => 0 });
    const failed = nextEvent(el, 'dni-error');

    void el.capture();
    const detail = await failed;
    await el.updateComplete;

    expect(detail.code).to.equal('IMAGE_TOO_SMALL');
    expect(detail.message).to.equal(es.errorImageTooSmall);
    expect(part(el, 'retake-button')).to.not.equal(null);
  });
});

describe('<dni-capture> flow: offline (bug 7)', () => {
  afterEach(() => {
    delete (navigator as { onLine?: boolean }).onLine;
  });

  it('does not send again when back online if retryPolicy.retries is 0', async () => {
    const el = await live(
      html`<dni-capture
        proxy-url="/__test/destroy"
        timeout="5000"
        .retryPolicy=${{ retries: 0 }}
        no-auto-capture
      ></dni-capture>`,
    );
    const errors = errorsOf(el);
    // injected: the test machine cannot go offline; the browser reports what an offline one would.
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    const failed = nextEvent(el, 'dni-error');
    void el.capture();
    const detail = await failed;
    // A dropped connection is NETWORK_ERROR; Firefox may instead send the POST again on a fresh
    // connection and wait, which ends as TIMEOUT. Both are failures the offline resend would retry.
    expect(['NETWORK_ERROR', 'TIMEOUT']).to.include(detail.code);
    expect(detail.retryIn).to.equal(null);

    delete (navigator as { onLine?: boolean }).onLine;
    window.dispatchEvent(new Event('online'));
    await sleep(500);

    expect(errors.length, 'sent again by itself').to.equal(1);
    expect(part(el, 'retry-button'), 'the user can still send it again').to.not.equal(null);
  });
});
