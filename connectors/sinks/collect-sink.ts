// The collect sink: keeps every committed row in order (batch actions collect, count, show).
import type { Row } from '../../plan/types';
import type { SinkContext, StreamSink } from '../types';
import { EpochBuffer } from './epoch-buffer';

/**
 * Rows of committed epochs, in commit order; rows of an aborted epoch are dropped, and an epoch
 * committed twice is kept once.
 * @example const sink = new CollectSink(); ...; sink.rows()
 */
export class CollectSink implements StreamSink {
  readonly description = 'CollectSink';
  private readonly buffer = new EpochBuffer();
  private readonly committed: Row[] = [];
  private readonly epochs = new Set<number>();
  private lastCount = -1;

  async open(_ctx: SinkContext): Promise<void> {}

  write(epoch: number, rows: Row[]): void {
    this.buffer.add(epoch, rows);
  }

  commit(epoch: number): void {
    const rows = this.buffer.take(epoch);
    this.lastCount = rows.length;
    if (this.epochs.has(epoch)) return;
    this.epochs.add(epoch);
    for (const r of rows) this.committed.push(r);
  }

  abort(epoch: number): void {
    this.buffer.take(epoch);
  }

  /** Every committed row (a copy of the list). */
  rows(): Row[] {
    return this.committed.slice();
  }

  get count(): number {
    return this.committed.length;
  }

  lastEpochRowCount(): number {
    return this.lastCount;
  }
}
