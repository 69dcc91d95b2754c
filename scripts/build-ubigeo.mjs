#!/usr/bin/env node
/**
 * Generates `src/ubigeo/data.ts`, the RENIEC UBIGEO code → department / province / district
 * table that `lookupUbigeo()` loads on demand (its own chunk).
 *
 *   node scripts/build-ubigeo.mjs [source.csv]     write src/ubigeo/data.ts
 *   node scripts/build-ubigeo.mjs --check          fail if data.ts is not what the source gives
 *
 * Source: `ubigeo_distrito.csv` of the MIT-licensed repository
 * jmcastagnetto/ubigeo-peru-aumentado (© 2021 Jesus M. Castagnetto), which gives both the
 * RENIEC and the INEI code of every district. `src/ubigeo/ubigeo_distrito.csv` keeps its first
 * five columns (inei, reniec, departamento, provincia, distrito); the full file works too, as
 * columns are found by name. Only the `reniec` column is used for the table: the DNI prints
 * RENIEC codes, and 996 codes name different districts in INEI's scheme
 * (shared/domain/peru-documents.md). The INEI column is read only to check the source.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = new URL('../', import.meta.url);
const DEFAULT_SOURCE = fileURLToPath(new URL('src/ubigeo/ubigeo_distrito.csv', ROOT));
const OUTPUT = fileURLToPath(new URL('src/ubigeo/data.ts', ROOT));

const SOURCE_REPOSITORY = 'github.com/jmcastagnetto/ubigeo-peru-aumentado';

/** The source's MIT licence, which asks for its notice in every copy of the data. */
const LICENSE = [
  'MIT License',
  '',
  'Copyright (c) 2021 Jesus M. Castagnetto',
  '',
  'Permission is hereby granted, free of charge, to any person obtaining a copy of this',
  'software and associated documentation files (the "Software"), to deal in the Software',
  'without restriction, including without limitation the rights to use, copy, modify, merge,',
  'publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons',
  'to whom the Software is furnished to do so, subject to the following conditions:',
  '',
  'The above copyright notice and this permission notice shall be included in all copies or',
  'substantial portions of the Software.',
  '',
  'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,',
  'INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR',
  'PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE',
  'FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR',
  'OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER',
  'DEALINGS IN THE SOFTWARE.',
];

/** RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((value) => value.trim() !== ''));
}

/** A place name as the table keeps it: upper case, single spaces. */
function cleanName(value) {
  return value.trim().replace(/\s+/g, ' ');
}

const NAME = /^[A-ZÁÉÍÓÚÜÑ][A-ZÁÉÍÓÚÜÑ' -]*$/;

/** Checks one coding scheme: unique codes, one department per 2-digit prefix, one province per 4-digit prefix. */
function checkScheme(records, key) {
  const errors = [];
  const codes = new Set();
  const departments = new Map();
  const provinces = new Map();
  for (const record of records) {
    const code = record[key];
    if (code === null) continue;
    if (codes.has(code)) errors.push(`${key} ${code}: duplicate`);
    codes.add(code);
    const department = code.slice(0, 2);
    const province = code.slice(0, 4);
    const provinceName = `${record.department}/${record.province}`;
    if (departments.has(department) && departments.get(department) !== record.department)
      errors.push(
        `${key} ${code}: department ${record.department}, but ${department} is ${departments.get(department)}`,
      );
    departments.set(department, record.department);
    if (provinces.has(province) && provinces.get(province) !== provinceName)
      errors.push(`${key} ${code}: province ${provinceName}, but ${province} is ${provinces.get(province)}`);
    provinces.set(province, provinceName);
  }
  return { errors, codes: codes.size, departments: departments.size, provinces: provinces.size };
}

/** Reads the source and returns the RENIEC records, sorted by code; throws on any inconsistency. */
export function readSource(path) {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  const column = (name) => {
    const index = header.map((h) => h.trim().toLowerCase()).indexOf(name);
    if (index < 0) throw new Error(`${path}: no column "${name}"`);
    return index;
  };
  const col = {
    reniec: column('reniec'),
    department: column('departamento'),
    province: column('provincia'),
    district: column('distrito'),
  };
  const ineiIndex = header.map((h) => h.trim().toLowerCase()).indexOf('inei');
  const code = (value) => (/^\d{6}$/.test(value.trim()) ? value.trim() : null);
  const records = rows.map((row, i) => {
    const record = {
      reniec: code(row[col.reniec] ?? ''),
      inei: ineiIndex >= 0 ? code(row[ineiIndex] ?? '') : null,
      department: cleanName(row[col.department] ?? ''),
      province: cleanName(row[col.province] ?? ''),
      district: cleanName(row[col.district] ?? ''),
    };
    for (const part of ['department', 'province', 'district'])
      if (!NAME.test(record[part])) throw new Error(`${path} row ${i + 2}: unexpected ${part} name "${record[part]}"`);
    return record;
  });

  const errors = [];
  const reniec = checkScheme(records, 'reniec');
  errors.push(...reniec.errors);
  if (ineiIndex >= 0) errors.push(...checkScheme(records, 'inei').errors);
  if (reniec.departments !== 25) errors.push(`expected 25 departments, found ${reniec.departments}`);
  if (errors.length > 0) throw new Error(`${path}:\n  ${errors.join('\n  ')}`);

  return records.filter((r) => r.reniec !== null).sort((a, b) => (a.reniec < b.reniec ? -1 : 1));
}

/** An entry: its name, after its two-digit code only when `n` does not follow `previous`. */
function numbered(n, previous, name) {
  return (n === previous + 1 ? '' : String(n).padStart(2, '0')) + name;
}

/**
 * The table as text (see the comment on `PROVINCES` in the generated module): codes written only
 * where they do not follow the previous one, a district named as its province left empty. About
 * a fifth smaller gzipped than one code per entry, and the single-file build carries it whole.
 */
export function encodeTable(records) {
  const departments = [];
  const provinces = new Map();
  for (const record of records) {
    departments[Number(record.reniec.slice(0, 2)) - 1] = record.department;
    const prefix = record.reniec.slice(0, 4);
    if (!provinces.has(prefix)) provinces.set(prefix, { name: record.province, districts: [] });
    provinces.get(prefix).districts.push(record);
  }
  if (departments.length !== 25 || departments.some((name) => !name))
    throw new Error('department codes must run 01 to 25 without a gap');
  const groups = departments.map(() => []);
  for (const [prefix, { name, districts }] of provinces) {
    const group = groups[Number(prefix.slice(0, 2)) - 1];
    const previousProvince = group.length > 0 ? group.at(-1).code : 0;
    let previous = 0;
    const entries = districts.map((record) => {
      const n = Number(record.reniec.slice(4));
      const entry = numbered(n, previous, record.district === name ? '' : record.district);
      previous = n;
      return entry;
    });
    const code = Number(prefix.slice(2));
    group.push({ code, line: [numbered(code, previousProvince, name), ...entries].join('|') });
  }
  return { departments, text: groups.map((group) => group.map((p) => p.line).join('\n')).join('\n\n'), provinces };
}

/** The text of `src/ubigeo/data.ts`. */
export function renderModule(records) {
  const { departments, text, provinces } = encodeTable(records);
  const notice = LICENSE.map((line) => (line === '' ? ' *' : ` * ${line}`)).join('\n');
  return `/*! RENIEC UBIGEO codes of Peru's districts, generated by scripts/build-ubigeo.mjs from
 * ubigeo_distrito.csv of ${SOURCE_REPOSITORY} (MIT License).
 *
${notice}
 */
// Do not edit: change src/ubigeo/ubigeo_distrito.csv and run \`node scripts/build-ubigeo.mjs\`.
// ${records.length} districts, ${provinces.size} provinces, ${departments.length} departments (RENIEC scheme, not INEI's).

/**
 * Where the table comes from, and its licence: a string, so that it travels with the data in
 * any build (bundlers may drop comments).
 */
export const SOURCE = ${JSON.stringify(`RENIEC UBIGEO table from ubigeo_distrito.csv of ${SOURCE_REPOSITORY}.\n\n${LICENSE.join('\n')}`)};

/** Department names; index = two-digit RENIEC department code − 1. */
export const DEPARTMENTS: readonly string[] = ${JSON.stringify(departments)};

/**
 * The districts, department by department (in code order from 01, one blank line between
 * them), one line per province: its name, then \`|\` and each district's name. A province's code
 * is the previous one's + 1 (01 first in its department), a district's likewise within its
 * province, unless the entry starts with its own two digits; an empty district name is the
 * province's. \`CHACHAPOYAS||ASUNCION|04CHETO\` means 010101 CHACHAPOYAS, 010102 ASUNCION and
 * 010104 CHETO in the province CHACHAPOYAS (0101) of department 01.
 */
export const PROVINCES = \`${text}\`;
`;
}

function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const source = args.find((a) => !a.startsWith('--')) ?? DEFAULT_SOURCE;
  const records = readSource(source);
  const text = renderModule(records);
  const gzipped = gzipSync(Buffer.from(text)).length;
  if (check) {
    const current = readFileSync(OUTPUT, 'utf8');
    if (current !== text) {
      console.error('src/ubigeo/data.ts is out of date: run node scripts/build-ubigeo.mjs');
      process.exit(1);
    }
    console.log(`src/ubigeo/data.ts is up to date (${records.length} districts, ${gzipped} bytes gzipped)`);
    return;
  }
  writeFileSync(OUTPUT, text);
  console.log(`wrote src/ubigeo/data.ts: ${records.length} districts, ${text.length} bytes, ${gzipped} bytes gzipped`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
