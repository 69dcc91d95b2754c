// Drives <dni-capture> for the bench: one capture, measured, and a retake.
const el = document.querySelector('dni-capture');

const next = (names) =>
  new Promise((resolve) => {
    const handlers = names.map((name) => [name, (e) => done(name, e.detail)]);
    const done = (name, detail) => {
      for (const [n, h] of handlers) el.removeEventListener(n, h);
      resolve({ name, detail });
    };
    for (const [n, h] of handlers) el.addEventListener(n, h);
  });

let ready = next(['dni-camera-ready', 'dni-camera-error']);

window.widget = {
  /** Resolves once the preview shows live frames (or the camera failed). */
  ready: async () => (await ready).name,
  /** `capture()` now; resolves when the proxy has answered. */
  async capture() {
    performance.clearResourceTimings();
    const captured = next(['dni-capture', 'dni-error']);
    const answered = next(['dni-result', 'dni-error']);
    const t0 = performance.now();
    void el.capture();
    const shot = await captured;
    const answer = await answered;
    const t1 = performance.now();
    return {
      ...window.bench.upload(t0),
      totalMs: t1 - t0,
      longestTaskMs: window.bench.longestTask(t0, t1),
      bytes: shot.detail.blob?.size ?? 0,
      width: shot.detail.width,
      height: shot.detail.height,
      encodedIn: shot.detail.encodedIn,
      outcome: answer.name === 'dni-result' ? 'ok' : `error ${answer.detail.code}`,
    };
  },
  /** Drops the photo and opens the camera again; resolves when it is live. */
  async retake() {
    ready = next(['dni-camera-ready', 'dni-camera-error']);
    el.retake('front');
    return (await ready).name;
  },
};
