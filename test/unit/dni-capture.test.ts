import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/dni-capture.js';
import type { DniErrorDetail } from '../../src/events.js';
import { live, nextEvent, part, respond } from './support/widget.js';
import { CAMERA_TIMEOUT, ENGINE } from '../support/engine.js';

// Every load of this file's tests stays in the page's Resource Timing (the default buffer keeps
// 250 entries, fewer than the modules and requests of this file), so a test can read what loaded.
performance.setResourceTimingBufferSize(5000);

// The camera is the engine's fake capture device (launch flags and prefs in
// web-test-runner.config.mjs): the real getUserMedia path. The proxy is the test server's /__test/ endpoints.

const FACE = [
  [100, 120],
  [300, 120],
  [300, 380],
  [100, 380],
];
const OK_WITH_FACE = JSON.stringify({
  request_id: 'TIDunit',
  status: 'OK',
  results: [
    {
      card_type: 'new',
      card_side: 'front',
      card_info: { id_number: '10117410-2', name: '<b>ANA</b>' },
      face_region: FACE,
    },
  ],
});

/**
 * Where a shape's geometry lands on screen, stroke excluded: its bounding box mapped through
 * its screen transform. (getBoundingClientRect() of an SVG shape leaves the stroke out in
 * Chromium only: Firefox adds a conservative stroke extent, miter joins included.)
 */
function screenBox(shape: SVGGraphicsElement): { left: number; top: number; width: number; height: number } {
  const box = shape.getBBox();
  const m = shape.getScreenCTM()!;
  const a = new DOMPoint(box.x, box.y).matrixTransform(m);
  const b = new DOMPoint(box.x + box.width, box.y + box.height).matrixTransform(m);
  return { left: Math.min(a.x, b.x), top: Math.min(a.y, b.y), width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) };
}

describe('<dni-capture>: camera', () => {
  it('opens the camera by itself and reports its frame size', async () => {
    const el = document.createElement('dni-capture');
    el.proxyUrl = '/__test/echo';
    const ready = nextEvent(el, 'dni-camera-ready');
    document.body.append(el);

    const detail = await ready;

    expect(detail.width).to.be.greaterThan(0);
    expect(detail.height).to.be.greaterThan(0);
    expect(part<HTMLVideoElement>(el, 'video')!.srcObject).to.be.instanceOf(MediaStream);
    el.remove();
  });

  it('tells the user, in Spanish by default, to place the front inside the frame', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);

    expect(part(el, 'status')!.textContent).to.match(/anverso/i);
    expect(part(el, 'capture-button')!.textContent).to.not.equal('');
  });

  it('speaks English with lang="en"', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo" lang="en"></dni-capture>`);

    expect(part(el, 'status')!.textContent).to.match(/front/i);
  });

  it('stops every camera track when removed', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);
    const stream = part<HTMLVideoElement>(el, 'video')!.srcObject as MediaStream;

    el.remove();

    expect(stream.getTracks().map((t) => t.readyState)).to.deep.equal(['ended']);
  });

  it('is accessible while the camera runs', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);

    await expect(el).to.be.accessible();
  });
});

describe('<dni-capture>: capture and upload', () => {
  it('captures one JPEG of the guide area and fires dni-capture', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);
    const frameWidth = part<HTMLVideoElement>(el, 'video')!.videoWidth;
    const captured = nextEvent(el, 'dni-capture');

    void el.capture();
    const detail = await captured;

    expect(detail.side).to.equal('front');
    expect(detail.source).to.equal('camera');
    expect(detail.blob.type).to.equal('image/jpeg');
    expect(detail.blob.size).to.be.lessThan(5_000_000);
    // The guide takes 80% of the frame (limited by height on a landscape camera) plus margins.
    expect(detail.width).to.be.lessThan(frameWidth);
    expect(detail.width / detail.height).to.be.closeTo(1.5, 0.1);
    const bitmap = await createImageBitmap(detail.blob);
    expect([bitmap.width, bitmap.height]).to.deep.equal([detail.width, detail.height]);
  });

  it('reports upload progress, then the result, and stops the camera', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);
    const stream = part<HTMLVideoElement>(el, 'video')!.srcObject as MediaStream;
    const progress: number[] = [];
    el.addEventListener('dni-upload-progress', (e) => progress.push(e.detail.loaded));
    const result = nextEvent(el, 'dni-result');

    void el.capture();
    const detail = await result;

    expect(detail.side).to.equal('front');
    expect(detail.result.card_type).to.equal('new');
    expect(progress.length).to.be.greaterThan(0);
    expect(stream.getTracks()[0].readyState).to.equal('ended');
  });

  it('draws the face region over the preview, scaled to the image shown', async () => {
    const el = await live(html`<dni-capture proxy-url=${respond(200, OK_WITH_FACE)}></dni-capture>`);
    const captured = nextEvent(el, 'dni-capture');
    const result = oneEvent(el, 'dni-result');

    void el.capture();
    const shot = await captured;
    await result;
    await el.updateComplete;
    const img = part<HTMLImageElement>(el, 'preview')!;
    await img.decode();
    const polygon = part(el, 'face-region') as unknown as SVGPolygonElement;
    const box = img.getBoundingClientRect();
    const face = screenBox(polygon);

    const scale = Math.min(box.width / shot.width, box.height / shot.height);
    const left = box.left + (box.width - shot.width * scale) / 2;
    const top = box.top + (box.height - shot.height * scale) / 2;
    expect(face.left).to.be.closeTo(left + 100 * scale, 2);
    expect(face.top).to.be.closeTo(top + 120 * scale, 2);
    expect(face.width).to.be.closeTo(200 * scale, 2);
    expect(face.height).to.be.closeTo(260 * scale, 2);
  });

  it('shows API text as text, never as markup', async () => {
    const el = await live(html`<dni-capture proxy-url=${respond(200, OK_WITH_FACE)}></dni-capture>`);
    const result = nextEvent(el, 'dni-result');

    void el.capture();
    const detail = await result;

    expect((detail.result.card_info as { name?: string }).name).to.equal('<b>ANA</b>');
    expect(el.shadowRoot!.querySelector('b')).to.equal(null);
  });

  it('keeps the photo after a server error and sends the same bytes on retry', async () => {
    const el = await live(
      html`<dni-capture
        proxy-url=${respond(500, '{"status":"INTERNAL_ERROR","reason":"boom","request_id":"TID1"}')}
        .retryPolicy=${{ retries: 0 }}
      ></dni-capture>`,
    );
    const captured = nextEvent(el, 'dni-capture');
    const failed = nextEvent(el, 'dni-error');
    let captures = 0;
    el.addEventListener('dni-capture', () => captures++);

    void el.capture();
    const shot = await captured;
    const detail = await failed;
    await el.updateComplete;

    expect(detail).to.include({
      side: 'front',
      code: 'INTERNAL_ERROR',
      httpStatus: 500,
      requestId: 'TID1',
      retryable: true,
      attempt: 1,
      retryIn: null,
    });
    expect(part(el, 'status')!.textContent).to.equal(detail.message);
    const retry = part<HTMLButtonElement>(el, 'retry-button');
    expect(retry != null, 'the retry button exists').to.equal(true);

    el.proxyUrl = '/__test/echo';
    const result = nextEvent(el, 'dni-result');
    retry!.click();
    const ok = await result;

    const echo = (ok.response as { echo: { file: { size: number } } }).echo;
    expect(echo.file.size).to.equal(shot.blob.size);
    expect(captures).to.equal(1);
  });

  it('sends a transient failure again by itself, a bounded number of times', async () => {
    const el = await live(
      html`<dni-capture
        proxy-url=${respond(503, '{"status":"INTERNAL_ERROR","reason":"busy","request_id":"TID3"}')}
        .retryPolicy=${{ retries: 2, baseDelayMs: 40, maxDelayMs: 100 }}
      ></dni-capture>`,
    );
    const errors: DniErrorDetail[] = [];
    el.addEventListener('dni-error', (e) => errors.push(e.detail));

    void el.capture();
    await waitUntil(() => errors.length === 3, 'expected three failed attempts', { timeout: 8000 });
    await new Promise((r) => setTimeout(r, 300));
    await el.updateComplete;

    expect(errors.map((e) => e.attempt)).to.deep.equal([1, 2, 3]);
    expect(errors[0].retryIn).to.be.within(20, 40);
    expect(errors[1].retryIn).to.be.within(40, 80);
    expect(errors[2].retryIn).to.equal(null);
    expect(part(el, 'retry-button') != null, 'the retry button exists').to.equal(true);
  });

  it('cancels a waiting retry on retake', async () => {
    const el = await live(
      html`<dni-capture
        proxy-url=${respond(500, '{"status":"INTERNAL_ERROR","reason":"x","request_id":"TID4"}')}
        .retryPolicy=${{ retries: 3, baseDelayMs: 200, maxDelayMs: 200 }}
      ></dni-capture>`,
    );
    let failures = 0;
    el.addEventListener('dni-error', () => failures++);
    const failed = oneEvent(el, 'dni-error');

    void el.capture();
    await failed;
    el.retake();
    await new Promise((r) => setTimeout(r, 600));

    expect(failures).to.equal(1);
  });

  it('asks for a retake, not a retry, when the card was not detected', async () => {
    const el = await live(
      html`<dni-capture
        proxy-url=${respond(400, '{"status":"DETECTION_FAILED","reason":"no card","request_id":"TID2"}')}
      ></dni-capture>`,
    );
    const failed = nextEvent(el, 'dni-error');

    void el.capture();
    const detail = await failed;
    await el.updateComplete;

    expect(detail.code).to.equal('DETECTION_FAILED');
    expect(detail.retryable).to.equal(false);
    expect(part(el, 'retry-button')).to.equal(null);
    expect(part(el, 'retake-button') != null, 'the retake button exists').to.equal(true);
  });

  it('fires dni-complete with front and back after both are confirmed', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);

    let result = oneEvent(el, 'dni-result');
    void el.capture();
    await result;
    await el.updateComplete;
    part(el, 'confirm-button')!.click();
    await waitUntil(() => part(el, 'capture-button'), 'no camera for the back', { timeout: CAMERA_TIMEOUT });
    expect(part(el, 'status')!.textContent).to.match(/reverso/i);
    result = oneEvent(el, 'dni-result');
    void el.capture();
    await result;
    await el.updateComplete;
    const complete = nextEvent(el, 'dni-complete');
    part(el, 'confirm-button')!.click();
    const detail = await complete;

    expect(detail.cardType).to.equal('new');
    expect(detail.front.card_side).to.equal('front');
    expect(detail.back?.card_side).to.equal('back');
  });

  it('fires nothing when the host only sets properties', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);
    const fired: string[] = [];
    for (const name of ['dni-capture', 'dni-error', 'dni-result', 'dni-complete', 'dni-camera-error']) {
      el.addEventListener(name, () => fired.push(name));
    }

    el.lang = 'en';
    el.headers = { 'X-CSRF-Token': 'abc' };
    el.proxyUrl = '/elsewhere';
    await el.updateComplete;

    expect(fired).to.deep.equal([]);
  });
});

describe('<dni-capture>: files', () => {
  async function pngFile(width: number, height: number): Promise<File> {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#d9e6f2';
    context.fillRect(0, 0, width, height);
    context.fillStyle = '#1e40ff';
    context.fillRect(width * 0.05, height * 0.16, width * 0.22, height * 0.46);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return new File([blob], 'card.png', { type: 'image/png' });
  }

  it('compresses a PNG into a JPEG within the limits and sends it', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);
    const captured = nextEvent(el, 'dni-capture');
    const result = nextEvent(el, 'dni-result');

    void el.uploadFile(await pngFile(3000, 1900));
    const detail = await captured;
    const ok = await result;

    expect(detail.source).to.equal('file');
    expect(detail.blob.type).to.equal('image/jpeg');
    expect(Math.max(detail.width, detail.height)).to.equal(2560);
    const echo = (ok.response as { echo: { file: { type: string; size: number } } }).echo;
    expect(echo.file).to.include({ type: 'image/jpeg', size: detail.blob.size });
  });

  it('compresses a picked photo in its own worker, loading nothing from another origin', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);
    const captured = nextEvent(el, 'dni-capture');

    void el.uploadFile(await pngFile(1600, 1000));
    const detail = await captured;

    expect(detail.encodedIn).to.equal('worker');
    // The library the widget's workers use was served by the test server: it comes from this
    // origin (once per run: the browser keeps the module in its cache afterwards).
    const served = (await (await fetch('/__test/served')).json()) as string[];
    expect(served.some((path) => path.includes('browser-image-compression'))).to.equal(true);
    // And nothing came from elsewhere. Chromium's Resource Timing lists the worker's loads in
    // the page's timeline too (checked here); Firefox and WebKit keep them in the worker's own,
    // where the strict-CSP smoke of test/engines/ (connect-src 'self') would block them.
    const loaded = performance.getEntriesByType('resource').map((e) => e.name);
    if (ENGINE === 'chromium') expect(loaded.some((n) => n.includes('browser-image-compression'))).to.equal(true);
    expect(loaded.filter((n) => !n.startsWith(location.origin))).to.deep.equal([]);
  });

  it('encodes a camera frame in its worker too', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);
    const captured = nextEvent(el, 'dni-capture');

    void el.capture();
    const detail = await captured;

    expect(detail.encodedIn).to.equal('worker');
  });

  describe('which worker starts', () => {
    // Observed, not changed: every worker the widget starts is a real one, its script noted.
    // Counted here rather than read from /__test/served, which lists what the shared test
    // server served to any test file since it started (and a cached module not again), so it
    // cannot tell whether this page started the file worker.
    const RealWorker = window.Worker;
    let started: string[] = [];
    /** Each worker started, as `script name`: its file and the name the widget gave it. */
    let threads: string[] = [];
    beforeEach(() => {
      started = [];
      threads = [];
      window.Worker = class extends RealWorker {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          started.push(new URL(url, location.href).pathname.split('/').pop()!);
          threads.push(`${started.at(-1)} ${options?.name ?? ''}`);
        }
      };
    });
    afterEach(() => {
      window.Worker = RealWorker;
    });

    it("a camera capture runs the quality worker's script on two threads, one for the frames and one for the capture, and never the file worker", async () => {
      const el = await live(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);
      const captured = nextEvent(el, 'dni-capture');

      void el.capture();
      const detail = await captured;

      expect(detail.encodedIn).to.equal('worker');
      expect(threads).to.have.members([
        'quality.worker.ts dni-capture-quality',
        'quality.worker.ts dni-capture-frames',
      ]);
      expect(started).not.to.include('file.worker.ts');
    });

    it('a picked file starts the file worker, which compresses it', async () => {
      const el = await live(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);
      expect(started).not.to.include('file.worker.ts');
      const captured = nextEvent(el, 'dni-capture');

      void el.uploadFile(await pngFile(1600, 1000));
      const detail = await captured;

      expect(detail.encodedIn).to.equal('worker');
      expect(started.filter((file) => file === 'file.worker.ts')).to.have.length(1);
    });
  });

  it('refuses a text file renamed .jpg with UNSUPPORTED_FILE and keeps the file path open', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);
    const failed = nextEvent(el, 'dni-error');

    void el.uploadFile(new File(['hello, not an image'], 'card.jpg', { type: 'image/jpeg' }));
    const detail = await failed;
    await el.updateComplete;

    expect(detail.code).to.equal('UNSUPPORTED_FILE');
    expect(part(el, 'status')!.textContent).to.equal(detail.message);
    expect(part(el, 'file-input') != null, 'the file input exists').to.equal(true);
  });

  it('sends a small PDF as it is', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);
    const pdf = new File(['%PDF-1.4\n% a card\n'], 'dni.pdf', { type: 'application/pdf' });
    const result = nextEvent(el, 'dni-result');

    void el.uploadFile(pdf);
    const detail = await result;

    const echo = (detail.response as { echo: { file: { name: string; size: number; type: string } } }).echo;
    expect(echo.file).to.deep.equal({ name: 'dni.pdf', size: pdf.size, type: 'application/pdf' });
  });

  it('refuses a PDF over 5,000,000 bytes with FILE_TOO_LARGE', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);
    const big = new Uint8Array(5_000_001);
    big.set(new TextEncoder().encode('%PDF-1.4\n'));
    const failed = nextEvent(el, 'dni-error');

    void el.uploadFile(new File([big], 'big.pdf', { type: 'application/pdf' }));
    const detail = await failed;

    expect(detail.code).to.equal('FILE_TOO_LARGE');
  });
});
