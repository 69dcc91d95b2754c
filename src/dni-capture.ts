import { html, LitElement, nothing, svg, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { newIdempotencyKey, sendSide } from './api/client.js';
import { clientFailure } from './api/errors.js';
import { DEFAULT_RETRY_POLICY, retryDelay, type RetryPolicy } from './api/retry.js';
import type { ApiFailure, CardResult, ErrorCode, Side } from './api/types.js';
import { checkPair, checkResult, type ResultWarning } from './checks/checks.js';
import { CameraController, CameraError } from './controllers/camera-controller.js';
import { ObjectUrlController } from './controllers/object-url-controller.js';
import { UploadController } from './controllers/upload-controller.js';
import { styles } from './dni-capture.styles.js';
import { dniEvent, errorDetail, type DniCameraErrorDetail, type DniErrorDetail, type DniEventMap } from './events.js';
import { guideRect, MIN_SIDE, overlayAspectRatio } from './geometry.js';
import { errorMessage, format, HINT_KEYS, resolveLang, translations, type Strings } from './i18n.js';
import { ImageEncoder, type Encoded } from './image/encoder.js';
import { ACCEPTED_FORMATS, FILE_ACCEPT, sniffFormat } from './image/file-type.js';
import { MAX_INPUT_BYTES, MAX_UPLOAD_BYTES } from './image/limits.js';
import { EncodeError } from './image/protocol.js';
import type { Quad } from './quad.js';
import { displayFields, warningMessage } from './review/fields.js';
import { lookupUbigeo, type UbigeoPlace } from './ubigeo/ubigeo.js';
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
export type { RetryPolicy } from './api/retry.js';
export type { Lang, Strings } from './i18n.js';
export type * from './events.js';
export { DNI_EVENT_NAMES } from './events.js';

/** What happens after a failed attempt. */
interface RetryPlan {
  attempt: number;
  retryIn: number | null;
  offline: boolean;
}

/** Where the widget is in its flow. */
type Phase = 'starting' | 'live' | 'busy' | 'check' | 'review' | 'error' | 'no-camera' | 'complete';

/** The result the review step shows. */
interface Review {
  /** The side the API read. */
  side: Side;
  /** The side the user was asked for (differs from `side` when the other side was shown). */
  requested: Side;
  result: CardResult;
  warnings: ResultWarning[];
  /** Whether the result is kept as the result of `side` (false: it is only shown, then dropped). */
  kept: boolean;
}

/** A photo of one side, kept until that side has a confirmed result (so it survives failed uploads). */
interface Shot {
  blob: Blob;
  width: number;
  height: number;
  source: 'camera' | 'file';
  encodedIn: 'worker' | 'main-thread' | null;
  fileName: string;
  quality?: QualityMetrics;
  /** What the image is: the card found, flattened (`card`); the guide area (`guide`); the file as picked or compressed (`file`). */
  crop: 'card' | 'guide' | 'file';
  /** Where the card was in the source frame or picture (its pixels), when `crop` is `card`. */
  corners: Quad | null;
  /** Sent with every upload of this photo (retries included): the proxy answers a retry without paying again. */
  idempotencyKey: string;
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
 * The flow, once per side: the live camera (or a file) → the photo is sent → a review of what
 * was read (the photo with the face outlined, the fields, gentle warnings) → confirm or retake.
 * Focus follows the flow once the user is in it (never on first load); every status change is
 * announced through the `status` live region.
 *
 * @event dni-camera-ready - The preview shows live frames. `{ width, height, label }`
 * @event dni-camera-error - The camera cannot be used; the widget offers a file instead. `{ name, message }`
 * @event dni-capture - An image of a side is ready to send. `{ side, blob, width, height, source, encodedIn, quality? }`
 * @event dni-quality - The quality gate measured a camera frame (at most twice a second) or a picked picture. `{ side, source, metrics, ok, hint, frame, analysisMs }`
 * @event dni-upload-progress - Bytes of the request sent so far. `{ side, loaded, total }`
 * @event dni-result - The API answered `OK` for a side. `{ side, requestedSide, response, result, warnings }`
 * @event dni-error - Anything failed. `{ side, code, httpStatus, reason, requestId, retryable, message }`
 * @event dni-complete - Every requested side has a confirmed result. `{ cardType, front, back, warnings }`
 *
 * @slot title - A heading above the widget, e.g. `<h2 slot="title">Verifique su identidad</h2>`.
 * @slot instructions - Text under the title, e.g. what the person needs at hand.
 *
 * @csspart header - The box around the `title` and `instructions` slots.
 * @csspart stage - The box of the camera preview and of the sent photo.
 * @csspart video - The live camera preview.
 * @csspart guide - The ID-1 frame drawn over the preview.
 * @csspart card-outline - The outline of the card the quality gate found in the preview (dashed while a hint stands).
 * @csspart card-outline-ok - Added to `card-outline` while the card is good and the photo is about to be taken (solid, thicker).
 * @csspart preview - The image that was sent.
 * @csspart face-region - The polygon drawn over the face the API found.
 * @csspart status - The current message to the user (a live region).
 * @csspart progress - The upload progress bar.
 * @csspart review - The review of a side: its title, warnings and fields.
 * @csspart review-title - The title of the review (focused when a result arrives).
 * @csspart warnings - The list of warnings about the result (shown gently, they do not block).
 * @csspart warning - One warning.
 * @csspart fields - The recognised fields (a `<dl>`).
 * @csspart field - One field: its label and value.
 * @csspart field-label - The name of a field (`<dt>`), in the user's language.
 * @csspart field-value - The value of a field (`<dd>`), always as text.
 * @csspart actions - The row of buttons.
 * @csspart capture-button - Takes the photo.
 * @csspart retry-button - Sends the same photo again after a failed upload.
 * @csspart retake-button - Discards the photo of the current side and takes another.
 * @csspart confirm-button - Accepts the result of a side and moves on.
 * @csspart send-anyway-button - Sends a picked picture the quality check warned about.
 * @csspart camera-button - Tries the camera again after it failed.
 * @csspart restart-button - Starts over after completion.
 * @csspart file-label - The button-like label of the file path.
 * @csspart file-input - The `<input type="file">` of the file path.
 * @csspart file-hint - What files are accepted.
 *
 * Each custom property can be set on the element or on any ancestor; the dark defaults apply
 * under `prefers-color-scheme: dark`.
 *
 * @cssproperty [--dni-accent=#0b5fff] - Colour of buttons, links and focus rings (dark: #8ab4ff).
 * @cssproperty [--dni-accent-contrast=#ffffff] - Text colour on the accent (dark: #0b1220).
 * @cssproperty [--dni-background=#ffffff] - Background of the widget (dark: #16191e).
 * @cssproperty [--dni-text-color=#1b1f24] - Text colour (dark: #e9ecf1).
 * @cssproperty [--dni-muted-color=#56606c] - Field labels and hints (dark: #a9b2be).
 * @cssproperty [--dni-border-color=#d5dae1] - Lines between fields (dark: #353b45).
 * @cssproperty [--dni-radius=12px] - Corner radius of the stage and the boxes.
 * @cssproperty [--dni-button-radius=999px] - Corner radius of the buttons.
 * @cssproperty [--dni-padding=1rem] - Space inside the widget.
 * @cssproperty [--dni-gap=0.75rem] - Space between the parts of the widget.
 * @cssproperty [--dni-stage-background=#111418] - Background behind the preview (dark: #000000).
 * @cssproperty [--dni-guide-color=rgba(255, 255, 255, 0.9)] - Colour of the guide frame.
 * @cssproperty [--dni-outline-color=rgba(255, 255, 255, 0.9)] - Colour of the card's outline while a hint stands.
 * @cssproperty [--dni-outline-ok-color=#22c55e] - Colour of the card's outline while the photo is about to be taken.
 * @cssproperty [--dni-face-color=#22c55e] - Colour of the face polygon.
 * @cssproperty [--dni-error-color=#b42318] - Colour of error messages (dark: #ff9b8f).
 * @cssproperty [--dni-warning-color=#6b4500] - Text of warnings (dark: #ffd98a).
 * @cssproperty [--dni-warning-background=#fff5dc] - Background of warnings (dark: #3a2f14).
 * @cssproperty [--dni-font=inherit] - Font family.
 */
export class DniCapture extends LitElement {
  static override styles = styles;

  private readonly camera = new CameraController(
    this,
    () => this.handleCameraEnded(),
    () => this.handleCameraMayBeBack(),
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
    onCard: (card, ok) => {
      this.outline = card ? { corners: card.corners, ok } : null;
    },
    onReport: (report) => this.emitQuality('camera', report),
    onSteady: () => {
      if (!this.noAutoCapture) void this.capture();
    },
  });

  @query('video') private readonly video!: HTMLVideoElement;
  @query('[part~="status"]') private readonly statusElement!: HTMLElement | null;
  @query('[part~="capture-button"]') private readonly captureButton!: HTMLElement | null;
  @query('[part~="review-title"]') private readonly reviewTitle!: HTMLElement | null;

  @state() private phase: Phase = 'starting';
  @state() private sideIndex = 0;
  @state() private progress = 0;
  @state() private error: DniErrorDetail | null = null;
  @state() private cameraError: DniCameraErrorDetail | null = null;
  @state() private frameSize = { width: 16, height: 10 };
  /** What the review step shows, in phase `review`. */
  @state() private reviewing: Review | null = null;
  /** Whether a `title` or `instructions` slot has content. */
  @state() private hasHeader = false;
  /** Decoded `birth_place` codes (`null`: not a known code), filled as the table loads. */
  private readonly places = new Map<string, UbigeoPlace | null>();
  /**
   * The user was inside the widget when the step changed (their button went away): focus moves
   * to where the next step starts once it is there. Never set on first load, so focus is not stolen.
   */
  private focusPending = false;
  /** Failed attempts to send the current photo (reset with each new photo). */
  private attempts = 0;
  /** What the quality gate tells the user while the camera is live (`null`: the side's instruction). */
  @state() private guidance: Guidance | null = null;
  /**
   * The card the quality gate found in the live frame, in the frame's pixels, drawn over the
   * preview; `ok` while the photo is about to be taken. `null`: no card found.
   */
  @state() private outline: { corners: Quad; ok: boolean } | null = null;
  /**
   * The overlays' `preserveAspectRatio`, following the video's computed `object-fit` and
   * `object-position` (an integrator may set `::part(video) { object-fit: cover }`).
   */
  private overlayAspect = 'xMidYMid meet';
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

  /** Automatic retries of transient failures: `{ retries, baseDelayMs, maxDelayMs }`, merged over the defaults. */
  @property({ attribute: false }) retryPolicy: Partial<RetryPolicy> = {};

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
    this.reviewing = null;
    this.places.clear();
    this.suspect = null;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('sides') && this.sideIndex >= this.sideList.length) this.sideIndex = 0;
    // Before the DOM changes: is focus on something of ours that the new step may remove?
    if (changed.has('phase') && this.shadowRoot?.activeElement) this.focusPending = true;
    // While the preview shows, the overlays follow the video's object-fit. Read at each render
    // (camera ready, new frame size, each outline or hint): a style read, no layout, and it
    // catches an integrator's media query that changes object-fit on resize.
    if (this.phase === 'starting' || this.phase === 'live') this.readOverlayAspect();
  }

  protected override updated(changed: PropertyValues): void {
    this.dataset.phase = this.phase;
    if (changed.has('phase') && this.focusPending) this.moveFocus();
  }

  /** Opens the camera for the current side. Called on connection; call it again after an error. */
  async start(): Promise<void> {
    if (!this.isConnected || this.phase === 'complete') return;
    this.cameraError = null;
    this.error = null;
    this.guidance = null;
    this.outline = null;
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
      if (this.phase !== 'starting' || (error instanceof CameraError && error.closedOnPurpose)) return;
      this.failCamera(error instanceof CameraError ? error : new CameraError('UnknownError', String(error)));
    }
  }

  /** Takes the photo of the current side now (the capture button does the same). */
  async capture(): Promise<void> {
    if (this.phase !== 'live') return;
    const side = this.side;
    this.phase = 'busy';
    this.progress = 0;
    // The card where the live analysis saw it hold still a moment ago (an auto-capture always,
    // a manual one mostly); else the frame waits for the card to be found in it. Both take the
    // current frame before their first await: the metrics are of the photo taken.
    const still = this.quality.stillCard();
    const measured = this.quality.measureVideo(this.video);
    const card = still ?? measured.then((m) => (m?.card && !m.card.cutOff ? m.card.corners : null));
    let encoded: Encoded;
    try {
      encoded = await this.encoder.encodeVideoFrame(this.video, card);
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
      const what = file.size === 0 ? 'an empty file' : `${file.type || 'unknown type'}, read as ${format}`;
      this.fail(side, clientFailure('UNSUPPORTED_FILE', what));
      return;
    }
    const limit = format === 'pdf' ? MAX_UPLOAD_BYTES : MAX_INPUT_BYTES;
    if (file.size > limit) {
      this.fail(side, clientFailure('FILE_TOO_LARGE', `${file.size} bytes, the limit is ${limit}`));
      return;
    }
    if (format === 'pdf') {
      this.keepShot(side, {
        blob: file,
        width: 0,
        height: 0,
        source: 'file',
        encodedIn: null,
        fileName: file.name || `${side}.pdf`,
        crop: 'file',
        corners: null,
      });
      await this.send(side);
      return;
    }
    const report = await this.quality.checkImage(file);
    if (report) this.emitQuality('file', report);
    // Too small to send whatever it shows: said before any question about the picture.
    if (report?.size && Math.min(report.size.width, report.size.height) < MIN_SIDE) {
      this.fail(side, clientFailure('IMAGE_TOO_SMALL', `${report.size.width}×${report.size.height} pixels`));
      return;
    }
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
    this.reviewing = null;
    this.sideIndex = index;
    this.phase = 'starting';
    void this.start();
  }

  /** Back to the start: every photo and result dropped, the camera opened for the front. */
  reset(): void {
    this.uploads.abort();
    this.camera.stop();
    for (const side of ['front', 'back'] as const) this.dropSide(side);
    this.reviewing = null;
    this.sideIndex = 0;
    this.error = null;
    this.phase = 'starting';
    void this.start();
  }

  /** Accepts the result of the current side and moves to the next one, or completes. */
  confirm(): void {
    if (this.phase !== 'review') return;
    const review = this.reviewing;
    this.reviewing = null;
    // A result of the other side that could not be kept was only shown: drop its photo.
    if (review && !review.kept) this.dropSide(review.requested);
    const next = this.nextSideIndex;
    if (next >= 0) {
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
      // The card found in the picture goes flat; a picture with none goes as it is.
      encoded = await this.encoder.compressFile(file, quality?.card?.corners ?? null);
    } catch (error) {
      this.fail(side, this.encodeFailure(error));
      return;
    }
    if (Math.min(encoded.width, encoded.height) < MIN_SIDE) {
      this.fail(side, clientFailure('IMAGE_TOO_SMALL', `${encoded.width}×${encoded.height} pixels`));
      return;
    }
    this.keepShot(side, { ...encoded, encodedIn: encoded.path, source: 'file', fileName: `${side}.jpg`, quality });
    await this.send(side);
  }

  private get sideList(): Side[] {
    const list = this.sides.split(/[\s,]+/).filter((s): s is Side => s === 'front' || s === 'back');
    const unique = [...new Set(list)];
    return unique.length ? unique : ['front', 'back'];
  }

  private get side(): Side {
    return this.sideList[this.sideIndex] ?? 'front';
  }

  private get isForeignerCard(): boolean {
    return this.results.front?.card_type === 'ALIEN';
  }

  /** The index of the next side still to capture, or -1 when every side is done. */
  private get nextSideIndex(): number {
    if (this.isForeignerCard) return -1;
    return this.sideList.findIndex((side) => !this.results[side]);
  }

  /** Where the preview's photo is kept: under the side read when kept, else under the side asked. */
  private get previewSide(): Side {
    const review = this.reviewing;
    if (!review) return this.side;
    return review.kept ? review.side : review.requested;
  }

  private get t(): Strings {
    return { ...translations[resolveLang(this.lang)], ...this.strings };
  }

  private get thresholds(): QualityThresholds {
    const phone = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
    return { ...(phone ? PHONE_THRESHOLDS : DESKTOP_THRESHOLDS), ...this.qualityThresholds };
  }

  private keepShot(side: Side, kept: Omit<Shot, 'idempotencyKey'>): void {
    const shot: Shot = { ...kept, idempotencyKey: newIdempotencyKey() };
    this.shots[side] = shot;
    this.attempts = 0;
    if (shot.width) this.urls.set(side, shot.blob);
    else this.urls.revoke(side);
    const { blob, width, height, source, encodedIn, quality, crop, corners } = shot;
    this.emit('dni-capture', {
      side,
      blob,
      width,
      height,
      source,
      encodedIn,
      crop,
      ...(corners && { corners }),
      ...(quality && { quality }),
    });
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
      idempotencyKey: shot.idempotencyKey,
      onProgress: (loaded, total) => {
        this.progress = total ? loaded / total : 0;
        this.emit('dni-upload-progress', { side, loaded, total });
      },
    });
    this.uploads.end(signal);
    if (signal.aborted || !this.isConnected) return;
    if (!outcome.ok) {
      this.failUpload(side, outcome.failure);
      return;
    }
    this.attempts = 0;
    this.review(side, outcome.results.find((r) => r.card_side === side) ?? outcome.results[0]!, outcome.body);
  }

  /**
   * A side was read: keep the result under the side the API read, check it, show the review.
   * When the user showed the other side, that result is kept too if that side is still to be
   * captured (they will not be asked for it again), and the side asked for comes next.
   */
  private review(requested: Side, result: CardResult, response: unknown): void {
    const side = result.card_side;
    const wrongSide = side !== requested;
    const kept = !wrongSide || (this.sideList.includes(side) && !this.results[side]);
    if (kept) {
      this.results[side] = result;
      this.responses[side] = response;
      if (wrongSide) this.moveShot(requested, side);
    }
    const warnings = uniqueWarnings([
      ...(wrongSide ? [{ code: 'WRONG_SIDE', field: 'card_side' } as const] : []),
      ...checkResult(result),
      ...(kept ? checkPair(this.results.front, this.results.back) : []),
    ]);
    this.reviewing = { side, requested, result, warnings, kept };
    this.phase = 'review';
    this.decodeBirthPlace(result);
    this.emit('dni-result', { side, requestedSide: requested, response, result, warnings });
  }

  private complete(): void {
    const front = this.results.front ?? this.results.back!;
    const back = this.isForeignerCard ? null : (this.results.back ?? null);
    const warnings = uniqueWarnings([
      ...checkResult(front),
      ...(back ? checkResult(back) : []),
      ...checkPair(this.results.front, back ?? undefined),
    ]);
    this.phase = 'complete';
    this.camera.stop();
    // The integrator has the images (dni-capture) and the results: drop them here.
    this.shots = {};
    this.urls.revokeAll();
    this.emit('dni-complete', { cardType: front.card_type, front, back, warnings });
  }

  /** The photo of `from` becomes the photo of `to` (the API read the other side). */
  private moveShot(from: Side, to: Side): void {
    const shot = this.shots[from];
    this.dropSide(from);
    if (!shot) return;
    this.shots[to] = shot;
    if (shot.width) this.urls.set(to, shot.blob);
  }

  /** Looks up `birth_place` in the UBIGEO table (loaded on first use); the review shows it when it arrives. */
  private decodeBirthPlace(result: CardResult): void {
    const code = (result.card_info as Record<string, unknown>)['birth_place'];
    if (typeof code !== 'string' || !code || this.places.has(code)) return;
    lookupUbigeo(code)
      .catch(() => null)
      .then((place) => {
        this.places.set(code, place);
        this.requestUpdate();
      });
  }

  /** Moves focus to where the current step starts, if the user was in the widget (see `focusPending`). */
  private moveFocus(): void {
    const target = this.focusTarget();
    if (!target) return; // a step in between (starting, busy): wait for the next one
    this.focusPending = false;
    const active = document.activeElement;
    // The user has gone on to something else on the page: leave their focus alone.
    if (active && active !== document.body && active !== this) return;
    target.focus();
  }

  private focusTarget(): HTMLElement | null {
    switch (this.phase) {
      case 'live':
        return this.captureButton;
      case 'review':
        return this.reviewTitle;
      case 'check':
      case 'error':
      case 'no-camera':
      case 'complete':
        return this.statusElement;
      default:
        return null;
    }
  }

  private fail(
    side: Side,
    failure: ApiFailure,
    retry: RetryPlan = { attempt: 1, retryIn: null, offline: false },
  ): void {
    const message = retry.offline ? this.t.offline : errorMessage(this.t, failure.code);
    this.error = { ...errorDetail(side, failure, message), attempt: retry.attempt, retryIn: retry.retryIn };
    this.phase = 'error';
    this.emit('dni-error', this.error);
  }

  /**
   * A failed upload: the photo is kept; a transient failure is sent again by itself (after a
   * backoff, or when the browser is back online), anything else waits for the user.
   */
  private failUpload(side: Side, failure: ApiFailure): void {
    const attempt = ++this.attempts;
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false && failure.retryable;
    if (offline) {
      this.uploads.retryWhenOnline(() => void this.send(side));
      this.fail(side, failure, { attempt, retryIn: null, offline });
      return;
    }
    const retryIn = retryDelay({ ...DEFAULT_RETRY_POLICY, ...this.retryPolicy }, attempt, failure);
    if (retryIn !== null) this.uploads.retryAfter(retryIn, () => void this.send(side));
    this.fail(side, failure, { attempt, retryIn, offline });
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

  /**
   * The page is visible again, or the set of cameras changed: reopen the camera if it was
   * running (it was stopped while hidden) or if it failed in a way that this may have cured
   * (no camera, camera unplugged, camera in use by another app).
   */
  private handleCameraMayBeBack(): void {
    if (document.visibilityState === 'hidden' || this.camera.active) return;
    const recoverable = ['NotFoundError', 'NotReadableError', 'TrackEndedError', 'AbortError'];
    if (
      this.phase === 'live' ||
      this.phase === 'starting' ||
      (this.phase === 'no-camera' && recoverable.includes(this.cameraError?.name ?? ''))
    ) {
      this.phase = 'starting';
      void this.start();
    }
  }

  private emitQuality(source: 'camera' | 'file', { metrics, verdict, frame, analysisMs }: QualityReport): void {
    this.emit('dni-quality', {
      side: this.side,
      source,
      metrics,
      ok: verdict.ok,
      hint: verdict.hint,
      frame,
      analysisMs,
    });
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

  /** The retake button of the review: a result of the other side that was kept goes too. */
  private retakeReviewed(): void {
    const review = this.reviewing;
    if (review && review.kept && review.side !== review.requested) this.dropSide(review.side);
    this.retake(review?.requested ?? this.side);
  }

  private readonly handleSlotChange = (): void => {
    const slots = [...(this.shadowRoot?.querySelectorAll('slot') ?? [])];
    this.hasHeader = slots.some((slot) => slot.assignedNodes({ flatten: true }).length > 0);
  };

  private readonly handleFile = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.uploadFile(file);
  };

  protected override render() {
    const showCamera = this.phase === 'starting' || this.phase === 'live';
    return html`
      <header part="header" ?hidden=${!this.hasHeader}>
        <slot name="title" @slotchange=${this.handleSlotChange}></slot>
        <slot name="instructions" @slotchange=${this.handleSlotChange}></slot>
      </header>
      <div part="stage" class="stage">
        <video part="video" ?hidden=${!showCamera} muted playsinline autoplay aria-hidden="true"></video>
        ${showCamera ? this.renderGuide() : this.renderPreview()}
      </div>
      <p part="status" role="status" aria-live="polite" tabindex="-1">${this.statusText()}</p>
      ${
        this.phase === 'busy' && this.progress > 0
          ? html`<progress part="progress" max="1" .value=${this.progress} aria-label=${this.statusText()}></progress>`
          : nothing
      }
      ${this.phase === 'review' ? this.renderReview() : nothing}
      <div part="actions" class="actions">${this.renderActions()}</div>
      ${
        this.phase === 'live' || this.phase === 'no-camera' || this.phase === 'error'
          ? html`<p part="file-hint" class="hint">${this.t.fileHint}</p>`
          : nothing
      }
    `;
  }

  /** The guide, and the outline of the card found, over the live video (both in the frame's pixels). */
  private renderGuide() {
    const { width, height } = this.frameSize;
    const g = guideRect(width, height);
    return html`<svg
      class="overlay"
      viewBox="0 0 ${width} ${height}"
      preserveAspectRatio=${this.overlayAspect}
      aria-hidden="true"
    >
      ${svg`<rect part="guide" class="guide" x=${g.x} y=${g.y} width=${g.width} height=${g.height} rx=${g.width * 0.035}></rect>`}
      ${this.renderOutline()}
    </svg>`;
  }

  /** The card found in the frame: dashed while a hint stands, solid and thicker (and `card-outline-ok`) when good. */
  private renderOutline() {
    const outline = this.outline;
    if (!outline) return nothing;
    const points = outline.corners.map((p) => p.join(',')).join(' ');
    return svg`<polygon
      part=${outline.ok ? 'card-outline card-outline-ok' : 'card-outline'}
      class="card-outline"
      data-state=${outline.ok ? 'ok' : 'hint'}
      points=${points}
    ></polygon>`;
  }

  /** Sets the overlays' `preserveAspectRatio` from the video's computed `object-fit` and `object-position`. */
  private readOverlayAspect(): void {
    const video = this.video;
    if (!video) return;
    const style = getComputedStyle(video);
    this.overlayAspect = overlayAspectRatio(style.objectFit, style.objectPosition);
  }

  private renderPreview() {
    const side = this.previewSide;
    const shot = this.shots[side];
    if (!shot) return nothing;
    if (!shot.width) return html`<div part="preview" class="pdf">${this.t.pdfDocument}</div>`;
    const face = this.reviewing ? this.reviewing.result.face_region : this.results[side]?.face_region;
    return html`
      <img part="preview" src=${this.urls.get(side) ?? ''} alt=${this.t.previewAlt} />
      ${
        face
          ? html`<svg
              class="overlay"
              viewBox="0 0 ${shot.width} ${shot.height}"
              preserveAspectRatio="xMidYMid meet"
              aria-hidden="true"
            >
              ${svg`<polygon part="face-region" points=${face.map((p) => p.join(',')).join(' ')}></polygon>`}
            </svg>`
          : nothing
      }
    `;
  }

  /** The review of a side: what was read, as text, with the warnings first. */
  private renderReview() {
    const review = this.reviewing;
    if (!review) return nothing;
    const t = this.t;
    const code = (review.result.card_info as Record<string, unknown>)['birth_place'];
    const place = typeof code === 'string' ? this.places.get(code) : undefined;
    const fields = displayFields(review.result, t, resolveLang(this.lang), place);
    return html`<section part="review" class="review" aria-labelledby="review-title">
      <p id="review-title" part="review-title" class="review-title" tabindex="-1">
        ${format(t.reviewTitle, { side: this.sideName(review.side) })}
      </p>
      ${
        review.warnings.length
          ? html`<div class="warnings">
              <p id="warnings-title" class="warnings-title">${t.warningsTitle}</p>
              <ul part="warnings" aria-labelledby="warnings-title">
                ${review.warnings.map((w) => html`<li part="warning" data-code=${w.code}>${warningMessage(w, t)}</li>`)}
              </ul>
            </div>`
          : nothing
      }
      ${
        fields.length
          ? html`<dl part="fields">
              ${fields.map(
                (f) =>
                  html`<div part="field" class="field" data-field=${f.key}>
                    <dt part="field-label">${f.label}</dt>
                    <dd part="field-value">${f.value}</dd>
                  </div>`,
              )}
            </dl>`
          : html`<p class="empty">${t.noFields}</p>`
      }
    </section>`;
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
        return html`<button part="confirm-button" class="primary" @click=${() => this.confirm()}>
            ${this.confirmLabel()}
          </button>
          <button part="retake-button" @click=${() => this.retakeReviewed()}>${t.retake}</button>`;
      case 'error':
        return html`${
            this.error?.retryable && this.shots[this.side]
              ? html`<button part="retry-button" class="primary" @click=${() => this.retry()}>${t.retry}</button>`
              : nothing
          }
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
    return html`<label part="file-label" class="file"
      >${label} <input part="file-input" type="file" accept=${FILE_ACCEPT} @change=${this.handleFile}
    /></label>`;
  }

  /** "Continue to the back" while a side is still to come, else "Continue". */
  private confirmLabel(): string {
    const review = this.reviewing;
    const next = this.nextSideIndex;
    // Not yet confirmed: a side whose result is only shown is still to come.
    const nextSide = review && !review.kept ? review.requested : next >= 0 ? this.sideList[next] : undefined;
    return nextSide ? format(this.t.confirmNext, { side: this.sideName(nextSide) }) : this.t.confirm;
  }

  private sideName(side: Side): string {
    return side === 'front' ? this.t.sideFront : this.t.sideBack;
  }

  private statusText(): string {
    const t = this.t;
    const sideName = this.sideName(this.side);
    switch (this.phase) {
      case 'starting':
        return t.startingCamera;
      case 'live':
        return this.guidanceText();
      case 'check': {
        const hint = this.suspect?.report.verdict.hint;
        return hint === 'more-light' ? t.fileDark : hint === 'place-card' ? t.fileNoCard : t.fileBlurry;
      }
      case 'busy':
        return this.progress > 0 ? format(t.uploading, { percent: Math.round(this.progress * 100) }) : t.processing;
      case 'review': {
        const review = this.reviewing;
        if (!review || review.side === review.requested) return format(t.reviewSide, { side: sideName });
        const sides = { actual: this.sideName(review.side), wanted: this.sideName(review.requested) };
        return `${format(t.wrongSide, sides)} ${format(review.kept ? t.wrongSideKept : t.wrongSideAgain, sides)}`;
      }
      case 'error': {
        const retryIn = this.error?.retryIn;
        const message = this.error?.message ?? '';
        return retryIn == null ? message : `${message} ${format(t.retryingIn, { seconds: Math.ceil(retryIn / 1000) })}`;
      }
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

/** Each warning once (a code on a field), in order. */
function uniqueWarnings(warnings: readonly ResultWarning[]): ResultWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.code} ${w.field ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
