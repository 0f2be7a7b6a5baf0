// A small seeded PRNG (mulberry32) so a chaos run is reproducible from its --seed.

/** Random numbers in [0, 1) from a 32-bit seed; the same seed gives the same sequence. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let x = this.state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A new generator whose sequence depends on this one's seed and `salt` (independent streams). */
  fork(salt: number): Prng {
    return new Prng((this.next() * 4294967296) ^ Math.imul(salt + 1, 0x9e3779b1));
  }
}

/** A fresh seed for runs started without --seed (printed in the report so the run can be repeated). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
