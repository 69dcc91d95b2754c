/// <reference lib="webworker" />
/**
 * The worker's side of image encoding: `answer` runs one request and answers it with the image or
 * the `EncodeError` it threw (a camera capture in the quality worker's script, a picked picture
 * in the file worker alike); `serve` is the file worker's loop. Written once, so both answer and
 * fail the same way.
 */
import type { ReadyMessage } from '../workers/worker-client.js';
import { EncodeError, type EncodedCrop, type EncodedImage, type EncodeResponse } from './protocol.js';

/** `handle`'s image for `request`, or the error it threw, as the page reads it. */
export async function answer<Req extends { id: number }, C extends EncodedCrop>(
  request: Req,
  handle: (request: Req) => Promise<EncodedImage & { crop: C }>,
): Promise<EncodeResponse<C>> {
  try {
    const { blob, width, height, crop } = await handle(request);
    return { id: request.id, ok: true, blob, width, height, crop };
  } catch (error) {
    return {
      id: request.id,
      ok: false,
      error: error instanceof EncodeError ? error.code : 'ENCODE_FAILED',
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Runs `handle` for every request the page sends, and says the worker is ready. Call last. */
export function serve<Req extends { id: number }, C extends EncodedCrop>(
  handle: (request: Req) => Promise<EncodedImage & { crop: C }>,
): void {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  scope.onmessage = async (event: MessageEvent<Req>) => {
    scope.postMessage(await answer(event.data, handle));
  };
  // Every module of the worker has loaded: tell the page it can hand work over.
  scope.postMessage({ ready: true } satisfies ReadyMessage);
}
