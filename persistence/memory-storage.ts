// In-memory CheckpointStorage (':memory:'): batch queries and unit tests; same code and semantics as LMDB.
import { KvCheckpointStorage } from './kv-storage';
import { MemoryKv } from './memory-kv';
import type { CheckpointStorage } from './storage';

/**
 * A fresh checkpoint held in memory. Values are stored encoded, exactly as on disk, so what
 * does not survive LMDB does not survive here either; writes become visible when their promise
 * settles, as with LMDB.
 * @example const storage = createMemoryCheckpoint(); await storage.writeCommit({ epoch: 0, nextWatermarkMs: 0 });
 */
export function createMemoryCheckpoint(): CheckpointStorage {
  return KvCheckpointStorage.initialize(new MemoryKv());
}
