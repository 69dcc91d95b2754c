/**
 * Reading the request body the way the API takes it: a `multipart/form-data` part `file`, or
 * a Base64 `image_base64` field (multipart, urlencoded, or JSON), and `detect_face`.
 */
import type { IncomingMessage } from 'node:http';
import { ignore } from '../proxy/ignore.ts';

/** Largest body read: a 5 MB image in Base64 plus form overhead. Anything above is drained and refused. */
export const MAX_BODY_BYTES = Math.ceil((5_000_000 * 4) / 3) + 1_000_000;
/** Past this, the mock stops draining and drops the connection. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

export interface RawBody {
  /** The body, or null when it was larger than `MAX_BODY_BYTES`. */
  buffer: Buffer | null;
  /** Bytes received. */
  received: number;
}

/**
 * Reads the whole body into memory, at most `limit` bytes. A body past the limit (declared by
 * `Content-Length`, or found while reading) is not kept: the mock answers at once and drains
 * the rest without holding it (so a client still sending sees the answer, not a reset), up to
 * `MAX_DRAIN_BYTES`, past which the connection is dropped.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<RawBody> {
  const declared = Number(req.headers['content-length']);
  if (Number.isSafeInteger(declared) && declared > limit) {
    drain(req, 0);
    return Promise.resolve({ buffer: null, received: declared });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      req.off('data', onData);
      drain(req, received);
      resolve({ buffer: null, received });
    };
    req.on('data', onData);
    req.on('end', () => resolve({ buffer: received <= limit ? Buffer.concat(chunks, received) : null, received }));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('client aborted'));
    });
  });
}

/** Reads and drops the rest of a refused body; past `MAX_DRAIN_BYTES` the connection goes. */
function drain(req: IncomingMessage, already: number): void {
  let seen = already;
  req.on('error', ignore);
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > MAX_DRAIN_BYTES) req.destroy();
  });
  req.resume();
}

export interface ImageFields {
  /** Which field carried the image, or null when neither did. */
  field: 'file' | 'image_base64' | null;
  bytes: Buffer | null;
  /** The file part's name and content type. */
  fileName: string | null;
  fileType: string | null;
  detectFace: boolean;
}

/** A field's problem that the API reports as INVALID_ARGUMENT. */
export class FieldError extends Error {}

const NONE: ImageFields = { field: null, bytes: null, fileName: null, fileType: null, detectFace: false };

/** `detect_face`: `1` turns it on; `0`, absent or empty leave it off; anything else is refused. */
function readDetectFace(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === '0') return false;
  if (value === 1 || value === '1') return true;
  throw new FieldError("'detect_face' must be 0 or 1");
}

/** Strict Base64 (standard alphabet, optional padding); whitespace is ignored. */
function decodeBase64(value: string): Buffer {
  const text = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) {
    throw new FieldError("'image_base64' is not valid Base64");
  }
  return Buffer.from(text, 'base64');
}

function fromBase64Field(value: unknown, detectFace: boolean): ImageFields {
  if (typeof value !== 'string') throw new FieldError("'image_base64' must be a string");
  return { field: 'image_base64', bytes: decodeBase64(value), fileName: null, fileType: null, detectFace };
}

/** The media type of a `content-type` header, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Most fields or parts read from a body. The API's bodies have two or three; without a bound,
 * a body of millions of empty fields costs hundreds of MiB to parse (Node's `formData()` does).
 */
export const MAX_FIELDS = 64;
/** Longest header block of a multipart part. */
const MAX_PART_HEADER_BYTES = 16 * 1024;
/** The fields the API reads; any other is skipped without being decoded. */
const WANTED = new Set(['file', 'image_base64', 'detect_face']);

interface Field {
  value: Buffer;
  /** The multipart part's `filename`, when it had one (it is then a file, not a string). */
  fileName: string | null;
  fileType: string | null;
}

/** `+` as a space and `%XX` decoded, as `application/x-www-form-urlencoded` says; bytes → UTF-8. */
function formDecode(bytes: Buffer): string {
  const out = Buffer.allocUnsafe(bytes.length);
  let j = 0;
  const hex = (b: number | undefined) =>
    b === undefined
      ? -1
      : b >= 0x30 && b <= 0x39
        ? b - 0x30
        : b >= 0x41 && b <= 0x46
          ? b - 55
          : b >= 0x61 && b <= 0x66
            ? b - 87
            : -1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x2b) out[j++] = 0x20;
    else if (b === 0x25 && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
      out[j++] = hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]);
      i += 2;
    } else out[j++] = b;
  }
  return out.toString('utf8', 0, j);
}

/** The wanted fields of a urlencoded body (the first of each name), at most `MAX_FIELDS` fields. */
function parseUrlencoded(body: Buffer): Map<string, Field> {
  const out = new Map<string, Field>();
  let count = 0;
  for (let start = 0; start < body.length;) {
    let end = body.indexOf(0x26, start); // '&'
    if (end === -1) end = body.length;
    if (end > start) {
      if (++count > MAX_FIELDS) {
        throw new FieldError(`malformed application/x-www-form-urlencoded body: more than ${MAX_FIELDS} fields`);
      }
      const eq = body.indexOf(0x3d, start); // '='
      const nameEnd = eq !== -1 && eq < end ? eq : end;
      const name = nameEnd - start <= 64 ? formDecode(body.subarray(start, nameEnd)) : '';
      if (WANTED.has(name) && !out.has(name)) {
        const value = nameEnd < end ? formDecode(body.subarray(nameEnd + 1, end)) : '';
        out.set(name, { value: Buffer.from(value, 'utf8'), fileName: null, fileType: null });
      }
    }
    start = end + 1;
  }
  return out;
}

/** A `content-type` parameter (`boundary`), quoted or not. */
function parameter(contentType: string, name: string): string | null {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i').exec(contentType);
  if (!match) return null;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
}

/** The wanted parts of a multipart body (the first of each name), at most `MAX_FIELDS` parts. */
function parseMultipart(body: Buffer, contentType: string): Map<string, Field> {
  const malformed = (why: string) => new FieldError(`malformed multipart/form-data body: ${why}`);
  const boundary = parameter(contentType, 'boundary');
  if (!boundary || boundary.length > 70) throw malformed('no boundary');
  const first = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let pos = body.indexOf(first);
  if (pos === -1) throw malformed('no part');
  pos += first.length;
  const out = new Map<string, Field>();
  for (let count = 0; ; count++) {
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return out; // "--": the end
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) throw malformed('a delimiter not followed by a line end');
    if (count >= MAX_FIELDS) throw malformed(`more than ${MAX_FIELDS} parts`);
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos, 'latin1');
    if (headerEnd === -1 || headerEnd - pos > MAX_PART_HEADER_BYTES) throw malformed('a part without a header block');
    const dataStart = headerEnd + 4;
    const dataEnd = body.indexOf(delimiter, dataStart);
    if (dataEnd === -1) throw malformed('a part that does not end');
    const headers = body.toString('utf8', pos, headerEnd).split('\r\n');
    const disposition = headers.find((h) => /^content-disposition\s*:/i.test(h));
    const type = headers.find((h) => /^content-type\s*:/i.test(h));
    const name = disposition ? parameter(disposition.replace(/^[^;]*/, ''), 'name') : null;
    if (name !== null && WANTED.has(name) && !out.has(name)) {
      const fileName = disposition ? parameter(disposition.replace(/^[^;]*/, ''), 'filename') : null;
      const fileType = type ? type.slice(type.indexOf(':') + 1).trim() || null : null;
      out.set(name, { value: body.subarray(dataStart, dataEnd), fileName, fileType });
    }
    pos = dataEnd + delimiter.length;
  }
}

/**
 * Whether a JSON text is one flat object of at most `MAX_FIELDS` members (what the API's JSON
 * body is), found in one pass without building anything: arrays of millions of numbers or
 * objects of millions of keys are refused before `JSON.parse` builds them.
 */
function flatJsonObject(text: string): 'ok' | 'not-object' | 'nested' | 'too-many' {
  let i = 0;
  while (i < text.length && /\s/.test(text[i])) i++;
  if (text[i] !== '{') return 'not-object';
  let depth = 0;
  let members = 0;
  let inString = false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > 1) return 'nested';
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c && ++members >= MAX_FIELDS) return 'too-many';
  }
  return 'ok';
}

/** Finds the image and `detect_face` in a body of the given content type. */
export function readImageFields(contentType: string | undefined, body: Buffer): ImageFields {
  const type = mediaType(contentType);

  if (type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded') {
    const fields = type === 'multipart/form-data' ? parseMultipart(body, contentType!) : parseUrlencoded(body);
    const text = (name: string): string | undefined => {
      const field = fields.get(name);
      if (!field) return undefined;
      if (field.fileName !== null) throw new FieldError(`'${name}' must be a string, not a file part`);
      return field.value.toString('utf8');
    };
    const detectFace = readDetectFace(text('detect_face'));
    const file = fields.get('file');
    if (file && file.fileName !== null) {
      return { field: 'file', bytes: file.value, fileName: file.fileName, fileType: file.fileType, detectFace };
    }
    if (file && type === 'multipart/form-data') {
      throw new FieldError("'file' must be a file part of a multipart/form-data body");
    }
    const base64 = text('image_base64');
    if (base64 !== undefined) {
      // In a urlencoded body an unescaped '+' arrives as a space.
      return fromBase64Field(
        type === 'application/x-www-form-urlencoded' ? base64.replace(/ /g, '+') : base64,
        detectFace,
      );
    }
    return { ...NONE, detectFace };
  }

  if (type === 'application/json') {
    const text = body.toString('utf8');
    const shape = flatJsonObject(text);
    if (shape === 'not-object') throw new FieldError('JSON body must be an object');
    if (shape === 'nested') throw new FieldError('JSON body must be a flat object (image_base64, detect_face)');
    if (shape === 'too-many') throw new FieldError(`JSON body has more than ${MAX_FIELDS} fields`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new FieldError('malformed JSON body');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new FieldError('JSON body must be an object');
    }
    const fields = parsed as Record<string, unknown>;
    const detectFace = readDetectFace(Object.hasOwn(fields, 'detect_face') ? fields.detect_face : undefined);
    if (Object.hasOwn(fields, 'image_base64')) return fromBase64Field(fields.image_base64, detectFace);
    return { ...NONE, detectFace };
  }

  return NONE;
}
