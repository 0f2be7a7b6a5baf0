// The memory sink: buffers an epoch's rows and stores them in a MemoryTable on commit, idempotently.
import type { OutputMode, Row } from '../../plan/types';
import type { SinkContext, StreamSink } from '../types';
import { EpochBuffer } from './epoch-buffer';
import type { MemoryTable } from './memory-table';

/**
 * Exactly-once into a MemoryTable: append and update modes add each epoch's rows (update is
 * treated as append, as in Spark), complete mode replaces the table; an epoch <= the table's
 * latestEpoch is skipped, so a re-run after a crash changes nothing.
 * @example
 * const sink = new MemorySink(catalog.getOrCreate('counts'));
 */
export class MemorySink implements StreamSink {
  private readonly buffer = new EpochBuffer();
  private mode: OutputMode = 'append';
  private lastCount = -1;

  constructor(readonly table: MemoryTable) {}

  get description(): string {
    return `MemorySink[${this.table.name}]`;
  }

  async open(ctx: SinkContext): Promise<void> {
    this.mode = ctx.outputMode;
  }

  write(epoch: number, rows: Row[]): void {
    this.buffer.add(epoch, rows);
  }

  /** Stores the epoch unless already committed. The count reported is the epoch's rows either way. */
  commit(epoch: number): void {
    const rows = this.buffer.take(epoch);
    this.table.addBatch(epoch, rows, this.mode);
    this.lastCount = rows.length;
  }

  abort(epoch: number): void {
    this.buffer.take(epoch);
  }

  lastEpochRowCount(): number {
    return this.lastCount;
  }
}
