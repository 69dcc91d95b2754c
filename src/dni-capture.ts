import { html, LitElement, nothing, svg, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { sendSide } from './api/client.js';
import { clientFailure } from './api/errors.js';
import type { ApiFailure, CardResult, ErrorCode, Side } from './api/types.js';
import { CameraController, CameraError } from './controllers/camera-controller.js';
import { ObjectUrlController } from './controllers/object-url-controller.js';
import { UploadController } from './controllers/upload-controller.js';
import { styles } from './dni-capture.styles.js';
import { dniEvent, errorDetail, type DniCameraErrorDetail, type DniErrorDetail, type DniEventMap } from './events.js';
import { guideRect } from './geometry.js';
import { errorMessage, format, HINT_KEYS, resolveLang, translations, type Strings } from './i18n.js';
import { ImageEncoder, type Encoded } from './image/encoder.js';
import { ACCEPTED_FORMATS, FILE_ACCEPT, sniffFormat } from './image/file-type.js';
import { MAX_INPUT_BYTES, MAX_UPLOAD_BYTES } from './image/limits.js';
import { EncodeError } from './image/protocol.js';
import {
  DESKTOP_THRESHOLDS,
  PHONE_THRESHOLDS,
  QualityController,
  type Guidance,
  type QualityMetrics,
  type QualityReport,
  type QualityThresholds,
} from './quality/quality-controller.js';

export type { Side, CardType, CardResult, ErrorCode } from './api/types.js';
export type * from './events.js';

/** Where the widget is in its flow. */
type Phase = 'starting' | 'live' | 'busy' | 'check' | 'review' | 'error' | 'no-camera' | 'complete';

/** A photo of one side, kept until that side has a confirmed result (so it survives failed uploads). */
interface Shot {
  blob: Blob;
  width: number;
  height: number;
  source: 'camera' | 'file';
  encodedIn: 'worker' | 'main-thread' | null;
  fileName: string;
  quality?: QualityMetrics;
}

/** A picked picture the quality check warned about, waiting for the user's decision. */
interface Suspect {
  file: File;
  report: QualityReport;
}

/**
 * Captures a Peruvian ID card (DNI, DNIe, Carné de Extranjería) with the camera or from a file,
 * sends each side to the integrator's proxy and reports the recognised fields.
 *
 * @event dni-camera-ready - The preview shows live frames. `{ width, height, label }`
 * @event dni-camera-error - The camera cannot be used; the widget offers a file instead. `{ name, message }`
 * @event dni-capture - An image of a side is ready to send. `{ side, blob, width, height, source, encodedIn, quality? }`
 * @event dni-quality - The quality gate measured a camera frame (at most twice a second) or a picked picture. `{ side, source, metrics, ok, hint, frame, analysisMs }`
 * @event dni-upload-progress - Bytes of the request sent so far. `{ side, loaded, total }`
 * @event dni-result - The API answered `OK` for a side. `{ side, response, result }`
 * @event dni-error - Anything failed. `{ side, code, httpStatus, reason, requestId, retryable, message }`
 * @event dni-complete - Every requested side has a confirmed result. `{ cardType, front, back }`
 *
 * @csspart video - The live camera preview.
 * @csspart guide - The ID-1 frame drawn over the preview.
 * @csspart preview - The image that was sent.
 * @csspart face-region - The polygon drawn over the face the API found.
 * @csspart status - The current message to the user.
 * @csspart progress - The upload progress bar.
 * @csspart capture-button - Takes the photo.
 * @csspart retry-button - Sends the same photo again after a failed upload.
 * @csspart retake-button - Discards the photo of the current side and takes another.
 * @csspart confirm-button - Accepts the result of a side and moves on.
 * @csspart send-anyway-button - Sends a picked picture the quality check warned about.
 * @csspart camera-button - Tries the camera again after it failed.
 * @csspart file-input - The `<input type="file">` of the file path.
 *
 * @cssproperty --dni-accent - Colour of buttons and focus rings.
 * @cssproperty --dni-accent-contrast - Text colour on the accent.
 * @cssproperty --dni-radius - Corner radius of the stage.
 * @cssproperty --dni-stage-background - Background behind the preview.
 * @cssproperty --dni-guide-color - Colour of the guide frame.
 * @cssproperty --dni-face-color - Colour of the face polygon.
 * @cssproperty --dni-error-color - Colour of error messages.
 * @cssproperty --dni-font - Font family.
 */
export class DniCapture extends LitElement {
  static override styles = styles;

  private readonly camera = new CameraController(
    this,
    () => this.handleCameraEnded(),
    () => this.resumeCamera(),
  );
  private readonly uploads = new UploadController(this);
  private readonly urls = new ObjectUrlController(this);
  private readonly encoder = new ImageEncoder(this);
  private readonly quality = new QualityController(this, {
    live: () => this.phase === 'live',
    video: () => this.video ?? null,
    thresholds: () => this.thresholds,
    onGuidance: (guidance) => {
      this.guidance = guidance;
    },
    onReport: (report) => this.emitQuality('camera', report),
    onSteady: () => {
      if (!this.noAutoCapture) void this.capture();
    },
  });

  @query('video') private readonly video!: HTMLVideoElement;

  @state() private phase: Phase = 'starting';
  @state() private sideIndex = 0;
  @state() private progress = 0;
  @state() private error: DniErrorDetail | null = null;
  @state() private cameraError: DniCameraErrorDetail | null = null;
  @state() private frameSize = { width: 16, height: 10 };
  /** What the quality gate tells the user while the camera is live (`null`: the side's instruction). */
  @state() private guidance: Guidance | null = null;
  @state() private suspect: Suspect | null = null;
  private shots: Partial<Record<Side, Shot>> = {};
  private results: Partial<Record<Side, CardResult>> = {};
  private responses: Partial<Record<Side, unknown>> = {};

  /** Where each side is POSTed (required): the integrator's proxy. */
  @property({ attribute: 'proxy-url' }) proxyUrl = '';

  /** The sides to capture: `"front back"` (default) or `"front"`. */
  @property() sides = 'front back';

  /** `es` (default, Peruvian Spanish) or `en`. */
  @property({ reflect: true }) override lang = '';

  /** Extra request headers for the proxy, e.g. a CSRF token. */
  @property({ attribute: false }) headers: Record<string, string> = {};

  /** Overrides for any user-facing string of the current language. */
  @property({ attribute: false }) strings: Partial<Strings> = {};

  /** Request timeout in milliseconds. */
  @property({ type: Number, attribute: 'timeout' }) timeout = 30_000;

  /** Turns off taking the photo by itself once the card is framed, sharp and steady. */
  @property({ type: Boolean, attribute: 'no-auto-capture' }) noAutoCapture = false;

  /** Quality-gate limits, merged over the defaults for phones or desktops (docs/quality.md). */
  @property({ attribute: false }) qualityThresholds: Partial<QualityThresholds> = {};

  override connectedCallback(): void {
    super.connectedCallback();
    this.phase = 'starting';
    void this.updateComplete.then(() => {
      if (this.isConnected && this.phase === 'starting') void this.start();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The widget is done: nothing of the person's document stays in memory.
    this.shots = {};
    this.results = {};
    this.responses = {};
    this.suspect = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('sides') && this.sideIndex >= this.sideList.length) this.sideIndex = 0;
  }

  protected override updated(): void {
    this.dataset.phase = this.phase;
  }

  /** Opens the camera for the current side. Called on connection; call it again after an error. */
  async start(): Promise<void> {
    if (!this.isConnected || this.phase === 'complete') return;
    this.cameraError = null;
    this.error = null;
    this.guidance = null;
    this.suspect = null;
    this.phase = 'starting';
    this.quality.warmUp();
    await this.updateComplete;
    try {
      const info = await this.camera.start(this.video);
      if (this.phase !== 'starting') return;
      this.frameSize = { width: info.width || 16, height: info.height || 10 };
      this.phase = 'live';
      this.encoder.warmUp();
      this.emit('dni-camera-ready', info);
    } catch (error) {
      if (error instanceof CameraError && error.cameraName === 'AbortError' && this.phase !== 'starting') return;
      if (this.phase !== 'starting') return;
      this.failCamera(error instanceof CameraError ? error : new CameraError('UnknownError', String(error)));
    }
  }

  /** Takes the photo of the current side now (the capture button does the same). */
  async capture(): Promise<void> {
    if (this.phase !== 'live') return;
    const side = this.side;
    this.phase = 'busy';
    this.progress = 0;
    // Both copy the current frame before their first await: the metrics are of the photo taken.
    const measured = this.quality.measureVideo(this.video);
    let encoded: Encoded;
    try {
      encoded = await this.encoder.encodeVideoFrame(this.video);
    } catch (error) {
      this.fail(side, this.encodeFailure(error));
      return;
    } finally {
      this.camera.stop();
    }
    const quality = (await measured) ?? undefined;
    this.keepShot(side, { ...encoded, encodedIn: encoded.path, source: 'camera', fileName: `${side}.jpg`, quality });
    await this.send(side);
  }

  /**
   * Sends a picked file (JPEG, PNG or PDF) as the current side. A picture that looks blurred or
   * too dark waits for the user: send it anyway, or pick another.
   */
  async uploadFile(file: File): Promise<void> {
    if (this.phase === 'complete' || this.phase === 'busy') return;
    const side = this.side;
    this.phase = 'busy';
    this.error = null;
    this.suspect = null;
    this.progress = 0;
    this.camera.stop();
    const format = sniffFormat(new Uint8Array(await file.slice(0, 32).arrayBuffer()));
    if (!ACCEPTED_FORMATS.includes(format)) {
      this.fail(side, clientFailure('UNSUPPORTED_FILE', `${file.type || 'unknown type'} (${format})`));
      return;
    }
    const limit = format === 'pdf' ? MAX_UPLOAD_BYTES : MAX_INPUT_BYTES;
    if (file.size > limit) {
      this.fail(side, clientFailure('FILE_TOO_LARGE', `${file.size} bytes, the limit is ${limit}`));
      return;
    }
    if (format === 'pdf') {
      this.keepShot(side, { blob: file, width: 0, height: 0, source: 'file', encodedIn: null, fileName: file.name || `${side}.pdf` });
      await this.send(side);
      return;
    }
    const report = await this.quality.checkImage(file);
    if (report) this.emitQuality('file', report);
    if (report && !report.verdict.ok) {
      this.suspect = { file, report };
      this.phase = 'check';
      return;
    }
    await this.sendImage(side, file, report?.metrics);
  }

  /** Sends the kept photo of the current side again, after a failed upload. */
  async retry(): Promise<void> {
    const side = this.side;
    if (this.phase !== 'error' || !this.shots[side]) return;
    await this.send(side);
  }

  /** Discards the photo and result of `side` (the current one by default) and takes it again. */
  retake(side: Side = this.side): void {
    const index = this.sideList.indexOf(side);
    if (index < 0) return;
    this.uploads.abort();
    this.dropSide(side);
    this.sideIndex = index;
    this.phase = 'starting';
    void this.start();
  }

  /** Back to the start: every photo and result dropped, the camera opened for the front. */
  reset(): void {
    this.uploads.abort();
    this.camera.stop();
    for (const side of ['front', 'back'] as const) this.dropSide(side);
    this.sideIndex = 0;
    this.error = null;
    this.phase = 'starting';
    void this.start();
  }

  /** Accepts the result of the current side and moves to the next one, or completes. */
  confirm(): void {
    if (this.phase !== 'review') return;
    const next = this.sideList.findIndex((side) => !this.results[side]);
    if (next >= 0 && !this.isForeignerCard) {
      this.sideIndex = next;
      this.phase = 'starting';
      void this.start();
      return;
    }
    this.complete();
  }

  /** Compresses a picked JPEG or PNG, keeps it as the side's photo and sends it. */
  private async sendImage(side: Side, file: File, quality?: QualityMetrics): Promise<void> {
    this.phase = 'busy';
    let encoded: Encoded;
    try {
      encoded = await this.encoder.compressFile(file);
    } catch (error) {
      this.fail(side, this.encodeFailure(error));
      return;
    }
    if (Math.min(encoded.width, encoded.height) < 128) {
      this.fail(side, clientFailure('IMAGE_TOO_SMALL', `${encoded.width}×${encoded.height} pixels`));
      return;
    }
    this.keepShot(side, { ...encoded, encodedIn: encoded.path, source: 'file', fileName: `${side}.jpg`, quality });
    await this.send(side);
  }

  private get sideList(): Side[] {
    const list = this.sides
      .split(/[\s,]+/)
      .filter((s): s is Side => s === 'front' || s === 'back');
    const unique = [...new Set(list)];
    return unique.length ? unique : ['front', 'back'];
  }

  private get side(): Side {
    return this.sideList[this.sideIndex] ?? 'front';
  }

  private get isForeignerCard(): boolean {
    return this.results.front?.card_type === 'ALIEN';
  }

  private get t(): Strings {
    return { ...translations[resolveLang(this.lang)], ...this.strings };
  }

  private get thresholds(): QualityThresholds {
    const phone = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
    return { ...(phone ? PHONE_THRESHOLDS : DESKTOP_THRESHOLDS), ...this.qualityThresholds };
  }

  private keepShot(side: Side, shot: Shot): void {
    this.shots[side] = shot;
    if (shot.width) this.urls.set(side, shot.blob);
    else this.urls.revoke(side);
    const { blob, width, height, source, encodedIn, quality } = shot;
    this.emit('dni-capture', { side, blob, width, height, source, encodedIn, ...(quality && { quality }) });
  }

  private dropSide(side: Side): void {
    delete this.shots[side];
    delete this.results[side];
    delete this.responses[side];
    this.urls.revoke(side);
  }

  private async send(side: Side): Promise<void> {
    const shot = this.shots[side];
    if (!shot) return;
    this.phase = 'busy';
    this.error = null;
    this.progress = 0;
    if (!this.proxyUrl) {
      this.fail(side, clientFailure('NETWORK_ERROR', 'the proxy-url attribute is not set'));
      return;
    }
    const signal = this.uploads.begin();
    const outcome = await sendSide({
      url: this.proxyUrl,
      side,
      blob: shot.blob,
      fileName: shot.fileName,
      headers: this.headers,
      timeoutMs: this.timeout,
      signal,
      image: shot.width ? { width: shot.width, height: shot.height } : undefined,
      onProgress: (loaded, total) => {
        this.progress = total ? loaded / total : 0;
        this.emit('dni-upload-progress', { side, loaded, total });
      },
    });
    this.uploads.end(signal);
    if (signal.aborted || !this.isConnected) return;
    if (!outcome.ok) {
      this.fail(side, outcome.failure);
      return;
    }
    const result = outcome.results.find((r) => r.card_side === side) ?? outcome.results[0]!;
    this.results[side] = result;
    this.responses[side] = outcome.body;
    this.phase = 'review';
    this.emit('dni-result', { side, response: outcome.body, result });
  }

  private complete(): void {
    const front = this.results.front ?? this.results.back!;
    const back = this.isForeignerCard ? null : (this.results.back ?? null);
    this.phase = 'complete';
    this.camera.stop();
    // The integrator has the images (dni-capture) and the results: drop them here.
    this.shots = {};
    this.urls.revokeAll();
    this.emit('dni-complete', { cardType: front.card_type, front, back });
  }

  private fail(side: Side, failure: ApiFailure): void {
    this.error = errorDetail(side, failure, errorMessage(this.t, failure.code));
    this.phase = 'error';
    this.emit('dni-error', this.error);
  }

  private failCamera(error: CameraError): void {
    this.camera.stop();
    this.cameraError = { name: error.cameraName, message: errorMessage(this.t, error.cameraName) };
    this.phase = 'no-camera';
    this.emit('dni-camera-error', this.cameraError);
  }

  private encodeFailure(error: unknown): ApiFailure {
    const code: ErrorCode = error instanceof EncodeError ? error.code : 'ENCODE_FAILED';
    return clientFailure(code, error instanceof Error ? error.message : String(error));
  }

  private handleCameraEnded(): void {
    if (this.phase === 'live' || this.phase === 'starting') {
      this.failCamera(new CameraError('TrackEndedError', 'the camera stopped'));
    }
  }

  private resumeCamera(): void {
    if (this.phase === 'live' || this.phase === 'starting') {
      this.phase = 'starting';
      void this.start();
    }
  }

  private emitQuality(source: 'camera' | 'file', { metrics, verdict, frame, analysisMs }: QualityReport): void {
    this.emit('dni-quality', { side: this.side, source, metrics, ok: verdict.ok, hint: verdict.hint, frame, analysisMs });
  }

  /** Sends the picked picture the quality check warned about. */
  private sendAnyway(): void {
    const suspect = this.suspect;
    if (this.phase !== 'check' || !suspect) return;
    this.suspect = null;
    void this.sendImage(this.side, suspect.file, suspect.report.metrics);
  }

  private emit<K extends keyof DniEventMap>(name: K, detail: DniEventMap[K]): void {
    this.dispatchEvent(dniEvent(name, detail));
  }

  private readonly handleFile = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.uploadFile(file);
  };

  protected override render() {
    const showCamera = this.phase === 'starting' || this.phase === 'live';
    return html`
      <div class="stage">
        <video part="video" ?hidden=${!showCamera} muted playsinline autoplay aria-hidden="true"></video>
        ${showCamera ? this.renderGuide() : this.renderPreview()}
      </div>
      <p part="status" role="status" aria-live="polite">${this.statusText()}</p>
      ${this.phase === 'busy' && this.progress > 0
        ? html`<progress part="progress" max="1" .value=${this.progress}></progress>`
        : nothing}
      <div class="actions">${this.renderActions()}</div>
    `;
  }

  private renderGuide() {
    const { width, height } = this.frameSize;
    const g = guideRect(width, height);
    return html`<svg class="overlay" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMidYMid meet" aria-hidden="true">
      ${svg`<rect part="guide" class="guide" x=${g.x} y=${g.y} width=${g.width} height=${g.height} rx=${g.width * 0.035}></rect>`}
    </svg>`;
  }

  private renderPreview() {
    const shot = this.shots[this.side];
    if (!shot) return nothing;
    if (!shot.width) return html`<div part="preview" class="pdf">${this.t.pdfDocument}</div>`;
    const face = this.results[this.side]?.face_region;
    return html`
      <img part="preview" src=${this.urls.get(this.side) ?? ''} alt=${this.t.previewAlt} />
      ${face
        ? html`<svg class="overlay" viewBox="0 0 ${shot.width} ${shot.height}" preserveAspectRatio="xMidYMid meet" aria-hidden="true">
            ${svg`<polygon part="face-region" points=${face.map((p) => p.join(',')).join(' ')}></polygon>`}
          </svg>`
        : nothing}
    `;
  }

  private renderActions() {
    const t = this.t;
    switch (this.phase) {
      case 'starting':
        return this.renderFileInput();
      case 'live':
        return html`<button part="capture-button" class="primary" @click=${() => this.capture()}>${t.capture}</button>
          ${this.renderFileInput()}`;
      case 'busy':
        return nothing;
      case 'check':
        return html`<button part="send-anyway-button" @click=${() => this.sendAnyway()}>${t.sendAnyway}</button>
          ${this.renderFileInput(t.pickAnother)}
          <button part="camera-button" @click=${() => this.start()}>${t.useCamera}</button>`;
      case 'review':
        return html`<button part="confirm-button" class="primary" @click=${() => this.confirm()}>${t.confirm}</button>
          <button part="retake-button" @click=${() => this.retake()}>${t.retake}</button>`;
      case 'error':
        return html`${this.error?.retryable && this.shots[this.side]
            ? html`<button part="retry-button" class="primary" @click=${() => this.retry()}>${t.retry}</button>`
            : nothing}
          <button part="retake-button" @click=${() => this.retake()}>${t.retake}</button>
          ${this.renderFileInput()}`;
      case 'no-camera':
        return html`${this.renderFileInput()}
          <button part="camera-button" @click=${() => this.start()}>${t.useCamera}</button>`;
      case 'complete':
        return html`<button part="restart-button" @click=${() => this.reset()}>${t.restart}</button>`;
    }
  }

  private renderFileInput(label = this.t.pickFile) {
    return html`<label class="file"
        >${label}
        <input part="file-input" type="file" accept=${FILE_ACCEPT} @change=${this.handleFile}
      /></label>`;
  }

  private statusText(): string {
    const t = this.t;
    const sideName = this.side === 'front' ? t.sideFront : t.sideBack;
    switch (this.phase) {
      case 'starting':
        return t.startingCamera;
      case 'live':
        return this.guidanceText();
      case 'check':
        return this.suspect?.report.verdict.hint === 'more-light' ? t.fileDark : t.fileBlurry;
      case 'busy':
        return this.progress > 0 ? format(t.uploading, { percent: Math.round(this.progress * 100) }) : t.processing;
      case 'review':
        return format(t.reviewSide, { side: sideName });
      case 'error':
        return this.error?.message ?? '';
      case 'no-camera':
        return this.cameraError?.message ?? '';
      case 'complete':
        return t.complete;
    }
  }

  private guidanceText(): string {
    const t = this.t;
    if (!this.guidance) return this.side === 'front' ? t.placeFront : t.placeBack;
    if (this.guidance === 'ready') return this.noAutoCapture ? t.hintReady : t.hintReadyAuto;
    return t[HINT_KEYS[this.guidance]];
  }
}

// Guarded so that importing the module where no registry exists (server-side rendering) does not
// throw, and so that a second copy of the package on one page does not either.
if (typeof customElements !== 'undefined' && !customElements.get('dni-capture')) {
  customElements.define('dni-capture', DniCapture);
}

declare global {
  interface HTMLElementTagNameMap {
    'dni-capture': DniCapture;
  }
}
