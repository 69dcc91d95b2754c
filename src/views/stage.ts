/** The stage: the guide and the card's outline over the live video, or the photo sent with the face polygon. */
import { html, nothing, svg } from 'lit';
import type { Shot } from '../flow/flow.js';
import { guideRect } from '../geometry.js';
import type { Strings } from '../i18n/strings.js';
import type { Quad } from '../quad.js';

/** The card the quality gate found in the live frame (its pixels); `ok` while the photo is about to be taken. */
export interface Outline {
  corners: Quad;
  ok: boolean;
}

/**
 * The guide, and the outline of the card found, over the live video. Both are drawn in the
 * frame's pixels (`viewBox`), and `aspect` follows the video's `object-fit`, so they sit on the
 * picture however the video is scaled.
 */
export function renderGuide(frame: { width: number; height: number }, aspect: string, outline: Outline | null) {
  const { width, height } = frame;
  const g = guideRect(width, height);
  return html`<svg class="overlay" viewBox="0 0 ${width} ${height}" preserveAspectRatio=${aspect} aria-hidden="true">
    ${svg`<rect part="guide" class="guide" x=${g.x} y=${g.y} width=${g.width} height=${g.height} rx=${g.width * 0.035}></rect>`}
    ${renderOutline(outline)}
  </svg>`;
}

/** The card found in the frame: dashed while a hint stands, solid and thicker (and `card-outline-ok`) when good. */
function renderOutline(outline: Outline | null) {
  if (!outline) return nothing;
  const points = outline.corners.map((p) => p.join(',')).join(' ');
  return svg`<polygon
    part=${outline.ok ? 'card-outline card-outline-ok' : 'card-outline'}
    class="card-outline"
    data-state=${outline.ok ? 'ok' : 'hint'}
    points=${points}
  ></polygon>`;
}

/**
 * The photo sent (a PDF's placeholder), with `overlay` over it: the face the API found, drawn by
 * the results chunk (src/views/review.ts, `renderFace`) once there is a result.
 */
export function renderPreview(shot: Shot | undefined, url: string | undefined, t: Strings, overlay: unknown = nothing) {
  if (!shot) return nothing;
  if (!shot.width) return html`<div part="preview" class="pdf">${t.pdfDocument}</div>`;
  return html`<img part="preview" src=${url ?? ''} alt=${t.previewAlt} />${overlay}`;
}
