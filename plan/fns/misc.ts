// Null-handling and hashing scalar functions (coalesce, nvl, nullif, isnan, hash).
import { isNull, valuesEqual } from '../values';
import { firstKnown, fn, type ScalarFunction } from './define';
import { sparkHash } from './hash';

function coalesce(args: unknown[]): unknown {
  for (const a of args) if (!isNull(a)) return a;
  return null;
}

/** arr[i] (0-based, null out of range) or obj[key]. */
function get(c: unknown, i: unknown): unknown {
  if (Array.isArray(c)) {
    const n = typeof i === 'number' ? i : Number(i);
    return Number.isInteger(n) && n >= 0 && n < c.length && !isNull(c[n]) ? c[n] : null;
  }
  if (typeof c === 'object' && c !== null) {
    const v = (c as Record<string, unknown>)[String(i)];
    return isNull(v) ? null : v;
  }
  return null;
}

export const MISC_FUNCTIONS: readonly ScalarFunction[] = [
  fn('coalesce(col1, ...)', 1, Infinity, firstKnown, coalesce, { variadic: true, nullSafe: true }),
  fn('nvl(col1, col2)', 2, 2, firstKnown, (a, b) => (isNull(a) ? (isNull(b) ? null : b) : a), { nullSafe: true }),
  fn('ifnull(col1, col2)', 2, 2, firstKnown, (a, b) => (isNull(a) ? (isNull(b) ? null : b) : a), { nullSafe: true }),
  fn('nvl2(col1, col2, col3)', 3, 3, (t) => firstKnown(t.slice(1)), (a, b, c) => {
    const r = isNull(a) ? c : b;
    return isNull(r) ? null : r;
  }, { nullSafe: true }),
  fn('nullif(col1, col2)', 2, 2, (t) => t[0] ?? 'any', (a, b) => (isNull(a) ? null : !isNull(b) && valuesEqual(a, b) ? null : a), { nullSafe: true }),
  fn('isnan(col)', 1, 1, 'boolean', (v) => typeof v === 'number' && Number.isNaN(v), { nullSafe: true }),
  fn('isnull(col)', 1, 1, 'boolean', (v) => isNull(v), { nullSafe: true }),
  fn('isnotnull(col)', 1, 1, 'boolean', (v) => !isNull(v), { nullSafe: true }),
  fn('nanvl(col1, col2)', 2, 2, 'number', (a, b) => (typeof a === 'number' && Number.isNaN(a) ? b : a)),
  fn('get(array, index)', 2, 2, 'any', get),
  fn('element_at(array, index)', 2, 2, 'any', (c, i) =>
    (Array.isArray(c) && typeof i === 'number' ? get(c, i > 0 ? i - 1 : c.length + i) : get(c, i))),
  fn('size(array)', 1, 1, 'number', (c) => (Array.isArray(c) ? c.length : isNull(c) ? -1 : typeof c === 'object' ? Object.keys(c as object).length : null),
    { nullSafe: true }),
  fn('hash(col, ...)', 1, Infinity, 'number', (args: unknown[]) => sparkHash(args), { variadic: true, nullSafe: true }),
];
