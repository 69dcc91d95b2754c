import { expect, html } from '@open-wc/testing';
import '../../src/dni-capture.js';
import type { DniCapture } from '../../src/dni-capture.js';
import type { DniCaptureDetail, DniErrorDetail } from '../../src/events.js';
import { live, nextEvent, part } from './support/widget.js';

// The file path with every kind of bad input. Files are made here, in the browser.

function widget(): Promise<DniCapture> {
  return live(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);
}

async function image(width: number, height: number, type: 'image/png' | 'image/jpeg', noise = false): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  if (noise) {
    const data = context.createImageData(width, height);
    const words = new Uint32Array(data.data.buffer);
    let seed = 12345;
    for (let i = 0; i < words.length; i++) {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      words[i] = seed | 0xff000000;
    }
    context.putImageData(data, 0, 0);
  } else {
    context.fillStyle = '#d9e6f2';
    context.fillRect(0, 0, width, height);
    context.fillStyle = '#1e40ff';
    context.fillRect(width * 0.05, height * 0.16, width * 0.22, height * 0.46);
  }
  return canvas.convertToBlob({ type });
}

async function refused(el: DniCapture, file: File): Promise<DniErrorDetail> {
  const failed = nextEvent(el, 'dni-error');
  void el.uploadFile(file);
  const detail = await failed;
  await el.updateComplete;
  return detail;
}

async function sent(el: DniCapture, file: File): Promise<DniCaptureDetail> {
  const captured = nextEvent(el, 'dni-capture');
  const result = nextEvent(el, 'dni-result');
  void el.uploadFile(file);
  const detail = await captured;
  await result;
  return detail;
}

describe('<dni-capture>: files that are refused, each with a clear code and a way forward', () => {
  const cases: [string, () => File | Promise<File>, string][] = [
    ['an empty file', () => new File([], 'dni.jpg', { type: 'image/jpeg' }), 'UNSUPPORTED_FILE'],
    ['a text file renamed .jpg', () => new File(['just text'], 'dni.jpg', { type: 'image/jpeg' }), 'UNSUPPORTED_FILE'],
    [
      'a corrupt JPEG',
      () =>
        new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8])], 'dni.jpg', { type: 'image/jpeg' }),
      'UNSUPPORTED_FILE',
    ],
    [
      'an SVG',
      () =>
        new File(['<svg xmlns="http://www.w3.org/2000/svg" width="800" height="500"></svg>'], 'dni.svg', {
          type: 'image/svg+xml',
        }),
      'UNSUPPORTED_FILE',
    ],
    [
      'a GIF',
      () => {
        const gif = Uint8Array.from(atob('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=='), (c) =>
          c.charCodeAt(0),
        );
        return new File([gif], 'dni.gif', { type: 'image/gif' });
      },
      'UNSUPPORTED_FILE',
    ],
    [
      'a HEIC photo (not decodable in Chromium)',
      () => {
        const head = new Uint8Array([
          0,
          0,
          0,
          0x18,
          ...new TextEncoder().encode('ftypheic'),
          0,
          0,
          0,
          0,
          ...new TextEncoder().encode('mif1heic'),
        ]);
        return new File([head, new Uint8Array(2000)], 'IMG_0001.HEIC', { type: 'image/heic' });
      },
      'UNSUPPORTED_FILE',
    ],
    [
      'an image under 128 px',
      async () => new File([await image(120, 90, 'image/png')], 'tiny.png', { type: 'image/png' }),
      'IMAGE_TOO_SMALL',
    ],
    [
      'a PDF over 5,000,000 bytes',
      () => {
        const bytes = new Uint8Array(5_000_001);
        bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
        return new File([bytes], 'dni.pdf', { type: 'application/pdf' });
      },
      'FILE_TOO_LARGE',
    ],
  ];

  for (const [what, make, code] of cases) {
    it(`${what} → ${code}`, async () => {
      const el = await widget();

      const detail = await refused(el, await make());

      expect(detail.code).to.equal(code);
      expect(detail.retryable).to.equal(false);
      expect(detail.message).to.not.equal('');
      expect(part(el, 'status')!.textContent).to.equal(detail.message);
      expect(part(el, 'file-input'), 'pick another file').to.not.equal(null);
      expect(part(el, 'retake-button'), 'or use the camera').to.not.equal(null);
    });
  }
});

describe('<dni-capture>: files that are fixed and sent', () => {
  // The suite's timeout (web-test-runner.config.mjs, per engine): WebKitGTK takes over 10 s to
  // make, check and compress this 31-megapixel picture on a busy 2-core machine.
  it('an image over 6000 px is downscaled, not refused', async () => {
    const el = await widget();

    // Card-shaped (a scan of the card), so it goes without the no-card warning.
    const detail = await sent(el, new File([await image(7000, 4414, 'image/png')], 'wide.png', { type: 'image/png' }));

    expect(Math.max(detail.width, detail.height)).to.be.at.most(6000);
    expect(Math.min(detail.width, detail.height)).to.be.at.least(128);
  });

  it('a 12 MB PNG is compressed under 5,000,000 bytes', async function () {
    this.timeout(60_000);
    const el = await widget();
    const png = await image(2600, 1600, 'image/png', true);
    expect(png.size).to.be.greaterThan(12_000_000);

    const detail = await sent(el, new File([png], 'scan.png', { type: 'image/png' }));

    expect(detail.blob.type).to.equal('image/jpeg');
    expect(detail.blob.size).to.be.lessThan(5_000_000);
  });

  it('a PDF under 5,000,000 bytes is sent as it is', async () => {
    const el = await widget();
    const pdf = new File(['%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'], 'dni.pdf', { type: 'application/pdf' });

    const detail = await sent(el, pdf);

    expect(detail.blob).to.equal(pdf);
    expect(detail.encodedIn).to.equal(null);
  });
});
