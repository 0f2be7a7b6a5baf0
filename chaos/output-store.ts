// The chaos child's sink: an LMDB environment of its own where a re-run epoch overwrites its own rows.
import { createHash } from 'node:crypto';
import { open, type Key, type RootDatabase } from 'lmdb';
import { canonicalRow } from './canonical';
import type { EpochOutput } from './verify';

/** Format version of every record in an output store. */
export const OUTPUT_STORE_VERSION = 1;

/*
 * Key layout (one unnamed database, ordered-binary array keys):
 *   ['format']        → { v }                                    written when the store is created
 *   ['clock']         → { v, ms }                                the child's virtual clock, written before each step
 *   ['epoch', e]      → { v, writes, rows, digest, mismatches }  one per epoch the sink committed
 *   ['row', e, i]     → row i of epoch e (lmdb-js structured msgpack)
 */
interface EpochRecord {
  v: number;
  writes: number;
  rows: number;
  digest: string;
  /** Re-writes whose rows differed from the previous write of the same epoch. */
  mismatches: number;
}

export interface EpochWriteResult {
  /** How many times this epoch has now been written (> 1: a replay). */
  readonly writes: number;
  /** False when a replay wrote other rows than the previous write. */
  readonly consistent: boolean;
}

export interface OutputStats {
  readonly epochs: number;
  readonly rows: number;
  /** Writes beyond the first, summed over epochs: epochs replayed. */
  readonly replays: number;
  /** Replays whose rows differed from the earlier write of the same epoch. */
  readonly inconsistentReplays: number;
  readonly inconsistentEpochs: number[];
}

/** Order-independent digest of an epoch's rows (a multiset hash). */
export function rowsDigest(rows: readonly unknown[]): string {
  const h = createHash('sha1');
  for (const s of rows.map(canonicalRow).sort()) h.update(s).update('\n');
  return h.digest('hex');
}

/**
 * Epoch-idempotent output: `writeEpoch(e, rows)` replaces whatever epoch e held, in one synchronous
 * transaction, so after any number of kills the store holds each committed epoch once.
 * @example const s = OutputStore.open(dir); s.writeEpoch(0, rows); s.epochs(); await s.close();
 */
export class OutputStore {
  private constructor(private readonly db: RootDatabase<unknown, Key>, readonly location: string) {}

  static open(dir: string): OutputStore {
    const db = open<unknown, Key>({ path: dir, compression: false });
    const store = new OutputStore(db, dir);
    const format = db.get(['format']) as { v?: number } | undefined;
    if (format === undefined) db.transactionSync(() => db.putSync(['format'], { v: OUTPUT_STORE_VERSION }));
    else if (format.v !== OUTPUT_STORE_VERSION) {
      void db.close();
      throw new Error(`The chaos output store at ${dir} has format version ${JSON.stringify(format.v)}, expected ${OUTPUT_STORE_VERSION}. Note: use a new chaos work directory.`);
    }
    return store;
  }

  /** Replaces epoch `epoch`'s rows; durable against kill -9 when it returns. */
  writeEpoch(epoch: number, rows: readonly unknown[]): EpochWriteResult {
    const digest = rowsDigest(rows);
    const db = this.db;
    return db.transactionSync(() => {
      const prev = db.get(['epoch', epoch]) as EpochRecord | undefined;
      for (const key of db.getKeys({ start: ['row', epoch], end: ['row', epoch + 1] })) db.removeSync(key);
      for (let i = 0; i < rows.length; i++) db.putSync(['row', epoch, i], rows[i]);
      const consistent = prev === undefined || prev.digest === digest;
      const rec: EpochRecord = {
        v: OUTPUT_STORE_VERSION,
        writes: (prev?.writes ?? 0) + 1,
        rows: rows.length,
        digest,
        mismatches: (prev?.mismatches ?? 0) + (consistent ? 0 : 1),
      };
      db.putSync(['epoch', epoch], rec);
      return { writes: rec.writes, consistent };
    });
  }

  /** The child's virtual clock as last saved (undefined before the first step). */
  get clockMs(): number | undefined {
    const rec = this.db.get(['clock']) as { v: number; ms: number } | undefined;
    return rec?.ms;
  }

  /** Saves the clock durably before the child moves it, so a restarted child never goes back in time. */
  setClock(ms: number): void {
    this.db.transactionSync(() => this.db.putSync(['clock'], { v: OUTPUT_STORE_VERSION, ms }));
  }

  /** Every committed epoch's rows, in epoch order. */
  epochs(): EpochOutput[] {
    const out: EpochOutput[] = [];
    let current: { epoch: number; rows: Record<string, unknown>[] } | undefined;
    for (const { key, value } of this.db.getRange({ start: ['row'], end: ['row\u0000'] })) {
      const epoch = (key as unknown[])[1] as number;
      if (!current || current.epoch !== epoch) {
        current = { epoch, rows: [] };
        out.push(current);
      }
      current.rows.push(value as Record<string, unknown>);
    }
    // Epochs that committed no rows exist only as epoch records.
    const withRows = new Set(out.map((e) => e.epoch));
    for (const { key } of this.db.getRange({ start: ['epoch'], end: ['epoch\u0000'] })) {
      const epoch = (key as unknown[])[1] as number;
      if (!withRows.has(epoch)) out.push({ epoch, rows: [] });
    }
    return out.sort((a, b) => a.epoch - b.epoch);
  }

  stats(): OutputStats {
    let epochs = 0;
    let rows = 0;
    let replays = 0;
    let inconsistentReplays = 0;
    const inconsistentEpochs: number[] = [];
    for (const { key, value } of this.db.getRange({ start: ['epoch'], end: ['epoch\u0000'] })) {
      const rec = value as EpochRecord;
      epochs++;
      rows += rec.rows;
      replays += rec.writes - 1;
      inconsistentReplays += rec.mismatches;
      if (rec.mismatches > 0) inconsistentEpochs.push((key as unknown[])[1] as number);
    }
    return { epochs, rows, replays, inconsistentReplays, inconsistentEpochs };
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
