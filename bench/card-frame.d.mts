/** Types of card-frame.mjs (kept as plain JavaScript so `node scripts/bench.mjs` runs it as is). */
export { CHROME_PATH, SAFE_ARGS, fakeCameraArgs } from '../scripts/chromium.mjs';
export declare function cardFrame(options?: { width?: number; height?: number }): Promise<string>;
/** Runs in a page: the scene as I420 planes in base64, or with `jpegQuality` as a JPEG `data:` URL. */
export declare function drawScene(options: { width: number; height: number; jpegQuality?: number | null }): string;
