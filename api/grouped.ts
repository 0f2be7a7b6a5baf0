// GroupedData: the result of groupBy(...), turned into a DataFrame by agg() or a shorthand.
import type { Expr } from '../plan/expr';
import { node, type LogicalPlan } from '../plan/logical';
import type { Row } from '../plan/types';
import { AnalysisError } from '../common/errors';
import { Column, toExpr, type ColumnLike } from './column';
import * as F from './functions';
import type { SelectRow } from './row-types';
import type { SessionLike } from './session-like';
import { DataFrame } from './dataframe';

/**
 * Grouped rows awaiting aggregation.
 * @example df.groupBy(window(col('ts'), '10 seconds'), 'word').agg(count().alias('n'))
 */
export class GroupedData<T, K extends readonly ColumnLike[]> {
  constructor(
    private readonly session: SessionLike,
    private readonly plan: LogicalPlan,
    private readonly keys: readonly Expr[],
  ) {}

  /** Aggregates each group; the result has the grouping columns, then the aggregates. */
  agg<A extends readonly Column<any, any>[]>(...aggs: A): DataFrame<SelectRow<T, readonly [...K, ...A]>> {
    if (aggs.length === 0) {
      throw new AnalysisError('NO_AGGREGATES', 'agg() needs at least one aggregate column. Note: e.g. agg(count(), sum(\'price\')).');
    }
    return this.aggregate(aggs.map((a) => toExpr(a)));
  }

  /** Number of rows per group, in a column named `count`. */
  count(): DataFrame<SelectRow<T, K> & { count: number }> {
    return this.aggregate([F.count('*').alias('count').expr]);
  }

  sum(...cols: string[]): DataFrame<SelectRow<T, K> & Record<string, number>> {
    return this.aggregate(cols.map((c) => F.sum(c).expr));
  }

  avg(...cols: string[]): DataFrame<SelectRow<T, K> & Record<string, number>> {
    return this.aggregate(cols.map((c) => F.avg(c).expr));
  }

  mean(...cols: string[]): DataFrame<SelectRow<T, K> & Record<string, number>> {
    return this.avg(...cols);
  }

  min(...cols: string[]): DataFrame<SelectRow<T, K> & Record<string, unknown>> {
    return this.aggregate(cols.map((c) => F.min(c).expr));
  }

  max(...cols: string[]): DataFrame<SelectRow<T, K> & Record<string, unknown>> {
    return this.aggregate(cols.map((c) => F.max(c).expr));
  }

  private aggregate<R>(aggs: readonly Expr[]): DataFrame<R> {
    const plan = node<LogicalPlan>({ kind: 'aggregate', child: this.plan, groupBy: this.keys, aggs });
    return new DataFrame<R>(this.session, plan);
  }
}

export type { Row };
