/// <reference lib="webworker" />
/**
 * A tiny worker for the tests of src/workers/worker-client.ts: answers each request by its id,
 * after `delayMs` if asked, and fails for real when told to (an uncaught error).
 */
import type { ReadyMessage } from '../../src/workers/worker-client.js';

export type EchoRequest =
  | { id: number; kind: 'echo'; value: unknown; delayMs?: number }
  /** Answers with an id no request has, then the right one. */
  | { id: number; kind: 'stray'; value: unknown }
  /** Throws outside any handler the worker catches: the page sees the worker's `error` event. */
  | { id: number; kind: 'crash' }
  /** Never answers. */
  | { id: number; kind: 'silent' };

export interface EchoResponse {
  id: number;
  value: unknown;
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
const params = new URL(scope.location.href).searchParams;

scope.onmessage = (event: MessageEvent<EchoRequest>) => {
  const request = event.data;
  switch (request.kind) {
    case 'echo':
      setTimeout(() => scope.postMessage({ id: request.id, value: request.value }), request.delayMs ?? 0);
      break;
    case 'stray':
      scope.postMessage({ id: request.id + 1000, value: 'stray' });
      scope.postMessage({ id: request.id, value: request.value });
      break;
    case 'crash':
      setTimeout(() => {
        throw new Error('echo worker crashed on purpose');
      });
      break;
    case 'silent':
      break;
  }
};

// `?ready=no`: a worker that loads but never says so.
if (params.get('ready') !== 'no') scope.postMessage({ ready: true } satisfies ReadyMessage);
