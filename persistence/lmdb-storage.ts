// Opens a checkpoint directory as LMDB-backed CheckpointStorage: recognise, validate, create, open.
import { mkdirSync, readdirSync, statSync } from 'fs';
import { join, resolve } from 'path';
import { CheckpointError, TidemarkError } from '../common/errors';
import { checkDataFile, type VerifyMode } from './data-file-check';
import { KvCheckpointStorage } from './kv-storage';
import { DATA_FILE, MARKER_FILE, MARKER_TMP_FILE } from './keys';
import { LmdbKv } from './lmdb-kv';
import { readMarker, writeMarker, type Marker } from './marker';
import type { CheckpointStorage } from './storage';

export interface LmdbCheckpointOptions {
  /**
   * 'quick' (default) checks the data file's meta pages and size before opening; 'full' also
   * reads every record in a child process first (slower; finds damage anywhere up front).
   */
  verify?: VerifyMode;
  /** Resolve writes once fsynced (survive an OS crash), not just committed (survive kill -9). Default false. */
  awaitFlush?: boolean;
}

/** Directories open in this process: two queries must never share one checkpoint. */
const openDirs = new Set<string>();

/**
 * Opens the checkpoint in `location`, creating the directory and the checkpoint when it is new or
 * empty. See openCheckpoint in storage.ts for the errors.
 */
export async function openLmdbCheckpoint(location: string, options: LmdbCheckpointOptions = {}): Promise<CheckpointStorage> {
  const dir = resolve(location);
  if (openDirs.has(dir)) {
    throw new CheckpointError(
      'CHECKPOINT_IN_USE',
      `Checkpoint directory "${dir}" is already open in this process. Note: give each query its own ` +
        'checkpoint location, or stop the query using it first.',
      { directory: dir, retryable: false },
    );
  }
  const marker = prepareDirectory(dir, options.verify ?? 'quick');
  const kv = LmdbKv.open(dir, { awaitFlush: options.awaitFlush });
  let storage: KvCheckpointStorage;
  try {
    storage = KvCheckpointStorage.initialize(kv, () => openDirs.delete(dir));
    if (marker.state === 'creating') writeMarker(dir, 'ready', marker.createdAtMs);
  } catch (err) {
    await kv.close().catch(() => undefined);
    throw err;
  }
  openDirs.add(dir);
  return storage;
}

/**
 * Creates `dir` if needed and decides whether it holds a checkpoint (validating it) or is new, in
 * which case a 'creating' marker is written before LMDB creates any file: LMDB files without a
 * marker are never ours, and a 'ready' marker without LMDB files is a damaged checkpoint.
 */
function prepareDirectory(dir: string, verify: VerifyMode): Marker {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(dir, err);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (mkdirErr) {
      throw ioError(dir, mkdirErr);
    }
    return createMarker(dir);
  }
  if (!isDir) {
    throw new CheckpointError(
      'CHECKPOINT_NOT_A_DIRECTORY',
      `Checkpoint location "${dir}" is a file, not a directory. Note: give a directory path (it is ` +
        'created when missing) as the checkpoint location.',
      { directory: dir, retryable: false },
    );
  }
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (err) {
    throw ioError(dir, err);
  }
  if (entries.includes(MARKER_FILE)) {
    const marker = readMarker(dir);
    // Still 'creating': a crash before LMDB wrote its meta pages leaves no or an empty data file.
    if (marker.state === 'creating' && dataFileSize(dir) === 0) return marker;
    checkDataFile(dir, verify);
    return marker;
  }
  if (entries.every((e) => e === MARKER_TMP_FILE)) return createMarker(dir);
  const shown = entries.slice(0, 3).map((e) => `"${e}"`).join(', ');
  const more = entries.length > 3 ? ` and ${entries.length - 3} more` : '';
  throw new CheckpointError(
    'CHECKPOINT_NOT_TIDEMARK',
    `Directory "${dir}" is not a tidemark checkpoint: it holds ${shown}${more} but no "${MARKER_FILE}". ` +
      'Note: use an empty or new directory as the checkpoint location (or the directory a previous run of ' +
      'this query wrote); tidemark does not write into directories it did not create.',
    { directory: dir, entries: entries.slice(0, 20), retryable: false },
  );
}

function createMarker(dir: string): Marker {
  try {
    writeMarker(dir, 'creating');
  } catch (err) {
    throw ioError(dir, err);
  }
  return readMarker(dir);
}

function dataFileSize(dir: string): number {
  try {
    return statSync(join(dir, DATA_FILE)).size;
  } catch {
    return 0;
  }
}

function ioError(dir: string, err: unknown): TidemarkError {
  return new TidemarkError(
    'CHECKPOINT_IO_ERROR',
    'external',
    `Cannot use checkpoint directory "${dir}": ${(err as Error).message}. Note: check that the path and its ` +
      'parent directories exist and are readable and writable by this process.',
    { directory: dir, cause: err, retryable: true },
  );
}
