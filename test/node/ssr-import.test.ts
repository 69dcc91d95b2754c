// Server-side rendering imports the package in Node, where there is no window, no document
// and no camera: the import must not throw, and must leave no timer or listener behind.
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('importing the package in plain Node does not throw', async () => {
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');

  const module = await import('../../src/dni-capture.ts');

  assert.equal(typeof module.DniCapture, 'function');
});

test('the element is registered (in the SSR registry) under its tag name', async () => {
  const { DniCapture } = await import('../../src/dni-capture.ts');

  assert.equal(customElements.get('dni-capture'), DniCapture);
});

test('the pure modules import without a DOM', async () => {
  const geometry = await import('../../src/geometry.ts');
  const parse = await import('../../src/api/parse.ts');

  assert.equal(Math.round(geometry.guideRect(1920, 1080).width), 1370);
  assert.equal(parse.parseApiResponse(200, '{').ok, false);
});
