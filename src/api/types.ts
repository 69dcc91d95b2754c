/**
 * Types of the ID-card OCR API (shared/api/idcard-api.md). Every field the API documents is
 * here, and every one is optional: the parser (`parse.ts`) only ever produces values of
 * these types from what it has checked.
 */

export type Side = 'front' | 'back';

/** `new` and `old` are lower case, `ALIEN` upper case, exactly as the API sends them. */
export type CardType = 'new' | 'old' | 'ALIEN';

/** An `[x, y]` point in the pixels of the image that was sent. */
export type Point = readonly [number, number];

/** Four points: top-left, top-right, bottom-right, bottom-left of the upright face. */
export type FaceRegion = readonly [Point, Point, Point, Point];

export interface NewDniFrontInfo {
  id_number?: string;
  father_name?: string;
  mother_name?: string;
  name?: string;
  /** `MASCULINO` / `FEMENINO` */
  gender?: string;
  /** `M` / `F` */
  gender_s?: string;
  /** `Soltero`, `Casado`, `Divorciado`, `Viudo` */
  marriage?: string;
  /** `dd/mm/yyyy` */
  birthday?: string;
  /** six-digit RENIEC UBIGEO code */
  birth_place?: string;
  issue_date?: string;
  expiry_date?: string;
  election_number?: string;
  /** `SI` / `NO` */
  organ_donation?: string;
}

export interface NewDniBackInfo {
  /** `DEPARTMENT/PROVINCE/DISTRICT` */
  region?: string;
  address?: string;
}

export interface OldDniFrontInfo {
  id_number?: string;
  father_name?: string;
  mother_name?: string;
  name?: string;
  /** `M` / `F` */
  gender?: string;
  gender_s?: string;
  /** `S`, `C`, `D`, `V` */
  marriage?: string;
  birthday?: string;
  birth_place?: string;
  registration_date?: string;
  issue_date?: string;
  expiry_date?: string;
}

export interface OldDniBackInfo {
  department?: string;
  province?: string;
  district?: string;
  address?: string;
  election_number?: string;
  organ_donation?: string;
}

export interface AlienFrontInfo {
  id_number?: string;
  document_number?: string;
  surname?: string;
  given_name?: string;
  gender?: string;
  gender_s?: string;
  marriage?: string;
  /** as printed, e.g. `12 MAR 1991` */
  birthday?: string;
  /** formatted, e.g. `12-03-1991` */
  birthday_s?: string;
  issue_date?: string;
  issue_date_s?: string;
  expiry_date?: string;
  expiry_date_s?: string;
  nationality?: string;
  migratory_quality?: string;
}

interface ResultBase<T extends CardType, S extends Side, I> {
  card_type: T;
  card_side: S;
  card_info: I;
  face_region?: FaceRegion;
}

export type NewDniFrontResult = ResultBase<'new', 'front', NewDniFrontInfo>;
export type NewDniBackResult = ResultBase<'new', 'back', NewDniBackInfo>;
export type OldDniFrontResult = ResultBase<'old', 'front', OldDniFrontInfo>;
export type OldDniBackResult = ResultBase<'old', 'back', OldDniBackInfo>;
export type AlienFrontResult = ResultBase<'ALIEN', 'front', AlienFrontInfo>;
/** The API documents no back fields for the foreigner card; a back is kept, with its text fields. */
export type AlienBackResult = ResultBase<'ALIEN', 'back', Record<string, string>>;

/** One recognised side, discriminated by `card_type` and `card_side`. */
export type CardResult =
  NewDniFrontResult | NewDniBackResult | OldDniFrontResult | OldDniBackResult | AlienFrontResult | AlienBackResult;

/** The error codes the API documents (the `status` of an error body). */
export const API_ERROR_CODES = [
  'INVALID_ARGUMENT',
  'DETECTION_FAILED',
  'UNAUTHORIZED',
  'KEY_EXPIRED',
  'NO_PERMISSION',
  'OUT_OF_QUOTA',
  'RATE_LIMIT_EXCEEDED',
  'NOT_FOUND',
  'INTERNAL_ERROR',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Errors the widget itself detects. */
export const CLIENT_ERROR_CODES = [
  'NETWORK_ERROR',
  'TIMEOUT',
  'BAD_RESPONSE',
  'FILE_TOO_LARGE',
  'UNSUPPORTED_FILE',
  'IMAGE_TOO_SMALL',
  'ENCODE_FAILED',
  'ABORTED',
  /** The element is misconfigured (no `proxy-url`, an invalid `sides`): the integrator must fix the page. */
  'CONFIG_ERROR',
] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

export type ErrorCode = ApiErrorCode | ClientErrorCode;

/** The documented error body. */
export interface ApiErrorBody {
  status: ApiErrorCode;
  reason: string;
  request_id: string;
}

/** The documented success body, as the parser accepts it. */
export interface ApiSuccessBody {
  request_id: string;
  status: 'OK';
  results: CardResult[];
}

/** What went wrong with one request, ready to become a `dni-error` detail. */
export interface ApiFailure {
  code: ErrorCode;
  /** HTTP status of the answer, or 0 when there was none. */
  httpStatus: number;
  /** The API's `reason`, or a technical description for client errors. Plain text. */
  reason: string;
  requestId: string | null;
  /** Whether sending the same image again may succeed. */
  retryable: boolean;
  /** Seconds to wait before a retry, from `Retry-After`, when the server gave one. */
  retryAfter?: number;
}
