/// <reference lib="webworker" />
/** The image worker: camera frames are encoded and picked photos compressed here, off the page's thread. */
import { compressFile } from './compress-file.js';
import { encodeFrame } from './encode-frame.js';
import { EncodeError, type WorkerRequest, type WorkerResponse } from './protocol.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  let response: WorkerResponse;
  try {
    const image =
      request.kind === 'frame'
        ? await encodeFrame(request.frame, request.crop, request.quality, request.maxBytes).finally(() => request.frame.close())
        : await compressFile(request.file, request.maxBytes);
    response = { id: request.id, ok: true, ...image };
  } catch (error) {
    const code = error instanceof EncodeError ? error.code : 'ENCODE_FAILED';
    response = { id: request.id, ok: false, error: code, message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(response);
};

// Every module of the worker has loaded: tell the page it can hand work over.
scope.postMessage({ ready: true });
