/**
 * The shape of every translation: each language file (`es.ts`, `en.ts`) is typed `Strings`, so
 * TypeScript refuses one that lacks a key or has one too many. Placeholders are `{name}`, filled
 * by `format()` in src/i18n.ts.
 */

/** The languages the widget speaks; `es` (Peruvian Spanish, usted) is the default. */
export type Lang = 'es' | 'en';

/** What the widget says before a photo is taken: the camera and its hints, the first buttons. */
export interface CoreStrings {
  // Guidance while the camera is live
  /** Status while the camera opens. */
  startingCamera: string;
  /** Instruction for the front side. */
  placeFront: string;
  /** Instruction for the back side. */
  placeBack: string;
  /** Quality hint: no card found anywhere in the camera's view. */
  hintPlaceCard: string;
  /** Quality hint: part of the card is outside the camera's view (off to one side). */
  hintCenterCard: string;
  /** Quality hint: the card is found but too small to be read well: bring it closer. */
  hintCloser: string;
  /** Quality hint: the card is larger than the frame allows, or cut off by it: move it away. */
  hintFarther: string;
  /** Quality hint: the card is turned, or tilted away from the camera, too much. */
  hintStraighten: string;
  /** Quality hint: too dark. */
  hintMoreLight: string;
  /** Quality hint: too bright. */
  hintLessLight: string;
  /** Quality hint: a reflection on the card. */
  hintGlare: string;
  /** Quality hint: the card or the camera moves. */
  hintHoldStill: string;
  /** Quality hint: out of focus. */
  hintBlurry: string;
  /** The frame is good and the photo is about to be taken by itself. */
  hintReadyAuto: string;
  /** The frame is good (auto-capture off): take the photo. */
  hintReady: string;

  // Buttons and the file path
  /** The capture button. */
  capture: string;
  /** Tries the camera again after it failed. */
  useCamera: string;
  /** The label of the file input. */
  pickFile: string;
  /** What files are accepted. */
  fileHint: string;

  /** Anything not otherwise covered. */
  errorUnknown: string;

  /** Any camera error whose own message has not loaded (offline), and `UnknownError`. */
  cameraUnknown: string;
}

/**
 * What the widget says once a photo is taken or a file picked: progress, the question about a
 * picked picture, the errors a photo or an upload can meet, and the review (its labels, values
 * and warnings: src/review/fields.ts); and what it says when the camera or the page's setup
 * fails. Each language's own file (`es-results.ts`, `en-results.ts`), loaded as soon as the
 * camera is live, or on first use.
 */
export interface ResultStrings {
  // A picked picture that looks bad
  /** Before sending a picked picture that looks blurred. */
  fileBlurry: string;
  /** Before sending a picked picture that looks too dark. */
  fileDark: string;
  /** Before sending a picked picture in which no card was found. */
  fileNoCard: string;
  /** Sends the picked picture despite the warning. */
  sendAnyway: string;
  /** Picks another file instead. */
  pickAnother: string;
  /** Discards the photo of the side and takes another. */
  retake: string;
  /** Sends the same photo again after a failed upload. */
  retry: string;
  /** Starts over after completion. */
  restart: string;
  /** The front side, as a noun after "el". */
  sideFront: string;
  /** The back side, as a noun after "el". */
  sideBack: string;
  /** Accepts the result of a side and moves on. */
  confirm: string;

  // Progress and results
  /** Status while the image is prepared or the server works. */
  processing: string;
  /** Status while uploading. `{percent}`: 0–100. */
  uploading: string;
  /** Status in the review step. `{side}`: `sideFront` or `sideBack`. */
  reviewSide: string;
  /** Status when every side is done. */
  complete: string;
  /** Status while waiting to retry. `{seconds}`: whole seconds. */
  retryingIn: string;
  /** Shown when the device has no connection. */
  offline: string;
  /** Alternative text of the preview image. */
  previewAlt: string;
  /** Shown in place of a preview for a PDF. */
  pdfDocument: string;

  // Errors from the API or the upload
  errorInvalidArgument: string;
  errorDetectionFailed: string;
  /** Credentials, quota, permission, endpoint: the integrator's problem, said politely. */
  errorServiceUnavailable: string;
  errorRateLimited: string;
  errorServer: string;
  errorNetwork: string;
  errorTimeout: string;
  errorBadResponse: string;
  errorAborted: string;
  // Errors with the image or file
  errorFileTooLarge: string;
  errorUnsupportedFile: string;
  errorImageTooSmall: string;
  errorEncodeFailed: string;
  // The review step
  /** Title of the review of a side, focused when the result arrives. `{side}`: `sideFront` or `sideBack`. */
  reviewTitle: string;
  /** Shown when the API read no field on a side. */
  noFields: string;
  /** Title of the list of warnings in the review (said gently: they do not block). */
  warningsTitle: string;
  /** The confirm button when another side follows. `{side}`: the next side. */
  confirmNext: string;
  /** Status when the photo shows the other side. `{actual}`: what it shows; `{wanted}`: what was asked. */
  wrongSide: string;
  /** Added to `wrongSide` when that side was kept. `{actual}`, `{wanted}` as there. */
  wrongSideKept: string;
  /** Added to `wrongSide` when it was not kept. `{wanted}`: the side asked for. */
  wrongSideAgain: string;

  // ---- Review fields and result warnings (src/review/fields.ts, src/checks/) ----
  // Labels of the card_info fields, in the review.
  /** `id_number` of a DNI (new or old). */
  fieldDniNumber: string;
  /** `id_number` of a foreigner card. */
  fieldCardNumber: string;
  /** `document_number` of a foreigner card. */
  fieldDocumentNumber: string;
  /** `father_name`: the first (paternal) surname. */
  fieldFatherName: string;
  /** `mother_name`: the second (maternal) surname. */
  fieldMotherName: string;
  /** `name`, `given_name`. */
  fieldGivenNames: string;
  /** `surname` of a foreigner card (both surnames). */
  fieldSurnames: string;
  /** `gender` (or `gender_s`). */
  fieldSex: string;
  /** `marriage`. */
  fieldMaritalStatus: string;
  /** `birthday`. */
  fieldBirthDate: string;
  /** `birth_place` (a UBIGEO code, decoded when possible). */
  fieldBirthPlace: string;
  /** `registration_date` (old DNI). */
  fieldRegistrationDate: string;
  /** `issue_date`. */
  fieldIssueDate: string;
  /** `expiry_date`. */
  fieldExpiryDate: string;
  /** `election_number`: the voting group. */
  fieldVotingGroup: string;
  /** `organ_donation`. */
  fieldOrganDonation: string;
  /** `region` (new DNI, back): district, province and department of the address. */
  fieldResidence: string;
  /** `department` (old DNI, back). */
  fieldDepartment: string;
  /** `province` (old DNI, back). */
  fieldProvince: string;
  /** `district` (old DNI, back). */
  fieldDistrict: string;
  /** `address`. */
  fieldAddress: string;
  /** `nationality` (foreigner card). */
  fieldNationality: string;
  /** `migratory_quality` (foreigner card). */
  fieldMigratoryStatus: string;
  // Values spelled out (feminine forms for a person whose sex reads F).
  valueMale: string;
  valueFemale: string;
  valueSingle: string;
  valueSingleFemale: string;
  valueMarried: string;
  valueMarriedFemale: string;
  valueDivorced: string;
  valueDivorcedFemale: string;
  valueWidowed: string;
  valueWidowedFemale: string;
  valueYes: string;
  valueNo: string;
  // Warnings on a result (codes of src/checks/checks.ts); said gently, they never block.
  /** `WRONG_SIDE`: the photo shows the other side. */
  warningWrongSide: string;
  /** `CARD_TYPE_MISMATCH`: front and back read as different card types. */
  warningCardTypeMismatch: string;
  /** `CHECK_CHARACTER_MISMATCH`: the DNI number's check character is wrong. */
  warningCheckCharacter: string;
  /** `INVALID_DATE`. `{field}`: the label of the date. */
  warningInvalidDate: string;
  /** `BIRTHDAY_IN_FUTURE`. */
  warningBirthdayInFuture: string;
  /** `AGE_OUT_OF_RANGE`: born more than 120 years ago. */
  warningAgeOutOfRange: string;
  /** `EXPIRY_BEFORE_ISSUE`. */
  warningExpiryBeforeIssue: string;
  /** `EXPIRED`. */
  warningExpired: string;
  // ---- end of review fields and result warnings ----

  // When the camera or the page's setup fails: not on the camera path's happy case, so loaded
  // then (or with the rest of this table). `cameraUnknown` (core) stands in while it cannot load.
  /** `CONFIG_ERROR`: the page that embeds the widget set it up wrongly (e.g. no `proxy-url`); the person cannot fix it. */
  errorConfig: string;
  cameraNotAllowed: string;
  cameraNotFound: string;
  cameraNotReadable: string;
  cameraOverconstrained: string;
  cameraSecurity: string;
  cameraNotSupported: string;
  cameraAborted: string;
  cameraTrackEnded: string;
}

/** Every string of a language: what `strings` overrides, key by key. */
export interface Strings extends CoreStrings, ResultStrings {}
