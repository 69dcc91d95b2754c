import { adoptStyles, html, LitElement, nothing, type CSSResult, type PropertyValues } from 'lit';
import { clientFailure } from './api/errors.js';
import type { RetryPlan, RetryPolicy } from './api/retry.js';
import type { ApiFailure, Side } from './api/types.js';
import { CameraController, CameraError } from './controllers/camera-controller.js';
import { FocusController } from './controllers/focus-controller.js';
import { ObjectUrlController } from './controllers/object-url-controller.js';
import { UploadController } from './controllers/upload-controller.js';
import { styles } from './dni-capture.styles.js';
import { dniEvent, errorDetail, type DniEventMap } from './events.js';
import {
  cameraFailed,
  cameraReady,
  failed,
  initialFlow,
  opening,
  parseSides,
  previewSide,
  questioned,
  restarted,
  retaken,
  shotTaken,
  shouldReopenCamera,
  showsCamera,
  sideToRetake,
  uploadFailed,
  working,
  type Flow,
  type StepName,
} from './flow/flow.js';
import { takeFrame, type Intake, type IntakeTools } from './flow/intake.js';
import { overlayAspectRatio } from './geometry.js';
import { resolveLang } from './i18n/format.js';
import { coreStrings, resultStrings } from './i18n/load.js';
import type { CoreStrings, Lang, Strings } from './i18n/strings.js';
import { ImageEncoder } from './image/encoder.js';
import {
  DESKTOP_THRESHOLDS,
  PHONE_THRESHOLDS,
  QualityController,
  type Guidance,
  type QualityReport,
  type QualityThresholds,
} from './quality/quality-controller.js';
import type { UbigeoPlace } from './ubigeo/ubigeo.js';
import { Lazy } from './lazy.js';
import { renderActions, showsFileHint } from './views/actions.js';
import type { StepViews, ViewContext } from './views/context.js';
import { renderGuide, renderPreview, type Outline } from './views/stage.js';
import { statusText } from './views/status.js';

export type { Side, CardType, CardResult, ErrorCode } from './api/types.js';
export type { RetryPolicy } from './api/retry.js';
export type { Lang, Strings } from './i18n/strings.js';
export type * from './events.js';
export { DNI_EVENT_NAMES } from './events.js';

/**
 * What the widget needs once a photo is taken (sending, checks, the review, UBIGEO): its own
 * chunk, prefetched when the camera is live (src/flow/results.ts).
 */
const results = new Lazy(() => import('./flow/results.js'));

/** A picked file's intake (src/flow/intake-file.ts): prefetched when the camera is live, or loaded on the first pick. */
const fileIntake = new Lazy(() => import('./flow/intake-file.js'));

/**
 * Which message says each error (src/i18n/messages.ts): with the strings that hold the messages,
 * prefetched when the camera is live or loaded by the first error.
 */
const messages = new Lazy(() => import('./i18n/messages.js'));

/** What a file path that cannot load its code gives: a network error, the way forward a new pick. */
const CODE_MISSING: Intake = {
  kind: 'failure',
  failure: clientFailure('NETWORK_ERROR', "the widget's own code could not load"),
};

/**
 * The steps that speak with `ResultStrings` (src/i18n/strings.ts): from a photo or a picked file
 * on, and a camera that failed.
 */
const WITH_RESULT_STRINGS: ReadonlySet<StepName> = new Set<StepName>([
  'busy',
  'check',
  'error',
  'review',
  'complete',
  'no-camera',
]);

/** `lang` is reflected only when set: an empty `lang=""` would tell assistive technology the language is unknown. */
const langConverter = {
  fromAttribute: (value: string | null) => value ?? '',
  toAttribute: (value: string) => value || null,
};

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
  /**
   * The reactive properties and internal state, declared without decorators: their runtime would
   * be part of what loads before the first capture. Every other internal member is an ES private
   * (`#name`), here and in the controllers: a minifier shortens those names, which it cannot do
   * for TypeScript's `private` (a plain property at run time).
   */
  static override properties = {
    flow: { state: true, attribute: false },
    frameSize: { state: true, attribute: false },
    hasHeader: { state: true, attribute: false },
    guidance: { state: true, attribute: false },
    outline: { state: true, attribute: false },
    failedLang: { state: true, attribute: false },
    proxyUrl: { attribute: 'proxy-url' },
    sides: {},
    lang: { reflect: true, converter: langConverter },
    headers: { attribute: false },
    strings: { attribute: false },
    timeout: { type: Number, attribute: 'timeout' },
    retryPolicy: { attribute: false },
    noAutoCapture: { type: Boolean, attribute: 'no-auto-capture' },
    qualityThresholds: { attribute: false },
  };

  readonly #camera = new CameraController(
    this,
    () => this.#handleCameraEnded(),
    () => this.#handleCameraMayBeBack(),
  );
  readonly #uploads = new UploadController(this);
  readonly #urls = new ObjectUrlController(this);
  readonly #encoder = new ImageEncoder(this);
  readonly #quality = new QualityController(this, {
    live: () => this.flow.step.name === 'live',
    video: () => this.#video ?? null,
    thresholds: () => this.#thresholds,
    onGuidance: (guidance) => {
      this.guidance = guidance;
    },
    onCard: (card, ok) => {
      this.outline = card ? { corners: card.corners, ok } : null;
    },
    onReport: (report) => this.#emitQuality('camera', report),
    onSteady: () => {
      if (!this.noAutoCapture) void this.capture();
    },
  });

  get #video(): HTMLVideoElement {
    return this.#find('video') as HTMLVideoElement;
  }
  get #statusElement(): HTMLElement | null {
    return this.#find('[part~="status"]');
  }
  get #captureButton(): HTMLElement | null {
    return this.#find('[part~="capture-button"]');
  }
  get #reviewTitle(): HTMLElement | null {
    return this.#find('[part~="review-title"]');
  }
  #find(selector: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(selector);
  }

  /** Where the person is, and what each side has so far (src/flow/flow.ts). */
  private flow: Flow = initialFlow();
  /** Pixel size of the live frames. */
  private frameSize = { width: 16, height: 10 };
  /** Whether a `title` or `instructions` slot has content. */
  private hasHeader = false;
  /** What the quality gate tells the person while the camera is live (`null`: the side's instruction). */
  private guidance: Guidance | null = null;
  /** The card the quality gate found in the live frame, drawn over the preview. `null`: no card found. */
  private outline: Outline | null = null;
  /**
   * The overlays' `preserveAspectRatio`, following the video's computed `object-fit` and
   * `object-position` (an integrator may set `::part(video) { object-fit: cover }`).
   */
  #overlayAspect = 'xMidYMid meet';
  /**
   * Decoded `birth_place` codes (`null`: not a known code), filled as the table loads. A plain
   * property: the element's tests check that it is emptied on removal.
   */
  private readonly places = new Map<string, UbigeoPlace | null>();
  /** Bumped on removal: a birth-place lookup of an earlier connection keeps nothing. */
  #connection = 0;
  /** Whether the review's styles have been added to the shadow root (`addStyles`). */
  #addedStyles = false;
  /** A language whose strings could not load (offline): the widget speaks Spanish instead. */
  private failedLang: Lang | null = null;

  /** Where each side is POSTed (required): the integrator's proxy. */
  proxyUrl = '';

  /** The sides to capture: `"front back"` (default) or `"front"`; see `parseSides` (src/flow/flow.ts). */
  sides = 'front back';

  /** `es` (default, Peruvian Spanish) or `en`; reflected only when set. */
  override lang = '';

  /** Extra request headers for the proxy, e.g. a CSRF token. */
  headers: Record<string, string> = {};

  /** Overrides for any user-facing string of the current language. */
  strings: Partial<Strings> = {};

  /** Request timeout in milliseconds. */
  timeout = 30_000;

  /** Automatic retries of transient failures: `{ retries, baseDelayMs, maxDelayMs }`, merged over the defaults. */
  retryPolicy: Partial<RetryPolicy> = {};

  /** Turns off taking the photo by itself once the card is framed, sharp and steady. */
  noAutoCapture = false;

  /** Quality-gate limits, merged over the defaults for phones or desktops (docs/quality.md). */
  qualityThresholds: Partial<QualityThresholds> = {};

  constructor() {
    super();
    // Focus follows the steps once the person is in the widget; the controller registers itself.
    new FocusController<StepName>(
      this,
      () => this.flow.step.name,
      (step) => this.#focusTarget(step),
    );
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Every connection starts a new flow: nothing of an earlier one (side, error, attempts) stays.
    this.flow = initialFlow(parseSides(this.sides) ?? undefined);
    this.#loadLanguage();
    void this.#rendered().then(() => {
      if (this.isConnected && this.flow.step.name === 'starting') void this.#openCamera();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The widget is done: nothing of the person's document stays in memory.
    this.#connection++;
    this.flow = initialFlow(this.flow.sides.list);
    this.places.clear();
  }

  /**
   * Resolves once the widget has rendered in its language: `updateComplete` also waits for the
   * language's strings when they are still loading (English; Spanish comes with the widget).
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    const lang = this.#language;
    await Promise.allSettled(this.#tables(lang).map((table) => table.load()));
    return super.getUpdateComplete();
  }

  /** Resolves once the current render is done, without waiting for strings. */
  #rendered(): Promise<boolean> {
    return super.getUpdateComplete();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The language's tables, and from a photo on its `ResultStrings`: a no-op once they have loaded.
    this.#loadLanguage();
    if (changed.has('sides')) this.#followSides();
    // While the preview shows, the overlays follow the video's object-fit. Read at each render
    // (camera ready, new frame size, each outline or hint): a style read, no layout, and it
    // catches an integrator's media query that changes object-fit on resize.
    if (showsCamera(this.flow.step)) this.#readOverlayAspect();
  }

  protected override updated(): void {
    this.dataset.phase = this.flow.step.name;
  }

  // ---- Public methods --------------------------------------------------------------------

  /** Opens the camera for the current side. Called on connection; call it again after an error. */
  async start(): Promise<void> {
    if (this.flow.step.name === 'complete') return;
    await this.#openCamera();
  }

  /** Takes the photo of the current side now (the capture button does the same). */
  async capture(): Promise<void> {
    if (this.flow.step.name !== 'live') return;
    const side = this.flow.sides.current;
    this.flow = working(this.flow);
    this.#prefetch();
    let intake: Intake;
    try {
      intake = await takeFrame(this.#tools, this.#video, side);
    } finally {
      this.#camera.stop();
    }
    await this.#proceed(side, intake);
  }

  /**
   * Sends a picked file (JPEG, PNG or PDF) as the current side. A picture that looks blurred or
   * too dark waits for the person: send it anyway, or pick another.
   */
  async uploadFile(file: File): Promise<void> {
    const step = this.flow.step.name;
    if (step === 'complete' || step === 'busy') return;
    if (!parseSides(this.sides)) return; // CONFIG_ERROR already reported: the page must be fixed
    const side = this.flow.sides.current;
    // A retry of the last photo that was waiting is superseded by this file.
    this.#uploads.abort();
    this.#camera.stop();
    this.flow = working(this.flow);
    this.#prefetch();
    const intake = await fileIntake.load().then(
      ({ takeFile }) => takeFile(this.#tools, file, side, (report) => this.#emitQuality('file', report)),
      () => CODE_MISSING,
    );
    await this.#proceed(side, intake);
  }

  /** Sends the kept photo of the current side again, after a failed upload. */
  async retry(): Promise<void> {
    const side = this.flow.sides.current;
    if (this.flow.step.name !== 'error' || !this.flow.sides.shots[side]) return;
    await this.#upload(side);
  }

  /** Discards the photo and result of `side` (the current one by default) and takes it again. */
  retake(side: Side = this.flow.sides.current): void {
    const next = retaken(this.flow, side);
    if (!next) return;
    this.#dropPending();
    this.flow = next;
    this.#syncPreviews();
    void this.#openCamera();
  }

  /** Back to the start: every photo and result dropped, the camera opened for the front. */
  reset(): void {
    this.#dropPending();
    this.#camera.stop();
    this.flow = restarted(this.flow);
    this.#syncPreviews();
    void this.#openCamera();
  }

  /** Accepts the result of the current side and moves to the next one, or completes. */
  confirm(): void {
    // A review comes from the results chunk, so its moves have loaded.
    const next = this.flow.step.name === 'review' ? results.get()?.confirmed(this.flow) : undefined;
    if (!next) return;
    this.flow = next;
    this.#syncPreviews();
    if (this.flow.step.name === 'complete') {
      this.#complete();
      return;
    }
    void this.#openCamera();
  }

  // ---- The flow's work -------------------------------------------------------------------

  /**
   * Opens the camera for the current side (from any step: the public `start()` refuses after
   * completion, the flow's own moves do not). An invalid `sides` stops here with `CONFIG_ERROR`.
   */
  async #openCamera(): Promise<void> {
    if (!this.isConnected) return;
    this.#dropPending();
    if (!parseSides(this.sides)) {
      this.#failConfig(null, `sides="${this.sides}" is not valid: use "front back" or "front"`);
      return;
    }
    this.guidance = null;
    this.outline = null;
    this.flow = opening(this.flow);
    this.#quality.warmUp();
    await this.#rendered();
    try {
      const info = await this.#camera.start(this.#video);
      if (this.flow.step.name !== 'starting') return;
      this.frameSize = { width: info.width || 16, height: info.height || 10 };
      this.flow = cameraReady(this.flow);
      this.#encoder.warmUp();
      this.#prefetch();
      this.#emit('dni-camera-ready', info);
    } catch (error) {
      if (this.flow.step.name !== 'starting' || (error instanceof CameraError && error.closedOnPurpose)) return;
      this.#failCamera(error instanceof CameraError ? error : new CameraError('UnknownError', String(error)));
    }
  }

  /** What intake gave: a photo is kept and sent, a question waits for the person, a failure is reported. */
  async #proceed(side: Side, intake: Intake): Promise<void> {
    if (!this.isConnected) return;
    switch (intake.kind) {
      case 'failure':
        this.#fail(side, intake.failure);
        return;
      case 'question':
        this.flow = questioned(this.flow, intake.suspect);
        return;
      case 'shot': {
        this.flow = shotTaken(this.flow, side, intake.shot);
        this.#syncPreviews();
        const { blob, width, height, source, encodedIn, quality, crop, corners } = intake.shot;
        this.#emit('dni-capture', {
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
        await this.#upload(side);
      }
    }
  }

  /** Sends the kept photo of `side` to the proxy; a result goes to the review. */
  async #upload(side: Side): Promise<void> {
    const shot = this.flow.sides.shots[side];
    if (!shot) return;
    if (!this.proxyUrl) {
      this.#failConfig(side, 'the proxy-url attribute is not set: set it to the URL of your proxy');
      return;
    }
    this.flow = working(this.flow);
    const signal = this.#uploads.begin();
    // The code that sends and reviews, prefetched when the camera went live; offline, the photo
    // is kept and the failure is a network error like any other.
    const lang = this.#language;
    const loaded = await Promise.all([results.load(), resultStrings[lang].load()]).catch(() => null);
    if (signal.aborted || !this.isConnected) return;
    if (!loaded) {
      this.#uploads.end(signal);
      this.#uploadFailed(side, clientFailure('NETWORK_ERROR', "the widget's own code could not load"));
      return;
    }
    const [{ send, answered, decodeBirthPlace, reviewStyles }] = loaded;
    this.#addStyles(reviewStyles);
    const outcome = await send(side, shot, {
      url: this.proxyUrl,
      headers: this.headers,
      timeoutMs: this.timeout,
      signal,
      onProgress: (loaded, total) => {
        if (this.flow.step.name === 'busy') this.flow = working(this.flow, total ? loaded / total : 0);
        this.#emit('dni-upload-progress', { side, loaded, total });
      },
    });
    this.#uploads.end(signal);
    if (signal.aborted || !this.isConnected) return;
    if (!outcome.ok) {
      this.#uploadFailed(side, outcome.failure);
      return;
    }
    const { flow, detail } = answered(this.flow, side, outcome);
    this.flow = flow;
    this.#syncPreviews();
    // The birth place shows once decoded; removed meanwhile, the widget keeps nothing of it.
    const connection = this.#connection;
    decodeBirthPlace(
      flow.step.review,
      this.places,
      () => connection === this.#connection,
      () => this.requestUpdate(),
    );
    this.#emit('dni-result', detail);
  }

  /**
   * A failed upload: the photo is kept. Whether it is sent again by itself, and when, is
   * `planRetry`'s decision (src/api/retry.ts, with the results chunk); where that chunk could not
   * load, it is sent again once the page is back online, or by the person. The upload controller
   * keeps the timer or the `online` listener. A retry that fires after the person moved on does
   * nothing.
   */
  #uploadFailed(side: Side, failure: ApiFailure): void {
    const counted = uploadFailed(this.flow, side);
    this.flow = counted.flow;
    const online = typeof navigator === 'undefined' || navigator.onLine !== false;
    const plan: RetryPlan = results.get()?.retryPlan(this.retryPolicy, counted.attempt, failure, online) ??
      // The sending code itself could not load: only coming back online may bring it (unless
      // the integrator turned automatic retries off).
      { kind: online || this.retryPolicy.retries === 0 ? 'by-user' : 'when-online' };
    const key = this.flow.sides.shots[side]?.idempotencyKey;
    const resend = () => {
      if (this.flow.step.name === 'error' && this.flow.sides.shots[side]?.idempotencyKey === key)
        void this.#upload(side);
    };
    if (plan.kind === 'after') this.#uploads.retryAfter(plan.ms, resend);
    if (plan.kind === 'when-online') this.#uploads.retryWhenOnline(resend);
    this.#fail(side, failure, {
      attempt: counted.attempt,
      retryIn: plan.kind === 'after' ? plan.ms : null,
      offline: !online && failure.retryable,
    });
  }

  #complete(): void {
    // Complete follows a review, so the checks have loaded.
    const detail = results.get()?.completion(this.flow.sides);
    this.#camera.stop();
    // The integrator has the images (dni-capture) and the results: drop them here.
    this.#urls.revokeAll();
    if (detail) this.#emit('dni-complete', detail);
  }

  /** A waiting automatic retry, and an upload in flight, are dropped: the person moved on. */
  #dropPending(): void {
    this.#uploads.abort();
  }

  /** The previews' object URLs follow the kept photos: one per side with a picture, none otherwise. */
  #syncPreviews(): void {
    for (const side of ['front', 'back'] as const) {
      const shot = this.flow.sides.shots[side];
      if (shot?.width) this.#urls.show(side, shot.blob);
      else this.#urls.revoke(side);
    }
  }

  /** Adds the review's styles to the element's own, once. */
  #addStyles(sheet: CSSResult): void {
    const root = this.shadowRoot;
    if (!root || this.#addedStyles) return;
    this.#addedStyles = true;
    adoptStyles(root, [...DniCapture.elementStyles, sheet]);
  }

  /**
   * Loads what a photo needs next (sending and the review, the strings shown once a photo is
   * taken and which of them says each error, a picked file's intake) as soon as the camera is
   * live: after the camera, which never waits for them, and at once rather than at idle time,
   * because a dynamic import that fails is not fetched again in Chromium for the page's life: the
   * sooner it is done, the smaller the window in which a lost network would leave a photo
   * unsendable.
   */
  #prefetch(): void {
    if (!this.isConnected) return;
    void Promise.all([results.load(), resultStrings[this.#language].load(), messages.load(), fileIntake.load()]).catch(
      () => undefined,
    );
  }

  /** The tables the current step speaks with: the core, and from a photo or a camera failure on, `ResultStrings`. */
  #tables(lang: Lang = this.#language): Lazy<object>[] {
    return WITH_RESULT_STRINGS.has(this.flow.step.name)
      ? [coreStrings[lang], resultStrings[lang]]
      : [coreStrings[lang]];
  }

  /** Loads the tables the widget's language and step need if they have not loaded; renders again when they have. */
  #loadLanguage(): void {
    const lang = this.#language;
    for (const table of this.#tables(lang)) {
      if (table.get()) continue;
      table.load().then(
        () => this.requestUpdate(),
        (error: unknown) => {
          if (table !== coreStrings[lang]) return; // the step's text stays empty; the next load tries again
          console.warn(`<dni-capture>: the ${lang} strings could not load, showing Spanish instead.`, error);
          this.failedLang = lang;
        },
      );
    }
  }

  /** Whether the widget can speak: its language's strings have loaded (or failed to, and it falls back to Spanish). */
  #speaks(): boolean {
    const lang = this.#language;
    return coreStrings[lang].get() !== undefined || this.failedLang === lang;
  }

  /**
   * Runs `work` once the widget can word a message in the person's language: now, or once the
   * tables it needs have loaded or failed to (English, in the instants after the widget is added;
   * an error met before `ResultStrings` were prefetched, as the camera went live: a camera that
   * fails, a page set up wrongly).
   */
  #whenSpeaking(work: () => void): void {
    const lang = this.#language;
    const tables: Lazy<object>[] = [coreStrings[lang], resultStrings[lang], messages];
    if (this.#speaks() && tables.every((table) => table.get())) {
      work();
      return;
    }
    const connection = this.#connection;
    void Promise.allSettled(tables.map((table) => table.load())).then(() => {
      if (connection === this.#connection) work();
    });
  }

  // ---- Failures --------------------------------------------------------------------------

  #fail(
    side: Side | null,
    failure: ApiFailure,
    retry: { attempt: number; retryIn: number | null; offline: boolean } = {
      attempt: 1,
      retryIn: null,
      offline: false,
    },
  ): void {
    this.#whenSpeaking(() => {
      const t = this.#t;
      // Offline, the message table may not have loaded: the general message stands in.
      const message = (retry.offline && t.offline) || (messages.get()?.errorMessage(t, failure.code) ?? t.errorUnknown);
      const error = { ...errorDetail(side, failure, message), attempt: retry.attempt, retryIn: retry.retryIn };
      this.flow = failed(this.flow, error);
      this.#emit('dni-error', error);
    });
  }

  /** The page is misconfigured: the integrator is told in the console, the person sees a message and nothing to retry. */
  #failConfig(side: Side | null, reason: string): void {
    console.warn(`<dni-capture>: ${reason}.`);
    this.#camera.stop();
    this.#fail(side, clientFailure('CONFIG_ERROR', reason));
  }

  #failCamera(error: CameraError): void {
    this.#camera.stop();
    this.#whenSpeaking(() => {
      const t = this.#t;
      const message = messages.get()?.errorMessage(t, error.cameraName) ?? t.cameraUnknown;
      const cameraError = { name: error.cameraName, message };
      this.flow = cameraFailed(this.flow, cameraError);
      this.#emit('dni-camera-error', cameraError);
    });
  }

  // ---- Handlers --------------------------------------------------------------------------

  #handleCameraEnded(): void {
    if (showsCamera(this.flow.step)) {
      this.#failCamera(new CameraError('TrackEndedError', 'the camera stopped'));
    }
  }

  /**
   * The page is visible again, or the set of cameras changed: reopen the camera if it was
   * running (it was stopped while hidden) or if it failed in a way that this may have cured.
   */
  #handleCameraMayBeBack(): void {
    if (document.visibilityState === 'hidden' || this.#camera.active) return;
    if (shouldReopenCamera(this.flow)) void this.#openCamera();
  }

  /** `sides` changed: the flow follows a valid list (the current side stays when it is still asked for). */
  #followSides(): void {
    const list = parseSides(this.sides);
    if (!list) return; // reported when the camera next opens
    const sides = this.flow.sides;
    const current = list.includes(sides.current) ? sides.current : list[0];
    this.flow = { ...this.flow, sides: { ...sides, list, current } };
  }

  /** Sends the picked picture the quality check warned about. */
  readonly #handleSendAnyway = (): void => {
    const step = this.flow.step;
    // The question came from the file intake, so its code has loaded.
    const intake = fileIntake.get();
    if (step.name !== 'check' || !intake) return;
    const { file, report } = step.suspect;
    const side = this.flow.sides.current;
    this.flow = working(this.flow);
    void intake.takePicture(this.#tools, file, side, report.metrics).then((taken) => this.#proceed(side, taken));
  };

  readonly #handleSlotChange = (): void => {
    const slots = [...(this.shadowRoot?.querySelectorAll('slot') ?? [])];
    this.hasHeader = slots.some((slot) => slot.assignedNodes({ flatten: true }).length > 0);
  };

  readonly #handleFile = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.uploadFile(file);
  };

  #emitQuality(source: 'camera' | 'file', { metrics, verdict, frame, analysisMs }: QualityReport): void {
    this.#emit('dni-quality', {
      side: this.flow.sides.current,
      source,
      metrics,
      ok: verdict.ok,
      hint: verdict.hint,
      frame,
      analysisMs,
    });
  }

  #emit<K extends keyof DniEventMap>(name: K, detail: DniEventMap[K]): void {
    this.dispatchEvent(dniEvent(name, detail));
  }

  // ---- Reading -------------------------------------------------------------------------------

  get #tools(): IntakeTools {
    return { encoder: this.#encoder, quality: this.#quality };
  }

  get #language(): Lang {
    return resolveLang(this.lang);
  }

  /**
   * The strings of the widget's language with the integrator's non-empty overrides: Spanish until
   * another language has loaded (nothing is shown meanwhile: see `speaks`). The review's strings
   * are there from the upload on (`upload` loads them); until a changed language's have loaded,
   * the review keeps the ones it had.
   */
  get #t(): Strings {
    const lang = this.#language;
    const core: CoreStrings = coreStrings[lang].get() ?? coreStrings.es.get()!;
    const other = lang === 'es' ? 'en' : 'es';
    const overrides = Object.entries(this.strings).filter(([, value]) => typeof value === 'string' && value !== '');
    return {
      ...core,
      ...resultStrings[other].get(),
      ...resultStrings[lang].get(),
      ...Object.fromEntries(overrides),
    } as Strings;
  }

  get #view(): ViewContext {
    return { flow: this.flow, t: this.#t, lang: this.#language };
  }

  get #thresholds(): QualityThresholds {
    const phone = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
    return { ...(phone ? PHONE_THRESHOLDS : DESKTOP_THRESHOLDS), ...this.qualityThresholds };
  }

  /** Where each step starts, for the focus controller (`null`: a step in between). */
  #focusTarget(step: StepName): HTMLElement | null {
    switch (step) {
      case 'live':
        return this.#captureButton;
      case 'review':
        return this.#reviewTitle;
      case 'check':
      case 'error':
      case 'no-camera':
      case 'complete':
        return this.#statusElement;
      default:
        return null;
    }
  }

  /** Sets the overlays' `preserveAspectRatio` from the video's computed `object-fit` and `object-position`. */
  #readOverlayAspect(): void {
    const video = this.#video;
    if (!video) return;
    const style = getComputedStyle(video);
    this.#overlayAspect = overlayAspectRatio(style.objectFit, style.objectPosition);
  }

  // ---- Rendering -----------------------------------------------------------------------------

  protected override render() {
    const view = this.#view;
    const step = this.flow.step;
    const camera = showsCamera(step);
    const speaks = this.#speaks();
    const later = this.#laterViews();
    const status = speaks ? statusText(view, this.guidance, !this.noAutoCapture, later) : '';
    return html`
      <header part="header" ?hidden=${!this.hasHeader}>
        <slot name="title" @slotchange=${this.#handleSlotChange}></slot>
        <slot name="instructions" @slotchange=${this.#handleSlotChange}></slot>
      </header>
      <div part="stage" class="stage">
        <video part="video" ?hidden=${!camera} muted playsinline autoplay aria-hidden="true"></video>
        ${camera ? renderGuide(this.frameSize, this.#overlayAspect, this.outline) : this.#renderPreview()}
      </div>
      <p part="status" role="status" aria-live="polite" tabindex="-1">${speaks ? status : ''}</p>
      ${
        step.name === 'busy' && step.progress > 0
          ? html`<progress part="progress" max="1" .value=${step.progress} aria-label=${status}></progress>`
          : nothing
      }
      ${step.name === 'review' ? (results.get()?.renderReview(view, step.review, this.places) ?? nothing) : nothing}
      <div part="actions" class="actions">${speaks ? renderActions(view, this.#actions, later) : nothing}</div>
      ${speaks && showsFileHint(view) ? html`<p part="file-hint" class="hint">${view.t.fileHint}</p>` : nothing}
    `;
  }

  /**
   * The views of a step whose code loads with a chunk (src/views/context.ts, `StepViews`): a
   * review's and completion's with the results, a picked picture's question with the file intake.
   */
  #laterViews(): StepViews | undefined {
    const name = this.flow.step.name;
    if (name === 'check') return fileIntake.get()?.checkStep;
    return name === 'review' || name === 'complete' ? results.get()?.reviewSteps : undefined;
  }

  #renderPreview() {
    const side = previewSide(this.flow);
    const shot = this.flow.sides.shots[side];
    // A face is drawn only with a result, so by the results chunk.
    return renderPreview(shot, this.#urls.get(side), this.#t, shot && results.get()?.renderFace(this.flow, side, shot));
  }

  readonly #actions = {
    capture: () => void this.capture(),
    sendAnyway: this.#handleSendAnyway,
    useCamera: () => void this.start(),
    confirm: () => this.confirm(),
    retake: () => this.retake(sideToRetake(this.flow)),
    retry: () => void this.retry(),
    restart: () => this.reset(),
    pickFile: this.#handleFile,
  };
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
