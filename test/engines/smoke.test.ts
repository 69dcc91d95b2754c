/**
 * End-to-end smoke in Firefox ESR or WebKitGTK (`DNI_ENGINE`), each with its own fake camera,
 * against the real dev server, proxy and mock: the demo page served under the README's strict
 * CSP (support/server.ts), so every test also checks that the page reported no violation and
 * fetched nothing from another origin. Playwright cannot drive these builds: puppeteer-core
 * drives Firefox, webdriverio drives WebKitGTK (support/browser.ts). WebKitGTK is the engine of
 * Safari, not Safari.
 *
 *   DNI_ENGINE=firefox node --import tsx --test test/engines/smoke.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import { STRICT_CSP } from '../../examples/csp.ts';
import { MAX_SIDE, MIN_SIDE } from '../../src/geometry.ts';
import { ENGINE, launch, type EngineBrowser } from './support/browser.ts';
import { startDemoServer, type DemoServer } from './support/server.ts';
import { STEP, Widget } from './support/widget.ts';

let server: DemoServer;
let browser: EngineBrowser;

before(async () => {
  server = await startDemoServer();
  browser = await launch();
  console.log(`# ${ENGINE}: ${browser.version}`);
  // The dev server compiles the workers' modules on their first request, which on a busy
  // machine takes longer than the widget waits for a worker (3 s) before it encodes on the
  // page's thread instead. A published build's worker is one file; here, load each once first.
  const page = await browser.newPage();
  await page.goto(`${server.origin}/?auto-capture=off`);
  for (const worker of ['quality/quality', 'image/file']) {
    const ready = await page.run<unknown>(`
      const worker = new Worker('/src/${worker}.worker.ts', { type: 'module' });
      const message = await new Promise((resolve, reject) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = () => reject(new Error('the ${worker} worker failed to load'));
      });
      worker.terminate();
      return message;
    `);
    assert.deepEqual(ready, { ready: true }, `the ${worker} worker loads`);
  }
  await page.close();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page on the demo, its requests tagged for this test; checked for CSP violations at the end. */
async function openWidget(t: TestContext, query?: string): Promise<Widget> {
  const page = await browser.newPage();
  const widget = new Widget(page, server.origin, `${ENGINE}-${t.name.slice(0, 40)}-${Date.now().toString(36)}`);
  t.after(() => page.close());
  await widget.open(query);
  return widget;
}

/** What every test ends with: no CSP violation, nothing fetched from another origin. */
async function assertNothingBlockedOrForeign(widget: Widget): Promise<void> {
  assert.deepEqual(await widget.violations(), [], 'CSP violations');
  assert.deepEqual(await widget.foreignOrigins(), [], 'requests to another origin');
}

/** A card picture drawn in the page (test/support/scene.ts, served by the dev server), as page code for pickFile. */
function cardPicture(type: 'image/jpeg' | 'image/png', name: string): string {
  return `
    const { paintScene } = await import('/test/support/scene.ts');
    const { canvas } = paintScene({ kind: 'new-front', width: 1280, height: 720, pose: { scale: 0.85 }, table: 'wood' });
    const bytes = await new Promise((resolve) => canvas.toBlob(resolve, ${JSON.stringify(type)}, 0.92));
    return { bytes, name: ${JSON.stringify(name)}, type: ${JSON.stringify(type)} };
  `;
}

describe(`${ENGINE}: camera`, () => {
  test('the camera opens; a capture reaches the mock through the proxy; the result and the face outline show', async (t) => {
    const widget = await openWidget(t);
    await widget.useScenario('new');

    const ready = await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    assert.ok(Number(ready.width) > 0 && Number(ready.height) > 0, `frame size ${JSON.stringify(ready)}`);
    await widget.press('capture-button');
    const capture = await widget.waitForEvent('dni-capture');
    const result = await widget.waitForEvent('dni-result');

    assert.equal(capture.source, 'camera');
    assert.equal(capture.encodedIn, 'worker', "the frame is encoded in the capture's thread");
    assert.equal(result.side, 'front');
    const [{ proxy, mock }] = await widget.journal(1);
    assert.ok(proxy && mock, 'the request went through the proxy to the mock');
    assert.equal(proxy.method, 'POST');
    assert.match(proxy.headers['content-type'] ?? '', /^multipart\/form-data; *boundary=/);
    assert.equal(proxy.headers['x-dni-side'], 'front');
    assert.equal(mock.field, 'file');
    assert.equal(mock.fileName, 'front.jpg');
    assert.equal(mock.format, 'jpeg');
    assert.equal(Number(mock.detectFace), 1);
    assert.equal(mock.headers['x-df-api-id'], 'mock-id', 'the proxy added the credentials');
    assert.equal(mock.apiStatus, 'OK');
    assert.deepEqual({ width: mock.width, height: mock.height }, { width: capture.width, height: capture.height });
    for (const side of [mock.width!, mock.height!]) assert.ok(side >= MIN_SIDE && side <= MAX_SIDE, `${side} px`);
    const blob = await widget.waitFor<{ sha256: string }>(
      `const b = window.__events.find((e) => e.type === 'dni-capture').detail.blob; return b.sha256 && b;`,
      'the capture hash',
    );
    assert.equal(mock.sha256, blob.sha256, 'the mock received the very bytes captured');

    const shown = await widget.waitFor<{ image: number; face: { width: number; height: number; points: number } }>(
      `
      const img = part('preview');
      const face = part('face-region');
      if (!img || !img.complete || !img.naturalWidth || !face) return null;
      const box = face.getBoundingClientRect();
      return { image: img.naturalWidth, face: { width: box.width, height: box.height, points: face.points.numberOfItems } };
      `,
      'the preview and the face outline',
    );
    assert.ok(shown.image > 0, 'the preview shows the photo sent');
    assert.equal(shown.face.points, 4);
    assert.ok(shown.face.width > 5 && shown.face.height > 5, `face outline ${JSON.stringify(shown.face)}`);
    await assertNothingBlockedOrForeign(widget);
  });

  test('both sides complete, and every camera track has stopped', async (t) => {
    const widget = await openWidget(t);
    await widget.useScenario('new');

    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    const front = await widget.keepStream();
    await widget.press('capture-button');
    await widget.waitForEvent('dni-result');
    await widget.press('confirm-button', STEP.ui);
    await widget.waitForEvent('dni-camera-ready', { count: 2, timeout: STEP.camera });
    const back = await widget.keepStream();
    await widget.press('capture-button');
    await widget.waitForEvent('dni-result', { count: 2 });
    await widget.press('confirm-button', STEP.ui);
    const complete = await widget.waitForEvent('dni-complete', { timeout: STEP.ui });

    const sides = (complete as { front?: { card_side?: string }; back?: { card_side?: string } | null }) ?? {};
    assert.deepEqual([sides.front?.card_side, sides.back?.card_side], ['front', 'back'], JSON.stringify(complete));
    assert.deepEqual(await widget.trackStates(front), ['ended']);
    assert.deepEqual(await widget.trackStates(back), ['ended']);
    assert.equal(await widget.run(`return part('video')?.srcObject?.active ?? false;`), false, 'no live preview');
    await assertNothingBlockedOrForeign(widget);
  });

  test('removing the element stops the camera', async (t) => {
    const widget = await openWidget(t);
    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    const stream = await widget.keepStream();

    await widget.run(`el.remove();`);

    assert.deepEqual(await widget.trackStates(stream), ['ended']);
  });
});

describe(`${ENGINE}: file`, () => {
  for (const [type, name] of [
    ['image/jpeg', 'card.jpg'],
    ['image/png', 'card.png'],
  ] as const) {
    test(`a ${name.slice(5).toUpperCase()} picture is compressed in the file worker and sent`, async (t) => {
      const widget = await openWidget(t);
      await widget.useScenario('new');

      await widget.pickFile(cardPicture(type, name));
      const capture = await widget.waitForEvent('dni-capture');
      await widget.waitForEvent('dni-result');

      assert.equal(capture.source, 'file');
      assert.equal(capture.encodedIn, 'worker', 'browser-image-compression or the flattening ran in the file worker');
      assert.equal((capture.blob as { type: string }).type, 'image/jpeg');
      const [{ mock }] = await widget.journal(1);
      assert.equal(mock?.format, 'jpeg', 'the mock received a JPEG');
      assert.deepEqual({ width: mock?.width, height: mock?.height }, { width: capture.width, height: capture.height });
      await assertNothingBlockedOrForeign(widget);
    });
  }

  test('a PDF is sent as it is', async (t) => {
    const widget = await openWidget(t);
    await widget.useScenario('new');

    await widget.pickFile(`
      const pdf = '%PDF-1.4\\n1 0 obj << /Type /Catalog >> endobj\\ntrailer << /Root 1 0 R >>\\n%%EOF\\n';
      return { bytes: new Blob([pdf]), name: 'dni.pdf', type: 'application/pdf' };
    `);
    const capture = await widget.waitForEvent('dni-capture');
    await widget.waitForEvent('dni-result');

    assert.equal(capture.encodedIn, null);
    assert.equal((capture.blob as { type: string }).type, 'application/pdf');
    const [{ mock }] = await widget.journal(1);
    assert.equal(mock?.format, 'pdf');
    assert.equal(mock?.fileName, 'dni.pdf');
    await assertNothingBlockedOrForeign(widget);
  });

  test('a GIF is refused before anything is sent', async (t) => {
    const widget = await openWidget(t);
    await widget.useScenario('new');

    await widget.pickFile(`
      const gif = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), (c) => c.charCodeAt(0));
      return { bytes: new Blob([gif]), name: 'dni.gif', type: 'image/gif' };
    `);
    const error = await widget.waitForEvent('dni-error');

    assert.equal(error.code, 'UNSUPPORTED_FILE');
    assert.equal((await widget.events('dni-capture')).length, 0);
    const sent = await fetch(`${server.origin}/__journal?testId=${encodeURIComponent(widget.testId)}`);
    assert.deepEqual(await sent.json(), [], 'nothing reached the proxy');
    assert.notEqual(await widget.text('status'), '', 'the user is told why');
    await assertNothingBlockedOrForeign(widget);
  });
});

describe(`${ENGINE}: strict CSP`, () => {
  test('the page is served under the README policy, and a violation would be seen', async (t) => {
    const response = await fetch(`${server.origin}/`);
    assert.equal(response.headers.get('content-security-policy'), STRICT_CSP);
    const widget = await openWidget(t);
    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    await assertNothingBlockedOrForeign(widget);

    // The control: a request the policy forbids is reported in this engine.
    await widget.run(`await fetch('http://127.0.0.2:9/forbidden').catch(() => {});`);
    const seen = await widget.waitFor<string[]>(
      `return window.__violations.length > 0 && window.__violations;`,
      'the forbidden request reported as a violation',
    );
    assert.match(seen.join('\n'), /connect-src/);
  });
});

describe(`${ENGINE}: quality gate`, () => {
  test("the gate analyses the engine's test pattern, finds no card, and the capture button still sends", async (t) => {
    const widget = await openWidget(t, '?');
    await widget.useScenario('new');

    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    const third = await widget.waitForEvent('dni-quality', { count: 3, timeout: STEP.camera });
    assert.equal(third.source, 'camera');
    assert.equal(third.ok, false, 'a test pattern is no card');
    assert.notEqual(third.hint, null, 'the user is told what to do');
    assert.equal((await widget.events('dni-capture')).length, 0, 'no auto-capture without a card');

    await widget.press('capture-button');
    const capture = await widget.waitForEvent('dni-capture');
    await widget.waitForEvent('dni-result');
    assert.equal(capture.crop, 'guide', 'no card found: the guide area is sent');
    await assertNothingBlockedOrForeign(widget);
  });
});
