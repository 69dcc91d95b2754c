/**
 * The README's API reference and the custom-elements manifest (generated from the element's
 * JSDoc by `npm run build`) must say the same thing: attributes, properties, methods, events
 * and their detail types, CSS parts, CSS custom properties and slots. Also: the README starts
 * with the two commands, and its CSP is the one the examples are served with.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ensureDist } from '../../scripts/build/ensure-dist.mjs';
import { STRICT_CSP } from '../../examples/csp.ts';

interface Named {
  name: string;
}
interface Declaration {
  tagName?: string;
  attributes?: (Named & { fieldName?: string })[];
  members?: (Named & { kind: string; privacy?: string; static?: boolean })[];
  events?: (Named & { type?: { text: string } })[];
  cssParts?: Named[];
  cssProperties?: Named[];
  slots?: Named[];
}

const readme = readFileSync('README.md', 'utf8');

/** The body of a `###` section of the API reference. */
function section(title: string): string {
  const reference = readme.slice(readme.indexOf('\n## API reference'));
  const start = reference.indexOf(`\n### ${title}\n`);
  expect(start, `README: no "### ${title}" under "## API reference"`).toBeGreaterThan(0);
  const rest = reference.slice(start + title.length + 6);
  const end = rest.search(/\n##+ /);
  return end < 0 ? rest : rest.slice(0, end);
}

/** The cells of a section's table, without the header and separator rows. */
function rows(title: string): string[][] {
  return section(title)
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

/** `` `name` `` → `name`; `` `name(args): T` `` → `name`; empty cell → null. */
function code(cell: string | undefined): string | null {
  const match = /^`([^`(]+)/.exec(cell ?? '');
  return match ? match[1] : null;
}

const sorted = (names: (string | null | undefined)[]) => names.filter((n): n is string => !!n).sort();

// One worker: beforeAll may build dist/, and two builds at once would trip over each other.
test.describe.configure({ mode: 'default' });

let element: Declaration;

test.beforeAll(() => {
  test.setTimeout(180_000);
  ensureDist();
  const manifest = JSON.parse(readFileSync('dist/custom-elements.json', 'utf8')) as {
    modules: { declarations?: Declaration[] }[];
  };
  const found = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'dni-capture');
  expect(found, 'dist/custom-elements.json has no <dni-capture>').toBeTruthy();
  element = found!;
});

test('README: attributes and properties match the manifest', () => {
  const table = rows('Attributes and properties');
  expect(sorted(table.map((r) => code(r[0])))).toEqual(sorted((element.attributes ?? []).map((a) => a.name)));
  // Public fields: no privacy, or `public` (what the analyzer writes for `static properties`).
  const fields = (element.members ?? []).filter(
    (m) => m.kind === 'field' && !m.static && (!m.privacy || m.privacy === 'public'),
  );
  expect(sorted(table.map((r) => code(r[1])))).toEqual(sorted(fields.map((f) => f.name)));
  for (const attribute of element.attributes ?? []) {
    const row = table.find((r) => code(r[0]) === attribute.name);
    expect(code(row?.[1]), `README: the property of attribute ${attribute.name}`).toBe(attribute.fieldName);
  }
});

test('README: methods match the manifest', () => {
  const methods = (element.members ?? []).filter((m) => m.kind === 'method' && !m.static && !m.privacy);
  expect(sorted(rows('Methods').map((r) => code(r[0])))).toEqual(sorted(methods.map((m) => m.name)));
});

test('README: events and their detail types match the manifest', () => {
  const table = rows('Events');
  expect(sorted(table.map((r) => code(r[0])))).toEqual(sorted((element.events ?? []).map((e) => e.name)));
  for (const event of element.events ?? []) {
    const row = table.find((r) => code(r[0]) === event.name);
    expect(`CustomEvent<${code(row?.[1])}>`, `README: the detail type of ${event.name}`).toBe(event.type?.text);
  }
});

test('README: CSS parts, CSS custom properties and slots match the manifest', () => {
  expect(sorted(rows('CSS parts').map((r) => code(r[0])))).toEqual(sorted((element.cssParts ?? []).map((p) => p.name)));
  expect(sorted(rows('CSS custom properties').map((r) => code(r[0])))).toEqual(
    sorted((element.cssProperties ?? []).map((p) => p.name)),
  );
  const slots = sorted(rows('Slots').map((r) => code(r[0])));
  if (!slots.length) expect(section('Slots')).toMatch(/^\s*None\b/);
  expect(slots).toEqual(sorted((element.slots ?? []).map((s) => s.name || '(default)')));
});

test('README: opens with the two commands, and its CSP is the one the examples run under', () => {
  const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  expect(firstBlock).toMatch(/^npm install && npm start\b/m);
  expect(firstBlock).toMatch(/^npm test\b/m);
  expect(readme.indexOf(firstBlock)).toBeLessThan(200);
  expect(readme).toContain(`Content-Security-Policy: ${STRICT_CSP}\n`);
});
