/**
 * Each kept photo's idempotency key, made when the photo is taken (src/flow/intake.ts), so that
 * a resend of the same photo carries the same key. Apart from the client so that the camera path
 * does not load the client.
 */

/** A new idempotency key: a random UUID (v4), also where `crypto.randomUUID` is missing (plain-http pages). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
