// The table a memory sink writes into and session.table(name) reads: committed epochs' rows.
import type { OutputMode, Row } from '../../plan/types';

/**
 * Rows kept per committed epoch (Spark's MemorySink). Append and update modes add each epoch's
 * rows; complete mode replaces the table with the epoch's rows. An epoch <= latestEpoch is
 * skipped, so a re-run epoch never duplicates rows.
 * @example
 * const t = new MemoryTable('counts');
 * t.addBatch(0, [{ n: 1 }], 'append'); t.rows() // [{ n: 1 }]
 */
export class MemoryTable {
  /** Committed epochs and their rows, in commit order (complete mode: only the latest). */
  readonly batches = new Map<number, Row[]>();
  private latest = -1;
  private readonly listeners = new Set<(epoch: number) => void>();

  constructor(readonly name: string) {}

  /** Last committed epoch; -1 before any. */
  get latestEpoch(): number {
    return this.latest;
  }

  /**
   * Stores an epoch's rows. Returns false (and changes nothing) for an epoch already committed.
   */
  addBatch(epoch: number, rows: readonly Row[], mode: OutputMode): boolean {
    if (epoch <= this.latest) return false;
    if (mode === 'complete') this.batches.clear();
    this.batches.set(epoch, rows.slice());
    this.latest = epoch;
    for (const l of [...this.listeners]) l(epoch);
    return true;
  }

  /** Every row of every kept epoch, in epoch order. */
  rows(): Row[] {
    const out: Row[] = [];
    for (const b of this.batches.values()) for (const r of b) out.push(r);
    return out;
  }

  /** The rows of the last committed epoch ([] before any). */
  lastBatch(): Row[] {
    return this.batches.get(this.latest)?.slice() ?? [];
  }

  /** Forgets every row and epoch (Spark's MemorySink.clear()). */
  clear(): void {
    this.batches.clear();
    this.latest = -1;
  }

  /** Calls `listener(epoch)` after each stored epoch; returns the unsubscribe function. */
  onCommit(listener: (epoch: number) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

/** The memory tables of one session, by query name. */
export class MemoryTableCatalog {
  private readonly tables = new Map<string, MemoryTable>();

  get(name: string): MemoryTable | undefined {
    return this.tables.get(name);
  }

  /** The existing table of that name, or a new empty one. */
  getOrCreate(name: string): MemoryTable {
    let t = this.tables.get(name);
    if (t === undefined) {
      t = new MemoryTable(name);
      this.tables.set(name, t);
    }
    return t;
  }

  /** A new empty table under that name, replacing any previous one. */
  replace(name: string): MemoryTable {
    const t = new MemoryTable(name);
    this.tables.set(name, t);
    return t;
  }

  drop(name: string): boolean {
    return this.tables.delete(name);
  }

  names(): string[] {
    return [...this.tables.keys()];
  }
}
