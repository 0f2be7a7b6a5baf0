// SortOperator: gathers an epoch's rows and emits them sorted (complete mode and batch).
import type { Evaluator } from '../plan/expr';
import type { Row } from '../plan/types';
import type { Operator, OperatorContext } from './operator';
import { compareNullable } from './value-order';

export interface SortOrder {
  readonly eval: Evaluator;
  readonly ascending: boolean;
  /** Defaults to Spark's: nulls first when ascending, last when descending. */
  readonly nullsFirst?: boolean;
}

/**
 * A row comparator from sort orders, with Spark's value order (NaN largest, -0 = 0, strings by
 * code point) and null placement. Ties keep input order (the sort is stable).
 * @example rows.sort(makeComparator([{ eval: (r) => r.n, ascending: false }]))
 */
export function makeComparator(orders: readonly SortOrder[]): (a: Row, b: Row) => number {
  const evals = orders.map((o) => o.eval);
  const asc = orders.map((o) => o.ascending);
  const nullsFirst = orders.map((o) => o.nullsFirst ?? o.ascending);
  return (a, b) => {
    for (let i = 0; i < evals.length; i++) {
      const x = evals[i](a);
      const y = evals[i](b);
      const xn = x === null || x === undefined;
      const yn = y === null || y === undefined;
      let c: number;
      if (xn || yn) c = compareNullable(x, y, nullsFirst[i]);
      else c = asc[i] ? compareNullable(x, y, true) : -compareNullable(x, y, true);
      if (c !== 0) return c;
    }
    return 0;
  };
}

/**
 * Buffers rows during the epoch and emits them sorted when it ends. Stateless across epochs
 * (each complete-mode epoch brings the whole table); the runtime runs it in one partition.
 */
export class SortOperator implements Operator {
  readonly kind = 'sort';
  private buffer: Row[] = [];
  private epoch: number | undefined;
  private readonly compare: (a: Row, b: Row) => number;

  constructor(orders: readonly SortOrder[]) {
    this.compare = makeComparator(orders);
  }

  process(rows: Row[], ctx: OperatorContext): Row[] {
    if (this.epoch !== ctx.epoch) {
      this.epoch = ctx.epoch;
      this.buffer = [];
    }
    for (let i = 0; i < rows.length; i++) this.buffer.push(rows[i]);
    return [];
  }

  finishEpoch(ctx: OperatorContext): Row[] {
    const rows = this.epoch === ctx.epoch ? this.buffer : [];
    this.buffer = [];
    this.epoch = undefined;
    return rows.sort(this.compare);
  }
}
