import { css } from 'lit';

/**
 * Theming has three layers, documented on the element's class: custom properties (read here
 * through private `--_dni-*` copies, so an integrator can set them on the element or on any
 * ancestor, and the dark defaults apply only where nothing was set), parts, and slots.
 */
export const styles = css`
  :host {
    --_dni-accent: var(--dni-accent, #0b5fff);
    --_dni-accent-contrast: var(--dni-accent-contrast, #ffffff);
    --_dni-background: var(--dni-background, #ffffff);
    --_dni-text: var(--dni-text-color, #1b1f24);
    --_dni-muted: var(--dni-muted-color, #56606c);
    --_dni-stage-background: var(--dni-stage-background, #111418);
    --_dni-error: var(--dni-error-color, #b42318);
    --_dni-radius: var(--dni-radius, 12px);
    --_dni-gap: var(--dni-gap, 0.75rem);

    display: block;
    box-sizing: border-box;
    max-width: 720px;
    padding: var(--dni-padding, 1rem);
    border-radius: var(--_dni-radius);
    background: var(--_dni-background);
    color: var(--_dni-text);
    font-family: var(--dni-font, inherit);
    line-height: 1.4;
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_dni-accent: var(--dni-accent, #8ab4ff);
      --_dni-accent-contrast: var(--dni-accent-contrast, #0b1220);
      --_dni-background: var(--dni-background, #16191e);
      --_dni-text: var(--dni-text-color, #e9ecf1);
      --_dni-muted: var(--dni-muted-color, #a9b2be);
      --_dni-stage-background: var(--dni-stage-background, #000000);
      --_dni-error: var(--dni-error-color, #ff9b8f);
      color-scheme: dark;
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  [part~='header'] {
    margin-bottom: var(--_dni-gap);
  }
  ::slotted([slot='title']) {
    margin: 0 0 0.25rem;
  }
  ::slotted([slot='instructions']) {
    margin: 0;
    color: var(--_dni-muted);
  }

  .stage {
    position: relative;
    aspect-ratio: 16 / 10;
    background: var(--_dni-stage-background);
    border-radius: var(--_dni-radius);
    overflow: hidden;
  }
  video,
  img,
  .overlay {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: contain;
  }
  .overlay {
    pointer-events: none;
  }
  .guide {
    fill: none;
    stroke: var(--dni-guide-color, rgba(255, 255, 255, 0.9));
    stroke-width: 0.5%;
    stroke-dasharray: 2% 1%;
  }
  /*
   * The card found in the frame. Colour is never the only signal: dashed and thin while a hint
   * stands, solid and thicker once the card is good (the status text says it in words too).
   * The stroke is in screen pixels (non-scaling), whatever the frame's resolution.
   */
  .card-outline {
    fill: none;
    stroke: var(--dni-outline-color, rgba(255, 255, 255, 0.9));
    stroke-width: 2px;
    stroke-dasharray: 8px 6px;
    stroke-linejoin: round;
    vector-effect: non-scaling-stroke;
  }
  .card-outline[data-state='ok'] {
    stroke: var(--dni-outline-ok-color, #22c55e);
    stroke-width: 4px;
    stroke-dasharray: none;
  }
  .pdf {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    color: #fff;
    font-size: 1.25rem;
  }

  [part~='status'] {
    min-height: 1.5em;
    margin: var(--_dni-gap) 0 0.5rem;
    font-size: 1rem;
    border-radius: 4px;
  }
  [part~='status']:focus {
    outline: none;
  }
  [part~='status']:focus-visible {
    outline: 2px solid var(--_dni-accent);
    outline-offset: 2px;
  }
  :host([data-phase='error']) [part~='status'],
  :host([data-phase='no-camera']) [part~='status'] {
    color: var(--_dni-error);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  button,
  .file {
    min-height: 44px;
    min-width: 44px;
    padding: 0.5rem 1.25rem;
    border-radius: var(--dni-button-radius, 999px);
    border: 1px solid var(--_dni-accent);
    background: transparent;
    color: var(--_dni-accent);
    font: inherit;
    font-weight: 600;
    line-height: 1.2;
    cursor: pointer;
  }
  button.primary {
    background: var(--_dni-accent);
    color: var(--_dni-accent-contrast);
  }
  button:focus-visible,
  .file:focus-within {
    /* Browsers without color-mix() (Chrome before 111) keep the first outline. */
    outline: 3px solid var(--_dni-accent);
    outline: 3px solid color-mix(in srgb, var(--_dni-accent) 60%, transparent);
    outline-offset: 2px;
  }
  .file {
    display: inline-flex;
    align-items: center;
    position: relative;
  }
  .file input {
    position: absolute;
    inset: 0;
    opacity: 0;
    cursor: pointer;
    width: 100%;
  }
  .hint {
    font-size: 0.875rem;
    color: var(--_dni-muted);
    margin: 0.5rem 0 0;
  }
  [hidden] {
    display: none !important;
  }

  /* Motion only for those who have not asked for less of it. */
  @media (prefers-reduced-motion: no-preference) {
    button,
    .file {
      transition:
        background-color 150ms ease,
        color 150ms ease,
        box-shadow 150ms ease;
    }
    .card-outline {
      transition:
        stroke 150ms ease,
        stroke-width 150ms ease;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
      scroll-behavior: auto !important;
    }
  }
  @media (hover: hover) {
    button:hover,
    .file:hover {
      box-shadow: 0 0 0 3px color-mix(in srgb, var(--_dni-accent) 20%, transparent);
    }
  }
`;
