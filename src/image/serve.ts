/// <reference lib="webworker" />
/**
 * The worker's side of the two image workers (capture.worker.ts, file.worker.ts): one loop that
 * runs each request, answers it with the image or the `EncodeError` it threw, and tells the page
 * once every module has loaded. Written once, so both workers answer and fail the same way.
 */
import type { ReadyMessage } from '../workers/worker-client.js';
import { EncodeError, type EncodedCrop, type EncodedImage, type EncodeResponse } from './protocol.js';

/** Runs `handle` for every request the page sends, and says the worker is ready. Call last. */
export function serve<Req extends { id: number }, C extends EncodedCrop>(
  handle: (request: Req) => Promise<EncodedImage & { crop: C }>,
): void {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  scope.onmessage = async (event: MessageEvent<Req>) => {
    const request = event.data;
    let response: EncodeResponse<C>;
    try {
      const { blob, width, height, crop } = await handle(request);
      response = { id: request.id, ok: true, blob, width, height, crop };
    } catch (error) {
      response = {
        id: request.id,
        ok: false,
        error: error instanceof EncodeError ? error.code : 'ENCODE_FAILED',
        message: error instanceof Error ? error.message : String(error),
      };
    }
    scope.postMessage(response);
  };
  // Every module of the worker has loaded: tell the page it can hand work over.
  scope.postMessage({ ready: true } satisfies ReadyMessage);
}
