// HyperLogLog sketch over plain arrays (journal-safe state) for approx_count_distinct.
import { AnalysisError } from '../common/errors';
import { encodeValue } from './key-encoding';

/**
 * Sketch state, plain data so msgpackr can journal it. `r` is either the dense register array
 * (length 2^p, one rho per register) or, while the sketch is small, HLL++'s sparse form: a
 * sorted list of `index25 * 64 + rho25` entries at precision 25 (length < 2^p / 8), which counts
 * small sets (almost) exactly.
 */
export interface HllState {
  p: number;
  r: number[];
}

/** Default precision: 2^12 registers, standard error 1.04 / 64 ≈ 1.6%. */
export const HLL_DEFAULT_PRECISION = 12;

/**
 * Precision for a maximum relative standard deviation, Spark's formula
 * `ceil(2 * log2(1.106 / rsd))`; rsd 0.05 (Spark's default argument) gives p = 9.
 * @example hllPrecisionFor(0.01) === 14
 */
export function hllPrecisionFor(rsd: number): number {
  if (!(rsd > 0) || !Number.isFinite(rsd)) {
    throw new AnalysisError('INVALID_RELATIVE_SD',
      `approx_count_distinct relative standard deviation ${JSON.stringify(rsd)} is not a positive number. Note: pass a value such as 0.05 (Spark's default) or 0.01.`);
  }
  const p = Math.ceil(2 * Math.log2(1.106 / rsd));
  if (p < 4) {
    throw new AnalysisError('INVALID_RELATIVE_SD',
      `approx_count_distinct relative standard deviation ${rsd} is too large (precision ${p} < 4). Note: use a value <= 0.39.`);
  }
  if (p > 18) {
    throw new AnalysisError('INVALID_RELATIVE_SD',
      `approx_count_distinct relative standard deviation ${rsd} is too small (precision ${p} > 18). Note: use a value >= 0.0025.`);
  }
  return p;
}

export function hllInit(p = HLL_DEFAULT_PRECISION): HllState {
  return { p, r: [] };
}

/** Adds a value (nulls are the caller's job to skip). Mutates and returns `s`. */
export function hllAdd(s: HllState, v: unknown): HllState {
  hash64(v);
  const p = s.p;
  if (s.r.length === 1 << p) {
    const rest = (H1 << p) >>> 0;
    const rho = rest !== 0 ? Math.clz32(rest) + 1 : 32 - p + Math.clz32(H2) + 1;
    const idx = H1 >>> (32 - p);
    if (rho > s.r[idx]) s.r[idx] = rho;
    return s;
  }
  const rest = (H1 << SP) >>> 0;
  const rho = rest !== 0 ? Math.clz32(rest) + 1 : 32 - SP + Math.clz32(H2) + 1;
  addSparse(s, H1 >>> (32 - SP), rho);
  return s;
}

/** Union of two sketches of the same precision; mutates and returns `a`, leaves `b` alone. */
export function hllMerge(a: HllState, b: HllState): HllState {
  if (a.p !== b.p) {
    throw new AnalysisError('HLL_PRECISION_MISMATCH',
      `Cannot merge HyperLogLog sketches of precision ${a.p} and ${b.p}. Note: use the same relative standard deviation on both sides.`);
  }
  const m = 1 << a.p;
  if (b.r.length === m) {
    densify(a);
    for (let i = 0; i < m; i++) if (b.r[i] > a.r[i]) a.r[i] = b.r[i];
  } else {
    for (const e of b.r) {
      // `a` may turn dense midway
      if (a.r.length === m) denseFromSparse(a.r, a.p, e);
      else addSparse(a, Math.floor(e / 64), e % 64);
    }
  }
  return a;
}

/**
 * The cardinality estimate, rounded: linear counting at precision 25 while sparse, then Ertl's
 * improved estimator (2017), which needs no empirical bias tables.
 */
export function hllEstimate(s: HllState): number {
  const p = s.p;
  const m = 1 << p;
  if (s.r.length < m) {
    const ms = 2 ** SP;
    return Math.round(ms * Math.log(ms / (ms - s.r.length)));
  }
  const q = 64 - p;
  const c = new Array<number>(q + 2).fill(0);
  for (let i = 0; i < m; i++) c[s.r[i]]++;
  if (c[0] === m) return 0;
  let z = m * tau(1 - c[q + 1] / m);
  for (let k = q; k >= 1; k--) z = 0.5 * (z + c[k]);
  z += m * sigma(c[0] / m);
  return Math.round(m * m / (2 * Math.LN2 * z));
}

/** Sparse precision (HLL++'s p'). */
const SP = 25;

function addSparse(s: HllState, idx: number, rho: number): void {
  const r = s.r;
  let lo = 0;
  let hi = r.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = Math.floor(r[mid] / 64);
    if (at < idx) lo = mid + 1;
    else if (at > idx) hi = mid - 1;
    else {
      if (rho > r[mid] % 64) r[mid] = idx * 64 + rho;
      return;
    }
  }
  r.splice(lo, 0, idx * 64 + rho);
  if (r.length >= (1 << s.p) >>> 3) densify(s);
}

function densify(s: HllState): void {
  const m = 1 << s.p;
  if (s.r.length === m) return;
  const dense = new Array<number>(m).fill(0);
  for (const e of s.r) denseFromSparse(dense, s.p, e);
  s.r = dense;
}

/** Folds one sparse entry into dense registers (HLL++'s decoding of a precision-25 index). */
function denseFromSparse(dense: number[], p: number, e: number): void {
  const idxS = Math.floor(e / 64);
  const lowBits = SP - p;
  const idx = idxS >>> lowBits;
  const low = idxS & ((1 << lowBits) - 1);
  const rho = low !== 0 ? Math.clz32(low) - (32 - lowBits) + 1 : lowBits + (e % 64);
  if (rho > dense[idx]) dense[idx] = rho;
}

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const prev = z;
    z += x * y;
    y += y;
    if (z === prev) return z;
  }
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const prev = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
    if (z === prev) return z / 3;
  }
}

// 64-bit hash as two 32-bit halves (module-level to avoid allocating per value).
let H1 = 0;
let H2 = 0;
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

function hash64(v: unknown): void {
  if (typeof v === 'number') {
    F64[0] = v === 0 ? 0 : Number.isNaN(v) ? NaN : v;
    mixWords(U32[0], U32[1]);
  } else if (typeof v === 'string') {
    hashString(v);
  } else if (v instanceof Date) {
    F64[0] = v.getTime();
    mixWords(U32[0], U32[1]);
  } else {
    hashString(encodeValue(v));
  }
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mixWords(lo: number, hi: number): void {
  H1 = murmurWords(lo, hi, 0x9747b28c);
  H2 = murmurWords(lo, hi, 0x5bd1e995);
}

/** MurmurHash3 (x86, 32-bit) of two 32-bit words. */
function murmurWords(lo: number, hi: number, seed: number): number {
  let h = seed;
  let k = Math.imul(lo, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  k = Math.imul(hi, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  return fmix32(h ^ 8);
}

function hashString(str: string): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  H1 = fmix32(h1 ^ str.length);
  H2 = fmix32(h2 ^ Math.imul(H1, 0x9e3779b1));
}
