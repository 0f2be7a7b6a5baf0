// In-memory OrderedKv: sorted arrays per database, with LMDB's "visible once committed" timing.
import { DB_NAMES, type DbName, type Key } from './keys';
import { compareKeys, type KvEntry, type KvRange, type KvWriter, type OrderedKv } from './kv';

interface Table {
  keys: Key[];
  values: Uint8Array[];
}

/** Index of the first key >= `key` (or keys.length). */
function lowerBound(keys: readonly Key[], key: Key): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keys[mid], key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class MemoryKv implements OrderedKv, KvWriter {
  readonly dataFile: string;
  private readonly tables = new Map<DbName, Table>(DB_NAMES.map((n) => [n, { keys: [], values: [] }]));
  /** Serialises async writes so they commit in call order, like LMDB's write queue. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly location: string = ':memory:') {
    this.dataFile = location;
  }

  private table(db: DbName): Table {
    return this.tables.get(db) as Table;
  }

  get(db: DbName, key: Key): Uint8Array | undefined {
    const t = this.table(db);
    const i = lowerBound(t.keys, key);
    return i < t.keys.length && compareKeys(t.keys[i], key) === 0 ? t.values[i] : undefined;
  }

  *range(db: DbName, range: KvRange): Iterable<KvEntry> {
    const t = this.table(db);
    // Snapshot the bounds first: like an LMDB read txn, iteration sees the table as it was.
    const start = range.from === undefined ? 0 : lowerBound(t.keys, range.from);
    const end = range.to === undefined ? t.keys.length : lowerBound(t.keys, range.to);
    const keys = t.keys.slice(start, end);
    const values = t.values.slice(start, end);
    const limit = range.limit ?? Number.POSITIVE_INFINITY;
    let emitted = 0;
    if (range.reverse) {
      for (let i = keys.length - 1; i >= 0 && emitted < limit; i--, emitted++) yield { key: keys[i], value: values[i] };
    } else {
      for (let i = 0; i < keys.length && emitted < limit; i++, emitted++) yield { key: keys[i], value: values[i] };
    }
  }

  *keys(db: DbName, range: KvRange): Iterable<Key> {
    for (const e of this.range(db, range)) yield e.key;
  }

  put(db: DbName, key: Key, value: Uint8Array): void {
    const t = this.table(db);
    const i = lowerBound(t.keys, key);
    const copy = Uint8Array.prototype.slice.call(value);
    if (i < t.keys.length && compareKeys(t.keys[i], key) === 0) {
      t.values[i] = copy;
    } else {
      t.keys.splice(i, 0, Array.isArray(key) ? [...key] : key);
      t.values.splice(i, 0, copy);
    }
  }

  remove(db: DbName, key: Key): void {
    const t = this.table(db);
    const i = lowerBound(t.keys, key);
    if (i < t.keys.length && compareKeys(t.keys[i], key) === 0) {
      t.keys.splice(i, 1);
      t.values.splice(i, 1);
    }
  }

  write<T>(fn: (tx: KvWriter) => T): Promise<T> {
    // Applied in a later microtask, in call order: a write is invisible until its promise settles.
    const result = this.queue.then(() => fn(this));
    this.queue = result.catch(() => undefined);
    return result;
  }

  writeSync<T>(fn: (tx: KvWriter) => T): T {
    return fn(this);
  }

  count(db: DbName): number {
    return this.table(db).keys.length;
  }

  async close(): Promise<void> {
    await this.queue;
  }
}
