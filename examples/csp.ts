/**
 * The Content-Security-Policy the README tells integrators to copy. The examples are served
 * under it, so their tests prove the widget needs nothing more.
 */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
].join('; ');
