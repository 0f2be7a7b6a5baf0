// Spark's `functions`: col, lit, expr, when, window, aggregates and one camelCase function per scalar function.
import type { Duration } from '../common/duration';
import type { AggFn, Expr } from '../plan/expr';
import { parseExpr } from '../plan/parse';
import type { WindowValue } from '../plan/types';
import { makeSessionWindow, makeWindow } from '../plan/window-spec';
import { Column, litExpr, node, toExpr, valueExpr } from './column';
import type { ArgValue, CallName, ColRef, ColumnLike, LastPart, LitName, Widen } from './row-types';

/**
 * A column of the input row, by name ('a', or 'a.b' for a nested field / qualified name).
 * @example col('price') // Column<ColRef<'price'>, 'price'>
 */
export function col<N extends string>(name: N): Column<ColRef<N>, LastPart<N>> {
  return new Column(node({ kind: 'col', name }));
}

/** Same as col(), Spark's other name. */
export const column = col;

/**
 * A literal column, named as Spark names it (lit(1) → '1', lit('a') → 'a', lit(null) → 'NULL').
 * A Column is returned unchanged; a Date becomes epoch ms.
 */
export function lit<const V>(value: V): V extends Column<any, any> ? V : Column<Widen<V>, LitName<V>> {
  return (value instanceof Column ? value : new Column(litExpr(value))) as any;
}

/**
 * A column from Spark SQL expression text, e.g. expr("price * 2 AS double") or expr("interval 10 seconds").
 * @throws AnalysisError PARSE_ERROR
 */
export function expr<V = unknown>(sql: string): Column<V, string> {
  return new Column(parseExpr(sql));
}

/** CASE WHEN: `when(cond, v).when(cond2, v2).otherwise(v3)`; without otherwise, unmatched rows give null. */
export function when<X>(condition: Column<any, any> | boolean, value: X): Column<ArgValue<X>, string> {
  return new Column(node({ kind: 'case', branches: Object.freeze([Object.freeze([valueExpr(condition), valueExpr(value)] as const)]) }));
}

/**
 * Tumbling (no slide) or sliding event-time windows; the column `window` holds `{ start, end }` in ms.
 * @throws AnalysisError INVALID_WINDOW_DURATION, INVALID_SLIDE_DURATION, SLIDE_LONGER_THAN_WINDOW, INVALID_WINDOW_START_TIME
 * @example groupBy(window('timestamp', '10 seconds', '5 seconds'))
 */
export function window(timeColumn: ColumnLike, windowDuration: Duration, slideDuration?: Duration, startTime?: Duration): Column<WindowValue, 'window'> {
  return new Column(makeWindow(toExpr(timeColumn), windowDuration, slideDuration, startTime));
}

/** Session windows closed after `gapDuration` without events; the column is named `session_window`. */
export function sessionWindow(timeColumn: ColumnLike, gapDuration: Duration): Column<WindowValue, 'session_window'> {
  return new Column(makeSessionWindow(toExpr(timeColumn), gapDuration));
}

/** Spark's snake_case name for sessionWindow. */
export const session_window = sessionWindow;

function agg<V, N extends string>(fn: AggFn, args: readonly Expr[], distinct = false): Column<V, N> {
  return new Column(node({ kind: 'agg', fn, args: Object.freeze([...args]), ...(distinct ? { distinct } : {}) }));
}

type CountName<C> = C extends undefined | '*' ? 'count(1)' : CallName<'count', C>;

/**
 * Number of rows (count(), count('*'): named 'count(1)') or of non-null values of a column.
 * @example groupBy('k').agg(count().alias('n'))
 */
export function count<C extends ColumnLike | undefined = undefined>(column?: C): Column<number, CountName<C>> {
  if (column === undefined || column === '*') return agg('count', []);
  return agg('count', [toExpr(column)]);
}

/** Number of distinct non-null values (batch only in Spark streaming rules; the analyzer enforces that). */
export function countDistinct(column: ColumnLike, ...more: ColumnLike[]): Column<number, string> {
  return agg('count', [column, ...more].map(toExpr), true);
}
export const count_distinct = countDistinct;

export function sum<C extends ColumnLike>(column: C): Column<number, CallName<'sum', C>> { return agg('sum', [toExpr(column)]); }
export function avg<C extends ColumnLike>(column: C): Column<number, CallName<'avg', C>> { return agg('avg', [toExpr(column)]); }
/** Same as avg (Spark names the column avg(x)). */
export function mean<C extends ColumnLike>(column: C): Column<number, CallName<'avg', C>> { return agg('avg', [toExpr(column)]); }

type ValueOfArg<C> = C extends string ? ColRef<C> : C extends Column<infer V, any> ? V : unknown;

export function min<C extends ColumnLike>(column: C): Column<ValueOfArg<C>, CallName<'min', C>> { return agg('min', [toExpr(column)]); }
export function max<C extends ColumnLike>(column: C): Column<ValueOfArg<C>, CallName<'max', C>> { return agg('max', [toExpr(column)]); }
export function first<C extends ColumnLike>(column: C): Column<ValueOfArg<C>, CallName<'first', C>> { return agg('first', [toExpr(column)]); }
export function last<C extends ColumnLike>(column: C): Column<ValueOfArg<C>, CallName<'last', C>> { return agg('last', [toExpr(column)]); }
export function collectList<C extends ColumnLike>(column: C): Column<ValueOfArg<C>[], CallName<'collect_list', C>> {
  return agg('collect_list', [toExpr(column)]);
}
export function collectSet<C extends ColumnLike>(column: C): Column<ValueOfArg<C>[], CallName<'collect_set', C>> {
  return agg('collect_set', [toExpr(column)]);
}
/** HyperLogLog estimate of distinct values (allowed on streams, unlike countDistinct). */
export function approxCountDistinct<C extends ColumnLike>(column: C): Column<number, CallName<'approx_count_distinct', C>> {
  return agg('approx_count_distinct', [toExpr(column)]);
}
export const collect_list = collectList;
export const collect_set = collectSet;
export const approx_count_distinct = approxCountDistinct;

export * from './scalar-functions';
