/**
 * The theming page: a default and a branded `<dni-capture>` side by side, both against the
 * embedded mock API. Demo-only; nothing of it ships in the package.
 * `?auto-capture=off` turns auto-capture off on both (the screenshot tests use it).
 */
import '../src/dni-capture.ts';

const autoCaptureOff = new URLSearchParams(location.search).get('auto-capture') === 'off';
for (const widget of document.querySelectorAll('dni-capture')) {
  widget.headers = { 'X-Mock-Scenario': 'new' };
  widget.noAutoCapture = autoCaptureOff;
}
