// Appends new <dni-capture> elements for the bench: the time from the append to a live camera,
// and a picked file's time to send (`uploadFile()`, timed to the POST's first byte).
let el = null;
let file = null;
let picks = 0;

const next = (names) =>
  new Promise((resolve) => {
    const target = el;
    const handlers = names.map((name) => [name, (e) => done(name, e.detail)]);
    const done = (name, detail) => {
      for (const [n, h] of handlers) target.removeEventListener(n, h);
      resolve({ name, detail });
    };
    for (const [n, h] of handlers) target.addEventListener(n, h);
  });

window.connect = {
  /** Resolves once the module has defined the element. */
  defined: () => customElements.whenDefined('dni-capture').then(() => 'defined'),
  /**
   * Removes the current element (if any) and appends a new one (`no-auto-capture` with
   * `autoCapture` false: a steady card would be taken before the pick); the time from the append
   * to its live camera.
   */
  async append({ autoCapture = true } = {}) {
    el?.remove();
    el = document.createElement('dni-capture');
    el.setAttribute('proxy-url', '/api/idcard');
    el.setAttribute('sides', 'front');
    if (!autoCapture) el.setAttribute('no-auto-capture', '');
    const ready = next(['dni-camera-ready', 'dni-camera-error']);
    const t0 = performance.now();
    document.body.append(el);
    const { name } = await ready;
    return { ms: performance.now() - t0, outcome: name === 'dni-camera-ready' ? 'ok' : name };
  },
  /** Removes the current element. */
  remove() {
    el?.remove();
    el = null;
  },
  /** Keeps the picture the bench drew (a `data:` URL of a JPEG) as the file to pick. */
  async setFile(dataUrl) {
    file = await (await fetch(dataUrl)).blob();
    return file.size;
  },
  /** `uploadFile()` of the picture, as a new File, now; resolves when the proxy has answered. */
  async pick() {
    const picked = new File([file], `card-${++picks}.jpg`, { type: 'image/jpeg', lastModified: Date.now() });
    performance.clearResourceTimings();
    const shot = next(['dni-capture', 'dni-error']);
    const answered = next(['dni-result', 'dni-error']);
    const verdicts = [];
    const onQuality = (e) => e.detail.source === 'file' && verdicts.push(e.detail.hint ?? (e.detail.ok ? 'ok' : '?'));
    el.addEventListener('dni-quality', onQuality);
    const t0 = performance.now();
    await el.uploadFile(picked);
    const t1 = performance.now();
    el.removeEventListener('dni-quality', onQuality);
    const upload = window.bench.upload(t0);
    // No POST: the widget asked about the picture (its quality hint), or failed before sending.
    if (!upload) return { outcome: `no upload (file quality: ${verdicts.join(', ') || 'none'})` };
    const { detail } = await shot;
    const answer = await answered;
    return {
      ...upload,
      totalMs: t1 - t0,
      bytes: detail.blob?.size ?? 0,
      width: detail.width,
      height: detail.height,
      crop: detail.crop,
      encodedIn: detail.encodedIn,
      outcome: answer.name === 'dni-result' ? 'ok' : `error ${answer.detail.code}`,
    };
  },
  /** Drops the photo and opens the camera again; resolves when it is live. */
  async retake() {
    const ready = next(['dni-camera-ready', 'dni-camera-error']);
    el.retake('front');
    return (await ready).name;
  },
};
