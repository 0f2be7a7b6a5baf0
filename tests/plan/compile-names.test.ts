// Expression utilities: Spark output names, static types, column walks and rewrites, UNKNOWN_COLUMN, window validation.
import t from 'tap';
import {
  approxCountDistinct, avg, col, collectList, collectSet, count, countDistinct, first, last, lit, max, mean, min,
  sessionWindow, sum, upper, when, window, currentTimestamp, toTimestamp, floor, expr,
} from '../../api/functions';
import { toExpr } from '../../api/column';
import type { Expr } from '../../plan/expr';
import {
  containsAgg, containsWindow, exprName, exprType, mapExpr, referencedColumns, resolveColumns, usesWholeRow,
} from '../../plan/expr-util';
import type { Schema } from '../../plan/types';
import { AnalysisError } from '../../common/errors';

t.test('exprName follows Spark', async (t) => {
  const cases: [Expr, string][] = [
    [col('price').expr, 'price'],
    [col('l.key').expr, 'key'],
    [col('price').alias('p').expr, 'p'],
    [col('price').alias('p').alias('q').expr, 'q'],
    [count().expr, 'count(1)'],
    [count('*').expr, 'count(1)'],
    [count('x').expr, 'count(x)'],
    [countDistinct('x').expr, 'count(DISTINCT x)'],
    [sum('price').expr, 'sum(price)'],
    [avg('price').expr, 'avg(price)'],
    [mean('price').expr, 'avg(price)'],
    [min('a').expr, 'min(a)'], [max('a').expr, 'max(a)'], [first('a').expr, 'first(a)'], [last('a').expr, 'last(a)'],
    [collectList('a').expr, 'collect_list(a)'], [collectSet('a').expr, 'collect_set(a)'],
    [approxCountDistinct('a').expr, 'approx_count_distinct(a)'],
    [sum(col('a').multiply(col('b'))).expr, 'sum((a * b))'],
    [col('a').plus(col('b')).expr, '(a + b)'],
    [col('a').plus(1).expr, '(a + 1)'],
    [col('a').eq('x').expr, '(a = x)'],
    [col('a').gt(1).and(col('b').isNull()).expr, '((a > 1) AND (b IS NULL))'],
    [upper('a').expr, 'upper(a)'],
    [floor('a').expr, 'FLOOR(a)'],
    [toTimestamp('s', 'yyyy').expr, 'to_timestamp(s, yyyy)'],
    [currentTimestamp().expr, 'current_timestamp()'],
    [window('ts', '10 seconds').expr, 'window'],
    [sessionWindow('ts', '10 seconds').expr, 'session_window'],
    [col('window').getField('start').expr, 'window.start'],
    [col('a').cast('string').expr, 'CAST(a AS STRING)'],
    [col('a').cast('long').expr, 'CAST(a AS DOUBLE)'],
    [lit(1).expr, '1'], [lit('x').expr, 'x'], [lit(null).expr, 'NULL'], [lit(true).expr, 'true'],
    [when(col('a').gt(1), 'x').otherwise('y').expr, 'CASE WHEN (a > 1) THEN x ELSE y END'],
    [col('a').isin(1, 2).expr, '(a IN (1, 2))'],
    [col('a').between(1, 2).expr, '((a >= 1) AND (a <= 2))'],
    [col('a').desc().expr, 'a DESC NULLS LAST'],
    [col('a').negate().expr, '(- a)'],
    [col('a').not().expr, '(NOT a)'],
    [col('a').eqNullSafe(1).expr, '(a <=> 1)'],
    [{ kind: 'udf', name: 'f', fn: () => 1, args: [col('a').expr] }, 'f(a)'],
    [{ kind: 'star' }, '*'],
  ];
  for (const [e, name] of cases) t.equal(exprName(e), name, name);
});

t.test('exprType', async (t) => {
  const schema: Schema = [
    { name: 'price', type: 'number' }, { name: 'name', type: 'string' }, { name: 'ts', type: 'timestamp' },
    { name: 'window', type: 'window' }, { name: 'big', type: 'bigint' },
  ];
  const ty = (e: Expr): string => exprType(e, schema);
  t.equal(ty(col('price').expr), 'number');
  t.equal(ty(col('PRICE').expr), 'number', 'case-insensitive');
  t.equal(ty(col('nope').expr), 'any');
  t.equal(exprType(col('price').expr), 'any', 'no schema → any');
  t.equal(ty(col('price').plus(1).expr), 'number');
  t.equal(ty(col('ts').plus(1000).expr), 'timestamp');
  t.equal(ty(col('big').plus(col('big')).expr), 'bigint');
  t.equal(ty(col('price').gt(1).expr), 'boolean');
  t.equal(ty(col('price').isNull().expr), 'boolean');
  t.equal(ty(upper('name').expr), 'string');
  t.equal(ty(col('name').cast('timestamp').expr), 'timestamp');
  t.equal(ty(col('window').getField('start').expr), 'timestamp');
  t.equal(ty(col('window.end').expr), 'timestamp');
  t.equal(ty(window('ts', '1 minute').expr), 'window');
  t.equal(ty(count().expr), 'number');
  t.equal(ty(max('name').expr), 'string');
  t.equal(ty(collectList('name').expr), 'array');
  t.equal(ty(when(col('price').gt(1), 'x').expr), 'string');
  t.equal(ty(lit(null).expr), 'any');
  t.equal(ty(expr('coalesce(price, 0)').expr), 'number');
  t.equal(ty(expr("date_format(ts, 'yyyy')").expr), 'string');
  t.equal(ty(expr('current_timestamp()').expr), 'timestamp');
});

t.test('walks: referencedColumns, containsAgg, containsWindow, usesWholeRow', async (t) => {
  const e = when(col('a').gt(col('b')), upper('c')).otherwise(col('a')).expr;
  t.same(referencedColumns(e), ['a', 'b', 'c']);
  t.same(referencedColumns(window('ts', '1 minute').expr), ['ts']);
  t.same(referencedColumns(count().expr), []);
  t.equal(containsAgg(sum('a').alias('s').expr), true);
  t.equal(containsAgg(col('a').plus(sum('b')).expr), true);
  t.equal(containsAgg(col('a').expr), false);
  t.equal(containsWindow(window('ts', '1 minute').alias('w').expr), true);
  t.equal(containsWindow(sessionWindow('ts', '1 minute').expr), true);
  t.equal(containsWindow(col('window').expr), false);
  t.equal(usesWholeRow({ kind: 'udf', name: 'f', fn: () => true, args: [], wholeRow: true }), true);
  t.equal(usesWholeRow(col('a').expr), false);
});

t.test('mapExpr rewrites top-down and shares unchanged subtrees', async (t) => {
  const e = col('l.key').eq(col('r.key')).and(col('x').gt(1)).expr;
  const out = mapExpr(e, (x) => (x.kind === 'col' && x.name.includes('.') ? { kind: 'col', name: x.name.split('.')[1] } : undefined));
  t.equal(exprName(out), '((key = key) AND (x > 1))');
  t.equal((out as any).right, (e as any).right, 'the unchanged side is the same object');
  t.ok(Object.isFrozen(out));
  t.equal(mapExpr(e, () => undefined), e, 'no change → same node');
  const c = when(col('a').gt(1), col('b')).otherwise(col('c')).expr;
  const renamed = mapExpr(c, (x) => (x.kind === 'col' ? { kind: 'col', name: x.name.toUpperCase() } : undefined));
  t.equal(exprName(renamed), 'CASE WHEN (A > 1) THEN B ELSE C END');
});

t.test('resolveColumns and UNKNOWN_COLUMN', async (t) => {
  const schema: Schema = [
    { name: 'auction', type: 'number' }, { name: 'price', type: 'number' }, { name: 'bidder', type: 'number' },
    { name: 'window', type: 'window' },
  ];
  try {
    resolveColumns(col('prise').gt(1).expr, schema);
    t.fail('should throw');
  } catch (err) {
    t.ok(err instanceof AnalysisError);
    t.equal((err as AnalysisError).code, 'UNKNOWN_COLUMN');
    t.equal((err as AnalysisError).message, 'Column "prise" does not exist. Available: auction, price, bidder, window. Note: did you mean "price"?');
    t.equal((err as AnalysisError).details.suggestion, 'price');
  }
  t.throws(() => resolveColumns(col('zzzzzzzz').expr, schema), {
    code: 'UNKNOWN_COLUMN',
    message: 'Column "zzzzzzzz" does not exist. Available: auction, price, bidder, window. Note: use one of the available columns, or add it with withColumn().',
  });
  t.same(resolveColumns(col('PRICE').expr, schema), { kind: 'col', name: 'price' }, 'case-insensitive names resolve to the field');
  const nested = col('window.start').expr;
  t.equal(resolveColumns(nested, schema), nested, 'a nested read of an existing column is kept');
  const q = resolveColumns(col('l.price').expr, schema, (name) => (name.startsWith('l.') ? toExpr(name.slice(2)) : undefined));
  t.same(q, { kind: 'col', name: 'price' }, 'onUnknown can resolve a qualifier');
  t.throws(() => resolveColumns(col('r.nope').expr, schema, () => undefined), { code: 'UNKNOWN_COLUMN' });
});

t.test('window validation', async (t) => {
  t.same(window('ts', '10 seconds').expr, { kind: 'window', timeCol: { kind: 'col', name: 'ts' }, sizeMs: 10_000, slideMs: 10_000, startMs: 0 });
  t.same(window(col('ts'), '1 hour', '15 minutes', '5 minutes').expr,
    { kind: 'window', timeCol: { kind: 'col', name: 'ts' }, sizeMs: 3_600_000, slideMs: 900_000, startMs: 300_000 });
  t.same(window('ts', 5000, 1000, -500).expr, { kind: 'window', timeCol: { kind: 'col', name: 'ts' }, sizeMs: 5000, slideMs: 1000, startMs: -500 });
  t.throws(() => window('ts', '0 seconds'), { code: 'INVALID_WINDOW_DURATION', message: /"0 seconds" must be greater than 0\. Note: / });
  t.throws(() => window('ts', '10 seconds', 0), { code: 'INVALID_SLIDE_DURATION' });
  t.throws(() => window('ts', '10 seconds', '20 seconds'), {
    code: 'SLIDE_LONGER_THAN_WINDOW',
    message: 'The slide duration "20 seconds" must be less than or equal to the window duration "10 seconds". Note: use a slide no longer than the window, or omit it for a tumbling window.',
  });
  t.throws(() => window('ts', '10 seconds', '5 seconds', '5 seconds'), { code: 'INVALID_WINDOW_START_TIME' });
  t.throws(() => window('ts', 'ten seconds'), { code: 'INVALID_DURATION' });
  t.same(sessionWindow('ts', '5 minutes').expr, { kind: 'sessionWindow', timeCol: { kind: 'col', name: 'ts' }, gapMs: 300_000 });
  t.throws(() => sessionWindow('ts', 0), { code: 'INVALID_SESSION_GAP' });
});

t.test('Column basics', async (t) => {
  t.ok(Object.isFrozen(col('a')));
  t.ok(Object.isFrozen(col('a').plus(1).expr));
  t.same(toExpr('*'), { kind: 'star' });
  t.same(toExpr(5), { kind: 'lit', value: 5 });
  t.same(lit(new Date(1000)).expr, { kind: 'lit', value: 1000 }, 'a Date literal becomes epoch ms');
  const a = col('a');
  t.equal(lit(a), a, 'lit of a Column returns the Column');
  t.same(col('a').eq('x').expr, { kind: 'binary', op: '==', left: { kind: 'col', name: 'a' }, right: { kind: 'lit', value: 'x' } },
    'a string argument of a method is a literal, as in Spark');
  t.same(col('a').asc().expr, { kind: 'sortOrder', child: { kind: 'col', name: 'a' }, ascending: true, nullsFirst: true });
  t.same(col('a').descNullsFirst().expr, { kind: 'sortOrder', child: { kind: 'col', name: 'a' }, ascending: false, nullsFirst: true });
  t.equal(String(col('a').plus(1).alias('b')), 'b');
});
