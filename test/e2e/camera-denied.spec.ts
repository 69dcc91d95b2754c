/**
 * The camera permission is denied: the widget says so, offers the file path, and a picture
 * picked from disk goes through to a result.
 */
import { cardPng, UPLOAD_SCENE } from './support/cards.ts';
import { expect, test } from './support/fixtures.ts';
import { STEP } from './support/widget.ts';

test.use({ cameraAllowed: false });

test('camera denied: dni-camera-error, a message, then a picked PNG gets a result', async ({ widget }) => {
  const error = await widget.waitForEvent('dni-camera-error', { timeout: STEP.camera });
  expect(error.name).toBe('NotAllowedError');
  expect(error.message, 'the permission message, in Spanish').toMatch(/permiso/);
  await expect(widget.part('status')).toHaveText(error.message.trim(), { timeout: STEP.ui });
  await expect(widget.part('capture-button')).toHaveCount(0);
  expect((await widget.events('dni-camera-ready')).length).toBe(0);

  const fileInput = widget.part('file-input');
  await expect(fileInput).toBeVisible({ timeout: STEP.ui });
  await expect(fileInput).toHaveAttribute('type', 'file');

  await widget.useScenario('new');
  const png = await cardPng(UPLOAD_SCENE);
  await fileInput.setInputFiles(png);

  const capture = await widget.waitForEvent('dni-capture', { timeout: STEP.upload });
  expect(capture.side).toBe('front');
  expect(capture.source).toBe('file');
  expect(capture.blob.size).toBeGreaterThan(0);
  expect(capture.blob.size).toBeLessThan(5_000_000);

  const result = await widget.waitForEvent('dni-result', { timeout: STEP.upload });
  expect(result.side).toBe('front');
  expect(result.result.card_type).toBe('new');
  await expect(widget.part('preview')).toBeVisible();

  const journal = await widget.waitForJournal(1);
  expect(journal[0].mock?.sha256, 'the bytes of the dni-capture blob were sent').toBe(await widget.captureSha256(0));
});

test("camera denied while the message's strings cannot load (offline): the general camera message, and the file path", async ({
  widget,
  page,
}) => {
  // The camera errors' own messages load when one happens (src/i18n/strings.ts: ResultStrings).
  await page.route('**/src/i18n/es-results.ts*', (route) => route.abort('internetdisconnected'));
  await page.reload(); // a fresh page: nothing of the strings loaded yet
  const error = await widget.waitForEvent('dni-camera-error', { timeout: STEP.camera });

  expect(error.name).toBe('NotAllowedError');
  expect(error.message).toBe('No pudimos usar la cámara. Vuelva a intentarlo o elija un archivo.');
  await expect(widget.part('status')).toHaveText(error.message, { timeout: STEP.ui });
  await expect(widget.part('file-input')).toBeVisible({ timeout: STEP.ui });
});
