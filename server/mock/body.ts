/**
 * Reading the request body the way the API takes it: a `multipart/form-data` part `file`, or
 * a Base64 `image_base64` field (multipart, urlencoded, or JSON), and `detect_face`.
 */
import type { IncomingMessage } from 'node:http';

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

/** Reads the whole body (so an early answer never resets a client still sending). */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<RawBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) chunks.push(chunk);
      else chunks.length = 0;
      if (received > MAX_DRAIN_BYTES) req.destroy(new Error('request body too large'));
    });
    req.on('end', () => resolve({ buffer: received <= limit ? Buffer.concat(chunks) : null, received }));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('client aborted'));
    });
  });
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
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Finds the image and `detect_face` in a body of the given content type. */
export async function readImageFields(contentType: string | undefined, body: Buffer): Promise<ImageFields> {
  const type = mediaType(contentType);

  if (type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded') {
    let form: FormData;
    try {
      form = await new Request('http://mock.invalid/', {
        method: 'POST',
        headers: { 'content-type': contentType! },
        body: body as Uint8Array<ArrayBuffer>,
      }).formData();
    } catch {
      throw new FieldError(`malformed ${type} body`);
    }
    const detectFace = readDetectFace(form.get('detect_face') ?? undefined);
    const file = form.get('file');
    if (file !== null && typeof file !== 'string') {
      return {
        field: 'file',
        bytes: Buffer.from(await file.arrayBuffer()),
        fileName: (file as File).name ?? null,
        fileType: file.type || null,
        detectFace,
      };
    }
    if (typeof file === 'string' && type === 'multipart/form-data') {
      throw new FieldError("'file' must be a file part of a multipart/form-data body");
    }
    const base64 = form.get('image_base64');
    if (base64 !== null) {
      // In a urlencoded body an unescaped '+' arrives as a space.
      const text = type === 'application/x-www-form-urlencoded' ? String(base64).replace(/ /g, '+') : base64;
      return fromBase64Field(text, detectFace);
    }
    return { ...NONE, detectFace };
  }

  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new FieldError('malformed JSON body');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new FieldError('JSON body must be an object');
    }
    const fields = parsed as Record<string, unknown>;
    const detectFace = readDetectFace(Object.hasOwn(fields, 'detect_face') ? fields['detect_face'] : undefined);
    if (Object.hasOwn(fields, 'image_base64')) return fromBase64Field(fields['image_base64'], detectFace);
    return { ...NONE, detectFace };
  }

  return NONE;
}
