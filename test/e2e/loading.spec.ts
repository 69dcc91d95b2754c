/**
 * What the page loads when. The camera path loads only what a capture needs; the sending and
 * review code (src/flow/results.ts) and the strings of what the widget says once a photo is taken
 * load beside the camera, which does not wait for them, so the review never waits on the network;
 * browser-image-compression and the file worker only when a file is picked; the flattening on
 * the page's thread only where the capture's thread cannot run; a language the page does not use
 * never. Read from the page's Resource Timing (the dev server serves each
 * source module as its own file).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { STEP, type Widget } from './support/widget.ts';

test.use({ cameraShared: true });

/** The paths of every script the page has fetched so far. */
async function fetched(page: Page): Promise<string[]> {
  return page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname));
}

const has = (paths: string[], part: string) => paths.some((path) => path.includes(part));

/** The error that a capture of the mock's `scenario` ends in, the camera live first. */
async function captureToError(widget: Widget, scenario: string) {
  await widget.useScenario(scenario);
  await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
  await widget.captureSide();
  return widget.waitForEvent('dni-error', { timeout: STEP.upload });
}

/** A fresh page (nothing of the widget's lazy code loaded yet) where `module`, a source path, cannot load. */
async function freshPageWithout(page: Page, module: string): Promise<void> {
  await page.route(`**/src/${module}*`, (route) => route.abort('internetdisconnected'));
  await page.reload();
  await page.evaluate(() => customElements.whenDefined('dni-capture'));
}

test('the camera does not wait for the sending and review code, which loads beside it; no file or English code loads', async ({
  widget,
  page,
}) => {
  // The results chunk is held back until the camera is live: the camera must not wait for it.
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/src/flow/results.ts*', async (route) => {
    await released;
    await route.continue();
  });
  await page.reload(); // the event recorder's init script stays
  await page.evaluate(() => customElements.whenDefined('dni-capture'));
  await widget.useScenario('new');
  await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
  expect(has(await fetched(page), '/src/flow/results.ts'), 'still held back').toBe(false);
  release();

  await expect.poll(async () => has(await fetched(page), '/src/flow/results.ts'), { timeout: STEP.ui }).toBe(true);
  await expect.poll(async () => has(await fetched(page), '/src/i18n/es-results.ts'), { timeout: STEP.ui }).toBe(true);
  await widget.captureSide();
  await widget.waitForEvent('dni-result', { timeout: STEP.upload });
  await expect(widget.part('review-title')).toBeVisible();
  const after = await fetched(page);
  for (const never of ['/src/i18n/en.ts', '/src/i18n/en-results.ts', 'browser-image-compression', 'file.worker']) {
    expect(has(after, never), `${never} is not loaded by a camera capture`).toBe(false);
  }
});

test('an English widget loads its English strings and never the Spanish ones it does not use', async ({
  widget,
  page,
}) => {
  // In English from the start, before the results strings are prefetched.
  await widget.open('/?auto-capture=off&lang=en');
  await widget.useScenario('new');
  await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
  await expect(widget.part('capture-button')).toHaveText('Take photo');
  await widget.captureSide();
  await widget.waitForEvent('dni-result', { timeout: STEP.upload });
  await expect(widget.part('review-title')).toContainText('front');

  const paths = await fetched(page);
  expect(has(paths, '/src/i18n/en.ts')).toBe(true);
  expect(has(paths, '/src/i18n/en-results.ts')).toBe(true);
  expect(has(paths, '/src/i18n/es-results.ts'), 'the Spanish results strings are not loaded').toBe(false);
});

test.describe('code that cannot load (its request aborted, as offline)', () => {
  test("a capture thread that cannot load: the page's flattening loads as the camera goes live, and a capture taken offline still sends the card flat, and keeps it", async ({
    widget,
    page,
    context,
  }) => {
    // The quality worker's script loads for the quality gate as the camera opens; started again
    // for the capture's thread once the camera is live, it cannot load (each later try neither).
    // Counted from a blank page, so that no request of the fixture's first page is counted.
    const url = page.url();
    await page.goto('about:blank');
    let scripts = 0;
    await page.route('**/src/quality/quality.worker.ts*', (route) =>
      ++scripts === 1 ? route.continue() : route.abort('internetdisconnected'),
    );
    await page.goto(url); // a fresh page: no worker or flattening loaded yet
    await page.evaluate(() => customElements.whenDefined('dni-capture'));
    await widget.useScenario('new');
    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    // The flattening and the modules it imports (the dev server serves each on its own). The
    // quality worker imports them too, and this timeline lists its fetches as well: this waits
    // for them, and the capture below, offline, tells whether the page itself loaded them.
    const flattening = ['image/flatten', 'image/encode-frame', 'quad'];
    await expect
      .poll(
        async () => {
          const paths = await fetched(page);
          return flattening.filter((name) => !has(paths, `/src/${name}.ts`));
        },
        { timeout: STEP.ui },
      )
      .toEqual([]);
    // And nothing more on its way (the dev server's modules arrive one request at a time).
    let count = -1;
    await expect
      .poll(async () => count === (count = (await fetched(page)).length), { timeout: STEP.ui, intervals: [500] })
      .toBe(true);

    await context.setOffline(true);
    const shot = await widget.captureSide();
    expect(shot.encodedIn).toBe('main-thread');
    expect(shot.crop, 'the card, flattened on the page').toBe('card');
    expect(shot.blob.type).toBe('image/jpeg');
    const error = await widget.waitForEvent('dni-error', { timeout: STEP.upload });
    expect(error.code).toBe('NETWORK_ERROR');
    await expect(widget.part('preview'), 'the photo still shows').toBeVisible();
    await context.setOffline(false);
  });

  test('an error met while the table of error messages cannot load says the general message, with the way forward', async ({
    widget,
    page,
  }) => {
    // Which string says each error loads beside the camera (src/i18n/messages.ts).
    await freshPageWithout(page, 'i18n/messages.ts');
    const error = await captureToError(widget, 'DETECTION_FAILED');

    expect(error.code).toBe('DETECTION_FAILED');
    expect(error.message).toBe('Algo salió mal. Inténtelo de nuevo.');
    await expect(widget.part('status')).toHaveText(error.message, { timeout: STEP.ui });
    await expect(widget.part('retake-button'), 'the way forward stays').toBeVisible();
  });

  test('an upload whose code cannot load is a retryable network error, and the photo is kept', async ({
    widget,
    page,
  }) => {
    await freshPageWithout(page, 'flow/results.ts');
    const error = await captureToError(widget, 'new');

    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.retryable).toBe(true);
    expect(error.retryIn, 'online, no timer: waiting does not bring code that failed to load').toBeNull();
    expect(error.message, 'a translated message').toMatch(/conexión/);
    await expect(widget.part('retry-button'), 'the kept photo can be sent again').toBeVisible();
    await expect(widget.part('preview'), 'the photo still shows').toBeVisible();
    expect(await widget.journal(), 'nothing reached the proxy').toHaveLength(0);
  });

  test('an English widget whose strings cannot load speaks Spanish and tells the integrator', async ({
    widget,
    page,
  }) => {
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.route('**/src/i18n/en.ts*', (route) => route.abort('internetdisconnected'));
    await widget.open('/?auto-capture=off&lang=en');
    await widget.useScenario('new');
    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });

    await expect(widget.part('capture-button')).toHaveText('Tomar foto');
    expect(warnings.some((text) => text.includes('en strings could not load'))).toBe(true);
  });
});
