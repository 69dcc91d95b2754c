import { WorkerClient, type WorkerFailure } from './worker-client.js';

/**
 * One worker, started on demand and shared by whoever holds this (the quality worker: the
 * quality gate's frames and the capture's encoding): `start()` opens it (or returns the one
 * running), `ready()` waits for its handshake. A worker that failed is forgotten, its failure
 * listeners told, and the next `start()` opens another.
 */
export class LazyWorker<Req extends { id: number }, Res extends { id: number }> {
  #client: WorkerClient<Req, Res> | null = null;
  readonly #listeners: ((failure: WorkerFailure) => void)[] = [];

  readonly #create: () => Worker;

  /** `create`: `() => new Worker(new URL('./x.worker.ts', import.meta.url), …)`, written out in the caller's module. */
  constructor(create: () => Worker) {
    this.#create = create;
  }

  /** Calls `listener` whenever a worker started here fails (to load, or later). */
  onFailure(listener: (failure: WorkerFailure) => void): void {
    this.#listeners.push(listener);
  }

  /** The running worker, started if there is none; null where no worker can run. */
  start(): WorkerClient<Req, Res> | null {
    if (this.#client) return this.#client;
    if (typeof OffscreenCanvas !== 'function') return null;
    const client: WorkerClient<Req, Res> | null = WorkerClient.open(this.#create, {
      onFailure: (failure) => {
        if (this.#client === client) this.#client = null;
        for (const listener of this.#listeners) listener(failure);
      },
    });
    this.#client = client;
    return client;
  }

  /** The worker once it has loaded, or null if it cannot (or is still loading after `patienceMs`). */
  async ready(patienceMs = 3000): Promise<WorkerClient<Req, Res> | null> {
    const client = this.start();
    if (!client) return null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const impatient = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, patienceMs, false)));
    const loaded = await Promise.race([client.ready, impatient]);
    clearTimeout(timer);
    return loaded ? client : null;
  }

  terminate(reason: string): void {
    this.#client?.terminate(reason);
    this.#client = null;
  }
}
