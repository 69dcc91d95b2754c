import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/dni-capture.js';
import type { DniCapture } from '../../src/dni-capture.js';
import type { DniCompleteDetail, DniResultDetail } from '../../src/events.js';
import { en, es, format } from '../../src/i18n.js';
import { displayFields, warningMessage } from '../../src/review/fields.js';
import { lookupUbigeo } from '../../src/ubigeo/ubigeo.js';
import { answer, failing, nextEvent, part, parts, whenLive } from './support/widget.js';

// The review step: what was read, as text, in the user's language; warnings; the wrong side;
// focus between steps. The camera is Chromium's fake device (auto-capture off: each test takes
// the photo itself); the proxy is /__test/respond, told what to answer for each side by
// changing `proxyUrl` between sides.

const NEW_FRONT = {
  card_type: 'new',
  card_side: 'front',
  card_info: {
    id_number: '10117410-2',
    father_name: 'CONDORI',
    mother_name: 'CCAHUANA',
    name: 'ANA ISABEL',
    gender: 'FEMENINO',
    gender_s: 'F',
    marriage: 'Soltero',
    birthday: '16/05/1994',
    birth_place: '140133',
    issue_date: '11/10/2022',
    expiry_date: '11/10/2030',
    election_number: '053187',
    organ_donation: 'NO',
  },
};
const NEW_BACK = {
  card_type: 'new',
  card_side: 'back',
  card_info: { region: 'LIMA/LIMA/LA VICTORIA', address: 'JR. 15 DE JULIO 1045 DPTO. 213' },
};
const OLD_BACK = {
  card_type: 'old',
  card_side: 'back',
  card_info: { department: 'LIMA', province: 'LIMA', district: 'JESUS MARIA', address: 'AV. BRASIL 2150' },
};

function withInfo(result: typeof NEW_FRONT, info: Record<string, string>) {
  return { ...result, card_info: { ...result.card_info, ...info } };
}

async function widget(proxyUrl: string, attrs: { sides?: string; lang?: string } = {}): Promise<DniCapture> {
  return whenLive(
    await fixture<DniCapture>(
      html`<dni-capture
        proxy-url=${proxyUrl}
        sides=${attrs.sides ?? 'front back'}
        lang=${attrs.lang ?? 'es'}
        no-auto-capture
      ></dni-capture>`,
    ),
  );
}

/** Takes the photo (through the button, as a user would) and waits for the review. */
async function captureForReview(el: DniCapture): Promise<DniResultDetail> {
  const result = nextEvent(el, 'dni-result');
  part(el, 'capture-button')!.click();
  const detail = await result;
  await el.updateComplete;
  return detail;
}

async function confirmAndWaitLive(el: DniCapture): Promise<void> {
  part(el, 'confirm-button')!.click();
  await whenLive(el);
}

function shownFields(el: DniCapture): [string, string][] {
  return parts(el, 'field').map((field) => [
    field.querySelector('dt')!.textContent,
    field.querySelector('dd')!.textContent,
  ]);
}

describe('<dni-capture>: the review shows what was read', () => {
  it('lists every field as label and value, with the birth place decoded when the table arrives', async () => {
    const el = await widget(answer(NEW_FRONT));

    const { result } = await captureForReview(el);
    const place = await lookupUbigeo('140133');
    const expected = displayFields(result, es, 'es', place).map((f) => [f.label, f.value]);
    await waitUntil(
      () => JSON.stringify(shownFields(el)) === JSON.stringify(expected),
      'the birth place was never decoded',
    );

    expect(place).to.not.equal(null);
    expect(expected.length).to.be.greaterThan(5);
    expect(part(el, 'fields')!.tagName).to.equal('DL');
    const values = shownFields(el)
      .map(([, value]) => value)
      .join(' | ');
    expect(values).to.contain('10117410-2').and.to.contain('CONDORI');
    expect(values).to.match(/JES[UÚ]S MAR[IÍ]A/i);
  });

  it('labels the fields in English with lang="en"', async () => {
    const el = await widget(answer(NEW_FRONT), { lang: 'en' });

    const { result } = await captureForReview(el);
    const place = await lookupUbigeo('140133');
    await waitUntil(
      () => shownFields(el).some(([, value]) => value.startsWith('JESUS')),
      'the birth place was never decoded',
    );

    const labels = shownFields(el).map(([label]) => label);
    expect(labels).to.deep.equal(displayFields(result, en, 'en', place).map((f) => f.label));
    expect(labels).to.not.deep.equal(displayFields(result, es, 'es', place).map((f) => f.label));
    expect(part(el, 'review-title')!.textContent.trim()).to.equal(format(en.reviewTitle, { side: en.sideFront }));
  });

  it('shows markup from the API as text, never as elements', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><b>ANA</b>';
    const el = await widget(
      answer(withInfo(NEW_FRONT, { name: hostile, address: '<script>window.__pwned=2</script>' })),
    );

    await captureForReview(el);

    const values = parts(el, 'field-value');
    expect(values.map((dd) => dd.textContent)).to.include(hostile);
    expect(values.filter((dd) => dd.children.length > 0)).to.deep.equal([]);
    expect(el.shadowRoot!.querySelectorAll('script, img:not([part~="preview"]), b').length).to.equal(0);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('says so when no field was read', async () => {
    const el = await widget(answer({ card_type: 'new', card_side: 'front', card_info: {} }));

    await captureForReview(el);

    expect(part(el, 'fields')).to.equal(null);
    expect(part(el, 'review')!.textContent).to.contain(es.noFields);
  });

  it('uses an overridden string', async () => {
    const el = await widget(answer(NEW_FRONT));
    el.strings = { reviewTitle: 'Lo que leímos del {side}' };

    await captureForReview(el);

    expect(part(el, 'review-title')!.textContent.trim()).to.equal('Lo que leímos del anverso');
  });

  it('keeps the built-in text for an empty override', async () => {
    const el = await widget(answer(NEW_FRONT));
    el.strings = { reviewTitle: '', fieldBirthDate: '', fieldSex: 'Género' };

    await captureForReview(el);

    expect(part(el, 'review-title')!.textContent.trim()).to.equal('Datos leídos del anverso');
    const labels = [...el.shadowRoot!.querySelectorAll('[part~="field-label"]')].map((dt) => dt.textContent.trim());
    expect(labels).to.include.members(['Fecha de nacimiento', 'Género']);
  });

  it('is accessible, warnings included', async () => {
    const el = await widget(answer(withInfo(NEW_FRONT, { id_number: '10117410-5' })));

    await captureForReview(el);

    await expect(el).to.be.accessible();
  });
});

describe('<dni-capture>: warnings', () => {
  it('reports a wrong check character in dni-result and shows it gently, without an error', async () => {
    const el = await widget(answer(withInfo(NEW_FRONT, { id_number: '10117410-5' })));

    const { warnings } = await captureForReview(el);

    expect(warnings).to.deep.include({ code: 'CHECK_CHARACTER_MISMATCH', field: 'id_number' });
    expect(el.dataset.phase).to.equal('review');
    const shown = parts(el, 'warning');
    expect(shown.map((li) => li.textContent)).to.deep.equal(warnings.map((w) => warningMessage(w, es)));
    expect(shown.map((li) => li.dataset.code)).to.deep.equal(warnings.map((w) => w.code));
    expect(part(el, 'confirm-button'), 'a warning never blocks').to.not.equal(null);
  });

  it('shows no warning list for a clean result', async () => {
    const el = await widget(answer(NEW_FRONT));

    const { warnings } = await captureForReview(el);

    expect(warnings).to.deep.equal([]);
    expect(part(el, 'warnings')).to.equal(null);
  });

  it('passes the warnings of the result on in dni-complete', async () => {
    const el = await widget(answer(withInfo(NEW_FRONT, { id_number: '10117410-5' })), { sides: 'front' });
    await captureForReview(el);
    const complete = oneEvent(el, 'dni-complete');

    part(el, 'confirm-button')!.click();
    const detail = (await complete).detail as DniCompleteDetail;

    expect(detail.warnings).to.deep.include({ code: 'CHECK_CHARACTER_MISMATCH', field: 'id_number' });
  });

  it('warns when the front and the back are of different card types', async () => {
    const el = await widget(answer(NEW_FRONT));
    await captureForReview(el);
    el.proxyUrl = answer(OLD_BACK);
    await confirmAndWaitLive(el);

    const back = await captureForReview(el);
    const complete = oneEvent(el, 'dni-complete');
    part(el, 'confirm-button')!.click();
    const detail = (await complete).detail as DniCompleteDetail;

    expect(back.warnings.map((w) => w.code)).to.include('CARD_TYPE_MISMATCH');
    expect(parts(el, 'warning').length).to.equal(0, 'the review is gone after confirm');
    expect(detail.warnings.map((w) => w.code)).to.include('CARD_TYPE_MISMATCH');
  });
});

describe('<dni-capture>: the wrong side', () => {
  it('keeps a back read while the front was asked for, says so, and then asks only for the front', async () => {
    const el = await widget(answer(NEW_BACK));
    const requests: string[] = [];
    el.addEventListener('dni-capture', (e) => requests.push(e.detail.side));

    const wrong = await captureForReview(el);

    expect(wrong.side).to.equal('back');
    expect(wrong.requestedSide).to.equal('front');
    expect(wrong.warnings[0]).to.deep.equal({ code: 'WRONG_SIDE', field: 'card_side' });
    const sides = { actual: es.sideBack, wanted: es.sideFront };
    expect(part(el, 'status')!.textContent).to.equal(
      `${format(es.wrongSide, sides)} ${format(es.wrongSideKept, sides)}`,
    );
    expect(part(el, 'confirm-button')!.textContent.trim()).to.equal(format(es.confirmNext, { side: es.sideFront }));
    expect(shownFields(el).map(([, value]) => value)).to.include('JR. 15 DE JULIO 1045 DPTO. 213');

    el.proxyUrl = answer(NEW_FRONT);
    await confirmAndWaitLive(el);
    expect(part(el, 'status')!.textContent).to.equal(es.placeFront);
    const front = await captureForReview(el);
    expect(front.side).to.equal('front');
    expect(front.warnings).to.deep.equal([]);
    expect(part(el, 'confirm-button')!.textContent.trim(), 'nothing is left to capture').to.equal(es.confirm);
    const complete = oneEvent(el, 'dni-complete');
    part(el, 'confirm-button')!.click();
    const detail = (await complete).detail as DniCompleteDetail;

    expect(detail.front).to.deep.equal(front.result);
    expect(detail.back).to.deep.equal(wrong.result);
    expect(detail.warnings.map((w) => w.code)).to.not.include('WRONG_SIDE');
    expect(requests).to.deep.equal(['front', 'front']);
  });

  it('with sides="front", shows the back but does not keep it, and asks for the front again', async () => {
    const el = await widget(answer(NEW_BACK), { sides: 'front' });

    const wrong = await captureForReview(el);

    expect(wrong.warnings.map((w) => w.code)).to.deep.equal(['WRONG_SIDE']);
    const sides = { actual: es.sideBack, wanted: es.sideFront };
    expect(part(el, 'status')!.textContent).to.equal(
      `${format(es.wrongSide, sides)} ${format(es.wrongSideAgain, sides)}`,
    );
    el.proxyUrl = answer(NEW_FRONT);
    await confirmAndWaitLive(el);
    await captureForReview(el);
    const complete = oneEvent(el, 'dni-complete');
    part(el, 'confirm-button')!.click();
    const detail = (await complete).detail as DniCompleteDetail;

    expect(detail.front.card_side).to.equal('front');
    expect(detail.back).to.equal(null);
  });

  it('does not replace a confirmed front with a front read while the back was asked for', async () => {
    const el = await widget(answer(NEW_FRONT));
    const first = await captureForReview(el);
    el.proxyUrl = answer(withInfo(NEW_FRONT, { name: 'OTRA PERSONA' }));
    await confirmAndWaitLive(el);

    const again = await captureForReview(el);
    expect(again.side).to.equal('front');
    expect(again.requestedSide).to.equal('back');
    expect(again.warnings.map((w) => w.code)).to.include('WRONG_SIDE');
    el.proxyUrl = answer(NEW_BACK);
    await confirmAndWaitLive(el);
    expect(part(el, 'status')!.textContent).to.equal(es.placeBack);
    await captureForReview(el);
    const complete = oneEvent(el, 'dni-complete');
    part(el, 'confirm-button')!.click();
    const detail = (await complete).detail as DniCompleteDetail;

    expect(detail.front).to.deep.equal(first.result);
    expect(detail.back!.card_side).to.equal('back');
  });

  it('retake in the wrong-side review drops the side it kept', async () => {
    const el = await widget(answer(NEW_BACK));
    await captureForReview(el);

    el.proxyUrl = answer(NEW_FRONT);
    part(el, 'retake-button')!.click();
    await whenLive(el);
    await captureForReview(el);

    expect(part(el, 'confirm-button')!.textContent.trim()).to.equal(format(es.confirmNext, { side: es.sideBack }));
  });
});

describe('<dni-capture>: focus follows the flow', () => {
  it('does not take focus on first load', async () => {
    const el = await widget(answer(NEW_FRONT));

    expect(el.shadowRoot!.activeElement).to.equal(null);
    expect(document.activeElement).to.not.equal(el);
  });

  it('moves to the review title when a result arrives, then to the capture button when the camera is back', async () => {
    const el = await widget(answer(NEW_FRONT));
    part(el, 'capture-button')!.focus();

    await captureForReview(el);
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'review-title'));

    part(el, 'confirm-button')!.focus();
    await confirmAndWaitLive(el);
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'capture-button'));
  });

  it('moves to the status on an error', async () => {
    const el = await widget(failing('DETECTION_FAILED', 400));
    const failed = oneEvent(el, 'dni-error');
    part(el, 'capture-button')!.focus();

    part(el, 'capture-button')!.click();
    await failed;
    await el.updateComplete;

    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'status'));
  });

  it('moves to the status when a picked picture needs a decision (the quality check)', async () => {
    const el = await widget(answer(NEW_FRONT));
    const canvas = new OffscreenCanvas(1200, 760);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#8a8f96';
    context.fillRect(0, 0, 1200, 760);
    const flat = new File([await canvas.convertToBlob({ type: 'image/png' })], 'flat.png', { type: 'image/png' });
    part(el, 'file-input')!.focus();

    await el.uploadFile(flat);
    await el.updateComplete;

    expect(el.dataset.phase).to.equal('check');
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'status'));
  });

  it('leaves focus alone when the user went elsewhere on the page meanwhile', async () => {
    const el = await widget(answer(NEW_FRONT));
    const outside = document.createElement('input');
    outside.setAttribute('aria-label', 'outside');
    document.body.append(outside);
    part(el, 'capture-button')!.focus();
    const result = oneEvent(el, 'dni-result');

    part(el, 'capture-button')!.click();
    outside.focus();
    await result;
    await el.updateComplete;

    expect(document.activeElement).to.equal(outside);
    outside.remove();
  });
});

describe('<dni-capture>: slots and properties', () => {
  it('shows the header only when a title or instructions are slotted', async () => {
    const bare = await fixture<DniCapture>(html`<dni-capture proxy-url="/__test/echo"></dni-capture>`);
    const titled = await fixture<DniCapture>(
      html`<dni-capture proxy-url="/__test/echo"><h2 slot="title">Verifique su identidad</h2></dni-capture>`,
    );
    await waitUntil(() => !part(titled, 'header')!.hidden, 'the header never showed');

    expect(part(bare, 'header')!.hidden).to.equal(true);
    const slot = titled.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="title"]')!;
    expect(slot.assignedElements()[0].textContent).to.equal('Verifique su identidad');
  });

  it('fires nothing when the host changes lang or strings during the review', async () => {
    const el = await widget(answer(NEW_FRONT));
    await captureForReview(el);
    const fired: string[] = [];
    for (const type of ['dni-result', 'dni-complete', 'dni-error', 'dni-capture'] as const) {
      el.addEventListener(type, () => fired.push(type));
    }

    el.lang = 'en';
    el.strings = { confirm: 'OK' };
    await el.updateComplete;

    expect(fired).to.deep.equal([]);
    expect(part(el, 'review-title')!.textContent.trim()).to.equal(format(en.reviewTitle, { side: en.sideFront }));
  });
});
