// foreachBatch: hands each committed epoch's rows, and its id, to a user function.
import type { Row } from '../../plan/types';
import type { SinkContext, StreamSink } from '../types';
import { EpochBuffer } from './epoch-buffer';

/** The user function; the api layer wraps `rows` into a bounded DataFrame. */
export type ForeachBatchFunction = (rows: Row[], epoch: number) => Promise<void> | void;

/**
 * At-least-once: a re-run epoch after a crash calls the function again with the same id and rows
 * (the user can dedupe on the id). An epoch that emitted nothing still calls it with []. What the
 * function throws propagates out of commit, and the runtime fails the query with it.
 * @example new ForeachBatchSink(async (rows, id) => { await db.upsert(id, rows); })
 */
export class ForeachBatchSink implements StreamSink {
  readonly description = 'ForeachBatchSink';
  private readonly buffer = new EpochBuffer();
  private lastCount = -1;

  constructor(private readonly fn: ForeachBatchFunction) {}

  async open(_ctx: SinkContext): Promise<void> {}

  write(epoch: number, rows: Row[]): void {
    this.buffer.add(epoch, rows);
  }

  async commit(epoch: number): Promise<void> {
    const rows = this.buffer.take(epoch);
    this.lastCount = rows.length;
    await this.fn(rows, epoch);
  }

  abort(epoch: number): void {
    this.buffer.take(epoch);
  }

  lastEpochRowCount(): number {
    return this.lastCount;
  }
}
