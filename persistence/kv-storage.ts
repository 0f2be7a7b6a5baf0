// CheckpointStorage written once over an OrderedKv, so LMDB and memory checkpoints behave identically.
import { TidemarkError } from '../common/errors';
import { decodeRecord, encodeRecord } from './codec';
import { indexKeys, lastSeq, removeIndexed, type IndexKey } from './epoch-index';
import { corruptError, invalidNumberError, seqConflictError } from './errors';
import {
  DB,
  DB_NAMES,
  EPOCH_KIND_JOURNAL,
  EPOCH_KIND_SNAPSHOT,
  FORMAT_VERSION,
  MAX_SEQ,
  META_CHECKPOINT_KEY,
  META_FORMAT_KEY,
  commitKey,
  describeKey,
  epochIndexKey,
  journalKey,
  offsetsKey,
  sinkKey,
  snapshotKey,
  sourceKey,
  type DbName,
  type Key,
} from './keys';
import type { OrderedKv } from './kv';
import type {
  CheckpointMeta,
  CheckpointStats,
  CheckpointStorage,
  CommitEntry,
  JournalEntry,
  OffsetEntry,
  SnapshotEntry,
} from './storage';
import { actor, checkFormatVersion, index } from './validate';

const EMPTY = new Uint8Array(0);

/** The format record in the meta database: which layout the environment holds. */
interface FormatRecord {
  formatVersion: number;
  createdAtMs: number;
}

export class KvCheckpointStorage implements CheckpointStorage {
  private closed = false;

  private constructor(
    private readonly kv: OrderedKv,
    private readonly onClose: () => void,
  ) {}

  /**
   * Wraps `kv`, writing the format record into a new (empty) environment or checking the existing
   * one: a newer format is CHECKPOINT_VERSION_UNSUPPORTED, data without a format record is corrupt.
   * `onClose` runs once the storage has closed.
   */
  static initialize(kv: OrderedKv, onClose: () => void = () => {}, nowMs: number = Date.now()): KvCheckpointStorage {
    const storage = new KvCheckpointStorage(kv, onClose);
    const format = storage.read(DB.meta, META_FORMAT_KEY) as FormatRecord | undefined;
    if (format === undefined) {
      const hasData = DB_NAMES.some((db) => kv.count(db) > 0);
      if (hasData) throw corruptError({ file: kv.dataFile }, 'its format record is missing but it holds data');
      const record: FormatRecord = { formatVersion: FORMAT_VERSION, createdAtMs: nowMs };
      kv.writeSync((tx) => tx.put(DB.meta, META_FORMAT_KEY, encodeRecord(record)));
    } else {
      checkFormatVersion(format?.formatVersion, kv.dataFile);
    }
    return storage;
  }

  get location(): string {
    return this.kv.location;
  }

  readMeta(): CheckpointMeta | undefined {
    const meta = this.read(DB.meta, META_CHECKPOINT_KEY) as CheckpointMeta | undefined;
    if (meta !== undefined) checkFormatVersion(meta.formatVersion, this.kv.dataFile);
    return meta;
  }

  async writeMeta(meta: CheckpointMeta): Promise<void> {
    await this.put(DB.meta, META_CHECKPOINT_KEY, meta);
  }

  async writeOffsets(entry: OffsetEntry): Promise<void> {
    await this.put(DB.offsets, offsetsKey(index('epoch', entry.epoch)), entry);
  }

  readOffsets(epoch: number): OffsetEntry | undefined {
    return this.read(DB.offsets, offsetsKey(index('epoch', epoch)), epoch) as OffsetEntry | undefined;
  }

  latestOffsets(): OffsetEntry | undefined {
    return this.last(DB.offsets) as OffsetEntry | undefined;
  }

  async writeCommit(entry: CommitEntry): Promise<void> {
    await this.put(DB.commits, commitKey(index('epoch', entry.epoch)), entry);
  }

  readCommit(epoch: number): CommitEntry | undefined {
    return this.read(DB.commits, commitKey(index('epoch', epoch)), epoch) as CommitEntry | undefined;
  }

  latestCommit(): CommitEntry | undefined {
    return this.last(DB.commits) as CommitEntry | undefined;
  }

  async appendJournal(entries: JournalEntry[]): Promise<void> {
    this.open();
    const prepared = entries.map((e) => {
      actor(e.actorKey);
      if (index('seq', e.seq) < 1) throw invalidNumberError('A journal seq (from 1)', e.seq);
      return { e, epoch: index('epoch', e.epoch), bytes: encodeRecord([e.epoch, e.payload]) };
    });
    if (prepared.length === 0) return;
    const conflict = await this.kv.write((tx) => {
      const last = new Map<string, number>();
      for (const { e } of prepared) {
        const prev = last.get(e.actorKey) ?? lastSeq(tx, e.actorKey);
        if (e.seq <= prev) return seqConflictError(e.actorKey, e.seq, prev);
        last.set(e.actorKey, e.seq);
      }
      for (const { e, epoch, bytes } of prepared) {
        tx.put(DB.journal, journalKey(e.actorKey, e.seq), bytes);
        tx.put(DB.epochIndex, epochIndexKey(EPOCH_KIND_JOURNAL, epoch, e.actorKey, e.seq), EMPTY);
      }
      return undefined;
    });
    if (conflict !== undefined) throw conflict;
  }

  readJournal(actorKey: string, afterSeq: number, maxEpoch?: number): JournalEntry[] {
    this.open();
    const from = journalKey(actor(actorKey), index('afterSeq', afterSeq) + 1);
    const out: JournalEntry[] = [];
    for (const { key, value } of this.kv.range(DB.journal, { from, to: journalKey(actorKey, MAX_SEQ) })) {
      const [epoch, payload] = this.journalBody(key, value);
      if (maxEpoch !== undefined && epoch > maxEpoch) break;
      out.push({ actorKey, seq: (key as [string, number])[1], epoch, payload });
    }
    return out;
  }

  lastJournalSeq(actorKey: string): number {
    this.open();
    return lastSeq(this.kv, actor(actorKey));
  }

  discardAfterEpoch(epoch: number): void {
    this.open();
    const from = epoch === -1 ? 0 : index('epoch', epoch) + 1; // -1: nothing committed, discard all
    this.kv.writeSync((tx) => {
      const doomed = [
        ...indexKeys(tx, EPOCH_KIND_JOURNAL, from, MAX_SEQ),
        ...indexKeys(tx, EPOCH_KIND_SNAPSHOT, from, MAX_SEQ),
      ];
      for (const k of doomed) removeIndexed(tx, k);
    });
  }

  truncateJournal(actorKey: string, fromSeq: number): void {
    this.open();
    const from = journalKey(actor(actorKey), index('fromSeq', fromSeq));
    const to = journalKey(actorKey, MAX_SEQ);
    this.kv.writeSync((tx) => {
      const doomed: IndexKey[] = [];
      for (const { key, value } of tx.range(DB.journal, { from, to })) {
        doomed.push([EPOCH_KIND_JOURNAL, this.journalBody(key, value)[0], actorKey, (key as [string, number])[1]]);
      }
      for (const { key, value } of tx.range(DB.snapshotInfo, { from, to })) {
        doomed.push([EPOCH_KIND_SNAPSHOT, this.snapshotEpoch(key, value), actorKey, (key as [string, number])[1]]);
      }
      for (const k of doomed) removeIndexed(tx, k);
    });
  }

  async writeSnapshot(s: SnapshotEntry): Promise<void> {
    this.open();
    const seq = index('seq', s.seq);
    const epoch = index('epoch', s.epoch);
    const info = encodeRecord(epoch);
    const data = encodeRecord(s.data);
    const to = snapshotKey(actor(s.actorKey), MAX_SEQ);
    const failure = await this.kv.write((tx) => {
      const older: IndexKey[] = [];
      const replaced: IndexKey[] = [];
      try {
        for (const { key, value } of tx.range(DB.snapshotInfo, { from: snapshotKey(s.actorKey, 0), to })) {
          const k = key as [string, number];
          (k[1] >= seq ? replaced : older).push([EPOCH_KIND_SNAPSHOT, this.snapshotEpoch(key, value), s.actorKey, k[1]]);
        }
      } catch (err) {
        return err;
      }
      for (const k of [...replaced, ...older.slice(0, Math.max(0, older.length - 1))]) removeIndexed(tx, k);
      tx.put(DB.snapshotInfo, snapshotKey(s.actorKey, seq), info);
      tx.put(DB.snapshots, snapshotKey(s.actorKey, seq), data);
      tx.put(DB.epochIndex, epochIndexKey(EPOCH_KIND_SNAPSHOT, epoch, s.actorKey, seq), EMPTY);
      return undefined;
    });
    if (failure !== undefined) throw failure;
  }

  latestSnapshot(actorKey: string, maxEpoch?: number): SnapshotEntry | undefined {
    this.open();
    const from = snapshotKey(actor(actorKey), 0);
    for (const { key, value } of this.kv.range(DB.snapshotInfo, { from, to: snapshotKey(actorKey, MAX_SEQ), reverse: true })) {
      const epoch = this.snapshotEpoch(key, value);
      if (maxEpoch !== undefined && epoch > maxEpoch) continue;
      const bytes = this.kv.get(DB.snapshots, key);
      const record = describeKey(DB.snapshots, key);
      if (bytes === undefined) throw corruptError({ file: this.kv.dataFile, record, epoch }, 'the snapshot data is missing');
      const data = decodeRecord(bytes, { file: this.kv.dataFile, record, epoch });
      return { actorKey, seq: (key as [string, number])[1], epoch, data };
    }
    return undefined;
  }

  getSourceMeta(sourceIndex: number, key: string): unknown {
    return this.read(DB.sources, sourceKey(index('sourceIndex', sourceIndex), key));
  }

  async putSourceMeta(sourceIndex: number, key: string, value: unknown): Promise<void> {
    await this.put(DB.sources, sourceKey(index('sourceIndex', sourceIndex), key), value);
  }

  getSinkMeta(key: string): unknown {
    return this.read(DB.sinks, sinkKey(key));
  }

  async putSinkMeta(key: string, value: unknown): Promise<void> {
    await this.put(DB.sinks, sinkKey(key), value);
  }

  async purgeBefore(epoch: number): Promise<void> {
    this.open();
    const before = index('epoch', epoch);
    const failure = await this.kv.write((tx) => {
      const covered = new Map<string, number>(); // actor -> largest seq covered by a snapshot older than `before`
      let doomed: IndexKey[];
      try {
        for (const { key, value } of tx.range(DB.snapshotInfo, {})) {
          const [actorKey, seq] = key as [string, number];
          if (this.snapshotEpoch(key, value) < before) covered.set(actorKey, Math.max(seq, covered.get(actorKey) ?? 0));
        }
        doomed = indexKeys(tx, EPOCH_KIND_JOURNAL, 0, before).filter(([, , a, seq]) => seq <= (covered.get(a) ?? 0));
      } catch (err) {
        return err;
      }
      for (const db of [DB.offsets, DB.commits]) {
        for (const k of [...tx.keys(db, { to: before })]) tx.remove(db, k);
      }
      for (const k of doomed) removeIndexed(tx, k);
      return undefined;
    });
    if (failure !== undefined) throw failure;
  }

  stats(): CheckpointStats {
    this.open();
    return {
      journalEntries: this.kv.count(DB.journal),
      snapshots: this.kv.count(DB.snapshotInfo),
      offsets: this.kv.count(DB.offsets),
      commits: this.kv.count(DB.commits),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    try {
      await this.kv.close();
    } finally {
      this.onClose();
    }
  }

  // ---- helpers ----

  private open(): void {
    if (this.closed) {
      throw new TidemarkError(
        'CHECKPOINT_CLOSED',
        'internal',
        `Checkpoint "${this.kv.location}" is closed. Note: open it again with openCheckpoint() before using it.`,
        { location: this.kv.location, retryable: false },
      );
    }
  }

  private read(db: DbName, key: Key, epoch?: number): unknown {
    this.open();
    const bytes = this.kv.get(db, key);
    return bytes === undefined ? undefined : decodeRecord(bytes, { file: this.kv.dataFile, record: describeKey(db, key), epoch });
  }

  private last(db: DbName): unknown {
    this.open();
    for (const { key, value } of this.kv.range(db, { reverse: true, limit: 1 })) {
      return decodeRecord(value, { file: this.kv.dataFile, record: describeKey(db, key), epoch: key as number });
    }
    return undefined;
  }

  private async put(db: DbName, key: Key, value: unknown): Promise<void> {
    this.open();
    const bytes = encodeRecord(value);
    await this.kv.write((tx) => tx.put(db, key, bytes));
  }

  private journalBody(key: Key, value: Uint8Array): [number, unknown] {
    const record = describeKey(DB.journal, key);
    const body = decodeRecord(value, { file: this.kv.dataFile, record });
    if (!Array.isArray(body) || body.length !== 2 || typeof body[0] !== 'number') {
      throw corruptError({ file: this.kv.dataFile, record }, 'the journal record is not [epoch, payload]');
    }
    return body as [number, unknown];
  }

  private snapshotEpoch(key: Key, value: Uint8Array): number {
    const record = describeKey(DB.snapshotInfo, key);
    const epoch = decodeRecord(value, { file: this.kv.dataFile, record });
    if (typeof epoch !== 'number') throw corruptError({ file: this.kv.dataFile, record }, 'the snapshot epoch is not a number');
    return epoch;
  }
}
