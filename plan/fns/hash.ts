// Spark's hash(): Murmur3 x86_32 with seed 42, folding arguments left to right (nulls leave the hash unchanged).

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);

function mixK1(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

function mixH1(h: number, k: number): number {
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number, len: number): number {
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

export function hashInt(v: number, seed: number): number {
  return fmix(mixH1(seed, mixK1(v | 0)), 4);
}

export function hashLong(lo: number, hi: number, seed: number): number {
  return fmix(mixH1(mixH1(seed, mixK1(lo | 0)), mixK1(hi | 0)), 8);
}

/** Spark's hashUnsafeBytes: 4-byte little-endian words, then each trailing byte (signed) on its own. */
export function hashBytes(b: Uint8Array, seed: number): number {
  const aligned = b.length - (b.length % 4);
  let h = seed;
  for (let i = 0; i < aligned; i += 4) {
    h = mixH1(h, mixK1(b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)));
  }
  for (let i = aligned; i < b.length; i++) h = mixH1(h, mixK1((b[i] << 24) >> 24));
  return fmix(h, b.length);
}

function hashNumber(n: number, seed: number): number {
  if (Number.isInteger(n)) {
    if (n >= -2147483648 && n <= 2147483647) return hashInt(n, seed);
    if (Number.isSafeInteger(n)) {
      const hi = Math.floor(n / 4294967296);
      return hashLong(n - hi * 4294967296, hi, seed);
    }
  }
  f64[0] = n === 0 ? 0 : n; // -0.0 hashes like 0.0, as in Spark
  return hashLong(i32[0], i32[1], seed);
}

/** Hash of one value with a running seed, following Spark's Murmur3Hash per type (JS numbers: int, long or double). */
export function hashValue(v: unknown, seed: number): number {
  switch (typeof v) {
    case 'number': return hashNumber(v, seed);
    case 'string': return hashBytes(Buffer.from(v, 'utf8'), seed);
    case 'boolean': return hashInt(v ? 1 : 0, seed);
    case 'bigint': {
      const x = BigInt.asIntN(64, v);
      return hashLong(Number(BigInt.asIntN(32, x)), Number(x >> 32n), seed);
    }
    case 'undefined': return seed;
    default:
      if (v === null) return seed;
      if (v instanceof Date) {
        const micros = v.getTime() * 1000;
        const hi = Math.floor(micros / 4294967296);
        return hashLong(micros - hi * 4294967296, hi, seed);
      }
      if (v instanceof Uint8Array) return hashBytes(v, seed);
      if (Array.isArray(v)) {
        let h = seed;
        for (const x of v) h = hashValue(x, h);
        return h;
      }
      if (typeof v === 'object') {
        let h = seed;
        for (const k of Object.keys(v)) h = hashValue((v as Record<string, unknown>)[k], h);
        return h;
      }
      return seed;
  }
}

/**
 * Spark's `hash(cols...)`: a 32-bit signed int.
 * @example sparkHash(['Spark', [123], 2]) === -1321691492
 */
export function sparkHash(args: readonly unknown[]): number {
  let h = 42;
  for (const a of args) h = hashValue(a, h);
  return h;
}
