// Rows written to a sink, held per epoch until the epoch commits or aborts.
import type { Row } from '../../plan/types';

/**
 * `write` may be called many times in an epoch; `take` returns everything written for it, in
 * order, and forgets it.
 * @example buf.add(3, rows); buf.take(3) // rows
 */
export class EpochBuffer {
  private readonly pending = new Map<number, Row[]>();

  add(epoch: number, rows: readonly Row[]): void {
    let buf = this.pending.get(epoch);
    if (buf === undefined) {
      buf = [];
      this.pending.set(epoch, buf);
    }
    for (const r of rows) buf.push(r);
  }

  /** The epoch's rows ([] when nothing was written), removed from the buffer. */
  take(epoch: number): Row[] {
    const rows = this.pending.get(epoch) ?? [];
    this.pending.delete(epoch);
    return rows;
  }

  /** Rows buffered for an epoch so far. */
  count(epoch: number): number {
    return this.pending.get(epoch)?.length ?? 0;
  }
}
