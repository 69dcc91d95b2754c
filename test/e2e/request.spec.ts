/**
 * What reaches the proxy and the mock for a camera capture, from the dev server's journal:
 * the upload the API documents (multipart `file`, `detect_face=1`, a JPEG within its limits,
 * sharp enough for its text) and no credential from the browser.
 */
import { MAX_SIDE, MIN_SIDE } from '../../src/geometry.ts';
import { expect, test } from './support/fixtures.ts';
import { STEP } from './support/widget.ts';

test.use({ cameraShared: true });

test('the proxy receives one multipart JPEG upload within the API limits and no credentials', async ({ widget }) => {
  await widget.useScenario('new');
  await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
  const capture = await widget.captureSide();
  await widget.waitForEvent('dni-result', { timeout: STEP.upload });

  const journal = await widget.waitForJournal(1);
  expect(journal).toHaveLength(1);
  const { proxy, mock } = journal[0];
  expect(proxy, 'the request went through the proxy').not.toBeNull();

  // What the browser sent.
  expect(proxy!.method).toBe('POST');
  expect(proxy!.side).toBe('front');
  expect(proxy!.headers['content-type']).toMatch(/^multipart\/form-data; *boundary=/);
  expect(proxy!.headers['x-dni-side']).toBe('front');
  expect(proxy!.headers['x-test-id']).toBe(widget.testId);
  expect(Object.keys(proxy!.headers), 'no API credential leaves the browser').not.toContain('x-df-api-id');
  expect(Object.keys(proxy!.headers)).not.toContain('x-df-api-secret');
  expect(proxy!.bytes).toBeLessThan(5_000_000 + 4096);
  expect(proxy!.status).toBe(200);

  // What the API (the mock) received from the proxy!.
  expect(mock, 'the proxy forwarded the request to the mock').not.toBeNull();
  expect(mock!.contentType).toMatch(/^multipart\/form-data/);
  expect(mock!.field).toBe('file');
  expect(mock!.fileName).toBe('front.jpg');
  expect(mock!.fileType).toBe('image/jpeg');
  expect(mock!.format).toBe('jpeg');
  expect(mock!.bytes).toBeGreaterThan(0);
  expect(mock!.bytes, 'under 5,000,000 bytes').toBeLessThan(5_000_000);
  for (const side of [mock!.width, mock!.height]) {
    expect(side).toBeGreaterThanOrEqual(MIN_SIDE);
    expect(side).toBeLessThanOrEqual(MAX_SIDE);
  }
  expect(mock!.width, 'a 1920×1080 camera gives at least 1280 px across').toBeGreaterThanOrEqual(1280);
  expect(Number(mock!.detectFace)).toBe(1);
  expect(mock!.headers['x-df-api-id'], 'the proxy added the credentials').toBe('mock-id');
  expect(mock!.status).toBe(200);
  expect(mock!.apiStatus).toBe('OK');

  // The bytes that arrived are the captured image, encoded once.
  expect({ width: mock!.width, height: mock!.height }).toEqual({ width: capture.width, height: capture.height });
  expect(mock!.bytes).toBe(capture.blob.size);
  expect(mock!.sha256).toBe(await widget.captureSha256(0));
});
