// Math scalar functions with Spark's semantics (HALF_UP round on the decimal form, null for log of <= 0).
import { compareValues, isNull, toInt, toNumber } from '../values';
import { firstKnown, fn, sameAsFirst, type ScalarFunction } from './define';

/** x · 10^d computed on the decimal text, so 2.675 shifts to exactly 267.5 (as Spark's BigDecimal does). */
function shift(x: number, d: number): number {
  const s = String(x);
  const e = s.indexOf('e');
  return e < 0 ? Number(s + 'e' + d) : Number(s.slice(0, e) + 'e' + (Number(s.slice(e + 1)) + d));
}

function roundWith(x: number, d: number, halfEven: boolean): number {
  if (!Number.isFinite(x) || (Number.isInteger(x) && d >= 0)) return x;
  const sign = x < 0 ? -1 : 1;
  const shifted = shift(Math.abs(x), d);
  const f = Math.floor(shifted);
  const diff = shifted - f;
  const r = diff > 0.5 ? f + 1 : diff < 0.5 ? f : halfEven ? (f % 2 === 0 ? f : f + 1) : f + 1;
  const out = sign * shift(r, -d);
  return out === 0 ? 0 : out;
}

/**
 * Spark's round: HALF_UP on the value's decimal representation.
 * @example roundHalfUp(2.5, 0) === 3; roundHalfUp(-2.5, 0) === -3; roundHalfUp(2.675, 2) === 2.68
 */
export function roundHalfUp(x: number, d = 0): number {
  return roundWith(x, d, false);
}

/** Spark's bround: HALF_EVEN (banker's rounding). */
export function roundHalfEven(x: number, d = 0): number {
  return roundWith(x, d, true);
}

function scaled(op: (x: number) => number, x: number, d: number | undefined): number {
  if (d === undefined || d === 0) return op(x);
  return shift(op(shift(x, d)), -d);
}

const N = (v: unknown): number => {
  const n = toNumber(v);
  return n === null ? NaN : n;
};
const D = (v: unknown): number => toInt(v) ?? 0;

/** Applies a numeric function, giving null when the argument is not numeric (Spark's implicit cast). */
function num1(f: (x: number) => unknown): (v: unknown) => unknown {
  return (v) => {
    if (typeof v === 'number') return f(v);
    const n = toNumber(v);
    return n === null ? null : f(n);
  };
}

function extreme(args: unknown[], sign: number): unknown {
  let best: unknown = null;
  for (const a of args) {
    if (isNull(a)) continue;
    if (best === null || sign * compareValues(a, best) > 0) best = a;
  }
  return best;
}

export const MATH_FUNCTIONS: readonly ScalarFunction[] = [
  fn('abs(x)', 1, 1, sameAsFirst, (v) => (typeof v === 'bigint' ? (v < 0n ? -v : v) : num1(Math.abs)(v))),
  fn('round(x[, scale])', 1, 2, 'number', (v, d) => num1((x) => roundHalfUp(x, d === undefined ? 0 : D(d)))(v)),
  fn('bround(x[, scale])', 1, 2, 'number', (v, d) => num1((x) => roundHalfEven(x, d === undefined ? 0 : D(d)))(v)),
  fn('floor(x[, scale])', 1, 2, 'number', (v, d) => num1((x) => scaled(Math.floor, x, d === undefined ? undefined : D(d)))(v)),
  fn('ceil(x[, scale])', 1, 2, 'number', (v, d) => num1((x) => scaled(Math.ceil, x, d === undefined ? undefined : D(d)))(v)),
  fn('sqrt(x)', 1, 1, 'number', num1(Math.sqrt)),
  fn('cbrt(x)', 1, 1, 'number', num1(Math.cbrt)),
  fn('pow(x, y)', 2, 2, 'number', (x, y) => Math.pow(N(x), N(y))),
  fn('exp(x)', 1, 1, 'number', num1(Math.exp)),
  fn('log(base_or_x[, x])', 1, 2, 'number', (a, b) => {
    if (b === undefined) {
      const x = N(a);
      return x <= 0 ? null : Math.log(x);
    }
    const base = N(a);
    const x = N(b);
    return x <= 0 || base <= 0 ? null : Math.log(x) / Math.log(base);
  }),
  fn('ln(x)', 1, 1, 'number', num1((x) => (x <= 0 ? null : Math.log(x)))),
  fn('log10(x)', 1, 1, 'number', num1((x) => (x <= 0 ? null : Math.log10(x)))),
  fn('log2(x)', 1, 1, 'number', num1((x) => (x <= 0 ? null : Math.log2(x)))),
  fn('greatest(col1, col2, ...)', 2, Infinity, firstKnown, (args: unknown[]) => extreme(args, 1), { variadic: true, nullSafe: true }),
  fn('least(col1, col2, ...)', 2, Infinity, firstKnown, (args: unknown[]) => extreme(args, -1), { variadic: true, nullSafe: true }),
  fn('signum(x)', 1, 1, 'number', num1(Math.sign)),
  fn('pmod(a, n)', 2, 2, 'number', (a, n) => {
    const x = N(a);
    const m = N(n);
    if (m === 0 || Number.isNaN(x) || Number.isNaN(m)) return null;
    const r = x % m;
    return r < 0 ? (r + m) % m : r;
  }),
  fn('negative(x)', 1, 1, 'number', num1((x) => -x)),
  fn('positive(x)', 1, 1, 'number', num1((x) => x)),
];
