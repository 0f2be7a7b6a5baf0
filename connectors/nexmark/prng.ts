// A non-allocating PRNG reseeded per event (xoshiro128** seeded by splitmix32 of the event id).
//
// Beam seeds `new Random(eventId)` for every event so any event can be regenerated alone. We do
// the same with a faster generator: the sequence is NOT bit-identical with java.util.Random, only
// the structure and the distributions are. The state lives in module variables so that drawing a
// number allocates nothing; callers are synchronous, so there is no interleaving to worry about.
// (An Int32Array holds the state: V8 reads and writes it about twice as fast as module `let`s.)

const state = new Int32Array(4);

const GOLDEN = 0x9e3779b9;
const TWO_POW_32 = 4294967296;
/** 2^-32: multiplying by it is exact and cheaper than dividing by 2^32. */
const INV_2_32 = 1 / TWO_POW_32;

function mix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) | 0;
}

/**
 * Resets the generator to the stream of `seed` (a non-negative safe integer, e.g. an event id).
 * Distinct seeds give distinct states (the low word seeds four bijective mixes, the high word is
 * folded into two of them).
 */
export function seed(seedValue: number): void {
  const lo = seedValue >>> 0;
  const hi = seedValue > 0xffffffff ? mix32((Math.floor(seedValue / TWO_POW_32) | 0) ^ 0x5bd1e995) : 0;
  state[0] = mix32((lo + GOLDEN) | 0);
  state[1] = mix32((lo + 2 * GOLDEN) | 0) ^ hi;
  state[2] = mix32((lo + 3 * GOLDEN) | 0);
  state[3] = mix32((lo + 4 * GOLDEN) | 0) ^ Math.imul(hi, 0x85ebca6b);
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
}

/** Next uniform 32-bit unsigned integer. */
export function nextU32(): number {
  let s0 = state[0];
  let s1 = state[1];
  let s2 = state[2];
  let s3 = state[3];
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 11);
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
  return result;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Uniform integer in [0, n) for 0 < n <= 2^21 (multiply-shift; bias below 2^-11). */
export function nextInt(n: number): number {
  return Math.floor(nextU32() * n * INV_2_32);
}

/** Uniform integer in [0, n) for any positive safe integer n (Beam's LongGenerator.nextLong). */
export function nextLong(n: number): number {
  if (n <= 0x200000) return nextInt(n);
  return Math.floor(nextDouble53() * n);
}

/** Uniform double in [0, 1) with 32 bits of resolution (enough for prices). */
export function nextDouble(): number {
  return nextU32() * INV_2_32;
}

/** Uniform double in [0, 1) with 53 bits of resolution. */
export function nextDouble53(): number {
  const a = nextU32() >>> 5;
  const b = nextU32() >>> 6;
  return (a * 67108864 + b) / 9007199254740992;
}
