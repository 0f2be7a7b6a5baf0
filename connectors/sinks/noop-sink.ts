// The noop sink: counts rows and discards them (benchmarks, Spark's format('noop')).
import type { Row } from '../../plan/types';
import type { SinkContext, StreamSink } from '../types';
import { ConnectorOptions } from '../options';

/**
 * Takes no options. `totalRows` counts every committed row.
 * @example const sink = new NoopSink(); sink.write(0, rows); sink.commit(0); sink.totalRows
 */
export class NoopSink implements StreamSink {
  readonly description = 'NoopSink';
  private readonly pending = new Map<number, number>();
  private total = 0;
  private lastCount = -1;

  constructor(options: Readonly<Record<string, unknown>> = {}) {
    new ConnectorOptions('noop sink', options, []);
  }

  async open(_ctx: SinkContext): Promise<void> {}

  write(epoch: number, rows: Row[]): void {
    this.pending.set(epoch, (this.pending.get(epoch) ?? 0) + rows.length);
  }

  commit(epoch: number): void {
    const n = this.pending.get(epoch) ?? 0;
    this.pending.delete(epoch);
    this.total += n;
    this.lastCount = n;
  }

  abort(epoch: number): void {
    this.pending.delete(epoch);
  }

  /** Rows of every committed epoch. */
  get totalRows(): number {
    return this.total;
  }

  lastEpochRowCount(): number {
    return this.lastCount;
  }
}
