/**
 * The review step through the real proxy and the mock API: every field of each card type and
 * side with its label in the user's language, values spelled out, the birth place decoded;
 * the wrong side (kept under its real side, not asked for again); a front and back of
 * different card types; retake redoes one side only. The mock answers by scenario whatever
 * the camera shows, so these tests share one camera browser per worker.
 */
import { en, es, type Strings } from '../../src/i18n.ts';
import { expect, test } from './support/fixtures.ts';
import { STEP, type Widget } from './support/widget.ts';

test.describe.configure({ timeout: 60_000 });
test.use({ cameraShared: true });

/** Captures the current side and waits for its review; returns the `dni-result` detail. */
async function captureForReview(widget: Widget, index: number) {
  await widget.waitForEvent('dni-camera-ready', { count: index + 1, timeout: STEP.camera });
  await widget.captureSide(index);
  const result = await widget.waitForEvent('dni-result', { count: index + 1, timeout: STEP.upload });
  await expect(widget.part('confirm-button')).toBeVisible({ timeout: STEP.ui });
  return result;
}

/** The review's fields as `[label, value]` pairs, once `ready` says they are complete. */
async function fields(widget: Widget): Promise<[string, string][]> {
  return widget.host.evaluate((el) =>
    [...el.shadowRoot!.querySelectorAll('[part~="field"]')].map((field) => [
      field.querySelector('dt')!.textContent,
      field.querySelector('dd')!.textContent,
    ]),
  );
}

const labels = (t: Strings, keys: (keyof Strings)[]) => keys.map((key) => t[key]);

test('new DNI front: every field labelled in Spanish, dates and words spelled out, birth place decoded', async ({
  widget,
}) => {
  await widget.useScenario('new');
  await captureForReview(widget, 0);

  await expect(widget.part('field-value').filter({ hasText: 'JESUS MARIA' })).toHaveCount(1, { timeout: STEP.ui });
  const shown = await fields(widget);

  expect(shown.map(([label]) => label)).toEqual(
    labels(es, [
      'fieldDniNumber',
      'fieldFatherName',
      'fieldMotherName',
      'fieldGivenNames',
      'fieldSex',
      'fieldBirthDate',
      'fieldBirthPlace',
      'fieldMaritalStatus',
      'fieldIssueDate',
      'fieldExpiryDate',
      'fieldVotingGroup',
      'fieldOrganDonation',
    ]),
  );
  expect(Object.fromEntries(shown)).toMatchObject({
    [es.fieldDniNumber]: '10117410-2',
    [es.fieldFatherName]: 'CONDORI',
    [es.fieldGivenNames]: 'ANA ISABEL',
    [es.fieldSex]: es.valueFemale,
    [es.fieldBirthDate]: '16 de mayo de 1994',
    [es.fieldBirthPlace]: 'JESUS MARIA, LIMA, LIMA (140133)',
    [es.fieldMaritalStatus]: es.valueSingleFemale,
    [es.fieldOrganDonation]: es.valueNo,
  });
  await expect(widget.part('warnings'), 'a clean card has no warnings').toHaveCount(0);
  await expect(widget.part('review-title')).toHaveText(`Datos leídos del ${es.sideFront}`);
  const result = await widget.waitForEvent('dni-result');
  expect(result.warnings).toEqual([]);
});

test('old DNI, in English: front and back fields labelled in English', async ({ widget }) => {
  await widget.setProperty('lang', 'en');
  await widget.useScenario('old');
  await captureForReview(widget, 0);
  await expect(widget.part('field-value').filter({ hasText: 'JESUS MARIA' })).toHaveCount(1, { timeout: STEP.ui });

  const front = Object.fromEntries(await fields(widget));
  expect(front).toMatchObject({
    [en.fieldDniNumber]: '16793105-2',
    [en.fieldSex]: en.valueMale,
    [en.fieldBirthDate]: '15 March 1991',
    [en.fieldRegistrationDate]: '11 October 2016',
    [en.fieldMaritalStatus]: en.valueSingle,
  });
  await expect(widget.part('confirm-button')).toHaveText(`Continue to the ${en.sideBack}`);

  await widget.part('confirm-button').click({ timeout: STEP.upload });
  await captureForReview(widget, 1);
  const back = await fields(widget);

  expect(back.map(([label]) => label)).toEqual(
    labels(en, [
      'fieldDepartment',
      'fieldProvince',
      'fieldDistrict',
      'fieldAddress',
      'fieldVotingGroup',
      'fieldOrganDonation',
    ]),
  );
  await expect(widget.part('confirm-button')).toHaveText(en.confirm);
});

test('foreigner card: its own labels, complete after the front', async ({ widget }) => {
  await widget.useScenario('ALIEN');
  await captureForReview(widget, 0);

  const shown = Object.fromEntries(await fields(widget));
  expect(shown).toMatchObject({
    [es.fieldCardNumber]: '004599217',
    [es.fieldSurnames]: 'RIOS PEREZ',
    [es.fieldNationality]: 'VENEZOLANA',
    [es.fieldBirthDate]: '12 de marzo de 1991',
  });
  expect(Object.keys(shown), 'empty fields are left out').not.toContain(es.fieldDocumentNumber);
  await expect(widget.part('confirm-button')).toHaveText(es.confirm);

  await widget.part('confirm-button').click({ timeout: STEP.upload });
  const complete = await widget.waitForEvent('dni-complete', { timeout: STEP.ui });
  expect(complete.back).toBeNull();
  expect(complete.warnings).toEqual([]);
});

test('wrong side: the back shown for the front is kept, the user is told, and only the front is asked for', async ({
  widget,
}) => {
  await widget.useScenario('wrong-side');
  const wrong = await captureForReview(widget, 0);

  expect(wrong.side).toBe('back');
  expect(wrong.requestedSide).toBe('front');
  expect(wrong.warnings).toContainEqual({ code: 'WRONG_SIDE', field: 'card_side' });
  await expect(widget.part('status')).toContainText(`muestra el ${es.sideBack}`);
  await expect(widget.part('status')).toContainText('no tendrá que fotografiarlo de nuevo');
  await expect(widget.part('warning')).toHaveText([es.warningWrongSide]);
  await expect(widget.host, 'a warning is not an error').toHaveAttribute('data-phase', 'review');
  await expect(widget.part('field-label')).toHaveText([es.fieldResidence, es.fieldAddress]);
  await expect(widget.part('confirm-button')).toHaveText(`Continuar con el ${es.sideFront}`);

  await widget.useScenario('new');
  await widget.part('confirm-button').click({ timeout: STEP.upload });
  await expect(widget.part('status')).toHaveText(es.placeFront, { timeout: STEP.camera });
  const front = await captureForReview(widget, 1);
  expect(front.side).toBe('front');
  await expect(widget.part('confirm-button'), 'the back is already there').toHaveText(es.confirm);
  await widget.part('confirm-button').click({ timeout: STEP.upload });

  const complete = await widget.waitForEvent('dni-complete', { timeout: STEP.ui });
  expect(complete.front).toEqual(front.result);
  expect(complete.back).toEqual(wrong.result);
  const journal = await widget.waitForJournal(2);
  expect(
    journal.map((j) => j.proxy?.side),
    'two photos, both taken as the front',
  ).toEqual(['front', 'front']);
});

test('a new DNI front with an old DNI back: a card-type warning in the review and in dni-complete', async ({
  widget,
}) => {
  await widget.useScenario('new');
  await captureForReview(widget, 0);
  await widget.useScenario('old');
  await widget.part('confirm-button').click({ timeout: STEP.upload });

  const back = await captureForReview(widget, 1);

  expect(back.warnings.map((w) => w.code)).toContain('CARD_TYPE_MISMATCH');
  await expect(widget.part('warning')).toContainText([es.warningCardTypeMismatch]);
  await widget.part('confirm-button').click({ timeout: STEP.upload });
  const complete = await widget.waitForEvent('dni-complete', { timeout: STEP.ui });
  expect(complete.warnings.map((w) => w.code)).toContain('CARD_TYPE_MISMATCH');
});

test('retake in the review of the back redoes the back only', async ({ widget }) => {
  await widget.useScenario('new');
  const front = await captureForReview(widget, 0);
  await widget.part('confirm-button').click({ timeout: STEP.upload });
  await captureForReview(widget, 1);

  await widget.part('retake-button').click({ timeout: STEP.upload });
  const again = await captureForReview(widget, 2);
  expect(again.side).toBe('back');
  await widget.part('confirm-button').click({ timeout: STEP.upload });

  const complete = await widget.waitForEvent('dni-complete', { timeout: STEP.ui });
  expect(complete.front).toEqual(front.result);
  expect(complete.back).toEqual(again.result);
  const journal = await widget.waitForJournal(3);
  expect(journal.map((j) => j.proxy?.side)).toEqual(['front', 'back', 'back']);
});
