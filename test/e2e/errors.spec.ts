/**
 * Every error code the API documents, answered by the mock for a camera capture: a `dni-error`
 * with that code and its HTTP status, a message the user can read, and a way forward. Then a
 * retry after a server error, by the user and by the widget itself, sends the same photo
 * again, without a new capture.
 */
import type { ApiErrorCode } from '../../src/api/types.ts';
import { expect, test } from './support/fixtures.ts';
import { STEP } from './support/widget.ts';

type WayForward = 'retry' | 'retake' | 'integrator';

/** From shared/api/idcard-api.md, "Error responses", and what the user can do about each. */
const ERRORS: readonly { code: ApiErrorCode; httpStatus: number; next: WayForward }[] = [
  { code: 'INVALID_ARGUMENT', httpStatus: 400, next: 'retake' },
  { code: 'DETECTION_FAILED', httpStatus: 400, next: 'retake' },
  { code: 'UNAUTHORIZED', httpStatus: 401, next: 'integrator' },
  { code: 'KEY_EXPIRED', httpStatus: 401, next: 'integrator' },
  { code: 'NO_PERMISSION', httpStatus: 403, next: 'integrator' },
  { code: 'OUT_OF_QUOTA', httpStatus: 403, next: 'integrator' },
  { code: 'RATE_LIMIT_EXCEEDED', httpStatus: 403, next: 'retry' },
  { code: 'NOT_FOUND', httpStatus: 404, next: 'integrator' },
  { code: 'INTERNAL_ERROR', httpStatus: 500, next: 'retry' },
];

test.describe('API errors', () => {
  // One browser per worker for these: the camera always shows the new DNI's front.
  test.use({ cameraShared: true });

  for (const { code, httpStatus, next } of ERRORS) {
    test(`${code}: HTTP ${httpStatus}, a message and a way forward (${next})`, async ({ widget }) => {
      await widget.useScenario(code);
      await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
      await widget.captureSide();

      const error = await widget.waitForEvent('dni-error', { timeout: STEP.upload });
      expect(error.code).toBe(code);
      expect(error.httpStatus).toBe(httpStatus);
      expect(error.side).toBe('front');
      expect(error.attempt).toBe(1);
      expect(error.retryable).toBe(next === 'retry');
      if (next === 'retry')
        expect(error.retryIn, 'a transient error is sent again by itself').toBeGreaterThanOrEqual(0);
      else expect(error.retryIn, 'the same photo would fail again: no automatic retry').toBeNull();
      expect(error.reason, 'the API reason is passed on for the integrator to log').not.toBe('');
      expect(error.requestId, 'the API request_id is passed on').toMatch(/\S/);
      expect(error.message.trim(), 'a translated message').not.toBe('');
      expect(error.message, 'the user message is not the raw API reason').not.toBe(error.reason);

      const status = widget.part('status');
      await expect(status).toBeVisible();
      await expect(status).toHaveRole('status');
      await expect(status).toContainText(error.message.trim(), { timeout: STEP.ui });
      expect((await widget.events('dni-result')).length).toBe(0);

      if (next === 'retry') {
        await expect(widget.part('retry-button')).toBeVisible({ timeout: STEP.ui });
      } else {
        await expect(widget.part('retry-button'), 'the same photo would fail again').toHaveCount(0);
        if (next === 'retake') {
          await expect(widget.part('retake-button')).toBeVisible({ timeout: STEP.ui });
        } else {
          // The user cannot fix the integrator's setup; they can still try again another way.
          await expect(widget.part('retake-button').or(widget.part('file-input')).first()).toBeVisible({
            timeout: STEP.ui,
          });
        }
      }

      const journal = await widget.waitForJournal(1);
      if (next !== 'retry') expect(journal, 'sent once').toHaveLength(1);
      for (const entry of journal) {
        expect(entry.mock?.apiStatus).toBe(code);
        expect(entry.proxy?.status).toBe(httpStatus);
        expect(entry.mock?.sha256, 'any automatic retry sends the same photo').toBe(journal[0].mock?.sha256);
      }
      expect((await widget.events('dni-capture')).length, 'one photo').toBe(1);
    });
  }

  test('retry-button after INTERNAL_ERROR sends the same photo again and gets a result', async ({ widget }) => {
    // The user's retry only: no automatic one racing it.
    await widget.setProperty('retryPolicy', { retries: 0 });
    await widget.useScenario('INTERNAL_ERROR');
    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    await widget.captureSide();
    const error = await widget.waitForEvent('dni-error', { timeout: STEP.upload });
    expect(error.code).toBe('INTERNAL_ERROR');
    expect(error.retryIn).toBeNull();

    await widget.useScenario('new');
    await widget.part('retry-button').click();
    const result = await widget.waitForEvent('dni-result', { timeout: STEP.upload });
    expect(result.side).toBe('front');
    expect(result.result.card_type).toBe('new');
    await expect(widget.part('confirm-button')).toBeVisible({ timeout: STEP.ui });

    expect(await widget.events('dni-capture'), 'no new photo was taken for the retry').toHaveLength(1);
    const journal = await widget.waitForJournal(2);
    expect(journal).toHaveLength(2);
    expect(journal.map((j) => j.mock?.scenario)).toEqual(['INTERNAL_ERROR', 'new']);
    expect(journal[0].mock?.sha256, 'the first request carried an image').toMatch(/^[0-9a-f]{64}$/);
    expect(journal[1].mock?.sha256, 'the retry sent the same bytes').toBe(journal[0].mock?.sha256);
    expect(journal[0].mock?.sha256, 'the bytes of the dni-capture blob').toBe(await widget.captureSha256(0));
  });

  test('after INTERNAL_ERROR the widget sends the same photo again by itself', async ({ widget }) => {
    // Its first retry comes 1.5–3 s later (equal jitter): time enough to change the answer first.
    await widget.setProperty('retryPolicy', { baseDelayMs: 3000 });
    await widget.useScenario('INTERNAL_ERROR');
    await widget.waitForEvent('dni-camera-ready', { timeout: STEP.camera });
    await widget.captureSide();
    const error = await widget.waitForEvent('dni-error', { timeout: STEP.upload });
    expect(error.code).toBe('INTERNAL_ERROR');
    expect(error.retryIn, 'an automatic retry is announced').toBeGreaterThan(0);
    await expect(widget.part('status')).not.toBeEmpty();

    // The server recovers before the widget's retry.
    await widget.useScenario('new');
    const result = await widget.waitForEvent('dni-result', { timeout: STEP.upload });
    expect(result.result.card_type).toBe('new');

    expect(await widget.events('dni-capture')).toHaveLength(1);
    expect(await widget.events('dni-error')).toHaveLength(1);
    const journal = await widget.waitForJournal(2);
    expect(journal.map((j) => j.mock?.scenario)).toEqual(['INTERNAL_ERROR', 'new']);
    expect(journal[1].mock?.sha256).toBe(journal[0].mock?.sha256);
  });
});
