/**
 * The code and strings the element loads after the camera is live (src/flow/results.ts, the
 * results strings, English): what happens when they cannot load, as offline. The test server
 * refuses the chunk (`/__test/block`); the browser's own dynamic import fails as it would.
 * (Whether a later retry can load it depends on the browser: Chromium keeps the failed import
 * for the page's life. README, Browser support and known limits.)
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { DniCapture } from '../../src/dni-capture.js';
import { answer, nextEvent, part, statusText, whenLive } from './support/widget.js';

const NEW_FRONT = { card_type: 'new', card_side: 'front', card_info: { id_number: '10117410' } };

async function block(fragments: string[]): Promise<void> {
  await fetch('/__test/block', { method: 'POST', body: JSON.stringify(fragments) });
}

describe('<dni-capture>: code that cannot load', () => {
  afterEach(() => block([]));

  it('an upload whose code cannot load fails as a retryable network error and keeps the photo', async () => {
    await block(['/src/flow/results.']);
    const el = await whenLive(
      await fixture<DniCapture>(
        html`<dni-capture
          proxy-url=${answer(NEW_FRONT)}
          sides="front"
          no-auto-capture
          .retryPolicy=${{ retries: 0 }}
        ></dni-capture>`,
      ),
    );
    const error = nextEvent(el, 'dni-error');
    part(el, 'capture-button')!.click();
    const detail = await error;
    await el.updateComplete;

    expect(detail.code).to.equal('NETWORK_ERROR');
    expect(detail.retryable).to.equal(true);
    expect(detail.message, 'a translated message').to.match(/conexión/);
    expect(part(el, 'retry-button'), 'the kept photo can be sent again').to.not.equal(null);
    expect(part(el, 'preview'), 'the photo is still shown').to.not.equal(null);
  });

  it('an English widget whose strings cannot load speaks Spanish, and warns the integrator', async () => {
    await block(['/src/i18n/en.']);
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const el = await fixture<DniCapture>(
        html`<dni-capture proxy-url=${answer(NEW_FRONT)} lang="en" no-auto-capture></dni-capture>`,
      );
      await whenLive(el);
      await waitUntil(() => statusText(el) !== '', 'no text was ever shown');
      expect(part(el, 'capture-button')!.textContent.trim()).to.equal('Tomar foto');
      expect(warnings.some((args) => String(args[0]).includes('en strings could not load'))).to.equal(true);
    } finally {
      console.warn = warn;
    }
  });
});
