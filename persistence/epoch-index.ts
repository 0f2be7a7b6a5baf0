// Journal/snapshot bookkeeping over the epoch index: last seq per actor, keys by epoch, indexed removal.
import { DB, EPOCH_KIND_JOURNAL, MAX_SEQ, epochIndexKey, journalKey, snapshotKey, type EpochKind } from './keys';
import type { KvReader, KvWriter } from './kv';

/** An epoch-index key: [kind, epoch, actorKey, seq]. */
export type IndexKey = [EpochKind, number, string, number];

/** The actor's largest journal seq, 0 when it has none. */
export function lastSeq(kv: KvReader, actorKey: string): number {
  for (const key of kv.keys(DB.journal, { from: journalKey(actorKey, 0), to: journalKey(actorKey, MAX_SEQ), reverse: true, limit: 1 })) {
    return (key as [string, number])[1];
  }
  return 0;
}

/** Epoch-index keys of `kind` with fromEpoch <= epoch < toEpoch. */
export function indexKeys(kv: KvReader, kind: EpochKind, fromEpoch: number, toEpoch: number): IndexKey[] {
  return [...kv.keys(DB.epochIndex, { from: [kind, fromEpoch], to: [kind, toEpoch] })] as IndexKey[];
}

/** Removes a journal entry or snapshot together with its epoch-index entry. */
export function removeIndexed(tx: KvWriter, [kind, epoch, actorKey, seq]: IndexKey): void {
  if (kind === EPOCH_KIND_JOURNAL) {
    tx.remove(DB.journal, journalKey(actorKey, seq));
  } else {
    tx.remove(DB.snapshotInfo, snapshotKey(actorKey, seq));
    tx.remove(DB.snapshots, snapshotKey(actorKey, seq));
  }
  tx.remove(DB.epochIndex, epochIndexKey(kind, epoch, actorKey, seq));
}
