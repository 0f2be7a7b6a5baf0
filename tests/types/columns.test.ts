// Type tests for column typing and row inference (checked by `tsc --noEmit`), plus a runtime smoke assertion for tap.
import t from 'tap';
import type { Column } from '../../api/column';
import {
  avg, col, collectList, count, expr, lit, max, sum, upper, when, window,
} from '../../api/functions';
import type {
  ColRef, ColumnLike, ColumnValue, SelectRow, ValidColumn, ValidColumns, WithColumnRow,
} from '../../api/row-types';
import type { WindowValue } from '../../plan/types';

/** Exact type equality. */
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends (<X>() => X extends B ? 1 : 2) ? true : false;
function assertType<_T extends true>(): void {}

interface Frame<T> {
  select<const C extends readonly ColumnLike[]>(...cols: C & ValidColumns<T, C>): Frame<SelectRow<T, C>>;
  withColumn<N extends string, C extends Column<any, any>>(name: N, c: C & ValidColumn<T, C>): Frame<WithColumnRow<T, N, ColumnValue<T, C>>>;
  rows(): T[];
}
declare const bids: Frame<{ auction: number; price: number; bidder: string; ts: number; window: WindowValue; nested: { x: boolean } }>;
declare const open: Frame<Record<string, unknown>>;

function typeChecks(): void {
  // Column value and name types
  assertType<Equal<typeof col, <N extends string>(name: N) => Column<ColRef<N>, import('../../api/row-types').LastPart<N>>>>();
  const a = col('price');
  assertType<Equal<typeof a, Column<ColRef<'price'>, 'price'>>>();
  assertType<Equal<ReturnType<typeof lit<1>>, Column<number, '1'>>>();
  const l = lit('x');
  assertType<Equal<typeof l, Column<string, 'x'>>>();
  const arith = col('price').plus(1);
  assertType<Equal<typeof arith, Column<number, string>>>();
  const cmp = col('price').gt(10);
  assertType<Equal<typeof cmp, Column<boolean, string>>>();
  const aliased = col('price').multiply(2).alias('double');
  assertType<Equal<typeof aliased, Column<number, 'double'>>>();
  const w = window('ts', '10 seconds');
  assertType<Equal<typeof w, Column<WindowValue, 'window'>>>();
  const c = count();
  assertType<Equal<typeof c, Column<number, 'count(1)'>>>();
  const cs = count('*');
  assertType<Equal<typeof cs, Column<number, 'count(1)'>>>();
  const s = sum('price');
  assertType<Equal<typeof s, Column<number, 'sum(price)'>>>();
  const sc = sum(col('price'));
  assertType<Equal<typeof sc, Column<number, string>>>();
  const cast = col('bidder').cast('int');
  assertType<Equal<typeof cast, Column<number, string>>>();

  // select: names, columns, aliases, windows, nested fields
  const r1 = bids.select('auction', col('price'), col('bidder').alias('who'), upper('bidder').alias('up')).rows()[0];
  assertType<Equal<typeof r1, { auction: number; price: number; who: string; up: string }>>();
  const r2 = bids.select(window('ts', '5 seconds'), count().alias('n'), max('price'), avg('price').alias('avgPrice')).rows()[0];
  assertType<Equal<typeof r2, { window: WindowValue; n: number; 'max(price)': number; avgPrice: number }>>();
  const r3 = bids.select(col('window').getField('start').alias('start'), col('nested.x'), 'nested.x').rows()[0];
  assertType<Equal<typeof r3, { start: number; x: boolean }>>();
  const r4 = bids.select('*').rows()[0];
  assertType<Equal<typeof r4, { auction: number; price: number; bidder: string; ts: number; window: WindowValue; nested: { x: boolean } }>>();
  const r5 = bids.select(when(col('price').gt(10), col('bidder')).otherwise(lit(0)).alias('v'), collectList('price').alias('ps')).rows()[0];
  assertType<Equal<typeof r5, { v: string | number; ps: number[] }>>();
  const r6 = bids.select(lit(1)).rows()[0];
  assertType<Equal<typeof r6, { '1': number }>>();

  // withColumn replaces or adds
  const w1 = bids.withColumn('price', col('price').cast('string')).rows()[0];
  assertType<Equal<typeof w1['price'], string>>();
  const w2 = bids.withColumn('p2', col('price')).rows()[0];
  assertType<Equal<typeof w2['p2'], number>>();
  assertType<Equal<ColumnValue<{ a: number }, 'a'>, number>>();
  assertType<Equal<ColumnValue<{ a: number }, Column<ColRef<'a'>, 'z'>>, number>>();

  // unknown names do not compile when the row type is known
  // @ts-expect-error 'nope' is not a column
  bids.select('nope');
  // @ts-expect-error 'prise' is not a column
  bids.select(col('prise'));
  // @ts-expect-error an alias does not hide a bad reference
  bids.select(col('prise').alias('p'));
  // @ts-expect-error nested path that does not exist
  bids.select('nested.y');
  // @ts-expect-error withColumn over a missing column
  bids.withColumn('x', col('nope'));
  // ...but an open row type accepts any name
  const o = open.select('anything', col('else').alias('e')).rows()[0];
  assertType<Equal<typeof o, { anything: unknown; e: unknown }>>();

  // expr() is untyped
  const e = expr('price * 2');
  assertType<Equal<typeof e, Column<unknown, string>>>();
}

void typeChecks;

t.test('column types compile and columns build at runtime', async (t) => {
  const c = col('price').multiply(2).alias('double');
  t.same(c.expr, { kind: 'alias', name: 'double', child: { kind: 'binary', op: '*', left: { kind: 'col', name: 'price' }, right: { kind: 'lit', value: 2 } } });
  t.equal(String(sum('price')), 'sum(price)');
});
