// StreamingAggregateOperator through the harness: Spark's scenarios S01, S03, S04, S08, S09, S16, S17.
import t from 'tap';
import { OperatorHarness, type HarnessEpochResult } from '../../operators/harness';
import { StreamingAggregateOperator, type AggregateColumn } from '../../operators/streaming-aggregate';
import { WindowExpandOperator } from '../../operators/window-expand';
import type { OutputMode, Row } from '../../plan/types';

const SEC = 1000;
const MIN = 60 * SEC;

/**
 * Spark's default-trigger loop around one harness: a data epoch (late watermark = eviction
 * watermark = the current one), then wm = max(wm, maxEventTime - delay), then a no-data epoch
 * when the operator asks for one. `rows` are all rows written since the call began.
 */
function sparkLoop(h: OperatorHarness, prepare: (input: Row[]) => Row[], eventTimeMs: (r: Row) => number, delayMs: number) {
  let wm = 0;
  return {
    get wm() { return wm; },
    addData(input: Row[], opts: { noDataEpochs?: boolean } = {}): { rows: Row[]; epochs: HarnessEpochResult[] } {
      const epochs = [h.processEpoch(prepare(input), { evictionWatermarkMs: wm })];
      if (input.length > 0) wm = Math.max(wm, Math.max(...input.map(eventTimeMs)) - delayMs);
      if (opts.noDataEpochs !== false && h.needsNoDataEpoch(wm)) epochs.push(h.processEpoch([], { evictionWatermarkMs: wm }));
      return { rows: epochs.flatMap((e) => e.rows), epochs };
    },
  };
}

/** Q_W5: eventTime = value seconds, watermark 10 s, groupBy(window(eventTime, 5 s)).agg(count(*)). */
function qw5(mode: OutputMode) {
  const expand = new WindowExpandOperator({ timeEval: (r) => r.eventTime, sizeMs: 5 * SEC });
  const h = new OperatorHarness({
    outputMode: mode,
    create: (s) => new StreamingAggregateOperator({
      operatorId: '0-aggregate',
      keys: [{ name: 'window', eval: (r) => r.window }],
      aggs: [{ name: 'count', fn: 'count', args: [] }],
      eventTimeKey: { name: 'window', kind: 'window' },
      outputMode: mode,
    }, s),
  });
  const loop = sparkLoop(h, (vs) => expand.process(vs), (r) => r.eventTime as number, 10 * SEC);
  const add = (...values: number[]) => {
    const r = loop.addData(values.map((v) => ({ value: v, eventTime: v * SEC })));
    return { ...r, answer: r.rows.map((x) => [(x.window as { start: number }).start / SEC, x.count]).sort(byJson) };
  };
  return { h, add };
}

function byJson(a: unknown, b: unknown): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

t.test('S08 update mode: emits changed windows, evicts silently, drops late rows', async (t) => {
  const { h, add } = qw5('update');
  let r = add(10, 11, 12, 13, 14, 15);
  t.same(r.answer, [[10, 5], [15, 1]]);
  t.equal(r.epochs.length, 2, 'the watermark moved to 5 s: a no-data epoch runs');
  r = add(25);
  t.same(r.answer, [[25, 1]]);
  t.equal(r.epochs.at(-1)!.numRowsTotal, 2, '[10,15) evicted by the no-data epoch at wm 15 s');
  t.equal(r.epochs.at(-1)!.metrics.numRowsRemoved, 1);
  t.equal(r.epochs[0].metrics.numRowsDroppedByWatermark, 0);
  r = add(10, 25);
  t.same(r.answer, [[25, 2]]);
  t.equal(r.epochs.length, 1, 'watermark unchanged: no no-data epoch');
  t.equal(r.epochs[0].numRowsTotal, 2);
  t.equal(r.epochs[0].metrics.numRowsDroppedByWatermark, 1);
  t.equal(r.epochs[0].metrics.numRowsUpdated, 1);
  r = add(10);
  t.same(r.answer, []);
  t.equal(r.epochs[0].numRowsTotal, 2);
  t.equal(r.epochs[0].metrics.numRowsDroppedByWatermark, 1);
  t.equal(h.operator.stateful!.operatorName, 'stateStoreSave');
});

t.test('S09 complete mode never evicts and never drops', async (t) => {
  const { add } = qw5('complete');
  const steps: [number[], number[][]][] = [
    [[10, 11, 12], [[10, 3]]],
    [[25], [[10, 3], [25, 1]]],
    [[25], [[10, 3], [25, 2]]],
    [[10], [[10, 4], [25, 2]]],
    [[25], [[10, 4], [25, 3]]],
  ];
  for (const [input, table] of steps) {
    const r = add(...input);
    t.equal(r.epochs.length, 1, 'complete mode asks for no no-data epochs');
    t.same(r.answer, table);
    t.equal(r.epochs[0].metrics.numRowsDroppedByWatermark, 0);
    t.equal(r.epochs[0].metrics.numRowsRemoved, 0);
  }
});

t.test('Q_W5 append mode emits each window once, when the watermark passes its end', async (t) => {
  const { add } = qw5('append');
  t.same(add(10, 11, 12, 13, 14, 15).answer, []);
  t.same(add(25).answer, [[10, 5]], 'wm 15 s closes [10,15)');
  const r = add(26, 27, 10);
  t.same(r.answer, []);
  t.equal(r.epochs[0].metrics.numRowsDroppedByWatermark, 1);
  t.same(add(40).answer, [[15, 1], [25, 3]], 'wm 30 s closes [15,20) and [25,30)');
});

/** The programming guide's word count: 10-minute windows sliding 5 minutes, by word. */
function wordCount(mode: OutputMode, watermark: boolean) {
  const expand = new WindowExpandOperator({ timeEval: (r) => r.timestamp, sizeMs: 10 * MIN, slideMs: 5 * MIN });
  const h = new OperatorHarness({
    outputMode: mode,
    create: (s) => new StreamingAggregateOperator({
      operatorId: '0-aggregate',
      keys: [{ name: 'window', eval: (r) => r.window }, { name: 'word', eval: (r) => r.word }],
      aggs: [{ name: 'count', fn: 'count', args: [] }],
      eventTimeKey: watermark ? { name: 'window', kind: 'window' } : undefined,
      outputMode: mode,
    }, s),
  });
  const loop = sparkLoop(h, (rows) => expand.process(rows), (r) => r.timestamp as number, 10 * MIN);
  const hm = (ms: number) => {
    const m = Math.round(ms / MIN);
    return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  };
  const at = (s: string) => {
    const [hh, mm] = s.split(':').map(Number);
    return (hh * 60 + mm) * MIN;
  };
  const add = (events: [string, string][], opts?: { noDataEpochs?: boolean }) => {
    const r = loop.addData(events.map(([time, word]) => ({ timestamp: at(time), word })), opts);
    const fmt = (x: Row) => {
      const w = x.window as { start: number; end: number };
      return `[${hm(w.start)},${hm(w.end)}) ${x.word} ${x.count}`;
    };
    return { ...r, answer: r.rows.map(fmt).sort() };
  };
  return { h, add };
}

t.test('S01 windowed word count, complete mode (strict: includes [11:55,12:05))', async (t) => {
  const { add } = wordCount('complete', false);
  t.same(add([['12:02', 'cat'], ['12:02', 'dog'], ['12:03', 'dog'], ['12:03', 'dog']]).answer, [
    '[11:55,12:05) cat 1', '[11:55,12:05) dog 3', '[12:00,12:10) cat 1', '[12:00,12:10) dog 3',
  ]);
  t.same(add([['12:07', 'owl'], ['12:07', 'cat']]).answer, [
    '[11:55,12:05) cat 1', '[11:55,12:05) dog 3',
    '[12:00,12:10) cat 2', '[12:00,12:10) dog 3', '[12:00,12:10) owl 1',
    '[12:05,12:15) cat 1', '[12:05,12:15) owl 1',
  ]);
  t.same(add([['12:11', 'dog'], ['12:13', 'owl']]).answer, [
    '[11:55,12:05) cat 1', '[11:55,12:05) dog 3',
    '[12:00,12:10) cat 2', '[12:00,12:10) dog 3', '[12:00,12:10) owl 1',
    '[12:05,12:15) cat 1', '[12:05,12:15) dog 1', '[12:05,12:15) owl 2',
    '[12:10,12:20) dog 1', '[12:10,12:20) owl 1',
  ]);
});

t.test('S03 watermark, update mode (default trigger port)', async (t) => {
  const { h, add } = wordCount('update', true);
  t.same(add([['12:07', 'dog'], ['12:08', 'owl']]).answer, [
    '[12:00,12:10) dog 1', '[12:00,12:10) owl 1', '[12:05,12:15) dog 1', '[12:05,12:15) owl 1',
  ]);
  t.same(add([['12:14', 'dog'], ['12:09', 'cat']]).answer, [
    '[12:00,12:10) cat 1', '[12:05,12:15) cat 1', '[12:05,12:15) dog 2', '[12:10,12:20) dog 1',
  ]);
  let r = add([['12:15', 'cat'], ['12:08', 'dog'], ['12:13', 'owl'], ['12:21', 'owl']]);
  t.same(r.answer, [
    '[12:00,12:10) dog 2', '[12:05,12:15) dog 3', '[12:05,12:15) owl 2',
    '[12:10,12:20) cat 1', '[12:10,12:20) owl 1', '[12:15,12:25) cat 1', '[12:15,12:25) owl 1', '[12:20,12:30) owl 1',
  ]);
  t.equal(r.epochs.length, 2);
  t.equal(r.epochs[1].metrics.numRowsRemoved, 3, 'the no-data epoch at wm 12:11 drops the three [12:00,12:10) groups');
  t.same(r.epochs[1].rows, [], 'silently');
  r = add([['12:04', 'donkey'], ['12:17', 'owl']]);
  t.same(r.answer, ['[12:10,12:20) owl 2', '[12:15,12:25) owl 2']);
  t.equal(r.epochs[0].metrics.numRowsDroppedByWatermark, 2, 'donkey: two partial-aggregate rows');
  t.equal(h.changes.length, 7);
});

t.test('S03 caveat: without a no-data epoch, late rows are judged by the previous watermark', async (t) => {
  const { add } = wordCount('update', true);
  add([['12:07', 'dog'], ['12:08', 'owl']], { noDataEpochs: false });
  add([['12:14', 'dog'], ['12:09', 'cat']], { noDataEpochs: false });
  add([['12:15', 'cat'], ['12:08', 'dog'], ['12:13', 'owl'], ['12:21', 'owl']], { noDataEpochs: false });
  // this epoch: late watermark 12:04 (previous epoch's), eviction watermark 12:11
  const r = add([['12:04', 'donkey'], ['12:17', 'owl']], { noDataEpochs: false });
  t.same(r.answer, [
    '[11:55,12:05) donkey 1', '[12:00,12:10) donkey 1', '[12:10,12:20) owl 2', '[12:15,12:25) owl 2',
  ], 'donkey is accepted, emitted once as an update...');
  t.equal(r.epochs[0].metrics.numRowsDroppedByWatermark, 0);
  t.equal(r.epochs[0].metrics.numRowsRemoved, 5, '...then evicted with [12:00,12:10) dog/owl/cat');
});

t.test('S04 watermark, append mode (default trigger port)', async (t) => {
  const { add } = wordCount('append', true);
  t.same(add([['12:07', 'dog'], ['12:08', 'owl']]).answer, []);
  t.same(add([['12:14', 'dog'], ['12:09', 'cat']]).answer, []);
  t.same(add([['12:15', 'cat'], ['12:08', 'dog'], ['12:13', 'owl'], ['12:21', 'owl']]).answer, [
    '[12:00,12:10) cat 1', '[12:00,12:10) dog 2', '[12:00,12:10) owl 1',
  ]);
  const r = add([['12:26', 'owl'], ['12:04', 'donkey'], ['12:17', 'owl']]);
  t.same(r.answer, ['[12:05,12:15) cat 1', '[12:05,12:15) dog 3', '[12:05,12:15) owl 2']);
  t.equal(r.epochs[0].metrics.numRowsDroppedByWatermark, 2);
  t.same(add([['12:09', 'cat']]).answer, [], 'both windows of 12:09 end <= 12:16: dropped');
});

/** groupBy(value).agg(count(*)) without watermark. */
function simpleCount(mode: OutputMode) {
  return new OperatorHarness({
    outputMode: mode,
    create: (s) => new StreamingAggregateOperator({
      operatorId: '0-aggregate',
      keys: [{ name: 'value', eval: (r) => r.value }],
      aggs: [{ name: 'count(1)', fn: 'count', args: [] }],
      outputMode: mode,
    }, s),
  });
}
const vals = (...vs: number[]) => vs.map((value) => ({ value }));
const pairs = (rows: Row[]) => rows.map((r) => [r.value, r['count(1)']]);

t.test('S16 simple count, update mode, with a restart', async (t) => {
  const h = simpleCount('update');
  t.same(pairs(h.processEpoch(vals(3)).rows), [[3, 1]]);
  t.same(pairs(h.processEpoch(vals(3, 2)).rows), [[3, 2], [2, 1]]);
  t.equal(h.needsNoDataEpoch(1e12), false, 'no event-time key: no no-data epochs');
  h.restore(h.snapshot());
  t.same(pairs(h.processEpoch(vals(3, 2, 1)).rows), [[3, 3], [2, 2], [1, 1]]);
  t.same(pairs(h.processEpoch(vals(4, 4, 4, 4)).rows), [[4, 4]]);
});

t.test('S17 simple count, complete mode, with a restart', async (t) => {
  const h = simpleCount('complete');
  t.same(pairs(h.processEpoch(vals(3)).rows), [[3, 1]]);
  t.same(pairs(h.processEpoch(vals(2)).rows), [[3, 1], [2, 1]]);
  h.restore(h.snapshot());
  t.same(pairs(h.processEpoch(vals(3, 2, 1)).rows), [[3, 2], [2, 2], [1, 1]]);
  const r = h.processEpoch(vals(4, 4, 4, 4));
  t.same(pairs(r.rows).sort(byJson), [[1, 1], [2, 2], [3, 2], [4, 4]]);
  t.equal(r.metrics.numRowsUpdated, 1);
  t.equal(r.numRowsTotal, 4);
});

function globalCount(mode: OutputMode, partition = 0) {
  return new OperatorHarness({
    outputMode: mode,
    partition,
    create: (s) => new StreamingAggregateOperator({
      operatorId: '0-aggregate', keys: [], outputMode: mode,
      aggs: [{ name: 'count', fn: 'count', args: [] }, { name: 'sum', fn: 'sum', args: [(r) => r.v] }],
    }, s),
  });
}

t.test('a global aggregation emits one row even without input', async (t) => {
  const c = globalCount('complete');
  t.same(c.processEpoch([]).rows, [{ count: 0, sum: null }]);
  t.same(c.processEpoch([{ v: 2 }, { v: 3 }]).rows, [{ count: 2, sum: 5 }]);
  t.same(c.processEpoch([]).rows, [{ count: 2, sum: 5 }]);
  const u = globalCount('update');
  t.same(u.processEpoch([{ v: 1 }]).rows, [{ count: 1, sum: 1 }]);
  const r = u.processEpoch([]);
  t.same(r.rows, [{ count: 1, sum: 1 }], 'update mode: the global row is written every epoch');
  t.equal(r.metrics.numRowsUpdated, 1);
  t.same(globalCount('complete').processEpoch([], { isBatch: true }).rows, [{ count: 0, sum: null }]);
  t.same(globalCount('complete', 1).processEpoch([]).rows, [], 'only partition 0 makes the empty-input row');
});

t.test('a batch query emits every group once, ignoring watermarks', async (t) => {
  const h = new OperatorHarness({
    outputMode: 'append',
    create: (s) => new StreamingAggregateOperator({
      operatorId: 'a', outputMode: 'append',
      keys: [{ name: 'ts', eval: (r) => r.ts }],
      aggs: [{ name: 'n', fn: 'count', args: [] }],
      eventTimeKey: { name: 'ts', kind: 'timestamp' },
    }, s),
  });
  const r = h.processEpoch([{ ts: 1 }, { ts: 5 }, { ts: 1 }], { isBatch: true, lateWatermarkMs: 100, evictionWatermarkMs: 0 });
  t.same(r.rows, [{ ts: 1, n: 2 }, { ts: 5, n: 1 }]);
  t.equal(r.metrics.numRowsDroppedByWatermark, 0);
});

t.test('timestamp event-time key: late rows, append emission at ts <= wm', async (t) => {
  const h = new OperatorHarness({
    outputMode: 'append',
    create: (s) => new StreamingAggregateOperator({
      operatorId: 'a', outputMode: 'append',
      keys: [{ name: 'ts', eval: (r) => r.ts }],
      aggs: [{ name: 'n', fn: 'count', args: [] }],
      eventTimeKey: { name: 'ts', kind: 'timestamp' },
    }, s),
  });
  t.same(h.processEpoch([{ ts: 10 }, { ts: 20 }, { ts: 10 }]).rows, []);
  t.equal(h.needsNoDataEpoch(0), false);
  t.equal(h.needsNoDataEpoch(10), true);
  t.same(h.processEpoch([], { evictionWatermarkMs: 10 }).rows, [{ ts: 10, n: 2 }]);
  const r = h.processEpoch([{ ts: 10 }, { ts: 9 }, { ts: 9 }, { ts: 11 }], { evictionWatermarkMs: 20 });
  t.equal(r.metrics.numRowsDroppedByWatermark, 2, 'distinct late keys: 10 and 9');
  t.same(r.rows, [{ ts: 20, n: 1 }, { ts: 11, n: 1 }], '11 is accepted (late wm 10), then closed by eviction wm 20 with 20');
  t.equal(r.metrics.numRowsRemoved, 2);
  t.equal(h.store.size, 0);
});

t.test('late keys are counted once per epoch across process calls', async (t) => {
  const { h } = qw5('update');
  h.processEpoch([{ window: { start: 20_000, end: 25_000 } }], { evictionWatermarkMs: 15_000 });
  const r = h.processEpoch([
    [{ window: { start: 10_000, end: 15_000 } }],
    [{ window: { start: 10_000, end: 15_000 } }, { window: { start: 5000, end: 10_000 } }, { window: { start: 20_000, end: 25_000 } }],
  ], { lateWatermarkMs: 15_000, evictionWatermarkMs: 15_000 });
  t.equal(r.metrics.numRowsDroppedByWatermark, 2);
  t.same(r.rows, [{ window: { start: 20_000, end: 25_000 }, count: 2 }]);
});

t.test('needsNoDataEpoch follows Spark: only after an epoch, only when the watermark moved', async (t) => {
  const { h } = qw5('append');
  t.equal(h.needsNoDataEpoch(100), false, 'nothing evicted yet');
  h.processEpoch([], { evictionWatermarkMs: 50 });
  t.equal(h.needsNoDataEpoch(50), false);
  t.equal(h.needsNoDataEpoch(51), true);
  t.equal(qw5('complete').h.needsNoDataEpoch(100), false);
  const g = new OperatorHarness({
    outputMode: 'update',
    create: (s) => new StreamingAggregateOperator({
      operatorId: 'a', outputMode: 'update', watermarkInInput: true,
      keys: [{ name: 'k', eval: (r) => r.k }], aggs: [{ name: 'n', fn: 'count', args: [] }],
    }, s),
  });
  g.processEpoch([{ k: 1 }], { evictionWatermarkMs: 5 });
  t.equal(g.needsNoDataEpoch(6), true, 'a watermark on a non-key column still asks (Spark)');
});

t.test('output columns: keys then aggregates in declared order; signature', async (t) => {
  const aggs: AggregateColumn[] = [
    { name: 'z', fn: 'max', args: [(r) => r.v] },
    { name: 'a', fn: 'collect_list', args: [(r) => r.v] },
    { name: 's', fn: 'sum', args: [(r) => r.v], distinct: true },
  ];
  const h = new OperatorHarness({
    outputMode: 'complete',
    create: (s) => new StreamingAggregateOperator({
      operatorId: 'a', outputMode: 'complete', aggs,
      keys: [{ name: 'k2', eval: (r) => r.k2 }, { name: 'k1', eval: (r) => r.k1 }],
    }, s),
  });
  const [row] = h.processEpoch([{ k1: 1, k2: 2, v: 5 }, { k1: 1, k2: 2, v: 5 }]).rows;
  t.same(Object.keys(row), ['k2', 'k1', 'z', 'a', 's']);
  t.same(row, { k2: 2, k1: 1, z: 5, a: [5, 5], s: 5 });
  t.equal(h.operator.stateful!.signature,
    'aggregate.v1(keys=[k2,k1];aggs=[max/1:z,collect_list/1:a,sum distinct/1:s])');
  t.throws(() => new StreamingAggregateOperator({
    operatorId: 'x', outputMode: 'update', keys: [], aggs, eventTimeKey: { name: 'window', kind: 'window' },
  }, h.store), { code: 'INVALID_OPERATOR_OPTIONS' });
});
