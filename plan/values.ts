// Runtime value helpers shared by compiled expressions and scalar functions: null tests, numeric coercion, ordering.

/** Spark has one null; JS rows may hold null or undefined (a missing field). Both count as null. */
export function isNull(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

const NUMERIC_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Coerces a value to a JS number the way Spark's implicit cast does in non-ANSI mode:
 * numbers pass, numeric strings parse, booleans are 1/0, Dates are epoch ms; anything else is null.
 * @example toNumber(' 1.5 ') === 1.5; toNumber('x') === null
 */
export function toNumber(v: unknown): number | null {
  switch (typeof v) {
    case 'number': return v;
    case 'bigint': return Number(v);
    case 'boolean': return v ? 1 : 0;
    case 'string': {
      const s = v.trim();
      if (NUMERIC_RE.test(s)) return Number(s);
      const l = s.toLowerCase();
      if (l === 'nan') return NaN;
      if (l === 'infinity' || l === '+infinity' || l === 'inf') return Infinity;
      if (l === '-infinity' || l === '-inf') return -Infinity;
      return null;
    }
    case 'object':
      if (v instanceof Date) {
        const t = v.getTime();
        return Number.isNaN(t) ? null : t;
      }
      return null;
    default:
      return null;
  }
}

/** Integer value of a number argument (Spark int parameters); null when not numeric. */
export function toInt(v: unknown): number | null {
  const n = toNumber(v);
  return n === null || Number.isNaN(n) ? null : Math.trunc(n);
}

/** String form of a value for string functions (Spark casts arguments to string). */
export function toStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return '[' + v.map((x) => (isNull(x) ? 'null' : toStr(x))).join(', ') + ']';
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

function typeRank(v: unknown): number {
  switch (typeof v) {
    case 'boolean': return 0;
    case 'number': case 'bigint': return 1;
    case 'string': return 2;
    default: return v instanceof Date ? 1 : 3;
  }
}

function compareNumbers(a: number, b: number): number {
  // Spark orders NaN above every other number and treats NaN = NaN.
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an === bn ? 0 : an ? 1 : -1;
}

/**
 * Total order on non-null values, as Spark compares them: numbers (NaN greatest), strings,
 * booleans (false < true), Dates as epoch ms, arrays element-wise, objects field by field.
 * A string compared with a number is read as a number when it is numeric.
 * @example compareValues(1, 2) < 0; compareValues(NaN, Infinity) > 0
 */
export function compareValues(a: unknown, b: unknown): number {
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'number') return compareNumbers(a as number, b as number);
    if (ta === 'string') return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
    if (ta === 'boolean') return a === b ? 0 : a ? 1 : -1;
    if (ta === 'bigint') return a === b ? 0 : (a as bigint) < (b as bigint) ? -1 : 1;
  }
  const ra = typeRank(a);
  const rb = typeRank(b);
  if ((ra === 1 || rb === 1) && ra <= 2 && rb <= 2) {
    const na = toNumber(a);
    const nb = toNumber(b);
    if (na !== null && nb !== null) return compareNumbers(na, nb);
  }
  if (ra !== rb) return ra - rb;
  if (ra === 2) return compareValues(toStr(a), toStr(b));
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = compareNullsFirst(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ka = Object.keys(a);
    for (const k of ka) {
      const c = compareNullsFirst((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
      if (c !== 0) return c;
    }
    return ka.length - Object.keys(b).length;
  }
  return 0;
}

/** compareValues extended to nulls, which sort first (Spark's ascending default). */
export function compareNullsFirst(a: unknown, b: unknown): number {
  const an = isNull(a);
  const bn = isNull(b);
  if (an || bn) return an === bn ? 0 : an ? -1 : 1;
  return compareValues(a, b);
}

/** Equality of two non-null values under Spark's rules (NaN = NaN, structs and arrays by value). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = typeof a;
  if (ta === typeof b && (ta === 'string' || ta === 'boolean' || ta === 'bigint')) return false;
  if (ta === 'number' && typeof b === 'number') return Number.isNaN(a as number) && Number.isNaN(b);
  return compareValues(a, b) === 0;
}
