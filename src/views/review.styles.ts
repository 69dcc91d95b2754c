import { css } from 'lit';

/**
 * The review's styles: added to the element's own (src/dni-capture.styles.ts, whose custom
 * properties they read, and whose reduced-motion rule turns the animation off) when the review's
 * chunk loads (src/flow/results.ts), before the photo is sent, so that the camera path does not
 * carry them. The upload's progress bar and the face polygon over the photo show only from then
 * on, so their styles are here too, with the custom properties only the review reads.
 */
export const reviewStyles = css`
  :host {
    --_dni-border: var(--dni-border-color, #d5dae1);
    --_dni-warning: var(--dni-warning-color, #6b4500);
    --_dni-warning-background: var(--dni-warning-background, #fff5dc);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_dni-border: var(--dni-border-color, #353b45);
      --_dni-warning: var(--dni-warning-color, #ffd98a);
      --_dni-warning-background: var(--dni-warning-background, #3a2f14);
    }
  }
  progress {
    width: 100%;
    height: 0.5rem;
    accent-color: var(--_dni-accent);
  }
  [part~='face-region'] {
    fill: transparent;
    fill: color-mix(in srgb, var(--dni-face-color, #22c55e) 18%, transparent);
    stroke: var(--dni-face-color, #22c55e);
    stroke-width: 0.4%;
    vector-effect: non-scaling-stroke;
  }
  .review {
    margin: 0 0 var(--_dni-gap);
  }
  .review-title {
    margin: 0 0 0.5rem;
    font-size: 1.125rem;
    font-weight: 700;
    border-radius: 4px;
  }
  .review-title:focus {
    outline: none;
  }
  .review-title:focus-visible {
    outline: 2px solid var(--_dni-accent);
    outline-offset: 2px;
  }
  .warnings {
    margin: 0 0 var(--_dni-gap);
    padding: 0.625rem 0.875rem;
    border-radius: calc(var(--_dni-radius) * 0.75);
    background: var(--_dni-warning-background);
    color: var(--_dni-warning);
  }
  .warnings-title {
    margin: 0 0 0.25rem;
    font-weight: 600;
  }
  [part~='warnings'] {
    margin: 0;
    padding-left: 1.25rem;
  }
  [part~='warning'] + [part~='warning'] {
    margin-top: 0.25rem;
  }
  [part~='fields'] {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), 1fr));
    column-gap: 1.5rem;
    margin: 0;
  }
  .field {
    padding: 0.5rem 0;
    border-bottom: 1px solid var(--_dni-border);
    min-width: 0;
  }
  [part~='field-label'] {
    font-size: 0.8125rem;
    color: var(--_dni-muted);
  }
  [part~='field-value'] {
    margin: 0.125rem 0 0;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .empty {
    margin: 0;
    color: var(--_dni-muted);
  }
  @media (prefers-reduced-motion: no-preference) {
    .review,
    .warnings {
      animation: dni-appear 200ms ease-out;
    }
  }
  @keyframes dni-appear {
    from {
      transform: translateY(6px);
    }
    to {
      transform: none;
    }
  }
`;
