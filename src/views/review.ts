/** The review of a side: what was read, as text, with the warnings first. */
import { html, nothing } from 'lit';
import type { Review } from '../flow/flow.js';
import { birthPlaceCode } from '../flow/reading.js';
import { format } from '../i18n/format.js';
import { displayFields, warningMessage } from '../review/fields.js';
import type { UbigeoPlace } from '../ubigeo/ubigeo.js';
import type { ViewContext } from './context.js';
import { sideName } from './review-steps.js';

/**
 * The review section; `places` holds the birth places decoded so far (`decodeBirthPlace`,
 * src/flow/results.ts): the review's own shows once it is there.
 */
export function renderReview(
  { t, lang }: ViewContext,
  review: Review,
  places: ReadonlyMap<string, UbigeoPlace | null>,
) {
  const code = birthPlaceCode(review);
  const fields = displayFields(review.result, t, lang, code ? places.get(code) : undefined);
  return html`<section part="review" class="review" aria-labelledby="review-title">
    <p id="review-title" part="review-title" class="review-title" tabindex="-1">
      ${format(t.reviewTitle, { side: sideName(t, review.side) })}
    </p>
    ${
      review.warnings.length
        ? html`<div class="warnings">
            <p id="warnings-title" class="warnings-title">${t.warningsTitle}</p>
            <ul part="warnings" aria-labelledby="warnings-title">
              ${review.warnings.map((w) => html`<li part="warning" data-code=${w.code}>${warningMessage(w, t)}</li>`)}
            </ul>
          </div>`
        : nothing
    }
    ${
      fields.length
        ? html`<dl part="fields">
            ${fields.map(
              (f) =>
                html`<div part="field" class="field" data-field=${f.key}>
                  <dt part="field-label">${f.label}</dt>
                  <dd part="field-value">${f.value}</dd>
                </div>`,
            )}
          </dl>`
        : html`<p class="empty">${t.noFields}</p>`
    }
  </section>`;
}
