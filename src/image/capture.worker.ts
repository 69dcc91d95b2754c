/// <reference lib="webworker" />
/**
 * The capture worker: a camera frame is encoded here, off the page's thread: the card flattened
 * if the detector's corners make one, else the guide's part of the frame (encode-shot.ts). Small,
 * started as soon as the camera is ready, and a thread of its own: the frame taken is not held up
 * by the quality worker's analysis of the live frames. Picked files go to the file worker
 * (file.worker.ts), so a capture never loads browser-image-compression.
 */
import { encodeCameraFrame } from './encode-shot.js';
import type { EncodeFrameRequest } from './protocol.js';
import { serve } from './serve.js';

serve<EncodeFrameRequest, 'card' | 'guide'>(encodeCameraFrame);
