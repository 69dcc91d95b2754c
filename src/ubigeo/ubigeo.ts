/**
 * Decodes a UBIGEO code as the DNI prints it (`birth_place`): RENIEC's scheme, never INEI's
 * (the two differ after department 06: Lima is 14 in RENIEC, 15 in INEI; see
 * shared/domain/peru-documents.md). The table (`data.ts`, about 11 KB gzipped) is loaded with
 * a dynamic `import()` the first time a code is looked up, so it is its own chunk and costs
 * nothing to a page that never decodes a place.
 */

/** A district and what it belongs to, names as RENIEC writes them (upper case, no accents). */
export interface UbigeoPlace {
  department: string;
  province: string;
  district: string;
}

type Table = ReadonlyMap<string, Readonly<UbigeoPlace>>;

let table: Promise<Table> | undefined;

/** An entry's number and name: its own two leading digits, or the one after `previous`. */
function numbered(entry: string, previous: number): [number, string] {
  const code = /^\d\d/.exec(entry)?.[0];
  return code ? [Number(code), entry.slice(2)] : [previous + 1, entry];
}

const twoDigits = (n: number) => String(n).padStart(2, '0');

/**
 * Expands the compact module (departments apart by a blank line, a line per province, codes
 * only where they skip; see data.ts) into a code → place map.
 */
function expand(data: { DEPARTMENTS: readonly string[]; PROVINCES: string }): Table {
  const places = new Map<string, Readonly<UbigeoPlace>>();
  data.PROVINCES.split('\n\n').forEach((lines, index) => {
    const department = data.DEPARTMENTS[index] ?? '';
    let provinceNumber = 0;
    for (const line of lines.split('\n')) {
      const [head = '', ...districts] = line.split('|');
      const [number, province] = numbered(head, provinceNumber);
      provinceNumber = number;
      const prefix = twoDigits(index + 1) + twoDigits(number);
      let districtNumber = 0;
      for (const entry of districts) {
        const [n, name] = numbered(entry, districtNumber);
        districtNumber = n;
        places.set(prefix + twoDigits(n), Object.freeze({ department, province, district: name || province }));
      }
    }
  });
  return places;
}

/** The table, loaded once; a failed load is forgotten so that a later lookup tries again. */
function loadTable(): Promise<Table> {
  table ??= import('./data.js').then(expand, (error: unknown) => {
    table = undefined;
    throw error;
  });
  return table;
}

/**
 * The place of a six-digit RENIEC UBIGEO code (`140133` → LIMA / LIMA / JESUS MARIA), or `null`
 * for a code that is not six digits (nothing is loaded then), a code no district has, or when
 * the table could not be loaded. Never rejects. Surrounding spaces are ignored.
 */
export async function lookupUbigeo(code: string): Promise<UbigeoPlace | null> {
  const value = typeof code === 'string' ? code.trim() : '';
  if (!/^\d{6}$/.test(value)) return null;
  try {
    const place = (await loadTable()).get(value);
    return place ? { ...place } : null;
  } catch {
    return null;
  }
}
