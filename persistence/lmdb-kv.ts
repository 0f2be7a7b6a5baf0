// OrderedKv on one lmdb-js environment: named binary databases, async and sync transactions, coded errors.
import { join } from 'path';
import { open, type Database, type Key as LmdbKey, type RootDatabase } from 'lmdb';
import { DATA_FILE, DB_NAMES, MAX_DBS, describeKey, type DbName, type Key } from './keys';
import type { KvEntry, KvRange, KvWriter, OrderedKv } from './kv';
import { classifyReadError, classifyWriteError, corruptError, unwrapCommitError } from './errors';

type BinaryDb = Database<Buffer, LmdbKey>;
/** Our keys are readonly arrays; lmdb-js only reads them. */
const lk = (key: Key | undefined): LmdbKey => key as LmdbKey;

export interface LmdbKvOptions {
  /** Resolve writes only once fsynced (survives an OS crash), not just committed (survives kill -9). */
  awaitFlush?: boolean;
}

export class LmdbKv implements OrderedKv {
  readonly dataFile: string;
  private readonly dbs: Record<DbName, BinaryDb>;
  private readonly writer: KvWriter;
  private closing: Promise<void> | undefined;
  /** A commit failed (disk full): close() must not wait forever on lmdb-js. */
  private commitFailed = false;

  private constructor(
    readonly location: string,
    private readonly root: RootDatabase<Buffer, LmdbKey>,
    private readonly options: LmdbKvOptions,
  ) {
    this.dataFile = join(location, DATA_FILE);
    const dbs = {} as Record<DbName, BinaryDb>;
    for (const name of DB_NAMES) dbs[name] = root.openDB<Buffer, LmdbKey>({ name, encoding: 'binary' });
    this.dbs = dbs;
    // Inside a transaction callback lmdb-js's sync put/remove join that transaction.
    this.writer = {
      get: (db, key) => this.get(db, key),
      range: (db, range) => this.range(db, range),
      keys: (db, range) => this.keys(db, range),
      put: (db, key, value) => void this.dbs[db].putSync(lk(key), value as Buffer),
      remove: (db, key) => void this.dbs[db].removeSync(lk(key)),
    };
  }

  /** Opens the environment in `dir` (which the caller has validated). LMDB failures become CHECKPOINT_CORRUPT. */
  static open(dir: string, options: LmdbKvOptions = {}): LmdbKv {
    let root: RootDatabase<Buffer, LmdbKey> | undefined;
    try {
      root = open<Buffer, LmdbKey>({ path: dir, maxDbs: MAX_DBS, encoding: 'binary' });
      return new LmdbKv(dir, root, options);
    } catch (err) {
      if (root !== undefined) void root.close().catch(() => undefined);
      throw corruptError({ file: join(dir, DATA_FILE), cause: err }, `LMDB cannot open it ("${(err as Error).message}")`);
    }
  }

  get(db: DbName, key: Key): Uint8Array | undefined {
    try {
      return this.dbs[db].getBinary(lk(key));
    } catch (err) {
      throw classifyReadError(err, { file: this.dataFile, record: describeKey(db, key) });
    }
  }

  *range(db: DbName, range: KvRange): Iterable<KvEntry> {
    try {
      for (const { key, value } of this.dbs[db].getRange(toLmdbRange(range))) yield { key: key as Key, value };
    } catch (err) {
      throw classifyReadError(err, { file: this.dataFile, record: db });
    }
  }

  *keys(db: DbName, range: KvRange): Iterable<Key> {
    try {
      for (const key of this.dbs[db].getKeys(toLmdbRange(range))) yield key as Key;
    } catch (err) {
      throw classifyReadError(err, { file: this.dataFile, record: db });
    }
  }

  async write<T>(fn: (tx: KvWriter) => T): Promise<T> {
    let result: T;
    try {
      result = await this.root.transaction(() => fn(this.writer));
      if (this.options.awaitFlush) await this.root.flushed;
    } catch (err) {
      this.commitFailed = true;
      // lmdb-js leaves its event-turn batch's commit promise without a handler: handle it here, or a
      // failed commit (disk full) is also an unhandled rejection, which kills a Node process.
      settle(this.root.committed);
      throw classifyWriteError(await unwrapCommitError(err), this.location);
    }
    return result;
  }

  writeSync<T>(fn: (tx: KvWriter) => T): T {
    try {
      return this.root.transactionSync(() => fn(this.writer));
    } catch (err) {
      throw classifyWriteError(err, this.location);
    }
  }

  count(db: DbName): number {
    return (this.dbs[db].getStats() as { entryCount: number }).entryCount;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      // A failed commit was already reported to its writer; closing must still release the directory.
      await settle(this.root.committed);
      const closed = settle(this.root.close());
      // After a failed commit lmdb-js may never settle its flush promise, and close() waits on it.
      if (this.commitFailed) await Promise.race([closed, new Promise<void>((r) => setTimeout(r, 500))]);
      else await closed;
    })();
    return this.closing;
  }
}

/** Waits for a promise-like and ignores its outcome (marking a rejection handled). */
function settle(p: unknown): Promise<void> {
  return Promise.resolve(p as PromiseLike<unknown>).then(() => undefined, () => undefined);
}

/** lmdb-js ranges run from `start` (inclusive) to `end` (exclusive) in iteration order. */
function toLmdbRange(r: KvRange): Record<string, unknown> {
  const out: Record<string, unknown> = r.reverse
    ? { start: r.to, end: r.from, reverse: true, exclusiveStart: r.to !== undefined, inclusiveEnd: r.from !== undefined }
    : { start: r.from, end: r.to };
  if (r.limit !== undefined) out.limit = r.limit;
  return out;
}
