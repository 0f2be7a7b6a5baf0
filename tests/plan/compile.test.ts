// Compiled expression semantics: Spark's null propagation, three-valued logic, casts, case/in/between, fields.
import t from 'tap';
import { col, lit, when, window, count } from '../../api/functions';
import type { Column } from '../../api/column';
import { compileExpr, compilePredicate } from '../../plan/compile';
import type { Expr } from '../../plan/expr';
import type { Row } from '../../plan/types';
import { TidemarkError } from '../../common/errors';

const ev = (c: Column<any, any> | Expr, row: Row = {}): unknown => compileExpr('expr' in c ? c.expr : c)(row);

t.test('column references', async (t) => {
  t.equal(ev(col('a'), { a: 1 }), 1);
  t.equal(ev(col('a'), {}), null, 'a missing field reads as null');
  t.equal(ev(col('a.b'), { 'a.b': 5, a: { b: 6 } }), 5, 'flat dotted name first');
  t.equal(ev(col('a.b'), { a: { b: 6 } }), 6, 'then the nested path');
  t.equal(ev(col('a.b.c'), { a: { b: null } }), null);
  t.equal(ev(col('a.b'), { a: 3 }), null);
  t.equal(ev(lit(undefined)), null);
});

t.test('arithmetic with null propagation, division by zero, Java remainder', async (t) => {
  t.equal(ev(col('a').plus(col('b')), { a: 1, b: 2 }), 3);
  t.equal(ev(col('a').plus(col('b')), { a: 1, b: null }), null);
  t.equal(ev(col('a').minus(1), { a: undefined }), null);
  t.equal(ev(col('a').multiply(3), { a: 2 }), 6);
  t.equal(ev(col('a').divide(2), { a: 3 }), 1.5);
  t.equal(ev(col('a').divide(0), { a: 3 }), null);
  t.equal(ev(col('a').mod(0), { a: 3 }), null);
  t.equal(ev(col('a').mod(3), { a: -7 }), -1, '% keeps the sign of the dividend, like Java');
  t.equal(ev(col('a').mod(-3), { a: 7 }), 1);
  t.equal(ev(col('a').plus(1), { a: '41' }), 42, 'numeric strings are cast');
  t.equal(ev(col('a').plus(1), { a: 'x' }), null, 'non-numeric strings become null');
  t.equal(ev(col('a').plus(col('b')), { a: 2n, b: 3n }), 5n);
  t.equal(ev(col('a').divide(col('b')), { a: 3n, b: 2n }), 1.5);
  t.equal(ev(col('a').negate(), { a: 4 }), -4);
  t.equal(ev(col('a').negate(), { a: null }), null);
  t.equal(ev(col('t').plus(1000), { t: new Date(0) }), 1000, 'a Date counts as epoch ms');
});

t.test('comparisons: null → null, NaN is largest and equal to itself', async (t) => {
  t.equal(ev(col('a').gt(1), { a: 2 }), true);
  t.equal(ev(col('a').gt(1), { a: null }), null);
  t.equal(ev(col('a').leq(col('b')), { a: 'abc', b: 'abd' }), true);
  t.equal(ev(col('a').eq(col('b')), { a: NaN, b: NaN }), true);
  t.equal(ev(col('a').gt(1e308), { a: NaN }), true);
  t.equal(ev(col('a').lt(NaN), { a: Infinity }), true);
  t.equal(ev(col('a').eq('1'), { a: 1 }), true, "1 = '1' compares as numbers");
  t.equal(ev(col('a').neq(1), { a: 1 }), false);
  t.equal(ev(col('a').neq(1), { a: null }), null);
  t.equal(ev(col('w').eq(col('v')), { w: { start: 0, end: 5 }, v: { start: 0, end: 5 } }), true, 'structs compare by value');
  t.equal(ev(col('a').geq(false), { a: true }), true);
});

t.test('null-safe equality <=>', async (t) => {
  t.equal(ev(col('a').eqNullSafe(col('b')), { a: null, b: null }), true);
  t.equal(ev(col('a').eqNullSafe(col('b')), { a: 1, b: null }), false);
  t.equal(ev(col('a').eqNullSafe(col('b')), { a: 1, b: 1 }), true);
  t.equal(ev(col('a').eqNullSafe(col('b')), { b: undefined }), true);
});

t.test('three-valued AND / OR / NOT', async (t) => {
  const vals = [true, false, null];
  const and: Record<string, unknown> = {};
  const or: Record<string, unknown> = {};
  for (const a of vals) for (const b of vals) {
    and[`${a},${b}`] = ev(col('a').and(col('b')), { a, b });
    or[`${a},${b}`] = ev(col('a').or(col('b')), { a, b });
  }
  t.same(and, {
    'true,true': true, 'true,false': false, 'true,null': null,
    'false,true': false, 'false,false': false, 'false,null': false,
    'null,true': null, 'null,false': false, 'null,null': null,
  });
  t.same(or, {
    'true,true': true, 'true,false': true, 'true,null': true,
    'false,true': true, 'false,false': false, 'false,null': null,
    'null,true': true, 'null,false': null, 'null,null': null,
  });
  t.equal(ev(col('a').not(), { a: true }), false);
  t.equal(ev(col('a').not(), { a: null }), null);
});

t.test('predicates: null and false drop the row', async (t) => {
  const p = compilePredicate(col('a').gt(1).expr);
  t.same([{ a: 2 }, { a: 1 }, { a: null }, {}].map(p), [true, false, false, false]);
});

t.test('isNull, isin, between', async (t) => {
  t.equal(ev(col('a').isNull(), {}), true);
  t.equal(ev(col('a').isNull(), { a: 0 }), false);
  t.equal(ev(col('a').isNotNull(), { a: '' }), true);
  t.equal(ev(col('a').isin(1, 2, 3), { a: 2 }), true);
  t.equal(ev(col('a').isin([1, 2, 3]), { a: 4 }), false);
  t.equal(ev(col('a').isin(1, null), { a: 4 }), null, 'not found with a null in the list → null');
  t.equal(ev(col('a').isin(1, null), { a: 1 }), true);
  t.equal(ev(col('a').isin(1, 2), { a: null }), null);
  t.equal(ev(col('a').isin('1', '2'), { a: 2 }), true, 'coerces across types');
  t.equal(ev(col('a').isin(NaN), { a: NaN }), true);
  t.equal(ev(col('a').isin(col('b'), col('c')), { a: 3, b: 1, c: 3 }), true);
  t.equal(ev(col('a').isin(col('b'), col('c')), { a: 3, b: 1, c: null }), null);
  t.equal(ev(col('a').between(1, 3), { a: 3 }), true);
  t.equal(ev(col('a').between(1, 3), { a: 0 }), false);
  t.equal(ev(col('a').between(1, null), { a: 0 }), false, 'false AND null is false');
  t.equal(ev(col('a').between(1, null), { a: 2 }), null);
});

t.test('case / when / otherwise', async (t) => {
  const c = when(col('a').gt(10), 'big').when(col('a').gt(5), 'mid').otherwise('small');
  t.same([{ a: 11 }, { a: 6 }, { a: 1 }, { a: null }].map((r) => ev(c, r)), ['big', 'mid', 'small', 'small']);
  t.equal(ev(when(col('a').gt(10), 'big'), { a: 1 }), null, 'no otherwise → null');
  t.equal(ev(when(col('a').gt(10), col('b')), { a: 11, b: 'x' }), 'x');
  t.throws(() => col('a').otherwise(1), { code: 'INVALID_CASE_EXPRESSION' });
  t.throws(() => when(col('a').gt(1), 1).otherwise(2).otherwise(3), { code: 'INVALID_CASE_EXPRESSION' });
});

t.test('casts (non-ANSI: invalid → null)', async (t) => {
  t.equal(ev(col('a').cast('int'), { a: '12' }), 12);
  t.equal(ev(col('a').cast('double'), { a: ' 1.5 ' }), 1.5);
  t.equal(ev(col('a').cast('number'), { a: 'abc' }), null);
  t.equal(ev(col('a').cast('long'), { a: true }), 1);
  t.equal(ev(col('a').cast('string'), { a: 1.5 }), '1.5');
  t.equal(ev(col('a').cast('string'), { a: false }), 'false');
  t.equal(ev(col('a').cast('string'), { a: null }), null);
  t.equal(ev(col('a').cast('boolean'), { a: 'yes' }), true);
  t.equal(ev(col('a').cast('boolean'), { a: 'F' }), false);
  t.equal(ev(col('a').cast('boolean'), { a: 'maybe' }), null);
  t.equal(ev(col('a').cast('boolean'), { a: 0 }), false);
  t.equal(ev(col('a').cast('timestamp'), { a: 1500 }), 1500, 'numbers are epoch ms');
  t.equal(ev(col('a').cast('timestamp'), { a: new Date(Date.UTC(2024, 0, 2)) }), Date.UTC(2024, 0, 2));
  t.equal(ev(col('a').cast('timestamp'), { a: '2024-01-02T03:04:05.678Z' }), Date.UTC(2024, 0, 2, 3, 4, 5, 678));
  t.equal(ev(col('a').cast('timestamp'), { a: '2024-01-02 03:04:05' }), Date.UTC(2024, 0, 2, 3, 4, 5), 'no zone means UTC');
  t.equal(ev(col('a').cast('timestamp'), { a: '2024-01-02T03:04:05+02:00' }), Date.UTC(2024, 0, 2, 1, 4, 5));
  t.equal(ev(col('a').cast('timestamp'), { a: '2024-02-30' }), null, 'invalid dates are null');
  t.equal(ev(col('a').cast('timestamp'), { a: 'soon' }), null);
  t.equal(ev(col('a').cast('date'), { a: Date.UTC(2024, 0, 2, 23, 59) }), Date.UTC(2024, 0, 2));
  t.equal(ev(col('a').cast('date'), { a: '2024-01-02' }), Date.UTC(2024, 0, 2));
  t.equal(ev(col('a').cast('bigint'), { a: '42' }), 42n);
  t.equal(compileExpr(col('t').cast('string').expr, { schema: [{ name: 't', type: 'timestamp' }] })({ t: Date.UTC(2024, 0, 2, 3, 4, 5, 600) }),
    '2024-01-02 03:04:05.6', 'timestamps render as Spark does when the schema says so');
  t.equal(compileExpr(col('d').cast('string').expr, { schema: [{ name: 'd', type: 'date' }] })({ d: Date.UTC(2024, 0, 2) }), '2024-01-02');
  t.throws(() => col('a').cast('varchar2' as any), { code: 'UNKNOWN_DATA_TYPE', message: /did you mean "varchar"/ });
});

t.test('getField reads struct fields such as window bounds', async (t) => {
  t.equal(ev(col('window').getField('start'), { window: { start: 0, end: 5000 } }), 0);
  t.equal(ev(col('window').getField('end'), { window: null }), null);
  t.equal(ev(col('window').getField('nope'), { window: { start: 0 } }), null);
});

t.test('user functions of arguments or of the whole row', async (t) => {
  const udf: Expr = { kind: 'udf', name: 'twice', fn: (x: number) => x * 2, args: [{ kind: 'col', name: 'a' }] };
  t.equal(ev(udf, { a: 4 }), 8);
  const whole: Expr = { kind: 'udf', name: 'f', fn: (r: Row) => r.a === 1, args: [], wholeRow: true };
  t.equal(ev(whole, { a: 1 }), true);
  const three: Expr = { kind: 'udf', name: 'g', fn: (a: number, b: number, c: number) => a + b + c, args: [lit(1).expr, lit(2).expr, lit(3).expr] };
  t.equal(ev(three), 6);
});

t.test('current_timestamp reads the batch time on every call', async (t) => {
  let now = 1000;
  const f = compileExpr({ kind: 'call', fn: 'current_timestamp', args: [] }, { batchTimestampMs: () => now });
  t.equal(f({}), 1000);
  now = 2000;
  t.equal(f({}), 2000, 'one compiled closure serves every epoch');
});

t.test('aggregates, windows and stars are not compiled: internal error', async (t) => {
  for (const e of [count().expr, window('ts', '1 second').expr, { kind: 'star' } as Expr]) {
    try {
      compileExpr(e);
      t.fail('should throw');
    } catch (err) {
      t.ok(err instanceof TidemarkError);
      t.equal((err as TidemarkError).code, 'EXPR_NOT_COMPILABLE');
      t.equal((err as TidemarkError).domain, 'internal');
    }
  }
});
