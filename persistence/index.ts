// The public surface of the persistence layer.
export {
  openCheckpoint,
  MEMORY_LOCATION,
  type CheckpointMeta,
  type CheckpointStats,
  type CheckpointStorage,
  type CommitEntry,
  type JournalEntry,
  type OffsetEntry,
  type SnapshotEntry,
} from './storage';
export { openLmdbCheckpoint, type LmdbCheckpointOptions } from './lmdb-storage';
export { createMemoryCheckpoint, dropNamedMemoryCheckpoint, openNamedMemoryCheckpoint } from './memory-storage';
export { StoragePersistenceEngine, type NactPersistedEvent, type NactPersistedSnapshot } from './nact-engine';
export { CheckpointStorageFullError } from './errors';
export { pack, unpack, RECORD_VERSION } from './codec';
export { FORMAT_VERSION, MARKER_FILE, DATA_FILE } from './keys';
