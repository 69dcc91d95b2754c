// The baselines: what a page does without the widget. The same camera frame is drawn to a
// canvas and made a JPEG, then
// - `capture()`: run through browser-image-compression with its defaults, except
//   `useWebWorker: false`: its default worker loads the library from a public CDN, unreachable
//   here (and never allowed in this product); without the network it falls back to this same
//   main-thread path anyway, after a failed load;
// - `captureBare()`: sent as it is (JPEG at the widget's quality, 0.92): the least any page can
//   do, on its main thread;
// then POSTed like the widget does (multipart `file` + `detect_face=1`).
import imageCompression from 'browser-image-compression';

const video = document.querySelector('video');
let stream = null;

async function open() {
  stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1920 }, height: { ideal: 1080 } },
  });
  video.srcObject = stream;
  await video.play();
  return 'ready';
}

function close() {
  for (const track of stream?.getTracks() ?? []) track.stop();
  video.srcObject = null;
  stream = null;
}

function post(file) {
  return new Promise((resolve) => {
    const form = new FormData();
    form.append('file', file, 'front.jpg');
    form.append('detect_face', '1');
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/idcard');
    xhr.setRequestHeader('X-DNI-Side', 'front');
    xhr.onloadend = () => resolve(xhr.status === 200 ? 'ok' : `error ${xhr.status}`);
    xhr.send(form);
  });
}

/** One capture: the frame as a JPEG (at `quality`), through browser-image-compression unless `bare`. */
async function capture({ bare = false, quality = undefined } = {}) {
  performance.clearResourceTimings();
  const t0 = performance.now();
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0);
  const jpeg = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  const file = new File([jpeg], 'front.jpg', { type: 'image/jpeg', lastModified: Date.now() });
  const compressed = bare ? file : await imageCompression(file, { useWebWorker: false });
  const outcome = await post(compressed);
  const t1 = performance.now();
  const result = {
    ...window.bench.upload(t0),
    totalMs: t1 - t0,
    longestTaskMs: window.bench.longestTask(t0, t1),
    bytes: compressed.size,
    outcome,
  };
  // Outside the measured window: the pixel size of what was sent.
  const bitmap = await createImageBitmap(compressed);
  Object.assign(result, { width: bitmap.width, height: bitmap.height, encodedIn: 'main-thread' });
  bitmap.close();
  return result;
}

window.baseline = {
  open,
  close,
  capture: () => capture(),
  captureBare: () => capture({ bare: true, quality: 0.92 }),
};
