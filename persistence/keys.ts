// THE on-disk layout of a checkpoint: file names, database names, key shapes and format versions.
//
// A checkpoint directory holds:
//   tidemark-checkpoint.json   marker, written atomically: { format: "tidemark-checkpoint", formatVersion,
//                              createdAtMs, state: "creating" | "ready" } (see marker.ts)
//   data.mdb, lock.mdb         one LMDB environment with the named databases below
//
// Keys are lmdb-js ordered-binary keys: numbers, strings, or arrays of them compared element by
// element, so an `[actorKey, seq]` prefix scan returns one actor's journal in seq order.
// Every value is a record envelope (persistence/codec.ts): crc32 | record version | msgpack body.
//
// | database       | key                                   | value (record body)                        |
// |----------------|---------------------------------------|--------------------------------------------|
// | meta           | 'format'                              | { formatVersion, createdAtMs }             |
// | meta           | 'checkpoint'                          | CheckpointMeta                             |
// | offsets        | epoch                                 | OffsetEntry                                |
// | commits        | epoch                                 | CommitEntry                                |
// | journal        | [actorKey, seq]                       | [epoch, payload]                           |
// | snapshot-info  | [actorKey, seq]                       | epoch (number)                             |
// | snapshots      | [actorKey, seq]                       | data                                       |
// | epoch-index    | [kind, epoch, actorKey, seq]          | empty buffer (kind 0 journal, 1 snapshot)  |
// | sources        | [sourceIndex, key]                    | any msgpack value                          |
// | sinks          | key                                   | any msgpack value                          |
//
// Change anything in this table and FORMAT_VERSION must go up; a reader refuses newer versions.

/** Version of the checkpoint layout above. Bump on any change to names, keys or record bodies. */
export const FORMAT_VERSION = 1;

/** Value of the marker file's `format` field: how a directory is recognised as a checkpoint. */
export const MARKER_FORMAT = 'tidemark-checkpoint';
export const MARKER_FILE = 'tidemark-checkpoint.json';
/** Written first, then renamed over MARKER_FILE: a crash never leaves a half-written marker. */
export const MARKER_TMP_FILE = 'tidemark-checkpoint.json.tmp';
export const DATA_FILE = 'data.mdb';
export const LOCK_FILE = 'lock.mdb';

/** Named LMDB databases (sub-databases of one environment; they share transactions). */
export const DB = {
  meta: 'meta',
  offsets: 'offsets',
  commits: 'commits',
  journal: 'journal',
  snapshotInfo: 'snapshot-info',
  snapshots: 'snapshots',
  epochIndex: 'epoch-index',
  sources: 'sources',
  sinks: 'sinks',
} as const;

export type DbName = (typeof DB)[keyof typeof DB];
export const DB_NAMES: readonly DbName[] = Object.values(DB);

/** LMDB's default of 12 named databases leaves no headroom for the next format version. */
export const MAX_DBS = 32;

/** A key: a primitive or an array of primitives (lmdb-js ordered-binary). */
export type Key = number | string | readonly (number | string)[];

/** Largest sequence number / epoch a range scan reaches. */
export const MAX_SEQ = Number.MAX_SAFE_INTEGER;

export const META_FORMAT_KEY = 'format';
export const META_CHECKPOINT_KEY = 'checkpoint';

export const EPOCH_KIND_JOURNAL = 0;
export const EPOCH_KIND_SNAPSHOT = 1;
export type EpochKind = typeof EPOCH_KIND_JOURNAL | typeof EPOCH_KIND_SNAPSHOT;

export const offsetsKey = (epoch: number): Key => epoch;
export const commitKey = (epoch: number): Key => epoch;
export const journalKey = (actorKey: string, seq: number): Key => [actorKey, seq];
export const snapshotKey = (actorKey: string, seq: number): Key => [actorKey, seq];
export const epochIndexKey = (kind: EpochKind, epoch: number, actorKey: string, seq: number): Key => [
  kind,
  epoch,
  actorKey,
  seq,
];
export const sourceKey = (sourceIndex: number, key: string): Key => [sourceIndex, key];
export const sinkKey = (key: string): Key => key;

/** Describes a key for error messages, e.g. `journal["agg-0", 12]`. */
export function describeKey(db: DbName, key: Key): string {
  return `${db}[${(Array.isArray(key) ? key : [key]).map((k) => JSON.stringify(k)).join(', ')}]`;
}
