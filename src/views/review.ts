/** The review of a side: what was read, as text, with the warnings first. */
import { html, nothing, svg } from 'lit';
import type { Side } from '../api/types.js';
import type { Flow, Review, Shot } from '../flow/flow.js';
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

/**
 * The face the API found on the photo of `side` that the preview shows (the review's, or a kept
 * result's), as a polygon over it; nothing without one. Mapped onto the picture as shown by
 * drawing it in the photo's own pixels (the API's coordinates: `viewBox` = the photo's size) with
 * the same `meet` scaling as the `<img>`'s `object-fit: contain`.
 */
export function renderFace(flow: Flow, side: Side, shot: Shot) {
  const step = flow.step;
  const face = step.name === 'review' ? step.review.result.face_region : flow.sides.results[side]?.face_region;
  if (!face) return nothing;
  return html`<svg
    class="overlay"
    viewBox="0 0 ${shot.width} ${shot.height}"
    preserveAspectRatio="xMidYMid meet"
    aria-hidden="true"
  >
    ${svg`<polygon part="face-region" points=${face.map((p) => p.join(',')).join(' ')}></polygon>`}
  </svg>`;
}
