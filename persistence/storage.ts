// The CheckpointStorage contract: what the runtime persists per checkpoint, and openCheckpoint().
import { openLmdbCheckpoint, type LmdbCheckpointOptions } from './lmdb-storage';
import { createMemoryCheckpoint, MEMORY_PREFIX, openNamedMemoryCheckpoint } from './memory-storage';

/** Identity and compatibility facts of a checkpoint, written once when a query first starts. */
export interface CheckpointMeta {
  /** keys.ts FORMAT_VERSION of the writer; readMeta refuses newer ones. */
  formatVersion: number;
  queryId: string;
  createdAtMs: number;
  planFingerprint: string;
  stateSignature: string[];
  shufflePartitions: number;
  conf: Record<string, string>;
}

/** Written before an epoch runs (Spark's offset log): re-running an epoch reuses exactly these. */
export interface OffsetEntry {
  epoch: number;
  /** One per source, JSON-like values. */
  ranges: { start: unknown; end: unknown }[];
  watermarkMs: number;
  batchTimestampMs: number;
  conf: Record<string, string>;
}

/** Written once an epoch's output and state are durable (Spark's commit log). */
export interface CommitEntry {
  epoch: number;
  nextWatermarkMs: number;
}

/** One journalled change batch of one actor; seq strictly increases per actor. */
export interface JournalEntry {
  actorKey: string;
  seq: number;
  epoch: number;
  payload: unknown;
}

/** An actor's state as of `seq`: journal entries with a larger seq are replayed on top of it. */
export interface SnapshotEntry {
  actorKey: string;
  seq: number;
  epoch: number;
  data: unknown;
}

export interface CheckpointStats {
  journalEntries: number;
  snapshots: number;
  offsets: number;
  commits: number;
}

/**
 * One checkpoint: an LMDB environment in a directory, or memory (':memory:').
 * Writes return promises and are visible to reads (and durable against kill -9) once they resolve;
 * reads are synchronous and see only resolved writes. Sync writers (discardAfterEpoch,
 * truncateJournal) commit before returning. Values go through persistence/codec.ts: anything
 * msgpackr encodes round-trips, including Map, Set, Date, Buffer and bigint.
 */
export interface CheckpointStorage {
  /** The directory, or ':memory:'. */
  readonly location: string;
  readMeta(): CheckpointMeta | undefined;
  writeMeta(meta: CheckpointMeta): Promise<void>;
  writeOffsets(entry: OffsetEntry): Promise<void>;
  readOffsets(epoch: number): OffsetEntry | undefined;
  latestOffsets(): OffsetEntry | undefined;
  writeCommit(entry: CommitEntry): Promise<void>;
  readCommit(epoch: number): CommitEntry | undefined;
  latestCommit(): CommitEntry | undefined;
  /** All entries in one transaction. Rejects with JOURNAL_SEQ_CONFLICT unless each actor's seqs increase. */
  appendJournal(entries: JournalEntry[]): Promise<void>;
  /** Entries of `actorKey` with seq > afterSeq in seq order, stopping before the first with epoch > maxEpoch. */
  readJournal(actorKey: string, afterSeq: number, maxEpoch?: number): JournalEntry[];
  /** 0 when the actor has no journal entries. */
  lastJournalSeq(actorKey: string): number;
  /** Drops every journal entry and snapshot with epoch > `epoch` (restart recovery). Sync transaction. */
  discardAfterEpoch(epoch: number): void;
  /** Drops the actor's journal entries and snapshots with seq >= fromSeq (a rewritten tail). Sync transaction. */
  truncateJournal(actorKey: string, fromSeq: number): void;
  /**
   * Stores a snapshot, replacing the actor's snapshots with seq >= s.seq (a rewritten history) and
   * keeping the newest 2: the runtime must not snapshot one actor in two uncommitted epochs.
   */
  writeSnapshot(s: SnapshotEntry): Promise<void>;
  /** The actor's snapshot with the largest seq whose epoch <= maxEpoch. */
  latestSnapshot(actorKey: string, maxEpoch?: number): SnapshotEntry | undefined;
  getSourceMeta(sourceIndex: number, key: string): unknown;
  putSourceMeta(sourceIndex: number, key: string, value: unknown): Promise<void>;
  getSinkMeta(key: string): unknown;
  putSinkMeta(key: string, value: unknown): Promise<void>;
  /**
   * Drops offsets and commits with epoch < `epoch`, and per actor the journal entries with
   * seq <= the seq of its newest snapshot whose epoch < `epoch`.
   */
  purgeBefore(epoch: number): Promise<void>;
  stats(): CheckpointStats;
  /** Waits for pending writes, then releases the directory. Idempotent. */
  close(): Promise<void>;
}

export const MEMORY_LOCATION = ':memory:';

/**
 * Opens (or creates) the checkpoint at `location`: a directory (LMDB); undefined or ':memory:' for
 * a fresh memory storage; 'memory:<name>' for an in-memory checkpoint that survives close and
 * reopen within the process. Throws CheckpointError CHECKPOINT_NOT_A_DIRECTORY,
 * CHECKPOINT_NOT_TIDEMARK, CHECKPOINT_VERSION_UNSUPPORTED, CHECKPOINT_CORRUPT or CHECKPOINT_IN_USE
 * when the location cannot be used.
 * @example const storage = await openCheckpoint('/var/lib/tidemark/q1'); // ... await storage.close();
 */
export async function openCheckpoint(
  location: string | undefined,
  options: LmdbCheckpointOptions = {},
): Promise<CheckpointStorage> {
  if (location === undefined || location === MEMORY_LOCATION) return createMemoryCheckpoint();
  if (location.startsWith(MEMORY_PREFIX)) return openNamedMemoryCheckpoint(location);
  return openLmdbCheckpoint(location, options);
}
