/// <reference lib="webworker" />
/**
 * The image worker: camera frames are encoded and picked photos compressed here, off the page's
 * thread. With the card's corners, the card itself is flattened and sent instead (flatten.ts).
 */
import { compressFile } from './compress-file.js';
import { drawableFrame, encodeFrame } from './encode-frame.js';
import { encodeCard, encodeCardInFile, frameSize } from './flatten.js';
import { CAMERA_JPEG_QUALITY } from './limits.js';
import {
  EncodeError,
  type EncodedCrop,
  type EncodedImage,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol.js';
import type { ReadyMessage } from '../workers/worker-client.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;

type Result = EncodedImage & { crop: EncodedCrop };

/** The card flattened if its corners make one in the frame; else the guide's crop. */
async function encodeFrameRequest(request: WorkerRequest & { kind: 'frame' }): Promise<Result> {
  const { frame, card, crop, quality, maxBytes } = request;
  const source = await drawableFrame(frame);
  try {
    const flat = card ? await encodeCard(source, frameSize(frame), card, quality, maxBytes) : null;
    if (flat) return { ...flat, crop: 'card' };
    return { ...(await encodeFrame(source, crop, quality, maxBytes)), crop: 'guide' };
  } finally {
    if (source !== frame) source.close();
  }
}

/** The card flattened if its corners make one in the picture; else the picture compressed. */
async function compressFileRequest(request: WorkerRequest & { kind: 'file' }): Promise<Result> {
  const { file, card, maxBytes } = request;
  const flat = card ? await encodeCardInFile(file, card, CAMERA_JPEG_QUALITY, maxBytes) : null;
  if (flat) return { ...flat, crop: 'card' };
  return { ...(await compressFile(file, maxBytes)), crop: 'file' };
}

scope.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  let response: WorkerResponse;
  try {
    const image =
      request.kind === 'frame'
        ? await encodeFrameRequest(request).finally(() => request.frame.close())
        : await compressFileRequest(request);
    response = { id: request.id, ok: true, ...image };
  } catch (error) {
    const code = error instanceof EncodeError ? error.code : 'ENCODE_FAILED';
    response = {
      id: request.id,
      ok: false,
      error: code,
      message: error instanceof Error ? error.message : String(error),
    };
  }
  scope.postMessage(response);
};

// Every module of the worker has loaded: tell the page it can hand work over.
scope.postMessage({ ready: true } satisfies ReadyMessage);
