// Issue-3 rules beyond the visible scenarios: chained windows, watermark policies, no-data epochs, limit, sort,
// dedup, aggregate functions, distinct counts, supervision restarts, snapshots.
import t from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Session, MemoryStream, col, count, sum, avg, min, max, first, last, collectList, collectSet,
  approxCountDistinct, countDistinct, window, TidemarkError,
} from '../../index';
import { testStream, AddData, CheckAnswer, CheckNewAnswer, CheckLastBatch, MultiAddData, StopStream, StartStream, assertNumStateRows, AssertOnQuery, ExpectFailure } from '../../testing';
import { armFailpoint, failpointFireCount, resetFailpoints } from '../../common/failpoints';
import { openCheckpoint } from '../../persistence/storage';

const session = (conf: Record<string, string | number> = {}) => new Session({ print: () => undefined, conf: { 'tidemark.shufflePartitions': 2, ...conf } });
const ts = (s: number) => s * 1000;

t.test('chained window aggregation: window over a window column (Spark MultiStatefulOperatorsSuite)', async (t) => {
  const s = session();
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  for (const restart of [false, true]) {
    const input = new MemoryStream<number>(s);
    const df2 = input.toDF()
      .withColumn('eventTime', col('value').multiply(1000).cast('timestamp'))
      .withWatermark('eventTime', '0 seconds')
      .groupBy(window(col('eventTime'), '5 seconds').alias('window')).agg(count('*').alias('count'))
      .groupBy(window(col('window'), '10 seconds')).agg(count('*').alias('count'), sum('count').alias('sum'))
      .select(col('window').getField('start').divide(1000).alias('start'), col('count'), col('sum'));
    await testStream(df2, 'append', [
      AddData(input, ...range(10, 21)), CheckNewAnswer([10, 2, 10]),
      assertNumStateRows([0, 1], [1, 3]),
      AddData(input, ...range(10, 29)), CheckNewAnswer(),
      assertNumStateRows([1, 1], [1, 2]),
      AddData(input, 31), CheckNewAnswer([20, 2, 12]),
    ], { restartAfterEveryCheck: restart });
  }
  t.pass();
});

t.test('multiple watermarks: min policy (default) and max policy, pinned in the checkpoint', async (t) => {
  for (const policy of ['min', 'max'] as const) {
    const s = session({ 'tidemark.multipleWatermarkPolicy': policy });
    const a = new MemoryStream<number>(s);
    const b = new MemoryStream<number>(s);
    const wa = a.toDF().withColumn('eventTime', col('value').multiply(1000).cast('timestamp')).withWatermark('eventTime', '10 seconds');
    const wb = b.toDF().withColumn('eventTime', col('value').multiply(1000).cast('timestamp')).withWatermark('eventTime', '5 seconds');
    const df = wa.union(wb).select('value');
    const wm = (expected: number) => AssertOnQuery((_q, ctx) => {
      const p = ctx.lastProgress!;
      if (p.eventTime.watermark !== new Date(expected).toISOString()) throw new Error(`watermark ${p.eventTime.watermark} != ${new Date(expected).toISOString()}`);
    }, `watermark == ${expected}`);
    await testStream(df, 'append', [
      MultiAddData([a, [100]], [b, [100]]), CheckNewAnswer(100, 100),
      MultiAddData([a, [101]], [b, [101]]), CheckNewAnswer(101, 101),
      wm(policy === 'min' ? ts(90) : ts(95)),
      AddData(a, 200), CheckNewAnswer(200),
      AddData(a, 201), CheckNewAnswer(201),
      wm(policy === 'min' ? ts(96) : ts(190)),
    ]);
    t.pass(policy);
  }
});

t.test('noDataMicroBatches=false: watermark-driven output waits for the next data epoch', async (t) => {
  const s = session({ 'tidemark.noDataMicroBatches': 'false' });
  const input = new MemoryStream<number>(s);
  const df = input.toDF()
    .withColumn('eventTime', col('value').multiply(1000).cast('timestamp'))
    .withWatermark('eventTime', '10 seconds')
    .groupBy(window(col('eventTime'), '5 seconds')).agg(count('*').alias('count'))
    .select(col('window').getField('start').divide(1000).alias('start'), col('count'));
  await testStream(df, 'append', [
    AddData(input, 10, 11), CheckNewAnswer(),
    AddData(input, 25), CheckNewAnswer(),
    AddData(input, 26), CheckNewAnswer([10, 2]),
  ]);
  t.pass();
});

t.test('streaming limit in append mode is stateful across epochs and restarts', async (t) => {
  const s = session();
  const input = new MemoryStream<number>(s);
  await testStream(input.toDF().limit(3), 'append', [
    AddData(input, 1, 2), CheckNewAnswer(1, 2),
    StopStream, StartStream(),
    AddData(input, 3, 4), CheckAnswer(1, 2, 3),
    AddData(input, 5), CheckNewAnswer(),
  ]);
  t.pass();
});

t.test('orderBy after an aggregation in complete mode; limit in complete mode', async (t) => {
  const s = session();
  const input = new MemoryStream<number>(s);
  const df = input.toDF().groupBy('value').agg(count('*').alias('n')).orderBy(col('n').desc(), col('value'));
  await testStream(df, 'complete', [
    AddData(input, 1, 2, 2, 3, 3, 3), CheckLastBatch([3, 3], [2, 2], [1, 1]),
    AddData(input, 1, 1, 1), CheckLastBatch([1, 4], [3, 3], [2, 2]),
  ]);
  const input2 = new MemoryStream<number>(s);
  const top = input2.toDF().groupBy('value').agg(count('*').alias('n')).orderBy(col('n').desc()).limit(1);
  await testStream(top, 'complete', [
    AddData(input2, 1, 2, 2), CheckLastBatch([2, 2]),
    AddData(input2, 1, 1), CheckLastBatch([1, 3]),
  ]);
  t.pass();
});

t.test('S26 dropDuplicates on all columns, on a subset, and chained', async (t) => {
  for (const restart of [false, true]) {
    const s = session();
    const strs = new MemoryStream<string>(s);
    await testStream(strs.toDF().dropDuplicates(), 'append', [
      AddData(strs, 'a'), CheckLastBatch('a'), assertNumStateRows(1, 1),
      AddData(strs, 'a'), CheckLastBatch(), assertNumStateRows(1, 0),
      AddData(strs, 'b'), CheckLastBatch('b'), assertNumStateRows(2, 1),
    ], { restartAfterEveryCheck: restart });
    const pairs = new MemoryStream<{ _1: string; _2: number }>(s);
    await testStream(pairs.toDF().dropDuplicates(['_1']), 'append', [
      AddData(pairs, { _1: 'a', _2: 1 }), CheckLastBatch(['a', 1]), assertNumStateRows(1, 1),
      AddData(pairs, { _1: 'a', _2: 2 }), CheckLastBatch(), assertNumStateRows(1, 0),
      AddData(pairs, { _1: 'b', _2: 1 }), CheckLastBatch(['b', 1]), assertNumStateRows(2, 1),
    ], { restartAfterEveryCheck: restart });
    const p2 = new MemoryStream<{ _1: string; _2: number }>(s);
    await testStream(p2.toDF().dropDuplicates().dropDuplicates(['_1']), 'append', [
      AddData(p2, { _1: 'a', _2: 1 }), CheckLastBatch(['a', 1]), assertNumStateRows([1, 1], [1, 1]),
      AddData(p2, { _1: 'a', _2: 2 }), CheckLastBatch(), assertNumStateRows([1, 2], [0, 1]),
      AddData(p2, { _1: 'b', _2: 1 }), CheckLastBatch(['b', 1]), assertNumStateRows([2, 3], [1, 1]),
    ], { restartAfterEveryCheck: restart });
    const p3 = new MemoryStream<{ _1: string; _2: number }>(s);
    const dropped = (n: number) => AssertOnQuery((_q, ctx) => {
      const got = ctx.lastProgress!.stateOperators[0].customMetrics.numDroppedDuplicateRows;
      if (got !== n) throw new Error(`numDroppedDuplicateRows ${got} != ${n}`);
    });
    await testStream(p3.toDF().dropDuplicates(['_1']), 'append', [
      AddData(p3, { _1: 'a', _2: 1 }), CheckLastBatch(['a', 1]), dropped(0),
      AddData(p3, { _1: 'a', _2: 2 }, { _1: 'b', _2: 3 }), CheckLastBatch(['b', 3]), dropped(1),
      AddData(p3, { _1: 'a', _2: 5 }, { _1: 'b', _2: 2 }, { _1: 'c', _2: 9 }), CheckLastBatch(['c', 9]), dropped(2),
    ], { restartAfterEveryCheck: restart });
  }
  t.pass();
});

t.test('aggregate functions over a stream, complete mode, across a restart', async (t) => {
  const s = session();
  const input = new MemoryStream<{ k: string; v: number | null }>(s);
  const df = input.toDF().groupBy('k').agg(
    count('v').alias('n'), sum('v').alias('s'), avg('v').alias('a'), min('v').alias('lo'), max('v').alias('hi'),
    first('v').alias('f'), last('v').alias('l'), collectList('v').alias('list'), approxCountDistinct('v').alias('d'),
  );
  await testStream(df, 'complete', [
    AddData(input, { k: 'x', v: 1 }, { k: 'x', v: 3 }, { k: 'y', v: null }),
    CheckAnswer(
      { k: 'x', n: 2, s: 4, a: 2, lo: 1, hi: 3, f: 1, l: 3, list: [1, 3], d: 2 },
      { k: 'y', n: 0, s: null, a: null, lo: null, hi: null, f: null, l: null, list: [], d: 0 },
    ),
    StopStream, StartStream(),
    AddData(input, { k: 'x', v: 3 }, { k: 'y', v: 5 }),
    CheckAnswer(
      { k: 'x', n: 3, s: 7, a: 7 / 3, lo: 1, hi: 3, f: 1, l: 3, list: [1, 3, 3], d: 2 },
      { k: 'y', n: 1, s: 5, a: 5, lo: 5, hi: 5, f: null, l: 5, list: [5], d: 1 },
    ),
  ]);
  const sets = new MemoryStream<{ k: string; v: number }>(s);
  await testStream(sets.toDF().groupBy('k').agg(collectSet('v').alias('set')).select('k', 'set'), 'update', [
    AddData(sets, { k: 'a', v: 1 }, { k: 'a', v: 1 }, { k: 'a', v: 2 }),
    AssertOnQuery((_q, ctx) => {
      const row = ctx.table.rows()[0] as { set: number[] };
      if (JSON.stringify([...row.set].sort()) !== '[1,2]') throw new Error(JSON.stringify(row));
    }),
  ]);
  t.pass();
});

t.test('countDistinct works in batch and is refused on a stream with approxCountDistinct named', async (t) => {
  const s = session();
  const out = await s.createDataFrame([{ k: 1, v: 1 }, { k: 1, v: 1 }, { k: 1, v: 2 }, { k: 2, v: 3 }])
    .groupBy('k').agg(countDistinct('v').alias('d')).orderBy('k').collect();
  t.same(out, [{ k: 1, d: 2 }, { k: 2, d: 1 }]);
  const input = new MemoryStream<{ k: number; v: number }>(s);
  input.addData({ k: 1, v: 1 });
  const err = await input.toDF().groupBy('k').agg(countDistinct('v')).writeStream.outputMode('complete').format('memory').queryName('cd').start()
    .then(() => undefined, (e: TidemarkError) => e);
  t.equal(err?.code, 'STREAMING_DISTINCT_AGGREGATION');
  t.match(err?.message, /approxCountDistinct/);
});

t.test('a task actor that throws is restarted from its journal; the answer is unchanged', async (t) => {
  t.teardown(resetFailpoints);
  const s = session();
  const input = new MemoryStream<number>(s);
  const df = input.toDF().groupBy('value').agg(count('*').alias('n'));
  armFailpoint('task.handle', { action: 'throw', onHit: 7, detailIncludes: 'aggregate' });
  await testStream(df, 'update', [
    AddData(input, 1, 2), CheckNewAnswer([1, 1], [2, 1]),
    AddData(input, 1, 3), CheckNewAnswer([1, 2], [3, 1]),
    AddData(input, 1), CheckNewAnswer([1, 3]),
  ]);
  t.equal(failpointFireCount('task.handle'), 1, 'the fault was injected once');
  resetFailpoints();
  armFailpoint('task.handle', { action: 'throw', repeat: true, detailIncludes: 'aggregate' });
  const input2 = new MemoryStream<number>(s);
  await testStream(input2.toDF().groupBy('value').agg(count('*').alias('n')), 'update', [
    AddData(input2, 1),
    ExpectFailure({ messageIncludes: 'injected fault' }),
  ]);
  t.pass();
});

t.test('state partitions snapshot every K epochs and recover from snapshot + journal', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tm-snap-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const s = session({ 'tidemark.snapshotEvery': 2, 'tidemark.shufflePartitions': 1 });
  const input = new MemoryStream<number>(s);
  const df = input.toDF().groupBy('value').agg(count('*').alias('n'));
  const steps = [];
  for (let i = 0; i < 6; i++) steps.push(AddData(input, i % 2), CheckLastBatch([i % 2, Math.floor(i / 2) + 1]));
  await testStream(df, 'update', [...steps, StopStream, StartStream(), AddData(input, 0), CheckLastBatch([0, 4])], { checkpointLocation: dir });
  const storage = await openCheckpoint(dir);
  const stats = storage.stats();
  await storage.close();
  t.ok(stats.snapshots >= 1, `snapshots written (${stats.snapshots})`);
});
