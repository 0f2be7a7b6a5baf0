// nact persistence engine over a CheckpointStorage: events are journal entries, with a recovery horizon.
import { TidemarkError } from '../common/errors';
import { failpoint } from '../common/failpoints';
import { seqConflictError } from './errors';
import type { CheckpointStorage } from './storage';

/** An event as nact 7.6.2 hands it to `persist` and expects it back from `events`. */
export interface NactPersistedEvent {
  data: unknown;
  sequenceNumber: number;
  key: string;
  createdAt: number;
  isDeleted: boolean;
  tags: string[];
}

/** A snapshot as nact 7.6.2 hands it to `takeSnapshot` and expects it back from `latestSnapshot`. */
export interface NactPersistedSnapshot {
  data: unknown;
  sequenceNumber: number;
  key: string;
  createdAt: number;
}

/**
 * nact's persistence contract on a CheckpointStorage. The persistence key is the journal's actor
 * key; every event's and snapshot's `data.epoch` (a number) is its epoch. With a recovery horizon
 * set, recovery sees only events and snapshots of epochs <= horizon (the last committed epoch), and
 * the first persist after such a recovery replaces the hidden tail. nact's tags, isDeleted and
 * createdAt are not stored (nact reads none of them back in recovery).
 * @example
 * const engine = new StoragePersistenceEngine(await openCheckpoint(dir));
 * engine.setRecoveryHorizon(storage.latestCommit()?.epoch ?? -1);
 * const system = start(configurePersistence(engine as never));
 */
export class StoragePersistenceEngine {
  private horizon: number | undefined;

  constructor(readonly storage: CheckpointStorage) {}

  /** Hides events and snapshots with epoch > `epoch` from recovery; undefined shows everything. */
  setRecoveryHorizon(epoch: number | undefined): void {
    this.horizon = epoch;
  }

  get recoveryHorizon(): number | undefined {
    return this.horizon;
  }

  /** Synchronous, as nact requires: events of `key` with sequenceNumber > offset, in order. */
  events(key: string, offset: number, limit?: number, _tags?: string[]): NactPersistedEvent[] {
    const entries = this.storage.readJournal(key, offset, this.horizon);
    const kept = limit !== undefined && limit >= 0 ? entries.slice(0, limit) : entries;
    return kept.map((e) => ({ data: e.payload, sequenceNumber: e.seq, key, createdAt: 0, isDeleted: false, tags: [] }));
  }

  async persist(event: NactPersistedEvent): Promise<void> {
    const epoch = epochOf(event.data, 'event', event.key, event.sequenceNumber);
    if (event.sequenceNumber <= this.storage.lastJournalSeq(event.key)) this.replaceHiddenTail(event.key, event.sequenceNumber);
    failpoint('journal.midWrite', event.key);
    await this.storage.appendJournal([{ actorKey: event.key, seq: event.sequenceNumber, epoch, payload: event.data }]);
  }

  async latestSnapshot(key: string): Promise<NactPersistedSnapshot | undefined> {
    const s = this.storage.latestSnapshot(key, this.horizon);
    return s === undefined ? undefined : { data: s.data, sequenceNumber: s.seq, key, createdAt: 0 };
  }

  async takeSnapshot(snapshot: NactPersistedSnapshot): Promise<void> {
    const epoch = epochOf(snapshot.data, 'snapshot', snapshot.key, snapshot.sequenceNumber);
    failpoint('snapshot.during', snapshot.key);
    await this.storage.writeSnapshot({ actorKey: snapshot.key, seq: snapshot.sequenceNumber, epoch, data: snapshot.data });
  }

  /**
   * An actor recovered below the horizon persists again from seq N: the entries from N on must be
   * the hidden ones (epoch > horizon) and are dropped; anything else is a real conflict.
   */
  private replaceHiddenTail(key: string, seq: number): void {
    const tail = this.storage.readJournal(key, seq - 1);
    const horizon = this.horizon;
    const visible = tail.find((e) => horizon === undefined || e.epoch <= horizon);
    if (visible !== undefined) throw seqConflictError(key, seq, this.storage.lastJournalSeq(key));
    this.storage.truncateJournal(key, seq);
  }
}

function epochOf(data: unknown, what: 'event' | 'snapshot', key: string, seq: number): number {
  const epoch = (data as { epoch?: unknown } | null | undefined)?.epoch;
  if (typeof epoch === 'number' && Number.isSafeInteger(epoch) && epoch >= 0) return epoch;
  throw new TidemarkError(
    'PERSIST_EPOCH_MISSING',
    'internal',
    `The ${what} of actor "${key}" at seq ${seq} has epoch ${JSON.stringify(epoch)}; its data must carry ` +
      'a numeric `epoch` (an integer >= 0). Note: put the epoch being processed into every persisted ' +
      `${what}, e.g. ctx.persist({ epoch, changes }).`,
    { actorKey: key, seq, retryable: false },
  );
}
