/**
 * The quality gate on a picked picture: measured by the quality worker like a camera frame, judged
 * by rules of its own. Loaded with a picked file's intake (src/flow/intake-file.ts), so that the
 * camera path does not carry it.
 */
import { ID1_ASPECT } from '../geometry.js';
import type { QualityController, QualityReport } from './quality-controller.js';
import type { QualityMetrics, QualityThresholds, QualityVerdict } from './verdict.js';

/**
 * Whether a picture has the card's own shape (ID-1, either way up, within 5%): a scan or a photo
 * already cropped to the card, whose edges are the picture's.
 */
export function isCardShaped({ width, height }: { width: number; height: number }): boolean {
  const aspect = Math.max(width, height) / Math.min(width, height);
  return Math.abs(Math.log(aspect / ID1_ASPECT)) <= Math.log(1.05);
}

/**
 * The verdict on a picked image of `size`: no card found in it (`place-card`) unless the picture
 * is card-shaped (`isCardShaped`), or what a picture cannot recover from, too dark or blurred.
 * (A scan on white paper would read as too bright, so brightness is not held against it.)
 */
export function judgeImage(
  m: QualityMetrics,
  t: QualityThresholds,
  size?: { width: number; height: number },
): QualityVerdict {
  if (m.brightness < t.minBrightness) return { ok: false, hint: 'more-light' };
  if (!m.card && !(size && isCardShaped(size))) return { ok: false, hint: 'place-card' };
  if (m.sharpness < t.minSharpness) return { ok: false, hint: 'blurry' };
  return { ok: true, hint: null };
}

/** The metrics and verdict of a picked JPEG or PNG, or `null` if it cannot be measured here. */
export async function checkImage(quality: QualityController, file: Blob): Promise<QualityReport | null> {
  const measured = await quality.measureImage(file);
  if (!measured) return null;
  const { metrics, ms, size } = measured;
  return {
    metrics,
    verdict: judgeImage(metrics, quality.thresholds(), size),
    frame: 1,
    analysisMs: ms,
    ...(size && { size }),
  };
}
