/**
 * The theming page: a default and a branded `<dni-capture>` side by side, both against the
 * embedded mock API. Demo-only; nothing of it ships in the package.
 */
import '../src/dni-capture.ts';

for (const widget of document.querySelectorAll('dni-capture')) {
  widget.headers = { 'X-Mock-Scenario': 'new' };
}
