import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/dni-capture.js';
import type { DniCapture } from '../../src/dni-capture.js';
import type { Quad } from '../../src/quad.js';
import { CAMERA_TIMEOUT } from '../support/engine.js';

// The overlays over the live preview: the guide and the outline of the card the quality gate
// found. The camera is Chromium's default fake device. The outline is set here as the quality
// gate sets it, and measured in the same task (before any analysed frame can replace it).

type Outline = { corners: Quad; ok: boolean } | null;

function part(el: DniCapture, name: string): SVGElement | null {
  return el.shadowRoot!.querySelector(`[part~="${name}"]`);
}

async function live(template: ReturnType<typeof html>): Promise<DniCapture> {
  const el = await fixture<DniCapture>(template);
  await waitUntil(() => el.shadowRoot!.querySelector('[part~="capture-button"]'), 'the camera never became ready', {
    timeout: CAMERA_TIMEOUT,
  });
  return el;
}

/** Sets the outline as the quality gate does, and waits for it to be drawn (its transition finished). */
async function showOutline(el: DniCapture, outline: Outline): Promise<void> {
  (el as unknown as { outline: Outline }).outline = outline;
  await el.updateComplete;
  part(el, 'card-outline')
    ?.getAnimations()
    .forEach((animation) => animation.finish());
}

/** A card-like quad off the centre of the frame, inside the part a square `cover` box shows. */
function quadIn(video: HTMLVideoElement): Quad {
  const w = video.videoWidth;
  const h = video.videoHeight;
  return [
    [0.4 * w, 0.25 * h],
    [0.58 * w, 0.3 * h],
    [0.56 * w, 0.62 * h],
    [0.42 * w, 0.6 * h],
  ];
}

/**
 * Where `corners` (frame pixels) are on screen, as a box, when the video shows the frame with
 * `fit` and `position` (fractions: 0 left/top, 0.5 centre, 1 right/bottom), as CSS defines it.
 */
function expectedBox(
  video: HTMLVideoElement,
  corners: Quad,
  fit: 'contain' | 'cover' | 'fill',
  position = [0.5, 0.5],
): { left: number; top: number; right: number; bottom: number } {
  const box = video.getBoundingClientRect();
  const w = video.videoWidth;
  const h = video.videoHeight;
  const sx = fit === 'fill' ? box.width / w : (fit === 'cover' ? Math.max : Math.min)(box.width / w, box.height / h);
  const sy = fit === 'fill' ? box.height / h : sx;
  const left = box.left + (box.width - w * sx) * position[0]!;
  const top = box.top + (box.height - h * sy) * position[1]!;
  const xs = corners.map((p) => left + p[0] * sx);
  const ys = corners.map((p) => top + p[1] * sy);
  return { left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) };
}

function expectSameBox(actual: DOMRect, expected: ReturnType<typeof expectedBox>): void {
  expect(actual.left, 'left').to.be.closeTo(expected.left, 1.5);
  expect(actual.top, 'top').to.be.closeTo(expected.top, 1.5);
  expect(actual.right, 'right').to.be.closeTo(expected.right, 1.5);
  expect(actual.bottom, 'bottom').to.be.closeTo(expected.bottom, 1.5);
}

describe('<dni-capture>: card outline over the preview', () => {
  let style: HTMLStyleElement;

  before(() => {
    // What an integrator may write. A square stage, so that contain and cover differ a lot.
    style = document.createElement('style');
    style.textContent = `
      dni-capture.square::part(stage) { aspect-ratio: 1 / 1; }
      dni-capture.cover::part(video) { object-fit: cover; }
      dni-capture.cover-left::part(video) { object-fit: cover; object-position: left; }
      dni-capture.fill::part(video) { object-fit: fill; }
    `;
    document.head.append(style);
  });

  after(() => style.remove());

  it('draws no outline while no card is found', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo" no-auto-capture></dni-capture>`);

    await showOutline(el, null);

    expect(part(el, 'card-outline')).to.equal(null);
  });

  it('draws the card found, dashed, with the part card-outline only, while a hint stands', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo" no-auto-capture></dni-capture>`);
    const video = el.shadowRoot!.querySelector('video')!;

    await showOutline(el, { corners: quadIn(video), ok: false });

    const polygon = part(el, 'card-outline')!;
    expect(polygon.tagName).to.equal('polygon');
    expect(polygon.getAttribute('part')).to.equal('card-outline');
    expect(getComputedStyle(polygon).strokeDasharray).to.not.equal('none');
  });

  it('draws the card solid and thicker, with the part card-outline-ok, once it is good', async () => {
    const el = await live(html`<dni-capture proxy-url="/__test/echo" no-auto-capture></dni-capture>`);
    const video = el.shadowRoot!.querySelector('video')!;
    await showOutline(el, { corners: quadIn(video), ok: false });
    const hintWidth = parseFloat(getComputedStyle(part(el, 'card-outline')!).strokeWidth);

    await showOutline(el, { corners: quadIn(video), ok: true });

    const polygon = part(el, 'card-outline-ok')!;
    expect(polygon.getAttribute('part')).to.equal('card-outline card-outline-ok');
    expect(getComputedStyle(polygon).strokeDasharray).to.equal('none');
    expect(parseFloat(getComputedStyle(polygon).strokeWidth)).to.be.greaterThan(hintWidth);
  });

  it('lets the integrator colour both states through custom properties', async () => {
    const el = await live(
      html`<dni-capture
        proxy-url="/__test/echo"
        no-auto-capture
        style="--dni-outline-color: rgb(1, 2, 3); --dni-outline-ok-color: rgb(4, 5, 6)"
      ></dni-capture>`,
    );
    const video = el.shadowRoot!.querySelector('video')!;

    await showOutline(el, { corners: quadIn(video), ok: false });
    const hint = getComputedStyle(part(el, 'card-outline')!).stroke;
    await showOutline(el, { corners: quadIn(video), ok: true });
    const ok = getComputedStyle(part(el, 'card-outline')!).stroke;

    expect([hint, ok]).to.deep.equal(['rgb(1, 2, 3)', 'rgb(4, 5, 6)']);
  });

  const fits: { name: string; className: string; fit: 'contain' | 'cover' | 'fill'; position?: number[] }[] = [
    { name: 'object-fit: contain (the default)', className: 'square', fit: 'contain' },
    { name: '::part(video) { object-fit: cover }', className: 'square cover', fit: 'cover' },
    {
      name: '::part(video) { object-fit: cover; object-position: left }',
      className: 'square cover-left',
      fit: 'cover',
      position: [0, 0.5],
    },
    { name: '::part(video) { object-fit: fill }', className: 'square fill', fit: 'fill' },
  ];
  for (const { name, className, fit, position } of fits) {
    it(`lays the outline where the corners show in the video, with ${name}`, async () => {
      const el = await live(
        html`<dni-capture
          class=${className}
          style="width: 400px"
          proxy-url="/__test/echo"
          no-auto-capture
        ></dni-capture>`,
      );
      const video = el.shadowRoot!.querySelector('video')!;
      const corners = quadIn(video);

      await showOutline(el, { corners, ok: false });

      expectSameBox(part(el, 'card-outline')!.getBoundingClientRect(), expectedBox(video, corners, fit, position));
    });
  }

  it('lays the guide over the video with object-fit: cover as well', async () => {
    const el = await live(
      html`<dni-capture class="square cover" style="width: 400px" proxy-url="/__test/echo"></dni-capture>`,
    );
    const video = el.shadowRoot!.querySelector('video')!;
    const w = video.videoWidth;
    const h = video.videoHeight;
    const guide = part(el, 'guide')!;
    const x = Number(guide.getAttribute('x'));
    const y = Number(guide.getAttribute('y'));
    const gw = Number(guide.getAttribute('width'));
    const gh = Number(guide.getAttribute('height'));
    const corners: Quad = [
      [x, y],
      [x + gw, y],
      [x + gw, y + gh],
      [x, y + gh],
    ];

    expect([w, h].every((n) => n > 0)).to.equal(true);
    expectSameBox(guide.getBoundingClientRect(), expectedBox(video, corners, 'cover'));
  });
});
