// The ordered key-value contract under CheckpointStorage: LMDB and memory implement it identically.
import type { DbName, Key } from './keys';

/** Keys k with from <= k < to (either bound may be omitted), ascending unless `reverse`. */
export interface KvRange {
  from?: Key;
  to?: Key;
  reverse?: boolean;
  limit?: number;
}

export interface KvEntry {
  key: Key;
  value: Uint8Array;
}

export interface KvReader {
  get(db: DbName, key: Key): Uint8Array | undefined;
  /** Lazily iterated; do not write to `db` while iterating (collect first). */
  range(db: DbName, range: KvRange): Iterable<KvEntry>;
  keys(db: DbName, range: KvRange): Iterable<Key>;
}

export interface KvWriter extends KvReader {
  put(db: DbName, key: Key, value: Uint8Array): void;
  remove(db: DbName, key: Key): void;
}

export interface OrderedKv extends KvReader {
  /** The checkpoint directory, or ':memory:'. */
  readonly location: string;
  /** The file named in corruption errors. */
  readonly dataFile: string;
  /**
   * Runs `fn` inside one write transaction, later (never in the caller's turn): its reads see the
   * transaction's own writes. Resolves with fn's result once committed. `fn` must not throw after
   * writing: read and validate first, then write.
   */
  write<T>(fn: (tx: KvWriter) => T): Promise<T>;
  /** Like write, but runs and commits before returning. */
  writeSync<T>(fn: (tx: KvWriter) => T): T;
  count(db: DbName): number;
  close(): Promise<void>;
}

/** Total order of keys, matching lmdb-js ordered-binary for the key shapes in keys.ts. */
export function compareKeys(a: Key, b: Key): number {
  const xs = Array.isArray(a) ? a : [a];
  const ys = Array.isArray(b) ? b : [b];
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const c = comparePrimitive(xs[i], ys[i]);
    if (c !== 0) return c;
  }
  return xs.length - ys.length;
}

function comparePrimitive(x: number | string, y: number | string): number {
  if (typeof x === 'number') {
    if (typeof y === 'number') return x < y ? -1 : x > y ? 1 : 0;
    return -1; // numbers sort before strings
  }
  if (typeof y === 'number') return 1;
  if (x === y) return 0;
  // UTF-8 byte order == code point order; UTF-16 unit order differs only around surrogates.
  const len = Math.min(x.length, y.length);
  for (let i = 0; i < len; i++) {
    if (x.charCodeAt(i) !== y.charCodeAt(i)) {
      const cx = x.codePointAt(i) as number;
      const cy = y.codePointAt(i) as number;
      return cx < cy ? -1 : 1;
    }
  }
  return x.length - y.length;
}
