import { expect } from '@open-wc/testing';
import { WorkerClient, WorkerFailure, type WithoutId } from '../../src/workers/worker-client.js';
import type { EchoRequest, EchoResponse } from '../support/echo.worker.js';

// The worker client against real module workers: the tiny echo worker of test/support, and the
// package's own two workers. Faults are the real ones wherever the browser can produce them
// (a worker that fails to load, one that throws, a value postMessage cannot clone); the two it
// cannot produce on demand are injected and say so.

type Echo = WorkerClient<EchoRequest, EchoResponse>;

const clients: Echo[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.terminate();
});

/** A client of the echo worker (`query` is added to its URL), and the Worker itself. */
function openEcho(query = '', onFailure?: (failure: WorkerFailure) => void): { client: Echo; worker: Worker } {
  let worker: Worker | undefined;
  const client = WorkerClient.open<EchoRequest, EchoResponse>(
    () => (worker = new Worker(new URL(`../support/echo.worker.ts${query}`, import.meta.url), { type: 'module' })),
    onFailure ? { onFailure } : {},
  );
  if (!client || !worker) throw new Error('no worker');
  clients.push(client);
  return { client, worker };
}

/** The failure a promise rejects with (the test fails if it resolves). */
async function failureOf(promise: Promise<unknown>): Promise<WorkerFailure> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(WorkerFailure);
    return error as WorkerFailure;
  }
  throw new Error('resolved instead of failing');
}

describe('WorkerClient', () => {
  it('is ready once the worker says its modules have loaded', async () => {
    const { client } = openEcho();

    expect(await client.ready).to.equal(true);
  });

  it('answers each request with its own answer, whatever order they come back in', async () => {
    const { client } = openEcho();

    const slow = client.request({ kind: 'echo', value: 'slow', delayMs: 150 });
    const fast = client.request({ kind: 'echo', value: 'fast' });

    expect((await Promise.all([slow, fast])).map((answer) => answer.value)).to.deep.equal(['slow', 'fast']);
  });

  it('numbers requests itself: an id in the message cannot cross answers', async () => {
    const { client } = openEcho();
    const forged = { kind: 'echo', value: 'a', id: 7 } as unknown as WithoutId<EchoRequest>;

    const [a, b] = await Promise.all([
      client.request(forged),
      client.request({ kind: 'echo', value: 'b', delayMs: 20 }),
    ]);

    expect([a.value, b.value]).to.deep.equal(['a', 'b']);
    expect(a.id).to.not.equal(b.id);
  });

  it('ignores an answer whose id no request has', async () => {
    const { client } = openEcho();

    const answer = await client.request({ kind: 'stray', value: 'mine' });

    expect(answer.value).to.equal('mine');
  });

  it('posts before the worker has loaded: the request waits for it', async () => {
    const { client } = openEcho();

    const answer = await client.request({ kind: 'echo', value: 42 });

    expect(answer.value).to.equal(42);
  });

  it('moves what it is told to transfer', async () => {
    const { client } = openEcho();
    const buffer = new ArrayBuffer(16);

    const answer = await client.request({ kind: 'echo', value: buffer }, [buffer]);

    expect(buffer.byteLength).to.equal(0);
    expect((answer.value as ArrayBuffer).byteLength).to.equal(16);
  });

  it('fails only the request postMessage cannot send (DataCloneError), and keeps the worker', async () => {
    const { client } = openEcho();
    const pending = client.request({ kind: 'echo', value: 'still here', delayMs: 50 });

    const failure = await failureOf(client.request({ kind: 'echo', value: () => 'a function' }));

    expect(failure.kind).to.equal('not-sent');
    expect(failure.message).to.contain('DataCloneError');
    expect((await pending).value).to.equal('still here');
    expect((await client.request({ kind: 'echo', value: 'after' })).value).to.equal('after');
    expect(client.isClosed).to.equal(false);
  });

  it('leaves what could not be sent with the caller (nothing is transferred)', async () => {
    const { client } = openEcho();
    const buffer = new ArrayBuffer(8);

    await failureOf(client.request({ kind: 'echo', value: [buffer, () => 0] }, [buffer]));

    expect(buffer.byteLength).to.equal(8);
  });

  it('rejects every pending request when the worker throws, says so once, and closes', async () => {
    const failures: WorkerFailure[] = [];
    const { client } = openEcho('', (failure) => failures.push(failure));
    await client.ready;
    const silent = client.request({ kind: 'silent' });

    const crash = await failureOf(client.request({ kind: 'crash' }));

    expect(crash.kind).to.equal('crashed');
    expect((await failureOf(silent)).kind).to.equal('crashed');
    expect(failures.map((failure) => failure.kind)).to.deep.equal(['crashed']);
    expect(client.isClosed).to.equal(true);
  });

  it('fails requests made after the worker failed at once, as not sent', async () => {
    const { client } = openEcho();
    await failureOf(client.request({ kind: 'crash' }));

    const failure = await failureOf(client.request({ kind: 'echo', value: 1 }));

    expect(failure.kind).to.equal('not-sent');
  });

  it('is never ready when the worker cannot load, and fails what was asked of it', async () => {
    const failures: WorkerFailure[] = [];
    // A worker script that does not exist: the browser fires the worker's error event.
    const missing = WorkerClient.open<EchoRequest, EchoResponse>(
      () => new Worker(new URL('../support/missing.worker.ts', import.meta.url), { type: 'module' }),
      { onFailure: (failure) => failures.push(failure) },
    )!;
    clients.push(missing);

    const request = missing.request({ kind: 'echo', value: 1 });

    expect(await missing.ready).to.equal(false);
    expect((await failureOf(request)).kind).to.equal('crashed');
    expect(failures.map((failure) => failure.kind)).to.deep.equal(['crashed']);
  });

  it('rejects every pending request when an answer cannot be read (messageerror)', async () => {
    const failures: WorkerFailure[] = [];
    const { client, worker } = openEcho('', (failure) => failures.push(failure));
    await client.ready;
    const silent = client.request({ kind: 'silent' });

    // Injected: the browser fires messageerror only for an answer it cannot deserialise (e.g. a
    // SharedArrayBuffer across agent clusters), which a worker of this page cannot send on demand.
    worker.dispatchEvent(new MessageEvent('messageerror'));

    expect((await failureOf(silent)).kind).to.equal('unreadable');
    expect(failures.map((failure) => failure.kind)).to.deep.equal(['unreadable']);
    expect(client.isClosed).to.equal(true);
  });

  it('terminates: the requests in flight fail as terminated, later ones as not sent, no failure reported', async () => {
    const failures: WorkerFailure[] = [];
    const { client } = openEcho('', (failure) => failures.push(failure));
    const inFlight = client.request({ kind: 'echo', value: 1, delayMs: 200 });

    client.terminate('the widget was removed');

    const failure = await failureOf(inFlight);
    expect([failure.kind, failure.message]).to.deep.equal(['terminated', 'the widget was removed']);
    expect((await failureOf(client.request({ kind: 'echo', value: 2 }))).kind).to.equal('not-sent');
    expect(failures).to.deep.equal([]);
  });

  it('settles ready as false when terminated before the worker said it loaded', async () => {
    const { client } = openEcho('?ready=no');

    client.terminate();

    expect(await client.ready).to.equal(false);
  });

  it('opens no client where the worker cannot be created', () => {
    // Injected: a page whose CSP forbids the worker makes the constructor throw; the test page has no such CSP.
    const client = WorkerClient.open(() => {
      throw new DOMException('blocked by the page', 'SecurityError');
    });

    expect(client).to.equal(null);
  });
});

describe('the package’s workers', () => {
  for (const [name, url] of [
    ['file', new URL('../../src/image/file.worker.ts', import.meta.url)],
    ['quality', new URL('../../src/quality/quality.worker.ts', import.meta.url)],
  ] as const) {
    it(`the ${name} worker says when it has loaded`, async () => {
      const client = WorkerClient.open<{ id: number }, { id: number }>(() => new Worker(url, { type: 'module' }))!;

      try {
        expect(await client.ready).to.equal(true);
      } finally {
        client.terminate();
      }
    });
  }
});
