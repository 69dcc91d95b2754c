/**
 * Decodes a UBIGEO code as the DNI prints it (`birth_place`): RENIEC's scheme, never INEI's
 * (the two differ after department 06: Lima is 14 in RENIEC, 15 in INEI; see
 * shared/domain/peru-documents.md). The table (`data.ts`, about 13 KB gzipped) is loaded with
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

/** Expands the compact module (`PPPPName|DDName|…` per province) into a code → place map. */
function expand(data: { DEPARTMENTS: readonly string[]; PROVINCES: string }): Table {
  const places = new Map<string, Readonly<UbigeoPlace>>();
  for (const line of data.PROVINCES.split('\n')) {
    const [head = '', ...districts] = line.split('|');
    const provinceCode = head.slice(0, 4);
    const province = head.slice(4);
    const department = data.DEPARTMENTS[Number(provinceCode.slice(0, 2)) - 1] ?? '';
    for (const entry of districts) {
      places.set(provinceCode + entry.slice(0, 2), Object.freeze({ department, province, district: entry.slice(2) }));
    }
  }
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
