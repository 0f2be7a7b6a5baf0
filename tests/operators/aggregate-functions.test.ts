// Aggregate accumulators: Spark's null rules and results; HyperLogLog accuracy and merging.
import t from 'tap';
import { Packr } from 'msgpackr';
import { bindAggregate, createAccumulator } from '../../operators/aggregate-functions';
import { hllAdd, hllEstimate, hllInit, hllMerge, hllPrecisionFor } from '../../operators/hyperloglog';
import type { AggFn } from '../../plan/expr';
import type { Row } from '../../plan/types';

const packr = new Packr({ useRecords: false });

/** Folds values through an accumulator, round-tripping the state through msgpackr after each step. */
function agg(fn: AggFn, values: unknown[], opts = {}): unknown {
  const acc = createAccumulator(fn, opts);
  let s = acc.init();
  for (const v of values) s = packr.unpack(packr.pack(acc.update(s, v)));
  return acc.result(s);
}

t.test('count skips nulls; count(*) counts rows', async (t) => {
  t.equal(agg('count', [1, null, 'x', undefined]), 2);
  t.equal(agg('count', []), 0);
  const star = bindAggregate('count', []);
  const rows: Row[] = [{ x: null }, { x: 1 }];
  t.equal(star.accumulator.result(rows.reduce((s, r) => star.update(s, r), star.accumulator.init())), 2);
  const two = bindAggregate('count', [(r) => r.a, (r) => r.b]);
  const rs: Row[] = [{ a: 1, b: 1 }, { a: null, b: 1 }, { a: 1, b: null }, { a: 2, b: 2 }];
  t.equal(two.accumulator.result(rs.reduce((s, r) => two.update(s, r), two.accumulator.init())), 2);
});

t.test('sum and avg: null without non-null input', async (t) => {
  t.equal(agg('sum', []), null);
  t.equal(agg('sum', [null, null]), null);
  t.equal(agg('sum', [1, null, 2.5]), 3.5);
  t.equal(agg('sum', ['2', 3]), 5);
  t.equal(agg('sum', ['x', 3]), 3);
  t.equal(agg('sum', [2n, 3n]), 5n);
  t.equal(agg('avg', []), null);
  t.equal(agg('avg', [null]), null);
  t.equal(agg('avg', [1, 2, null, 6]), 3);
});

t.test('min and max use Spark order and skip nulls', async (t) => {
  t.equal(agg('min', [3, null, 1, 2]), 1);
  t.ok(Number.isNaN(agg('max', [3, null, NaN, 2])), 'NaN is the largest number');
  t.equal(agg('max', ['b', 'a', 'c']), 'c');
  t.equal(agg('min', []), null);
  t.equal(agg('max', [null]), null);
});

t.test('first and last keep nulls unless ignoreNulls', async (t) => {
  t.equal(agg('first', [null, 1, 2]), null);
  t.equal(agg('first', [null, 1, 2], { ignoreNulls: true }), 1);
  t.equal(agg('last', [1, 2, null]), null);
  t.equal(agg('last', [1, 2, null], { ignoreNulls: true }), 2);
  t.equal(agg('first', []), null);
  const b = bindAggregate('last', [(r) => r.x, () => true]);
  const rows: Row[] = [{ x: 1 }, { x: null }];
  t.equal(b.accumulator.result(rows.reduce((s, r) => b.update(s, r), b.accumulator.init())), 1);
  t.throws(() => bindAggregate('first', [(r) => r.x, () => 'yes']), { code: 'INVALID_AGGREGATE_ARGUMENT' });
});

t.test('collect_list and collect_set skip nulls; results are copies', async (t) => {
  t.same(agg('collect_list', [1, null, 1, 2]), [1, 1, 2]);
  t.same(agg('collect_set', [1, null, 1, '1', 2, NaN, NaN]), [1, '1', 2, NaN]);
  t.same(agg('collect_list', []), []);
  const acc = createAccumulator('collect_list');
  const s = acc.update(acc.init(), 'a');
  const r = acc.result(s) as unknown[];
  acc.update(s, 'b');
  t.same(r, ['a'], 'an emitted result does not change when the state does');
});

t.test('distinct aggregates and count_distinct (batch)', async (t) => {
  t.equal(agg('count_distinct', [1, 1, 2, null, 2, 3]), 3);
  t.equal(agg('sum', [1, 1, 2, null], { distinct: true }), 3);
  t.equal(agg('count', [1, 1, 2], { distinct: true }), 2);
  const cd = bindAggregate('count_distinct', [(r) => r.a, (r) => r.b]);
  const rows: Row[] = [{ a: 1, b: 1 }, { a: 1, b: 1 }, { a: 1, b: 2 }, { a: null, b: 2 }];
  t.equal(cd.accumulator.result(rows.reduce((s, r) => cd.update(s, r), cd.accumulator.init())), 2);
});

t.test('merge equals folding everything into one state', async (t) => {
  const parts = [[1, 5, null], [2, 'x'], [], [7, 7]];
  for (const fn of ['count', 'sum', 'avg', 'min', 'max', 'first', 'last', 'collect_list', 'collect_set', 'approx_count_distinct', 'count_distinct'] as AggFn[]) {
    const acc = createAccumulator(fn);
    const states = parts.map((p) => p.reduce((s, v) => acc.update(s, v), acc.init()));
    const merged = states.reduce((a, b) => acc.merge(a, b), acc.init());
    t.same(acc.result(merged), agg(fn, parts.flat()), fn);
  }
});

t.test('approx_count_distinct: exact for small sets, within 2% on 100k distinct values', async (t) => {
  t.equal(agg('approx_count_distinct', []), 0);
  t.equal(agg('approx_count_distinct', [null, 'a', 'a', 'b', null]), 2);
  const s = hllInit();
  for (let i = 0; i < 300; i++) hllAdd(s, i % 100);
  t.equal(hllEstimate(s), 100, 'sparse form counts small sets exactly');

  const acc = createAccumulator('approx_count_distinct');
  let st = acc.init();
  for (let i = 0; i < 100_000; i++) st = acc.update(st, `user-${i}`);
  for (let i = 0; i < 100_000; i += 3) st = acc.update(st, `user-${i}`); // repeats change nothing
  const est = acc.result(st) as number;
  t.ok(Math.abs(est - 100_000) / 100_000 < 0.02, `estimate ${est} within 2% of 100000`);
  const bytes = packr.pack(st);
  t.ok(bytes.length < 5000, `dense state encodes compactly (${bytes.length} bytes)`);
  t.equal(acc.result(packr.unpack(bytes)), est, 'survives a msgpackr round trip');

  const nums = hllInit();
  for (let i = 0; i < 100_000; i++) hllAdd(nums, i);
  const n = hllEstimate(nums);
  t.ok(Math.abs(n - 100_000) / 100_000 < 0.02, `numbers: estimate ${n} within 2%`);
});

t.test('HLL merge of sparse sketches equals adding everything to one', async (t) => {
  const whole = hllInit();
  let merged = hllInit();
  for (let part = 0; part < 30; part++) {
    const s = hllInit();
    for (let i = 0; i < 100; i++) {
      hllAdd(s, part * 100 + i);
      hllAdd(whole, part * 100 + i);
    }
    merged = hllMerge(merged, s);
  }
  t.same(merged.r, whole.r);
  const a = hllInit();
  const b = hllInit();
  for (let i = 0; i < 50_000; i++) hllAdd(a, i);
  for (let i = 25_000; i < 75_000; i++) hllAdd(b, i);
  const u = hllEstimate(hllMerge(a, b));
  t.ok(Math.abs(u - 75_000) / 75_000 < 0.02, `union estimate ${u}`);
  t.throws(() => hllMerge(hllInit(12), hllInit(10)), { code: 'HLL_PRECISION_MISMATCH' });
});

t.test('approx_count_distinct precision from rsd (Spark formula)', async (t) => {
  t.equal(hllPrecisionFor(0.05), 9);
  t.equal(hllPrecisionFor(0.01), 14);
  t.throws(() => hllPrecisionFor(0), { code: 'INVALID_RELATIVE_SD' });
  t.throws(() => hllPrecisionFor(0.5), { code: 'INVALID_RELATIVE_SD' });
  t.throws(() => hllPrecisionFor(0.0001), { code: 'INVALID_RELATIVE_SD' });
  const b = bindAggregate('approx_count_distinct', [(r) => r.x, () => 0.05]);
  t.equal((b.accumulator.init() as { p: number }).p, 9);
});

t.test('unknown function and missing argument are coded errors', async (t) => {
  t.throws(() => createAccumulator('median' as AggFn), { code: 'UNKNOWN_AGGREGATE_FUNCTION' });
  t.throws(() => bindAggregate('sum', []), { code: 'AGGREGATE_ARGUMENT_MISSING' });
});
