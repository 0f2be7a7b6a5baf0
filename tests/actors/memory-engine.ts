// An in-memory nact persistence engine for actor tests: copies what it stores, like a real journal.
import type { ActorPersistenceEngine, JournalEvent, JournalSnapshot } from '../../actors/persistence-engine';

export class MemoryPersistenceEngine implements ActorPersistenceEngine {
  readonly journal = new Map<string, JournalEvent[]>();
  readonly snapshots = new Map<string, JournalSnapshot[]>();
  /** Number of events() calls, i.e. recoveries started. */
  reads = 0;
  /** When set, the next persist() rejects with it (then clears). */
  failNextPersist: Error | undefined;

  events(key: string, offset: number): readonly JournalEvent[] {
    this.reads++;
    return (this.journal.get(key) ?? []).filter((e) => e.sequenceNumber > offset).map((e) => structuredClone(e));
  }

  persist(event: JournalEvent): Promise<void> {
    if (this.failNextPersist) {
      const e = this.failNextPersist;
      this.failNextPersist = undefined;
      return Promise.reject(e);
    }
    const list = this.journal.get(event.key) ?? [];
    list.push(structuredClone({ ...event }));
    this.journal.set(event.key, list);
    return Promise.resolve();
  }

  latestSnapshot(key: string): Promise<JournalSnapshot | undefined> {
    const list = this.snapshots.get(key);
    return Promise.resolve(list && list.length > 0 ? structuredClone(list[list.length - 1]) : undefined);
  }

  takeSnapshot(snapshot: JournalSnapshot): Promise<void> {
    const list = this.snapshots.get(snapshot.key) ?? [];
    list.push(structuredClone({ ...snapshot }));
    this.snapshots.set(snapshot.key, list);
    return Promise.resolve();
  }

  /** The journalled payloads of `key`, in order. */
  data(key: string): unknown[] {
    return (this.journal.get(key) ?? []).map((e) => e.data);
  }
}
