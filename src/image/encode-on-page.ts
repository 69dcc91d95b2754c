/**
 * The page thread's encoder: what the capture worker does with a captured frame and the file
 * worker with a picked picture (encode-shot.ts), done on the page where no worker can run (a CSP
 * without `worker-src`, a browser without module workers or OffscreenCanvas, a worker that failed
 * to load). Its own chunk, so that the camera path does not carry it: encoder.ts loads it as soon
 * as it knows the capture worker will not run (when the camera goes live, not at the capture),
 * or when a worker fails at a capture or a pick. A picture without a card is compressed with the
 * browser's decoder and a canvas (compress-file-canvas.ts): browser-image-compression lives in
 * the file worker only, not twice in what a page can load.
 */
export { encodeCameraFrame, encodePicture } from './encode-shot.js';
export { compressFile as compressWithCanvas } from './compress-file-canvas.js';
