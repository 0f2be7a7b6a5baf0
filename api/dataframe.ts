// DataFrame<T>: an immutable, typed logical plan with Spark's transformations and batch actions.
import { AnalysisError } from '../common/errors';
import { parseDurationMs, type Duration } from '../common/duration';
import type { Expr } from '../plan/expr';
import { node, isStreamingPlan, type JoinType, type LogicalPlan, type SortKey } from '../plan/logical';
import type { Row } from '../plan/types';
import { parseExpr } from '../plan/parse';
import { Column, toExpr, type ColumnLike } from './column';
import type { SelectRow, ValidColumns, WithColumnRow } from './row-types';
import { engine } from './engine';
import type { SessionLike } from './session-like';
import { DataStreamWriter } from './writer';
import { GroupedData } from './grouped';
import { KeyValueGroupedData } from './key-value-grouped';
import { formatTable } from '../connectors/sinks/console-sink';

/** Row type of map/flatMap results: objects stay, primitives become `{ value }` as in Spark. */
export type MapRow<U> = U extends object ? U : { value: U };

/**
 * A lazily evaluated, immutable table (bounded) or stream (unbounded) of rows of type T.
 * @example
 *   const df = session.createDataFrame([{ a: 1 }, { a: 2 }]);
 *   await df.where(col('a').gt(1)).collect(); // [{ a: 2 }]
 */
export class DataFrame<T = Row> {
  /** @internal */
  readonly plan: LogicalPlan;
  /** @internal */
  readonly session: SessionLike;

  constructor(session: SessionLike, plan: LogicalPlan) {
    this.session = session;
    this.plan = plan;
  }

  /** True when the frame has a streaming source: it can only be run with writeStream.start(). */
  get isStreaming(): boolean {
    return isStreamingPlan(this.plan);
  }

  private derive<U>(plan: LogicalPlan): DataFrame<U> {
    return new DataFrame<U>(this.session, node(plan));
  }

  /** Projects columns: names, Columns or expressions. `select('*')` keeps every column. */
  select<const C extends readonly ColumnLike[]>(...cols: C & ValidColumns<T, C>): DataFrame<SelectRow<T, C>> {
    return this.derive({ kind: 'project', child: this.plan, exprs: cols.map((c) => toExpr(c)) });
  }

  /** Projects SQL expressions: `selectExpr('a + 1 AS b', 'upper(name)')`. */
  selectExpr(...exprs: string[]): DataFrame<Row> {
    return this.derive({ kind: 'project', child: this.plan, exprs: exprs.map((e) => parseExpr(e)) });
  }

  /** Keeps the rows for which the condition is true (null counts as false). */
  where(condition: Column<any, any> | string | ((row: T) => boolean)): DataFrame<T> {
    let cond: Expr;
    if (typeof condition === 'function') {
      cond = { kind: 'udf', name: condition.name || 'filterFunction', fn: condition, args: [], wholeRow: true };
    } else if (typeof condition === 'string') {
      cond = parseExpr(condition);
    } else {
      cond = condition.expr;
    }
    return this.derive({ kind: 'filter', child: this.plan, condition: cond });
  }

  /** Same as where. */
  filter(condition: Column<any, any> | string | ((row: T) => boolean)): DataFrame<T> {
    return this.where(condition);
  }

  /** Adds or replaces a column. */
  withColumn<N extends string, V>(name: N, column: Column<V, any>): DataFrame<WithColumnRow<T, N, V>> {
    return this.derive({
      kind: 'project',
      child: this.plan,
      exprs: [{ kind: 'star' }, { kind: 'alias', child: column.expr, name }],
    });
  }

  /** Renames a column; a name that does not exist is a no-op, as in Spark. */
  withColumnRenamed<A extends string, B extends string>(existing: A, newName: B): DataFrame<Rename<T, A, B>> {
    return this.derive({ kind: 'rename', child: this.plan, from: existing, to: newName });
  }

  /** Drops columns; unknown names are ignored, as in Spark. */
  drop<K extends string>(...names: K[]): DataFrame<Omit<T, K>> {
    return this.derive({ kind: 'drop', child: this.plan, columns: names });
  }

  /** Applies a TypeScript function to each row. A primitive result becomes `{ value }`. */
  map<U>(fn: (row: T) => U): DataFrame<MapRow<U>> {
    return this.derive({ kind: 'map', child: this.plan, fn, flat: false });
  }

  /** Applies a function returning any number of results per row. */
  flatMap<U>(fn: (row: T) => Iterable<U>): DataFrame<MapRow<U>> {
    return this.derive({ kind: 'map', child: this.plan, fn, flat: true });
  }

  /** Rows of both frames (by column name; duplicates kept, as UNION ALL). */
  union(other: DataFrame<T>): DataFrame<T> {
    return this.derive({ kind: 'union', children: [this.plan, other.plan] });
  }

  /**
   * Inner equi-join on columns of the same name, kept once in the output (Spark's
   * `join(other, "key")`). On two streams both sides keep every row in state; other join types and
   * Column conditions are not supported yet.
   * @example orders.join(customers, 'customerId')
   */
  join<U>(other: DataFrame<U>, on: string | readonly string[], how: JoinType = 'inner'): DataFrame<Flatten<T & U>> {
    const cols = typeof on === 'string' ? [on] : [...on];
    if (how !== 'inner') {
      throw new AnalysisError('UNSUPPORTED_JOIN_TYPE',
        `Join type ${JSON.stringify(how)} is not supported yet. Note: only 'inner' joins on column names are available; join on the key columns and filter, or aggregate per side first.`,
        { how });
    }
    if (cols.length === 0 || cols.some((c) => typeof c !== 'string')) {
      throw new AnalysisError('INVALID_JOIN_COLUMNS',
        `join() needs one or more column names, got ${JSON.stringify(on)}. Note: pass a name or a list of names present on both sides.`);
    }
    return this.derive({ kind: 'join', left: this.plan, right: other.plan, on: cols, how });
  }

  /** Same as union. */
  unionAll(other: DataFrame<T>): DataFrame<T> {
    return this.union(other);
  }

  /**
   * Declares the event-time column and how late data may arrive: watermark = max event time − delay.
   * @example df.withWatermark('eventTime', '10 seconds')
   */
  withWatermark(eventTimeColumn: string, delayThreshold: Duration): DataFrame<T> {
    const delayMs = parseDurationMs(delayThreshold, 'watermark delay');
    if (delayMs < 0) {
      throw new AnalysisError('INVALID_WATERMARK_DELAY',
        `Watermark delay ${JSON.stringify(delayThreshold)} on column "${eventTimeColumn}" is negative. Note: use a delay of 0 or more, e.g. '10 seconds'.`);
    }
    return this.derive({ kind: 'watermark', child: this.plan, column: eventTimeColumn, delayMs });
  }

  /** Groups by columns or expressions (e.g. window(...)) for aggregation. */
  groupBy<K extends readonly ColumnLike[]>(...cols: K): GroupedData<T, K> {
    return new GroupedData<T, K>(this.session, this.plan, cols.map((c) => toExpr(c)));
  }

  /**
   * Groups rows by a key function for arbitrary stateful processing
   * (mapGroupsWithState / flatMapGroupsWithState).
   * @example df.groupByKey((r) => r.user).mapGroupsWithState<number, number>((k, rows, s) => { s.update((s.getOption() ?? 0) + rows.length); return s.get(); })
   */
  groupByKey<K>(keyFn: (row: T) => K): KeyValueGroupedData<K, T> {
    return new KeyValueGroupedData<K, T>(this.session, this.plan, keyFn);
  }

  /** Aggregates over all rows: `df.agg(count())` = `df.groupBy().agg(count())`. */
  agg<A extends readonly Column<any, any>[]>(...aggs: A): DataFrame<SelectRow<T, A>> {
    return new GroupedData<T, []>(this.session, this.plan, []).agg(...aggs) as unknown as DataFrame<SelectRow<T, A>>;
  }

  /** Drops duplicate rows (all columns, or the given ones); on a stream keeps state per key. */
  dropDuplicates(columns?: readonly (keyof T & string)[]): DataFrame<T> {
    return this.derive({ kind: 'deduplicate', child: this.plan, columns: columns ? [...columns] : undefined, withinWatermark: false });
  }

  /** Drops duplicates, keeping state only until the watermark passes the first row's event time + delay. */
  dropDuplicatesWithinWatermark(columns?: readonly (keyof T & string)[]): DataFrame<T> {
    return this.derive({ kind: 'deduplicate', child: this.plan, columns: columns ? [...columns] : undefined, withinWatermark: true });
  }

  /** Sorts (batch; on a stream only after an aggregation in complete mode). */
  orderBy(...cols: ColumnLike[]): DataFrame<T> {
    const keys: SortKey[] = cols.map((c) => {
      const e = toExpr(c);
      if (e.kind === 'sortOrder') return { expr: e.child, ascending: e.ascending, nullsFirst: e.nullsFirst };
      return { expr: e, ascending: true, nullsFirst: true };
    });
    return this.derive({ kind: 'sort', child: this.plan, keys });
  }

  /** Same as orderBy. */
  sort(...cols: ColumnLike[]): DataFrame<T> {
    return this.orderBy(...cols);
  }

  /** The first n rows (batch; on a stream a stateful limit in append and complete mode). */
  limit(n: number): DataFrame<T> {
    if (!Number.isInteger(n) || n < 0) {
      throw new AnalysisError('INVALID_LIMIT', `limit(${JSON.stringify(n)}) needs a non-negative integer. Note: pass e.g. limit(10).`);
    }
    return this.derive({ kind: 'limit', child: this.plan, n });
  }

  /** The logical and physical plans as text. */
  explain(): string {
    return engine().explain(this.session.context, this.plan);
  }

  /** Runs the (bounded) query and returns every row. */
  async collect(): Promise<T[]> {
    this.assertBatch('collect');
    return (await engine().executeBatch(this.session.context, this.plan)) as T[];
  }

  /** Runs the (bounded) query and counts its rows. */
  async count(): Promise<number> {
    this.assertBatch('count');
    return (await engine().executeBatch(this.session.context, this.plan)).length;
  }

  /** The first n rows. */
  async take(n: number): Promise<T[]> {
    return this.limit(n).collect();
  }

  /** Prints the first rows as a table (Spark's format) and returns the text. */
  async show(numRows = 20, truncate = true): Promise<string> {
    this.assertBatch('show');
    const rows = await engine().executeBatch(this.session.context, this.plan);
    const text = formatTable(rows, numRows, truncate);
    this.session.print(text);
    return text;
  }

  /** Starts describing a streaming query over this frame. */
  get writeStream(): DataStreamWriter<T> {
    if (!this.isStreaming) {
      throw new AnalysisError('WRITE_STREAM_ON_BATCH',
        "'writeStream' can be called only on a streaming DataFrame. Note: read with session.readStream (or MemoryStream) to get a stream; use collect()/show() on a batch DataFrame.");
    }
    return new DataStreamWriter<T>(this.session, this.plan);
  }

  private assertBatch(action: string): void {
    if (this.isStreaming) {
      throw new AnalysisError('BATCH_ACTION_ON_STREAM',
        `Queries with streaming sources must be executed with writeStream.start(); ${action}() cannot run on a streaming DataFrame. Note: use df.writeStream.format('memory').queryName('t').start() and then session.table('t').${action}(), or foreachBatch.`);
    }
  }
}

/** Flattens an intersection into one object type. */
type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** Row type after renaming column A to B. */
export type Rename<T, A extends string, B extends string> = A extends keyof T
  ? { [K in keyof T as K extends A ? B : K]: T[K] }
  : T;
