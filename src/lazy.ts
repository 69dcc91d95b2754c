/**
 * Something the widget loads on first use (a chunk of its own code, a translation table): loaded
 * once and then read synchronously; a load that failed (offline) is forgotten, so that the next
 * call tries again.
 */
export class Lazy<T> {
  #loading: Promise<T> | null = null;

  readonly #loader: () => Promise<T>;
  #value?: T;

  constructor(loader: () => Promise<T>, value?: T) {
    this.#loader = loader;
    this.#value = value;
  }

  /** The value once loaded, else undefined. */
  get(): T | undefined {
    return this.#value;
  }

  load(): Promise<T> {
    if (this.#value !== undefined) return Promise.resolve(this.#value);
    this.#loading ??= this.#loader().then(
      (value) => (this.#value = value),
      (error: unknown) => {
        this.#loading = null;
        throw error;
      },
    );
    return this.#loading;
  }
}
