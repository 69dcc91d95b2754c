import { css } from 'lit';

export const styles = css`
  :host {
    --dni-accent: #0b5fff;
    --dni-accent-contrast: #ffffff;
    --dni-radius: 12px;
    --dni-stage-background: #111418;
    --dni-guide-color: rgba(255, 255, 255, 0.9);
    --dni-face-color: #22c55e;
    --dni-error-color: #b42318;
    --dni-font: inherit;
    display: block;
    max-width: 720px;
    font-family: var(--dni-font);
    color: inherit;
  }
  :host([hidden]) {
    display: none;
  }
  .stage {
    position: relative;
    aspect-ratio: 16 / 10;
    background: var(--dni-stage-background);
    border-radius: var(--dni-radius);
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
    stroke: var(--dni-guide-color);
    stroke-width: 0.5%;
    stroke-dasharray: 2% 1%;
  }
  [part~='face-region'] {
    fill: color-mix(in srgb, var(--dni-face-color) 18%, transparent);
    stroke: var(--dni-face-color);
    stroke-width: 0.4%;
    vector-effect: non-scaling-stroke;
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
    margin: 0.75rem 0 0.5rem;
    font-size: 1rem;
    line-height: 1.4;
  }
  :host([data-phase='error']) [part~='status'],
  :host([data-phase='no-camera']) [part~='status'] {
    color: var(--dni-error-color);
  }
  progress {
    width: 100%;
    height: 0.5rem;
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
    padding: 0 1.25rem;
    border-radius: 999px;
    border: 1px solid var(--dni-accent);
    background: transparent;
    color: var(--dni-accent);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  button.primary {
    background: var(--dni-accent);
    color: var(--dni-accent-contrast);
  }
  button:focus-visible,
  .file:focus-within {
    outline: 3px solid color-mix(in srgb, var(--dni-accent) 50%, transparent);
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
    opacity: 0.8;
    margin: 0.5rem 0 0;
  }
  [hidden] {
    display: none !important;
  }
`;
