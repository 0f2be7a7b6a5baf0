// The tidemark-checkpoint.json marker: how a directory is recognised as a checkpoint, written atomically.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'fs';
import { join } from 'path';
import { corruptError, versionUnsupportedError } from './errors';
import { FORMAT_VERSION, MARKER_FILE, MARKER_FORMAT, MARKER_TMP_FILE } from './keys';
import { CheckpointError } from '../common/errors';

/**
 * `state` is 'creating' from before LMDB creates its files until the environment is initialised,
 * then 'ready': missing LMDB files are normal in the first state and corruption in the second.
 */
export interface Marker {
  format: typeof MARKER_FORMAT;
  formatVersion: number;
  createdAtMs: number;
  state: 'creating' | 'ready';
}

/** Writes the marker to a temporary file, fsyncs it, renames it into place and fsyncs the directory. */
export function writeMarker(dir: string, state: Marker['state'], createdAtMs: number = Date.now()): void {
  const marker: Marker = { format: MARKER_FORMAT, formatVersion: FORMAT_VERSION, createdAtMs, state };
  const tmp = join(dir, MARKER_TMP_FILE);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(marker, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, MARKER_FILE));
  fsyncDir(dir);
}

/**
 * Reads and checks the marker of `dir`: a marker of another format means the directory is not
 * ours (CHECKPOINT_NOT_TIDEMARK), a newer version CHECKPOINT_VERSION_UNSUPPORTED, an unreadable
 * one CHECKPOINT_CORRUPT.
 */
export function readMarker(dir: string): Marker {
  const file = join(dir, MARKER_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw corruptError({ file, cause }, `it is not valid JSON (${(cause as Error).message})`);
  }
  const m = parsed as Partial<Marker> | null;
  if (typeof m !== 'object' || m === null || m.format !== MARKER_FORMAT) {
    throw new CheckpointError(
      'CHECKPOINT_NOT_TIDEMARK',
      `Directory "${dir}" is not a tidemark checkpoint: "${MARKER_FILE}" has format ` +
        `${JSON.stringify(m?.format)}, expected "${MARKER_FORMAT}". Note: use an empty or new directory as ` +
        'the checkpoint location.',
      { directory: dir, retryable: false },
    );
  }
  if (typeof m.formatVersion !== 'number' || !Number.isInteger(m.formatVersion) || m.formatVersion < 1) {
    throw corruptError({ file }, `its formatVersion ${JSON.stringify(m.formatVersion)} is not a positive integer`);
  }
  if (m.formatVersion > FORMAT_VERSION) throw versionUnsupportedError(file, m.formatVersion, FORMAT_VERSION);
  return { ...(m as Marker), state: m.state === 'creating' ? 'creating' : 'ready' };
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
