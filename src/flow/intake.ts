/**
 * Intake: a camera frame or a picked file becomes a photo to send (a `Shot`), a question for the
 * person (a picture that looks bad), or a failure with its error code. Here live the file
 * sniffing, the size limits, the quality check of a picked picture, the minimum pixel size and
 * the encoding; the element only reports what comes out.
 */
import { newIdempotencyKey } from '../api/idempotency.js';
import { clientFailure } from '../api/errors.js';
import type { ApiFailure, ErrorCode, Side } from '../api/types.js';
import { cropRect, fitWithinApiLimits, MIN_SIDE } from '../geometry.js';
import type { ImageEncoder } from '../image/encoder.js';
import { EncodeError } from '../image/protocol.js';
import type { QualityController } from '../quality/quality-controller.js';
import type { Shot, Suspect } from './flow.js';

/** A photo ready to keep (its failure count starts with the flow's `shotTaken`). */
export type NewShot = Omit<Shot, 'failures'>;

/** What came out of intake. */
export type Intake =
  { kind: 'shot'; shot: NewShot } | { kind: 'question'; suspect: Suspect } | { kind: 'failure'; failure: ApiFailure };

/** The controllers intake works with. */
export interface IntakeTools {
  encoder: ImageEncoder;
  quality: QualityController;
}

/**
 * Whether a camera frame of this size can give an image the API accepts: a frame with no size
 * yet (0 × 0) or a guide area too small is `IMAGE_TOO_SMALL`, said before anything is encoded.
 */
export function frameTooSmall(width: number, height: number): boolean {
  if (!(width > 0 && height > 0)) return true;
  const size = fitWithinApiLimits(cropRect(width, height));
  return !(Math.min(size.width, size.height) >= MIN_SIDE);
}

/**
 * The video's current frame as the photo of `side`: the card where the live analysis saw it hold
 * still a moment ago (an auto-capture always, a manual one mostly), else where it is found in
 * this frame, else the guide area. Both take the current frame before their first await, so
 * the metrics are of the photo taken.
 */
export async function takeFrame(tools: IntakeTools, video: HTMLVideoElement, side: Side): Promise<Intake> {
  const { videoWidth: width, videoHeight: height } = video;
  if (frameTooSmall(width, height)) {
    return failure('IMAGE_TOO_SMALL', `the camera gives ${width}×${height} pixels`);
  }
  const still = tools.quality.stillCard();
  const measured = tools.quality.measureVideo(video);
  const card = still ?? measured.then((m) => (m?.card && !m.card.cutOff ? m.card.corners : null));
  try {
    const encoded = await tools.encoder.encodeVideoFrame(video, card);
    const quality = (await measured) ?? undefined;
    const { blob, width: w, height: h, path, crop, corners } = encoded;
    return shot({
      blob,
      width: w,
      height: h,
      encodedIn: path,
      crop,
      corners,
      source: 'camera',
      fileName: `${side}.jpg`,
      quality,
    });
  } catch (error) {
    return { kind: 'failure', failure: encodeFailure(error) };
  }
}

export function shot(taken: Omit<NewShot, 'idempotencyKey'>): Intake {
  const { quality, ...rest } = taken;
  return { kind: 'shot', shot: { ...rest, ...(quality && { quality }), idempotencyKey: newIdempotencyKey() } };
}

export function failure(code: ErrorCode, reason: string): Intake {
  return { kind: 'failure', failure: clientFailure(code, reason) };
}

export function encodeFailure(error: unknown): ApiFailure {
  const code: ErrorCode = error instanceof EncodeError ? error.code : 'ENCODE_FAILED';
  return clientFailure(code, error instanceof Error ? error.message : String(error));
}
