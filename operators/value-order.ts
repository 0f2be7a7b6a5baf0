// Spark's total order over values: used by min/max and by sorting.

/**
 * Compares two non-null values the way Spark orders them: numbers numerically with NaN above
 * every other number and -0 equal to 0; strings by UTF-8 bytes (code points); false < true;
 * Dates by time; arrays element by element, then by length; structs (and windows) field by
 * field. Values of different kinds compare by a fixed kind rank. Nulls are the caller's job.
 * @example [3, NaN, -1].sort(compareValues) // [-1, 3, NaN]
 */
export function compareValues(a: unknown, b: unknown): number {
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number' && tb === 'number') return compareNumbers(a as number, b as number);
  if (ta === 'string' && tb === 'string') return compareStrings(a as string, b as string);
  if ((ta === 'number' || ta === 'bigint') && (tb === 'number' || tb === 'bigint')) {
    if (ta === 'bigint' && tb === 'bigint') return (a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0;
    return compareNumbers(Number(a), Number(b));
  }
  if (ta === 'boolean' && tb === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Date && b instanceof Date) return compareNumbers(a.getTime(), b.getTime());
  if (Array.isArray(a) && Array.isArray(b)) return compareArrays(a, b);
  if (ta === 'object' && tb === 'object' && a !== null && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    return compareStructs(a as Record<string, unknown>, b as Record<string, unknown>);
  }
  const ra = rank(a);
  const rb = rank(b);
  return ra < rb ? -1 : ra > rb ? 1 : 0;
}

/** Nulls (null or undefined) first or last, then `compareValues`. */
export function compareNullable(a: unknown, b: unknown, nullsFirst: boolean): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) {
    if (an && bn) return 0;
    return an === nullsFirst ? -1 : 1;
  }
  return compareValues(a, b);
}

function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0; // also -0 vs 0
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an && bn ? 0 : an ? 1 : -1;
}

/** UTF-8 byte order: UTF-16 unit order except that surrogates (astral code points) sort above U+E000..U+FFFF. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) {
      if (xs && y >= 0xe000) return 1;
      if (ys && x >= 0xe000) return -1;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}

function compareArrays(a: readonly unknown[], b: readonly unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareNullable(a[i], b[i], true);
    if (c !== 0) return c;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function compareStructs(a: Record<string, unknown>, b: Record<string, unknown>): number {
  for (const k of Object.keys(a)) {
    const c = compareNullable(a[k], b[k], true);
    if (c !== 0) return c;
  }
  return 0;
}

function rank(v: unknown): number {
  switch (typeof v) {
    case 'boolean': return 1;
    case 'number': case 'bigint': return 2;
    case 'string': return 3;
    default:
      if (v instanceof Date) return 4;
      if (Array.isArray(v)) return 6;
      return 5;
  }
}
