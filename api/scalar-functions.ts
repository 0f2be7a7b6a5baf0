// One camelCase function per registered scalar function (upper, regexpExtract, dateFormat, ...), as in Spark's `functions`.
import type { Expr } from '../plan/expr';
import { makeCall } from '../plan/functions';
import { Column, toExpr, valueExpr } from './column';
import type { CallName, ColumnLike } from './row-types';

/** A column argument: a string names a column. */
const c = (x: ColumnLike | unknown): Expr => toExpr(x);
/** A value argument: a string is a literal (patterns, separators, formats). */
const v = (x: unknown): Expr => valueExpr(x);
const call = <V, N extends string = string>(fn: string, args: Expr[]): Column<V, N> => new Column(makeCall(fn, args));
const opt = (x: unknown): Expr[] => (x === undefined ? [] : [v(x)]);

// Strings
export function upper<C extends ColumnLike>(col: C): Column<string, CallName<'upper', C>> { return call('upper', [c(col)]); }
export function lower<C extends ColumnLike>(col: C): Column<string, CallName<'lower', C>> { return call('lower', [c(col)]); }
export function length<C extends ColumnLike>(col: C): Column<number, CallName<'length', C>> { return call('length', [c(col)]); }
export function concat(...cols: ColumnLike[]): Column<string> { return call('concat', cols.map(c)); }
/** Joins non-null values with `sep` (a literal string). */
export function concatWs(sep: string | Column<any, any>, ...cols: ColumnLike[]): Column<string> { return call('concat_ws', [v(sep), ...cols.map(c)]); }
/** Spark's substring: 1-based `pos` (negative counts from the end), `len` characters. */
export function substring(col: ColumnLike, pos: number | Column<any, any>, len?: number | Column<any, any>): Column<string> {
  return call('substring', [c(col), v(pos), ...opt(len)]);
}
export function trim(col: ColumnLike, trimString?: string): Column<string> { return call('trim', [c(col), ...opt(trimString)]); }
export function ltrim(col: ColumnLike, trimString?: string): Column<string> { return call('ltrim', [c(col), ...opt(trimString)]); }
export function rtrim(col: ColumnLike, trimString?: string): Column<string> { return call('rtrim', [c(col), ...opt(trimString)]); }
/** Splits around matches of a (Java-style) regex; limit > 0 caps the number of parts. */
export function split(col: ColumnLike, pattern: string, limit?: number): Column<string[]> { return call('split', [c(col), v(pattern), ...opt(limit)]); }
export function regexpExtract(col: ColumnLike, pattern: string, idx: number): Column<string> {
  return call('regexp_extract', [c(col), v(pattern), v(idx)]);
}
export function regexpReplace(col: ColumnLike, pattern: string | Column<any, any>, replacement: string | Column<any, any>): Column<string> {
  return call('regexp_replace', [c(col), v(pattern), v(replacement)]);
}
export function lpad(col: ColumnLike, len: number, pad: string): Column<string> { return call('lpad', [c(col), v(len), v(pad)]); }
export function rpad(col: ColumnLike, len: number, pad: string): Column<string> { return call('rpad', [c(col), v(len), v(pad)]); }
/** 1-based position of `substring` in the column, 0 when absent. */
export function instr(col: ColumnLike, substring: string): Column<number> { return call('instr', [c(col), v(substring)]); }
export function initcap(col: ColumnLike): Column<string> { return call('initcap', [c(col)]); }
export function reverse(col: ColumnLike): Column<string> { return call('reverse', [c(col)]); }
export function repeat(col: ColumnLike, n: number | Column<any, any>): Column<string> { return call('repeat', [c(col), v(n)]); }
export function translate(col: ColumnLike, matching: string, replace: string): Column<string> {
  return call('translate', [c(col), v(matching), v(replace)]);
}
/** Part `partNum` (1-based; negative from the end) of the column split by a literal delimiter. */
export function splitPart(col: ColumnLike, delimiter: string | Column<any, any>, partNum: number | Column<any, any>): Column<string> {
  return call('split_part', [c(col), v(delimiter), v(partNum)]);
}

// Math
export function abs<C extends ColumnLike>(col: C): Column<number, CallName<'abs', C>> { return call('abs', [c(col)]); }
/** HALF_UP rounding to `scale` decimals (Spark's round). */
export function round(col: ColumnLike, scale = 0): Column<number> { return call('round', [c(col), v(scale)]); }
/** HALF_EVEN rounding (Spark's bround). */
export function bround(col: ColumnLike, scale = 0): Column<number> { return call('bround', [c(col), v(scale)]); }
export function floor<C extends ColumnLike>(col: C): Column<number, CallName<'FLOOR', C>> { return call('floor', [c(col)]); }
export function ceil<C extends ColumnLike>(col: C): Column<number, CallName<'CEIL', C>> { return call('ceil', [c(col)]); }
export function sqrt<C extends ColumnLike>(col: C): Column<number, CallName<'SQRT', C>> { return call('sqrt', [c(col)]); }
export function pow(base: ColumnLike | number, exponent: ColumnLike | number): Column<number> { return call('pow', [c(base), c(exponent)]); }
export function exp<C extends ColumnLike>(col: C): Column<number, CallName<'EXP', C>> { return call('exp', [c(col)]); }
/** Natural logarithm, or log(base, col); null for values <= 0. */
export function log(baseOrCol: ColumnLike | number, col?: ColumnLike): Column<number> {
  return col === undefined ? call('log', [c(baseOrCol)]) : call('log', [v(baseOrCol), c(col)]);
}
export function log10<C extends ColumnLike>(col: C): Column<number, CallName<'LOG10', C>> { return call('log10', [c(col)]); }
export function greatest(...cols: ColumnLike[]): Column<unknown> { return call('greatest', cols.map(c)); }
export function least(...cols: ColumnLike[]): Column<unknown> { return call('least', cols.map(c)); }
export function signum<C extends ColumnLike>(col: C): Column<number, CallName<'SIGNUM', C>> { return call('signum', [c(col)]); }
/** Positive modulo: pmod(-7, 3) = 2. */
export function pmod(dividend: ColumnLike | number, divisor: ColumnLike | number): Column<number> { return call('pmod', [c(dividend), c(divisor)]); }

// Nulls
export function coalesce(...cols: (ColumnLike | Column<any, any>)[]): Column<unknown> { return call('coalesce', cols.map(c)); }
export function nvl(col1: ColumnLike, col2: ColumnLike): Column<unknown> { return call('nvl', [c(col1), c(col2)]); }
export function ifnull(col1: ColumnLike, col2: ColumnLike): Column<unknown> { return call('ifnull', [c(col1), c(col2)]); }
export function nullif(col1: ColumnLike, col2: ColumnLike): Column<unknown> { return call('nullif', [c(col1), c(col2)]); }
export function isnan<C extends ColumnLike>(col: C): Column<boolean, CallName<'isnan', C>> { return call('isnan', [c(col)]); }
export function isnull<C extends ColumnLike>(col: C): Column<boolean, CallName<'isnull', C>> { return call('isnull', [c(col)]); }
/** Spark's 32-bit Murmur3 hash of the values (seed 42). */
export function hash(...cols: ColumnLike[]): Column<number> { return call('hash', cols.map(c)); }

// Dates and times (epoch ms, UTC)
export function timestampSeconds(col: ColumnLike): Column<number> { return call('timestamp_seconds', [c(col)]); }
export function timestampMillis(col: ColumnLike): Column<number> { return call('timestamp_millis', [c(col)]); }
/** Parses a string (ISO-8601, or Spark pattern `format`) into epoch ms; invalid → null. */
export function toTimestamp(col: ColumnLike, format?: string): Column<number> { return call('to_timestamp', [c(col), ...opt(format)]); }
export function toDate(col: ColumnLike, format?: string): Column<number> { return call('to_date', [c(col), ...opt(format)]); }
/** Seconds since the epoch of a timestamp (or of a string in `format`); no argument: the batch time. */
export function unixTimestamp(col?: ColumnLike, format?: string): Column<number> {
  return call('unix_timestamp', col === undefined ? [] : [c(col), ...opt(format)]);
}
export function fromUnixtime(col: ColumnLike, format?: string): Column<string> { return call('from_unixtime', [c(col), ...opt(format)]); }
export function year<C extends ColumnLike>(col: C): Column<number, CallName<'year', C>> { return call('year', [c(col)]); }
export function quarter<C extends ColumnLike>(col: C): Column<number, CallName<'quarter', C>> { return call('quarter', [c(col)]); }
export function month<C extends ColumnLike>(col: C): Column<number, CallName<'month', C>> { return call('month', [c(col)]); }
export function dayofmonth<C extends ColumnLike>(col: C): Column<number, CallName<'dayofmonth', C>> { return call('dayofmonth', [c(col)]); }
export function dayofweek<C extends ColumnLike>(col: C): Column<number, CallName<'dayofweek', C>> { return call('dayofweek', [c(col)]); }
export function hour<C extends ColumnLike>(col: C): Column<number, CallName<'hour', C>> { return call('hour', [c(col)]); }
export function minute<C extends ColumnLike>(col: C): Column<number, CallName<'minute', C>> { return call('minute', [c(col)]); }
export function second<C extends ColumnLike>(col: C): Column<number, CallName<'second', C>> { return call('second', [c(col)]); }
/** Formats a timestamp with Spark pattern letters (yyyy MM dd HH mm ss SSS ...), in UTC. */
export function dateFormat(col: ColumnLike, format: string): Column<string> { return call('date_format', [c(col), v(format)]); }
/** Truncates a timestamp to 'year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second'. */
export function dateTrunc(unit: string, col: ColumnLike): Column<number> { return call('date_trunc', [v(unit), c(col)]); }
/** The trigger time of the running epoch (the same for every row of a batch). */
export function currentTimestamp(): Column<number, 'current_timestamp()'> { return call('current_timestamp', []); }
export function currentDate(): Column<number, 'current_date()'> { return call('current_date', []); }
/** The timestamp representing a window: window.end - 1 ms. */
export function windowTime<C extends ColumnLike>(col: C): Column<number, CallName<'window_time', C>> { return call('window_time', [c(col)]); }
