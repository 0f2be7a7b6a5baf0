// The coded errors of the persistence layer, and the mapping of raw LMDB / file-system errors onto them.
import { statfsSync } from 'fs';
import { CheckpointError, TidemarkError, type ErrorDetails } from '../common/errors';

/** A checkpoint that cannot be written because its disk (or LMDB map) is full: retrying after freeing space helps. */
export class CheckpointStorageFullError extends CheckpointError {
  override readonly domain = 'external' as const;
  constructor(message: string, details: ErrorDetails = {}) {
    super('CHECKPOINT_STORAGE_FULL', message, { retryable: true, ...details });
    this.name = 'CheckpointStorageFullError';
  }
}

/** Where a corrupt record was found, for the message and `details`. */
export interface CorruptionSite {
  file: string;
  /** e.g. `offsets[3]` or `journal["agg-0", 12]` */
  record?: string;
  epoch?: number;
  cause?: unknown;
}

const RESTORE_NOTE =
  'Note: restore the checkpoint directory from a backup, or start the query with a new, empty checkpoint ' +
  'directory (its state is then rebuilt from the sources); tidemark never resets a checkpoint by itself.';

export function corruptError(site: CorruptionSite, problem: string): CheckpointError {
  const where = site.record !== undefined ? ` at ${site.record}` : '';
  const epoch = site.epoch !== undefined ? ` (epoch ${site.epoch})` : '';
  return new CheckpointError(
    'CHECKPOINT_CORRUPT',
    `Checkpoint file "${site.file}" is corrupt${where}${epoch}: ${problem}. ${RESTORE_NOTE}`,
    { file: site.file, record: site.record, epoch: site.epoch, cause: site.cause, retryable: false },
  );
}

export function recordVersionError(site: CorruptionSite, version: number, supported: number): CheckpointError {
  const where = site.record !== undefined ? ` at ${site.record}` : '';
  return new CheckpointError(
    'CHECKPOINT_RECORD_VERSION',
    `Checkpoint file "${site.file}" holds a record${where} with version ${version}; this tidemark reads ` +
      `version ${supported}. Note: the checkpoint was written by another tidemark version; run the query ` +
      'with that version, or use a new checkpoint directory.',
    { file: site.file, record: site.record, epoch: site.epoch, recordVersion: version, retryable: false },
  );
}

export function versionUnsupportedError(where: string, found: unknown, supported: number): CheckpointError {
  return new CheckpointError(
    'CHECKPOINT_VERSION_UNSUPPORTED',
    `Checkpoint "${where}" has format version ${JSON.stringify(found)}, newer than the version ${supported} ` +
      'this tidemark supports. Note: run the query with the tidemark version that wrote the checkpoint, or ' +
      'use a new checkpoint directory.',
    { file: where, formatVersion: found, supportedVersion: supported, retryable: false },
  );
}

/** A journal append whose sequence number does not follow the actor's last one. */
export function seqConflictError(actorKey: string, seq: number, lastSeq: number): TidemarkError {
  return new TidemarkError(
    'JOURNAL_SEQ_CONFLICT',
    'internal',
    `Journal append for actor "${actorKey}" has seq ${seq}, but the journal already ends at seq ${lastSeq}. ` +
      'Note: sequence numbers of one actor must strictly increase; truncate the journal tail first ' +
      '(truncateJournal) when re-running discarded epochs.',
    { actorKey, seq, lastSeq, retryable: false },
  );
}

/** A value that must be a non-negative integer (epoch, seq) and is not. */
export function invalidNumberError(what: string, value: unknown): TidemarkError {
  return new TidemarkError(
    'CHECKPOINT_INVALID_ARGUMENT',
    'internal',
    `${what} must be a non-negative integer, got ${describeValue(value)}. Note: this is a bug in the caller ` +
      'of the checkpoint storage; epochs and sequence numbers are integers >= 0.',
    { value, retryable: false },
  );
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === undefined || v === null) return String(v);
  return typeof v;
}

const LMDB_MAP_FULL = -30792;
const ENOSPC = 28;
const EIO = 5;
const EDQUOT = 122;
/** LMDB's own error codes live in (-30800, -30700): corruption, bad version, invalid file, ... */
const isLmdbCode = (c: unknown): c is number => typeof c === 'number' && c < -30700 && c > -30800;

/** Below this much free space an I/O error during a commit is taken to mean "disk full". */
const NEARLY_FULL_BYTES = 8 * 1024 * 1024;

/**
 * lmdb-js rejects an async write with "Commit failed (see commitError for details)" and puts the
 * real error in a rejected `commitError` promise; this unwraps it (and marks it handled).
 */
export async function unwrapCommitError(err: unknown): Promise<unknown> {
  const inner = (err as { commitError?: unknown } | null)?.commitError;
  if (inner !== undefined && typeof (inner as PromiseLike<unknown>).then === 'function') {
    try {
      await inner;
    } catch (real) {
      return real;
    }
  }
  return err;
}

/**
 * Turns a raw write error into a coded one: full disk / full map into CHECKPOINT_STORAGE_FULL
 * (LMDB reports a short write on a full disk as EIO, so EIO with almost no free space counts too),
 * anything else into CHECKPOINT_WRITE_FAILED (external, retryable).
 */
export function classifyWriteError(err: unknown, dir: string): TidemarkError {
  if (err instanceof TidemarkError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  const full =
    code === ENOSPC ||
    code === EDQUOT ||
    code === 'ENOSPC' ||
    code === 'EDQUOT' ||
    code === LMDB_MAP_FULL ||
    /MDB_MAP_FULL|No space left on device|ENOSPC|quota exceeded/i.test(message) ||
    ((code === EIO || code === 'EIO') && freeBytes(dir) < NEARLY_FULL_BYTES);
  if (full) {
    return new CheckpointStorageFullError(
      `Checkpoint directory "${dir}" is full: a write failed with "${message}". Note: free disk space (or ` +
        'move the checkpoint to a larger volume) and restart the query; it resumes from the last commit.',
      { directory: dir, cause: err },
    );
  }
  return new TidemarkError(
    'CHECKPOINT_WRITE_FAILED',
    'external',
    `Writing to checkpoint directory "${dir}" failed: "${message}". Note: check the disk and its ` +
      'permissions, then restart the query; it resumes from the last commit.',
    { directory: dir, cause: err, retryable: true },
  );
}

/** Errors raised by LMDB while reading: its own codes mean a damaged file. */
export function classifyReadError(err: unknown, site: CorruptionSite): unknown {
  if (err instanceof TidemarkError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (isLmdbCode(code)) return corruptError({ ...site, cause: err }, `LMDB reported "${(err as Error).message}"`);
  return err;
}

function freeBytes(dir: string): number {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
