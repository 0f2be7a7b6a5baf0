// In-memory CheckpointStorage: ':memory:' (fresh each time) or 'memory:<name>' (survives close and reopen).
import { CheckpointError } from '../common/errors';
import { KvCheckpointStorage } from './kv-storage';
import { MemoryKv } from './memory-kv';
import type { CheckpointStorage } from './storage';

export const MEMORY_PREFIX = 'memory:';

/** Named in-memory checkpoints of this process, kept across close/reopen until dropped. */
const named = new Map<string, MemoryKv>();
const openNames = new Set<string>();

/**
 * A fresh checkpoint held in memory. Values are stored encoded, exactly as on disk, so what does
 * not survive LMDB does not survive here either; writes become visible when their promise settles,
 * as with LMDB. Same code as the LMDB storage above the key-value layer.
 * @example const storage = createMemoryCheckpoint(); await storage.writeCommit({ epoch: 0, nextWatermarkMs: 0 });
 */
export function createMemoryCheckpoint(): CheckpointStorage {
  return KvCheckpointStorage.initialize(new MemoryKv());
}

/**
 * Opens the named in-memory checkpoint 'memory:<name>', creating it on first use: a restart test
 * can close a query and start it again on the same state without touching the disk.
 * @example const s = openNamedMemoryCheckpoint('memory:q1'); await s.close(); openNamedMemoryCheckpoint('memory:q1');
 */
export function openNamedMemoryCheckpoint(location: string): CheckpointStorage {
  if (openNames.has(location)) {
    throw new CheckpointError(
      'CHECKPOINT_IN_USE',
      `Checkpoint "${location}" is already open in this process. Note: give each query its own checkpoint ` +
        'location, or stop the query using it first.',
      { directory: location, retryable: false },
    );
  }
  let kv = named.get(location);
  if (kv === undefined) {
    kv = new MemoryKv(location);
    named.set(location, kv);
  }
  const storage = KvCheckpointStorage.initialize(kv, () => openNames.delete(location));
  openNames.add(location);
  return storage;
}

/** Forgets a named in-memory checkpoint (it must be closed). Returns whether it existed. */
export function dropNamedMemoryCheckpoint(location: string): boolean {
  if (openNames.has(location)) {
    throw new CheckpointError(
      'CHECKPOINT_IN_USE',
      `Checkpoint "${location}" is open and cannot be dropped. Note: close it first.`,
      { directory: location, retryable: false },
    );
  }
  return named.delete(location);
}
