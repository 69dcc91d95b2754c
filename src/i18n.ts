/**
 * Every user-facing string of `<dni-capture>`, per language. `es` (Peruvian Spanish, usted)
 * is the default. Each string can be overridden through the element's `strings` property.
 * Placeholders are `{name}`, filled by `format()`.
 */
import type { ErrorCode } from './api/types.js';
import type { CameraErrorName } from './events.js';
import type { QualityHint } from './quality/metrics.js';

export type Lang = 'es' | 'en';

export interface Strings {
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

  // Buttons and the file path
  /** The capture button. */
  capture: string;
  /** Discards the photo of the side and takes another. */
  retake: string;
  /** Sends the same photo again after a failed upload. */
  retry: string;
  /** Accepts the result of a side and moves on. */
  confirm: string;
  /** Tries the camera again after it failed. */
  useCamera: string;
  /** Starts over after completion. */
  restart: string;
  /** The label of the file input. */
  pickFile: string;
  /** What files are accepted. */
  fileHint: string;

  // Progress and results
  /** Status while the image is prepared or the server works. */
  processing: string;
  /** Status while uploading. `{percent}`: 0–100. */
  uploading: string;
  /** Status when a side has been read. */
  resultReceived: string;
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

  // Names
  /** The front side, as a noun after "el". */
  sideFront: string;
  /** The back side, as a noun after "el". */
  sideBack: string;
  /** `card_type` `new`. */
  cardTypeNew: string;
  /** `card_type` `old`. */
  cardTypeOld: string;
  /** `card_type` `ALIEN`. */
  cardTypeAlien: string;

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
  /** `CONFIG_ERROR`: the page that holds the widget is misconfigured (no proxy URL, invalid sides). */
  errorConfig: string;
  // Errors with the image or file
  errorFileTooLarge: string;
  errorUnsupportedFile: string;
  errorImageTooSmall: string;
  errorEncodeFailed: string;
  /** Anything not otherwise covered. */
  errorUnknown: string;

  // Camera errors
  cameraNotAllowed: string;
  cameraNotFound: string;
  cameraNotReadable: string;
  cameraOverconstrained: string;
  cameraSecurity: string;
  cameraNotSupported: string;
  cameraAborted: string;
  cameraTrackEnded: string;
  cameraUnknown: string;

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
}

export const es: Strings = {
  startingCamera: 'Iniciando la cámara…',
  placeFront: 'Coloque el anverso de su documento dentro del marco',
  placeBack: 'Coloque el reverso de su documento dentro del marco',
  hintPlaceCard: 'No vemos su documento: colóquelo frente a la cámara, dentro del marco',
  hintCenterCard: 'Una parte de su documento no se ve: muévalo hacia el centro',
  hintCloser: 'Acerque su documento a la cámara',
  hintFarther: 'Aleje un poco su documento: debe verse entero',
  hintStraighten: 'Enderece su documento y póngalo de frente a la cámara',
  hintMoreLight: 'Hay poca luz: busque un lugar con más luz',
  hintLessLight: 'Hay demasiada luz: evite la luz directa sobre el documento',
  hintGlare: 'Evite los reflejos: incline un poco el documento',
  hintHoldStill: 'Mantenga quieto el documento',
  hintBlurry: 'La imagen está borrosa: mantenga el documento quieto y enfocado',
  hintReadyAuto: 'Muy bien, no se mueva…',
  hintReady: 'Muy bien: tome la foto',

  fileBlurry: 'La imagen parece borrosa y quizá no se pueda leer. ¿La envía de todos modos?',
  fileDark: 'La imagen parece muy oscura y quizá no se pueda leer. ¿La envía de todos modos?',
  fileNoCard: 'No encontramos un documento en la imagen. Elija otra en la que se vea entero, o envíela de todos modos.',
  sendAnyway: 'Enviar de todos modos',
  pickAnother: 'Elegir otra imagen',

  capture: 'Tomar foto',
  retake: 'Tomar otra foto',
  retry: 'Volver a intentar',
  confirm: 'Continuar',
  useCamera: 'Usar la cámara',
  restart: 'Empezar de nuevo',
  pickFile: 'Elegir un archivo',
  fileHint: 'JPEG, PNG o PDF, hasta 5 MB',

  processing: 'Procesando…',
  uploading: 'Enviando… {percent} %',
  resultReceived: 'Documento leído',
  reviewSide: 'Revise la foto del {side} y continúe',
  complete: 'Listo. Su documento fue leído correctamente.',
  retryingIn: 'Reintentando en {seconds} s…',
  offline: 'No tiene conexión a internet. Revise su conexión.',
  previewAlt: 'Foto enviada de su documento',
  pdfDocument: 'Documento PDF',

  reviewTitle: 'Datos leídos del {side}',
  noFields: 'No se leyeron datos en este lado del documento.',
  warningsTitle: 'Por favor, revise:',
  confirmNext: 'Continuar con el {side}',
  wrongSide: 'Esta foto muestra el {actual} de su documento, no el {wanted}.',
  wrongSideKept: 'Ya guardamos el {actual}, no tendrá que fotografiarlo de nuevo. Continúe con el {wanted}.',
  wrongSideAgain: 'Continúe y fotografíe el {wanted}.',

  sideFront: 'anverso',
  sideBack: 'reverso',
  cardTypeNew: 'DNI electrónico',
  cardTypeOld: 'DNI',
  cardTypeAlien: 'Carné de Extranjería',

  errorInvalidArgument: 'No pudimos usar esta imagen. Tome otra foto o elija otro archivo.',
  errorDetectionFailed:
    'No pudimos leer el documento. Colóquelo dentro del marco, con buena luz y sin reflejos, y tome otra foto.',
  errorServiceUnavailable: 'El servicio no está disponible en este momento. Inténtelo más tarde.',
  errorRateLimited: 'Hay muchas solicitudes en este momento. Espere unos segundos y vuelva a intentarlo.',
  errorServer: 'El servicio tuvo un problema. Vuelva a intentarlo.',
  errorNetwork: 'No se pudo enviar la foto. Revise su conexión a internet y vuelva a intentarlo.',
  errorTimeout: 'El envío está tardando demasiado. Revise su conexión y vuelva a intentarlo.',
  errorBadResponse: 'Recibimos una respuesta inesperada del servicio. Vuelva a intentarlo.',
  errorAborted: 'Se canceló el envío.',
  errorConfig:
    'Esta página no está configurada correctamente. Por favor, avise a quien le pidió verificar su identidad.',
  errorFileTooLarge: 'El archivo es demasiado grande. Elija uno de hasta 5 MB.',
  errorUnsupportedFile: 'Este tipo de archivo no se acepta. Elija una imagen JPEG o PNG, o un PDF.',
  errorImageTooSmall: 'La imagen es demasiado pequeña. Elija una de mejor resolución.',
  errorEncodeFailed: 'No pudimos procesar la imagen. Inténtelo de nuevo.',
  errorUnknown: 'Algo salió mal. Inténtelo de nuevo.',

  cameraNotAllowed: 'No tenemos permiso para usar la cámara. Actívelo en su navegador o elija un archivo.',
  cameraNotFound: 'No encontramos una cámara en este dispositivo. Puede elegir un archivo.',
  cameraNotReadable: 'Otra aplicación está usando la cámara. Ciérrela y vuelva a intentarlo, o elija un archivo.',
  cameraOverconstrained: 'La cámara no ofrece la calidad necesaria. Puede elegir un archivo.',
  cameraSecurity: 'Esta página no puede usar la cámara. Puede elegir un archivo.',
  cameraNotSupported: 'Este navegador no permite usar la cámara aquí. Puede elegir un archivo.',
  cameraAborted: 'La cámara se interrumpió al iniciar. Vuelva a intentarlo o elija un archivo.',
  cameraTrackEnded: 'La cámara se detuvo. Vuelva a intentarlo o elija un archivo.',
  cameraUnknown: 'No pudimos usar la cámara. Vuelva a intentarlo o elija un archivo.',

  // ---- Review fields and result warnings ----
  fieldDniNumber: 'Número de DNI',
  fieldCardNumber: 'Número de carné',
  fieldDocumentNumber: 'Número de documento',
  fieldFatherName: 'Apellido paterno',
  fieldMotherName: 'Apellido materno',
  fieldGivenNames: 'Nombres',
  fieldSurnames: 'Apellidos',
  fieldSex: 'Sexo',
  fieldMaritalStatus: 'Estado civil',
  fieldBirthDate: 'Fecha de nacimiento',
  fieldBirthPlace: 'Lugar de nacimiento',
  fieldRegistrationDate: 'Fecha de inscripción',
  fieldIssueDate: 'Fecha de emisión',
  fieldExpiryDate: 'Fecha de caducidad',
  fieldVotingGroup: 'Grupo de votación',
  fieldOrganDonation: 'Donación de órganos',
  fieldResidence: 'Lugar de domicilio',
  fieldDepartment: 'Departamento',
  fieldProvince: 'Provincia',
  fieldDistrict: 'Distrito',
  fieldAddress: 'Dirección',
  fieldNationality: 'Nacionalidad',
  fieldMigratoryStatus: 'Calidad migratoria',
  valueMale: 'Masculino',
  valueFemale: 'Femenino',
  valueSingle: 'Soltero',
  valueSingleFemale: 'Soltera',
  valueMarried: 'Casado',
  valueMarriedFemale: 'Casada',
  valueDivorced: 'Divorciado',
  valueDivorcedFemale: 'Divorciada',
  valueWidowed: 'Viudo',
  valueWidowedFemale: 'Viuda',
  valueYes: 'Sí',
  valueNo: 'No',
  warningWrongSide: 'Esta foto parece mostrar el otro lado de su documento.',
  warningCardTypeMismatch:
    'El anverso y el reverso parecen ser de documentos distintos. Verifique que ambas fotos sean del mismo documento.',
  warningCheckCharacter: 'El número de DNI no coincide con su dígito de verificación. Revíselo o tome otra foto.',
  warningInvalidDate: '«{field}» no es una fecha válida. Revísela o tome otra foto.',
  warningBirthdayInFuture: 'La fecha de nacimiento está en el futuro. Revísela o tome otra foto.',
  warningAgeOutOfRange: 'La fecha de nacimiento indica más de 120 años. Revísela o tome otra foto.',
  warningExpiryBeforeIssue:
    'La fecha de caducidad no es posterior a la de emisión. Revise las fechas o tome otra foto.',
  warningExpired: 'Según su fecha de caducidad, este documento está vencido.',
  // ---- end of review fields and result warnings ----
};

export const en: Strings = {
  startingCamera: 'Starting the camera…',
  placeFront: 'Place the front of your ID inside the frame',
  placeBack: 'Place the back of your ID inside the frame',
  hintPlaceCard: 'We cannot see your ID: hold it in front of the camera, inside the frame',
  hintCenterCard: 'Part of your ID is out of view: move it towards the centre',
  hintCloser: 'Move your ID closer to the camera',
  hintFarther: 'Move your ID a little further away: all of it must be in view',
  hintStraighten: 'Straighten your ID and hold it facing the camera',
  hintMoreLight: 'It is too dark: find a place with more light',
  hintLessLight: 'There is too much light: avoid direct light on the ID',
  hintGlare: 'Avoid reflections: tilt the ID slightly',
  hintHoldStill: 'Hold the ID still',
  hintBlurry: 'The image is blurred: hold the ID still and in focus',
  hintReadyAuto: 'Good, hold still…',
  hintReady: 'Good: take the photo',

  fileBlurry: 'The picture looks blurred and may not be readable. Send it anyway?',
  fileDark: 'The picture looks very dark and may not be readable. Send it anyway?',
  fileNoCard: 'We could not find an ID in the picture. Choose another one that shows all of it, or send it anyway.',
  sendAnyway: 'Send anyway',
  pickAnother: 'Choose another picture',

  capture: 'Take photo',
  retake: 'Take another photo',
  retry: 'Try again',
  confirm: 'Continue',
  useCamera: 'Use the camera',
  restart: 'Start over',
  pickFile: 'Choose a file',
  fileHint: 'JPEG, PNG or PDF, up to 5 MB',

  processing: 'Processing…',
  uploading: 'Sending… {percent}%',
  resultReceived: 'ID read',
  reviewSide: 'Check the photo of the {side} and continue',
  complete: 'Done. Your ID was read successfully.',
  retryingIn: 'Trying again in {seconds} s…',
  offline: 'You are offline. Check your connection.',
  previewAlt: 'Photo of your ID that was sent',
  pdfDocument: 'PDF document',

  reviewTitle: 'Details read from the {side}',
  noFields: 'No details were read on this side of the ID.',
  warningsTitle: 'Please check:',
  confirmNext: 'Continue to the {side}',
  wrongSide: 'This photo shows the {actual} of your ID, not the {wanted}.',
  wrongSideKept: 'We kept the {actual}, so you will not need to photograph it again. Continue with the {wanted}.',
  wrongSideAgain: 'Continue and photograph the {wanted}.',

  sideFront: 'front',
  sideBack: 'back',
  cardTypeNew: 'Electronic DNI',
  cardTypeOld: 'DNI',
  cardTypeAlien: 'Foreigner ID card (Carné de Extranjería)',

  errorInvalidArgument: 'We could not use this image. Take another photo or choose another file.',
  errorDetectionFailed:
    'We could not read the ID. Place it inside the frame, in good light and without glare, and take another photo.',
  errorServiceUnavailable: 'The service is not available right now. Please try again later.',
  errorRateLimited: 'There are too many requests right now. Wait a few seconds and try again.',
  errorServer: 'The service had a problem. Please try again.',
  errorNetwork: 'The photo could not be sent. Check your internet connection and try again.',
  errorTimeout: 'Sending is taking too long. Check your connection and try again.',
  errorBadResponse: 'The service sent an unexpected answer. Please try again.',
  errorAborted: 'Sending was cancelled.',
  errorConfig: 'This page is not set up correctly. Please tell whoever asked you to verify your identity.',
  errorFileTooLarge: 'The file is too large. Choose one of up to 5 MB.',
  errorUnsupportedFile: 'This type of file is not accepted. Choose a JPEG or PNG image, or a PDF.',
  errorImageTooSmall: 'The image is too small. Choose one with a higher resolution.',
  errorEncodeFailed: 'We could not process the image. Please try again.',
  errorUnknown: 'Something went wrong. Please try again.',

  cameraNotAllowed: 'We do not have permission to use the camera. Allow it in your browser or choose a file.',
  cameraNotFound: 'No camera was found on this device. You can choose a file.',
  cameraNotReadable: 'Another app is using the camera. Close it and try again, or choose a file.',
  cameraOverconstrained: 'The camera does not offer the quality needed. You can choose a file.',
  cameraSecurity: 'This page cannot use the camera. You can choose a file.',
  cameraNotSupported: 'This browser does not allow the camera here. You can choose a file.',
  cameraAborted: 'The camera was interrupted while starting. Try again or choose a file.',
  cameraTrackEnded: 'The camera stopped. Try again or choose a file.',
  cameraUnknown: 'We could not use the camera. Try again or choose a file.',

  // ---- Review fields and result warnings ----
  fieldDniNumber: 'DNI number',
  fieldCardNumber: 'Card number',
  fieldDocumentNumber: 'Document number',
  fieldFatherName: 'First surname',
  fieldMotherName: 'Second surname',
  fieldGivenNames: 'Given names',
  fieldSurnames: 'Surnames',
  fieldSex: 'Sex',
  fieldMaritalStatus: 'Marital status',
  fieldBirthDate: 'Date of birth',
  fieldBirthPlace: 'Place of birth',
  fieldRegistrationDate: 'Registration date',
  fieldIssueDate: 'Issue date',
  fieldExpiryDate: 'Expiry date',
  fieldVotingGroup: 'Voting group',
  fieldOrganDonation: 'Organ donor',
  fieldResidence: 'Place of residence',
  fieldDepartment: 'Department',
  fieldProvince: 'Province',
  fieldDistrict: 'District',
  fieldAddress: 'Address',
  fieldNationality: 'Nationality',
  fieldMigratoryStatus: 'Immigration status',
  valueMale: 'Male',
  valueFemale: 'Female',
  valueSingle: 'Single',
  valueSingleFemale: 'Single',
  valueMarried: 'Married',
  valueMarriedFemale: 'Married',
  valueDivorced: 'Divorced',
  valueDivorcedFemale: 'Divorced',
  valueWidowed: 'Widowed',
  valueWidowedFemale: 'Widowed',
  valueYes: 'Yes',
  valueNo: 'No',
  warningWrongSide: 'This photo seems to show the other side of your ID.',
  warningCardTypeMismatch:
    'The front and the back seem to belong to different documents. Check that both photos are of the same ID.',
  warningCheckCharacter: 'The DNI number does not match its check character. Check it or take another photo.',
  warningInvalidDate: '“{field}” is not a valid date. Check it or take another photo.',
  warningBirthdayInFuture: 'The date of birth is in the future. Check it or take another photo.',
  warningAgeOutOfRange: 'The date of birth means an age of over 120 years. Check it or take another photo.',
  warningExpiryBeforeIssue: 'The expiry date is not after the issue date. Check the dates or take another photo.',
  warningExpired: 'According to its expiry date, this document has expired.',
  // ---- end of review fields and result warnings ----
};

export const translations: Readonly<Record<Lang, Strings>> = { es, en };

/** The language for a `lang` attribute: `es-PE` → `es`, `en-US` → `en`, anything else → `es`. */
export function resolveLang(attr: string | null | undefined): Lang {
  const primary = (attr ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'en' ? 'en' : 'es';
}

/** Fills `{name}` placeholders; a placeholder without a parameter is left as it is. */
export function format(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match,
  );
}

/** The `Strings` key of the message for each error code and camera error. */
export const ERROR_MESSAGE_KEYS: Readonly<Record<ErrorCode | CameraErrorName, keyof Strings>> = {
  INVALID_ARGUMENT: 'errorInvalidArgument',
  DETECTION_FAILED: 'errorDetectionFailed',
  UNAUTHORIZED: 'errorServiceUnavailable',
  KEY_EXPIRED: 'errorServiceUnavailable',
  NO_PERMISSION: 'errorServiceUnavailable',
  OUT_OF_QUOTA: 'errorServiceUnavailable',
  NOT_FOUND: 'errorServiceUnavailable',
  RATE_LIMIT_EXCEEDED: 'errorRateLimited',
  INTERNAL_ERROR: 'errorServer',
  NETWORK_ERROR: 'errorNetwork',
  TIMEOUT: 'errorTimeout',
  BAD_RESPONSE: 'errorBadResponse',
  FILE_TOO_LARGE: 'errorFileTooLarge',
  UNSUPPORTED_FILE: 'errorUnsupportedFile',
  IMAGE_TOO_SMALL: 'errorImageTooSmall',
  ENCODE_FAILED: 'errorEncodeFailed',
  ABORTED: 'errorAborted',
  CONFIG_ERROR: 'errorConfig',
  NotAllowedError: 'cameraNotAllowed',
  NotFoundError: 'cameraNotFound',
  NotReadableError: 'cameraNotReadable',
  OverconstrainedError: 'cameraOverconstrained',
  SecurityError: 'cameraSecurity',
  NotSupportedError: 'cameraNotSupported',
  AbortError: 'cameraAborted',
  TrackEndedError: 'cameraTrackEnded',
  UnknownError: 'cameraUnknown',
};

/** The `Strings` key of each quality hint. */
export const HINT_KEYS: Readonly<Record<QualityHint, keyof Strings>> = {
  'place-card': 'hintPlaceCard',
  'center-card': 'hintCenterCard',
  closer: 'hintCloser',
  farther: 'hintFarther',
  straighten: 'hintStraighten',
  'more-light': 'hintMoreLight',
  'less-light': 'hintLessLight',
  glare: 'hintGlare',
  'hold-still': 'hintHoldStill',
  blurry: 'hintBlurry',
};

/** The message shown to the user for an error code or camera error (the code itself goes to the event). */
export function errorMessage(strings: Strings, code: ErrorCode | CameraErrorName | string): string {
  const key = Object.prototype.hasOwnProperty.call(ERROR_MESSAGE_KEYS, code)
    ? ERROR_MESSAGE_KEYS[code as ErrorCode | CameraErrorName]
    : 'errorUnknown';
  return strings[key] || strings.errorUnknown;
}
