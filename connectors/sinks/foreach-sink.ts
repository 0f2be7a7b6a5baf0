// foreach: Spark's ForeachWriter contract (open, process each row, close) per partition and epoch.
import { TidemarkError } from '../../common/errors';
import type { Row } from '../../plan/types';
import type { SinkContext, StreamSink } from '../types';

/**
 * Spark's ForeachWriter. `open` returning false skips the epoch's rows; `close` is called once
 * after every `open` that returned (true or false), with the error that stopped the epoch, if any.
 * A throwing `open` gets no `close`, as in Spark.
 */
export interface ForeachWriter<T = Row> {
  open?(partitionId: number, epochId: number): boolean | Promise<boolean>;
  process(row: T): void | Promise<void>;
  close?(error?: unknown): void | Promise<void>;
}

/**
 * At-least-once: a re-run epoch calls open/process/close again. Rows are processed as they are
 * written (not buffered); `open` runs at the epoch's first write, or at commit for an epoch with
 * no rows, and `close()` at commit.
 * @example new ForeachSink({ process: (row) => seen.push(row) })
 */
export class ForeachSink implements StreamSink {
  readonly description = 'ForeachSink';
  /** Epoch of the current attempt; undefined when idle. */
  private epoch: number | undefined;
  /** 'open': between a returned open and close; 'closed': closed, by commit or by a failure. */
  private state: 'open' | 'closed' = 'closed';
  private accepted = false;
  private failed = false;
  private count = 0;
  private lastCount = -1;

  /** @param partitionId passed to `open` (one sink instance serves one partition). */
  constructor(private readonly writer: ForeachWriter<Row>, private readonly partitionId = 0) {}

  async open(_ctx: SinkContext): Promise<void> {}

  async write(epoch: number, rows: Row[]): Promise<void> {
    // A write after the epoch closed is a re-run of it: open again.
    if (this.epoch !== epoch || this.state === 'closed') await this.openEpoch(epoch);
    if (!this.accepted) return;
    const w = this.writer;
    for (const row of rows) {
      try {
        const r = w.process(row);
        if (r !== undefined && typeof (r as Promise<void>).then === 'function') await r;
      } catch (err) {
        this.failed = true;
        await this.closeWith(err);
        throw err;
      }
      this.count++;
    }
  }

  async commit(epoch: number): Promise<void> {
    if (this.epoch === epoch && this.state === 'closed' && this.failed) return; // already reported
    if (this.epoch !== epoch || this.state === 'closed') await this.openEpoch(epoch);
    this.lastCount = this.count;
    await this.closeWith(undefined);
  }

  /** The epoch will not commit: close the writer with an EPOCH_ABORTED error (not awaited). */
  abort(epoch: number): void {
    if (this.epoch !== epoch) return;
    const wasOpen = this.state === 'open';
    this.epoch = undefined;
    this.state = 'closed';
    if (wasOpen) this.callClose(aborted(epoch)).catch(() => undefined);
  }

  lastEpochRowCount(): number {
    return this.lastCount;
  }

  private async openEpoch(epoch: number): Promise<void> {
    if (this.state === 'open' && this.epoch !== undefined) await this.closeWith(aborted(this.epoch));
    this.epoch = undefined;
    this.state = 'closed';
    this.failed = false;
    this.count = 0;
    const open = this.writer.open;
    // A throwing open propagates: the epoch stays unopened and close is not called.
    this.accepted = open === undefined ? true : (await open.call(this.writer, this.partitionId, epoch)) !== false;
    this.epoch = epoch;
    this.state = 'open';
  }

  private async closeWith(error: unknown): Promise<void> {
    this.state = 'closed';
    if (error === undefined) {
      await this.callClose(undefined);
      return;
    }
    try {
      await this.callClose(error);
    } catch {
      // The error that stopped the epoch is the one to report, not the one from close.
    }
  }

  private async callClose(error: unknown): Promise<void> {
    const close = this.writer.close;
    if (close === undefined) return;
    if (error === undefined) await close.call(this.writer);
    else await close.call(this.writer, error);
  }
}

function aborted(epoch: number): TidemarkError {
  return new TidemarkError('EPOCH_ABORTED', 'internal',
    `Epoch ${epoch} was aborted before it committed. Note: the query failed or stopped; the epoch re-runs on restart.`,
    { epoch });
}
