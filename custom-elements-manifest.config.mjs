/**
 * `cem analyze --litelement` (run by `npm run build` and `npm run analyze`) writes
 * dist/custom-elements.json from the JSDoc of src/dni-capture.ts: attributes, properties, methods,
 * events, CSS parts and CSS custom properties, for editors and frameworks.
 *
 * Two additions to what the analyzer reads on its own:
 * - each event's type, `CustomEvent<Detail>`, taken from `DniEventMap` in src/events.ts (the
 *   one place events are typed), and a check that the JSDoc's `@event`s and that map list the
 *   same names;
 * - the module path is the shipped `dist/dni-capture.js`, and private members and type-only
 *   exports are left out: the manifest describes what users of the package can touch.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const SOURCE = 'src/dni-capture.ts';
const SHIPPED = 'dist/dni-capture.js';

/** `{ 'dni-result': 'DniResultDetail', ... }` from the `DniEventMap` interface. */
function eventDetailTypes(file = 'src/events.ts') {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const map = source.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === 'DniEventMap');
  if (!map) throw new Error(`${file}: no DniEventMap interface`);
  return Object.fromEntries(
    map.members
      .filter(ts.isPropertySignature)
      .map((m) => [m.name.getText(source).replace(/['"]/g, ''), m.type.getText(source)]),
  );
}

function dniCapturePlugin() {
  return {
    name: 'dni-capture:typed-events-and-public-surface',
    packageLinkPhase({ customElementsManifest }) {
      const details = eventDetailTypes();
      for (const mod of customElementsManifest.modules) {
        if (mod.path === SOURCE) mod.path = SHIPPED;
        for (const declaration of mod.declarations ?? []) {
          if (!declaration.customElement) continue;
          declaration.members = (declaration.members ?? []).filter(
            (m) => m.privacy !== 'private' && m.privacy !== 'protected',
          );
          const documented = (declaration.events ?? []).map((e) => e.name);
          const typed = Object.keys(details);
          const missing = typed.filter((n) => !documented.includes(n));
          const extra = documented.filter((n) => !typed.includes(n));
          if (missing.length || extra.length) {
            throw new Error(
              `${declaration.tagName}: the JSDoc @events and DniEventMap disagree` +
                (missing.length ? `; not documented: ${missing.join(', ')}` : '') +
                (extra.length ? `; not in DniEventMap: ${extra.join(', ')}` : ''),
            );
          }
          for (const event of declaration.events) event.type = { text: `CustomEvent<${details[event.name]}>` };
        }
        // The element's own exports; its other ones (`export type ...`) are types, not JavaScript.
        mod.exports = (mod.exports ?? []).filter((entry) => entry.declaration?.module === SOURCE);
        for (const entry of mod.exports) entry.declaration.module = SHIPPED;
      }
    },
  };
}

export default {
  globs: [SOURCE],
  outdir: 'dist',
  litelement: true,
  // package.json already says "customElements": "custom-elements.json"; the analyzer must not
  // rewrite the file on every build.
  packagejson: false,
  dependencies: false,
  plugins: [dniCapturePlugin()],
};
