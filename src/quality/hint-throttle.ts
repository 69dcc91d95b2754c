/**
 * Decides when the guidance shown (and announced by screen readers, the `status` part being a
 * polite live region) may change: only to a hint seen on `confirmations` frames in a row (no
 * flicker between two hints), and not sooner than `minIntervalMs` after the last change.
 */
export class HintThrottle<T> {
  #shown: T | null = null;
  #candidate: T | null = null;
  #seen = 0;
  #changedAt = Number.NEGATIVE_INFINITY;

  readonly #minIntervalMs: number;
  readonly #confirmations: number;

  constructor(minIntervalMs = 2000, confirmations = 2) {
    this.#minIntervalMs = minIntervalMs;
    this.#confirmations = confirmations;
  }

  /** Forgets what was shown; `now` counts as a change (the message just shown, e.g. "place the front"). */
  reset(now: number): void {
    this.#shown = null;
    this.#candidate = null;
    this.#seen = 0;
    this.#changedAt = now;
  }

  /** The latest frame's hint; returns it if it is to be shown now, `undefined` if nothing changes. */
  offer(hint: T, now: number): T | undefined {
    if (hint === this.#candidate) this.#seen++;
    else {
      this.#candidate = hint;
      this.#seen = 1;
    }
    if (hint === this.#shown || this.#seen < this.#confirmations || now - this.#changedAt < this.#minIntervalMs)
      return undefined;
    this.#shown = hint;
    this.#changedAt = now;
    return hint;
  }
}
