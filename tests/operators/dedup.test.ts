// DeduplicateOperator: S26 (all columns, some columns, chained, numDroppedDuplicateRows) and watermarks.
import t from 'tap';
import { DeduplicateOperator, type DeduplicateOptions } from '../../operators/dedup';
import { OperatorHarness, type HarnessEpochResult } from '../../operators/harness';
import type { Row } from '../../plan/types';

function dedup(options: Omit<DeduplicateOptions, 'operatorId'>) {
  return new OperatorHarness({ create: (s) => new DeduplicateOperator({ operatorId: '0-dedupe', ...options }, s) });
}
const stats = (r: HarnessEpochResult) => [r.numRowsTotal, r.metrics.numRowsUpdated];

t.test('S26 dropDuplicates() on all columns', async (t) => {
  const h = dedup({});
  let r = h.processEpoch([{ value: 'a' }]);
  t.same(r.rows, [{ value: 'a' }]);
  t.same(stats(r), [1, 1]);
  r = h.processEpoch([{ value: 'a' }]);
  t.same(r.rows, []);
  t.same(stats(r), [1, 0]);
  r = h.processEpoch([{ value: 'b' }]);
  t.same(r.rows, [{ value: 'b' }]);
  t.same(stats(r), [2, 1]);
  t.equal(h.operator.stateful!.operatorName, 'dedupe');
  t.equal(h.operator.stateful!.signature, 'dedupe.v1(keys=[*])');
});

const pair = (a: string, b: number): Row => ({ _1: a, _2: b });
const byFirst = { keys: [{ name: '_1', eval: (r: Row) => r._1 }] };

t.test('S26 dropDuplicates("_1")', async (t) => {
  const h = dedup(byFirst);
  let r = h.processEpoch([pair('a', 1)]);
  t.same(r.rows, [pair('a', 1)]);
  t.same(stats(r), [1, 1]);
  r = h.processEpoch([pair('a', 2)]);
  t.same(r.rows, []);
  t.same(stats(r), [1, 0]);
  r = h.processEpoch([pair('b', 1)]);
  t.same(r.rows, [pair('b', 1)]);
  t.same(stats(r), [2, 1]);
});

t.test('S26 dropDuplicates().dropDuplicates("_1"): operators listed downstream first', async (t) => {
  const all = dedup({});
  const first = dedup(byFirst);
  const run = (rows: Row[]) => {
    const a = all.processEpoch(rows);
    const b = first.processEpoch(a.rows);
    return { rows: b.rows, total: [b.numRowsTotal, a.numRowsTotal], updated: [b.metrics.numRowsUpdated, a.metrics.numRowsUpdated] };
  };
  t.same(run([pair('a', 1)]), { rows: [pair('a', 1)], total: [1, 1], updated: [1, 1] });
  t.same(run([pair('a', 2)]), { rows: [], total: [1, 2], updated: [0, 1] });
  t.same(run([pair('b', 1)]), { rows: [pair('b', 1)], total: [2, 3], updated: [1, 1] });
});

t.test('S26 custom metric numDroppedDuplicateRows (SPARK-35880)', async (t) => {
  const h = dedup(byFirst);
  let r = h.processEpoch([pair('a', 1)]);
  t.same(r.rows, [pair('a', 1)]);
  t.equal(r.metrics.custom.numDroppedDuplicateRows, 0);
  r = h.processEpoch([pair('a', 2), pair('b', 3)]);
  t.same(r.rows, [pair('b', 3)]);
  t.equal(r.metrics.custom.numDroppedDuplicateRows, 1);
  r = h.processEpoch([pair('a', 5), pair('b', 2), pair('c', 9)]);
  t.same(r.rows, [pair('c', 9)]);
  t.equal(r.metrics.custom.numDroppedDuplicateRows, 2);
  r = h.processEpoch([]);
  t.equal(r.metrics.custom.numDroppedDuplicateRows, 0, 'reported (as 0) on an epoch without input');
});

t.test('duplicates within one epoch and across process calls', async (t) => {
  const h = dedup({ keys: [{ name: 'k', eval: (r) => r.k }] });
  const r = h.processEpoch([[{ k: 1, n: 1 }, { k: 1, n: 2 }], [{ k: 1, n: 3 }, { k: 2, n: 4 }]]);
  t.same(r.rows, [{ k: 1, n: 1 }, { k: 2, n: 4 }]);
  t.equal(r.metrics.custom.numDroppedDuplicateRows, 2);
});

const timed = {
  keys: [{ name: 'id', eval: (r: Row) => r.id }, { name: 'ts', eval: (r: Row) => r.ts }],
  eventTime: { name: 'ts', eval: (r: Row) => r.ts },
};

t.test('event time among the keys: late rows dropped, state evicted at ts <= wm', async (t) => {
  const h = dedup(timed);
  t.same(h.processEpoch([{ id: 'a', ts: 10 }, { id: 'a', ts: 10 }, { id: 'b', ts: 20 }]).rows, [{ id: 'a', ts: 10 }, { id: 'b', ts: 20 }]);
  t.equal(h.needsNoDataEpoch(10), true);
  let r = h.processEpoch([], { evictionWatermarkMs: 10 });
  t.equal(r.metrics.numRowsRemoved, 1);
  t.equal(r.numRowsTotal, 1);
  t.equal(h.needsNoDataEpoch(10), false);
  r = h.processEpoch([{ id: 'a', ts: 10 }, { id: 'a', ts: 11 }, { id: 'b', ts: 20 }]);
  t.same(r.rows, [{ id: 'a', ts: 11 }]);
  t.equal(r.metrics.numRowsDroppedByWatermark, 1);
  t.equal(r.metrics.custom.numDroppedDuplicateRows, 1);
  t.equal(h.operator.stateful!.signature, 'dedupe.v1(keys=[id,ts];eventTime=ts)');
});

t.test('event time not a key: late rows still dropped (Spark filters on the input), nothing evicted', async (t) => {
  const h = dedup({ keys: [{ name: 'id', eval: (r) => r.id }], eventTime: { name: 'ts', eval: (r) => r.ts } });
  h.processEpoch([{ id: 'a', ts: 5 }]);
  let r = h.processEpoch([], { evictionWatermarkMs: 100 });
  t.equal(r.metrics.numRowsRemoved, 0);
  t.equal(r.numRowsTotal, 1);
  r = h.processEpoch([{ id: 'b', ts: 100 }, { id: 'a', ts: 200 }, { id: 'c', ts: 101 }]);
  t.same(r.rows, [{ id: 'c', ts: 101 }]);
  t.equal(r.metrics.numRowsDroppedByWatermark, 1);
  t.equal(r.metrics.custom.numDroppedDuplicateRows, 1);
});

t.test('dropDuplicatesWithinWatermark: a key is remembered until wm >= firstTime + delay', async (t) => {
  const h = new OperatorHarness({
    create: (s) => new DeduplicateOperator({
      operatorId: '0-dedupeWithinWatermark', withinWatermark: { delayMs: 10 },
      keys: [{ name: 'id', eval: (r) => r.id }], eventTime: { name: 'ts', eval: (r) => r.ts },
    }, s),
  });
  t.equal(h.operator.stateful!.operatorName, 'dedupeWithinWatermark');
  t.same(h.processEpoch([{ id: 'a', ts: 100 }, { id: 'a', ts: 105 }]).rows, [{ id: 'a', ts: 100 }]);
  t.same(h.changes[0].puts, [['"a"', 110]], 'state value = expiry (event time + delay)');
  let r = h.processEpoch([{ id: 'a', ts: 120 }], { evictionWatermarkMs: 109 });
  t.same(r.rows, [], 'still a duplicate: key kept while wm < 110');
  r = h.processEpoch([], { evictionWatermarkMs: 110 });
  t.equal(r.metrics.numRowsRemoved, 1);
  r = h.processEpoch([{ id: 'a', ts: 121 }]);
  t.same(r.rows, [{ id: 'a', ts: 121 }], 'after eviction the key counts as new');
  t.throws(() => new DeduplicateOperator({ operatorId: 'x', withinWatermark: { delayMs: 1 } }, h.store),
    { code: 'DEDUP_WITHIN_WATERMARK_NEEDS_WATERMARK' });
});

t.test('batch: first row per key, no watermark handling', async (t) => {
  const h = dedup(timed);
  const r = h.processEpoch([{ id: 'a', ts: 1 }, { id: 'a', ts: 1 }], { isBatch: true, lateWatermarkMs: 50, evictionWatermarkMs: 50 });
  t.same(r.rows, [{ id: 'a', ts: 1 }]);
  t.equal(r.metrics.numRowsRemoved, 0);
});

t.test('restart keeps dedup state', async (t) => {
  const h = dedup(byFirst);
  h.processEpoch([pair('a', 1)]);
  h.restore(h.snapshot());
  t.same(h.processEpoch([pair('a', 2), pair('b', 1)]).rows, [pair('b', 1)]);
});
