// Served first in every page of the engine smoke (support/server.ts), before the page's own
// scripts: records every widget event in `window.__events` (a Blob in a detail replaced by
// `{ size, type, sha256 }`) and every CSP violation in `window.__violations`. Plain JavaScript,
// served as it is, but for `types`, which the server fills in (src/events.ts's list).
/* global __DNI_EVENT_NAMES__ */
(() => {
  const types = __DNI_EVENT_NAMES__;
  window.__events = [];
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
  });
  const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
  for (const type of types) {
    document.addEventListener(
      type,
      (event) => {
        const detail = { ...(event.detail ?? {}) };
        for (const [key, value] of Object.entries(detail)) {
          if (value instanceof Blob) {
            const summary = { size: value.size, type: value.type };
            detail[key] = summary;
            void value
              .arrayBuffer()
              .then((bytes) => crypto.subtle.digest('SHA-256', bytes))
              .then((digest) => {
                summary.sha256 = hex(digest);
              });
          }
        }
        window.__events.push({ type, detail, time: performance.now() });
      },
      { capture: true },
    );
  }
})();
