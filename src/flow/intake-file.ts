/**
 * A picked file as a photo: loaded when the person first picks one (src/dni-capture.ts), so that
 * the camera path does not carry it. The shared steps (a shot, a failure) are src/flow/intake.ts's.
 */
import type { Side } from '../api/types.js';
import { MIN_SIDE } from '../geometry.js';
import { compressPicked } from '../image/compress-picked.js';
import { ACCEPTED_FORMATS, sniffFormat } from '../image/file-type.js';
import { MAX_INPUT_BYTES, MAX_UPLOAD_BYTES } from '../image/limits.js';
import { checkImage } from '../quality/picture.js';
import type { QualityMetrics, QualityReport } from '../quality/quality-controller.js';
import { encodeFailure, failure, shot, type Intake, type IntakeTools } from './intake.js';

export { checkStep } from '../views/check-step.js';

/**
 * A picked file as the photo of `side`: refused if it is not a JPEG, PNG or PDF (by its bytes,
 * not its name) or over the limits; a PDF goes as it is; a picture is checked (`onReport` gets
 * the quality report) and, when it looks bad, becomes a question; else it is encoded.
 */
export async function takeFile(
  tools: IntakeTools,
  file: File,
  side: Side,
  onReport: (report: QualityReport) => void,
): Promise<Intake> {
  const format = sniffFormat(new Uint8Array(await file.slice(0, 32).arrayBuffer()));
  if (!ACCEPTED_FORMATS.includes(format)) {
    return failure(
      'UNSUPPORTED_FILE',
      file.size === 0 ? 'an empty file' : `${file.type || 'unknown type'}, read as ${format}`,
    );
  }
  const limit = format === 'pdf' ? MAX_UPLOAD_BYTES : MAX_INPUT_BYTES;
  if (file.size > limit) return failure('FILE_TOO_LARGE', `${file.size} bytes, the limit is ${limit}`);
  if (format === 'pdf') {
    return shot({
      blob: file,
      width: 0,
      height: 0,
      source: 'file',
      encodedIn: null,
      fileName: file.name || `${side}.pdf`,
      crop: 'file',
      corners: null,
    });
  }
  const report = await checkImage(tools.quality, file);
  if (report) onReport(report);
  // Too small to send whatever it shows: said before any question about the picture.
  if (report?.size && Math.min(report.size.width, report.size.height) < MIN_SIDE) {
    return failure('IMAGE_TOO_SMALL', `${report.size.width}×${report.size.height} pixels`);
  }
  if (report && !report.verdict.ok) return { kind: 'question', suspect: { file, report } };
  return takePicture(tools, file, side, report?.metrics);
}

/** A picked JPEG or PNG, compressed (the card found in it flattened), as the photo of `side`. */
export async function takePicture(
  tools: IntakeTools,
  file: File,
  side: Side,
  quality?: QualityMetrics,
): Promise<Intake> {
  try {
    // The card found in the picture goes flat; a picture with none goes as it is.
    const encoded = await compressPicked(tools.encoder, file, quality?.card?.corners ?? null);
    const { blob, width, height, path, crop, corners } = encoded;
    if (Math.min(width, height) < MIN_SIDE) return failure('IMAGE_TOO_SMALL', `${width}×${height} pixels`);
    return shot({
      blob,
      width,
      height,
      encodedIn: path,
      crop,
      corners,
      source: 'file',
      fileName: `${side}.jpg`,
      quality,
    });
  } catch (error) {
    return { kind: 'failure', failure: encodeFailure(error) };
  }
}
