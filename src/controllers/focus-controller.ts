import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Moves focus along with the flow, once the person is in it: when the step changes while focus
 * is inside the host's shadow root (the button they used is about to go away), focus moves to
 * where the next step starts, once it is rendered. Never on first load (focus is not stolen),
 * and never when the person has moved on to something else on the page meanwhile.
 */
export class FocusController<S extends string> implements ReactiveController {
  #last: S | null = null;
  /** The person was inside the widget when the step changed: focus follows when there is a target. */
  #pending = false;

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #step: () => S;
  readonly #target: (step: S) => HTMLElement | null;

  /**
   * @param step the current step's name, read at each update.
   * @param target where a step starts (in the rendered shadow DOM), or `null` for a step in
   *   between (focus waits for the next one).
   */
  constructor(host: ReactiveControllerHost & HTMLElement, step: () => S, target: (step: S) => HTMLElement | null) {
    this.#host = host;
    this.#step = step;
    this.#target = target;
    host.addController(this);
  }

  /** Before the DOM changes: is focus on something of ours that the new step may remove? */
  hostUpdate(): void {
    const step = this.#step();
    if (step !== this.#last && this.#last !== null && this.#host.shadowRoot?.activeElement) this.#pending = true;
    this.#last = step;
  }

  hostUpdated(): void {
    if (!this.#pending) return;
    const target = this.#target(this.#step());
    if (!target) return; // a step in between (starting, busy): wait for the next one
    this.#pending = false;
    const active = document.activeElement;
    // The person has gone on to something else on the page: leave their focus alone.
    if (active && active !== document.body && active !== this.#host) return;
    target.focus();
  }

  hostDisconnected(): void {
    this.#pending = false;
    this.#last = null;
  }
}
