// Spark's aggregation and watermark scenarios (conformance/SCENARIOS.md S01–S17, S71), each also in "restart after every check" mode.
import t from 'tap';
import { Session, MemoryStream, col, count, window } from '../../index';
import {
  testStream, AddData, CheckAnswer, CheckNewAnswer, CheckLastBatch, StopStream, StartStream,
  assertNumStateRows, assertEventStats, type StreamAction,
} from '../../testing';

const session = () => new Session({ print: () => undefined, conf: { 'tidemark.shufflePartitions': 3 } });
const MODES = [false, true];

/** Q_W5: windowed count over ts(value) with a 10 s watermark, rows (windowStartSeconds, count). */
function qw5(s: Session) {
  const input = new MemoryStream<number>(s);
  const df = input.toDF()
    .withColumn('eventTime', col('value').multiply(1000).cast('timestamp'))
    .withWatermark('eventTime', '10 seconds')
    .groupBy(window(col('eventTime'), '5 seconds'))
    .agg(count('*').alias('count'))
    .select(col('window').getField('start').divide(1000).cast('number').alias('start'), col('count'));
  return { input, df };
}

t.test('S08 update mode: changed keys at once, late rows dropped, silent eviction', async (t) => {
  for (const restart of MODES) {
    const s = session();
    const { input, df } = qw5(s);
    await testStream(df, 'update', [
      AddData(input, 10, 11, 12, 13, 14, 15), CheckNewAnswer([10, 5], [15, 1]),
      AddData(input, 25), CheckNewAnswer([25, 1]), assertNumStateRows(2, 3, 0),
      AddData(input, 10, 25), CheckNewAnswer([25, 2]), assertNumStateRows(2, 1, 1),
      AddData(input, 10), CheckNewAnswer(), assertNumStateRows(2, 0, 1),
    ], { restartAfterEveryCheck: restart });
    t.pass(`restart=${restart}`);
  }
});

t.test('S09 complete mode never evicts and never drops', async (t) => {
  for (const restart of MODES) {
    const s = session();
    const { input, df } = qw5(s);
    await testStream(df, 'complete', [
      AddData(input, 10, 11, 12), CheckAnswer([10, 3]),
      AddData(input, 25), CheckAnswer([10, 3], [25, 1]),
      AddData(input, 25), CheckAnswer([10, 3], [25, 2]),
      AddData(input, 10), CheckAnswer([10, 4], [25, 2]),
      AddData(input, 25), CheckAnswer([10, 4], [25, 3]),
    ], { restartAfterEveryCheck: restart });
    t.pass(`restart=${restart}`);
  }
});

t.test('append mode emits a window once, when the watermark passes its end', async (t) => {
  for (const restart of MODES) {
    const s = session();
    const { input, df } = qw5(s);
    await testStream(df, 'append', [
      AddData(input, 10, 11, 12, 13, 14, 15), CheckNewAnswer(),
      AddData(input, 25), CheckNewAnswer([10, 5]),
      AddData(input, 25), CheckNewAnswer(),
      AddData(input, 10), CheckNewAnswer(),
      AddData(input, 40), CheckNewAnswer([15, 1], [25, 2]),
    ], { restartAfterEveryCheck: restart });
    t.pass(`restart=${restart}`);
  }
});

t.test('event-time stats in progress (Spark assertEventStats)', async (t) => {
  const s = session();
  const { input, df } = qw5(s);
  await testStream(df, 'append', [
    AddData(input, 15), CheckAnswer(), assertEventStats(15, 15, 15, 0),
    AddData(input, 10, 12, 14), CheckAnswer(), assertEventStats(10, 14, 12, 5),
    AddData(input, 25), CheckAnswer([10, 3]), assertEventStats(25, 25, 25, 5),
  ]);
  t.pass();
});

/** S16/S17: groupBy(value).count(). */
function simpleCount(s: Session) {
  const input = new MemoryStream<number>(s);
  return { input, df: input.toDF().groupBy('value').agg(count('*').alias('count')) };
}

t.test('S16 simple count, update mode, with a restart', async (t) => {
  for (const restart of MODES) {
    const s = session();
    const { input, df } = simpleCount(s);
    await testStream(df, 'update', [
      AddData(input, 3), CheckLastBatch([3, 1]),
      AddData(input, 3, 2), CheckLastBatch([3, 2], [2, 1]),
      StopStream, StartStream(),
      AddData(input, 3, 2, 1), CheckLastBatch([3, 3], [2, 2], [1, 1]),
      AddData(input, 4, 4, 4, 4), CheckLastBatch([4, 4]),
    ], { restartAfterEveryCheck: restart });
    t.pass(`restart=${restart}`);
  }
});

t.test('S17 simple count, complete mode, with a restart', async (t) => {
  for (const restart of MODES) {
    const s = session();
    const { input, df } = simpleCount(s);
    await testStream(df, 'complete', [
      AddData(input, 3), CheckLastBatch([3, 1]),
      AddData(input, 2), CheckLastBatch([3, 1], [2, 1]),
      StopStream, StartStream(),
      AddData(input, 3, 2, 1), CheckLastBatch([3, 2], [2, 2], [1, 1]),
      AddData(input, 4, 4, 4, 4), CheckLastBatch([4, 4], [3, 2], [2, 2], [1, 1]),
    ], { restartAfterEveryCheck: restart });
    t.pass(`restart=${restart}`);
  }
});

// S01/S03/S04: programming-guide word counts. Times are minutes after 12:00 on an arbitrary day.
const BASE = Date.UTC(2024, 0, 1, 12, 0, 0);
const at = (minute: number, word: string) => ({ timestamp: BASE + minute * 60_000, word });
const w = (startMin: number, endMin: number, word: string, n: number) => [{ start: BASE + startMin * 60_000, end: BASE + endMin * 60_000 }, word, n];

function wordCounts(s: Session, watermark: boolean) {
  const input = new MemoryStream<{ timestamp: number; word: string }>(s);
  let df = input.toDF();
  if (watermark) df = df.withWatermark('timestamp', '10 minutes');
  return { input, df: df.groupBy(window(col('timestamp'), '10 minutes', '5 minutes'), col('word')).count() };
}

t.test('S01 windowed word count, complete mode (strict: includes the [11:55,12:05) windows)', async (t) => {
  for (const restart of MODES) {
    const s = session();
    const { input, df } = wordCounts(s, false);
    const first = [w(-5, 5, 'cat', 1), w(-5, 5, 'dog', 3)];
    await testStream(df, 'complete', [
      AddData(input, at(2, 'cat'), at(2, 'dog'), at(3, 'dog'), at(3, 'dog')),
      CheckAnswer(...first, w(0, 10, 'cat', 1), w(0, 10, 'dog', 3)),
      AddData(input, at(7, 'owl'), at(7, 'cat')),
      CheckAnswer(...first, w(0, 10, 'cat', 2), w(0, 10, 'dog', 3), w(0, 10, 'owl', 1), w(5, 15, 'cat', 1), w(5, 15, 'owl', 1)),
      AddData(input, at(11, 'dog'), at(13, 'owl')),
      CheckAnswer(...first, w(0, 10, 'cat', 2), w(0, 10, 'dog', 3), w(0, 10, 'owl', 1),
        w(5, 15, 'cat', 1), w(5, 15, 'owl', 2), w(5, 15, 'dog', 1), w(10, 20, 'dog', 1), w(10, 20, 'owl', 1)),
    ], { restartAfterEveryCheck: restart });
    t.pass(`restart=${restart}`);
  }
});

function s03Steps(input: MemoryStream<{ timestamp: number; word: string }>, mode: 'update' | 'append'): StreamAction[] {
  const u = mode === 'update';
  return [
    AddData(input, at(7, 'dog'), at(8, 'owl')),
    u ? CheckNewAnswer(w(0, 10, 'owl', 1), w(0, 10, 'dog', 1), w(5, 15, 'owl', 1), w(5, 15, 'dog', 1)) : CheckNewAnswer(),
    AddData(input, at(14, 'dog'), at(9, 'cat')),
    u ? CheckNewAnswer(w(0, 10, 'cat', 1), w(5, 15, 'dog', 2), w(5, 15, 'cat', 1), w(10, 20, 'dog', 1)) : CheckNewAnswer(),
    AddData(input, at(15, 'cat'), at(8, 'dog'), at(13, 'owl'), at(21, 'owl')),
    u
      ? CheckNewAnswer(w(0, 10, 'dog', 2), w(5, 15, 'dog', 3), w(5, 15, 'owl', 2), w(10, 20, 'cat', 1), w(10, 20, 'owl', 1), w(15, 25, 'cat', 1), w(15, 25, 'owl', 1), w(20, 30, 'owl', 1))
      : CheckNewAnswer(w(0, 10, 'owl', 1), w(0, 10, 'cat', 1), w(0, 10, 'dog', 2)),
  ];
}

t.test('S03 watermark, update mode', async (t) => {
  for (const restart of MODES) {
    const s = session();
    const { input, df } = wordCounts(s, true);
    await testStream(df, 'update', [
      ...s03Steps(input, 'update'),
      AddData(input, at(4, 'donkey'), at(17, 'owl')),
      CheckNewAnswer(w(10, 20, 'owl', 2), w(15, 25, 'owl', 2)),
    ], { restartAfterEveryCheck: restart });
    t.pass(`restart=${restart}`);
  }
});

t.test('S04 watermark, append mode', async (t) => {
  for (const restart of MODES) {
    const s = session();
    const { input, df } = wordCounts(s, true);
    await testStream(df, 'append', [
      ...s03Steps(input, 'append'),
      AddData(input, at(26, 'owl'), at(4, 'donkey'), at(17, 'owl')),
      CheckNewAnswer(w(5, 15, 'owl', 2), w(5, 15, 'dog', 3), w(5, 15, 'cat', 1)),
      AddData(input, at(9, 'cat')),
      CheckNewAnswer(),
    ], { restartAfterEveryCheck: restart });
    t.pass(`restart=${restart}`);
  }
});

t.test('S71 stateful foreachBatch, update and complete', async (t) => {
  for (const mode of ['update', 'complete'] as const) {
    const s = session();
    const mem = new MemoryStream<number>(s);
    const seen: unknown[][] = [];
    const q = await mem.toDF().select(col('value').mod(2).alias('key')).groupBy('key').agg(count('*').alias('value'))
      .writeStream.outputMode(mode)
      .foreachBatch(async (batch) => { seen.push((await batch.collect()).map((r) => [r.key, r.value]).sort()); })
      .start();
    for (const block of [[0], [1], mode === 'update' ? [2, 3] : [2]]) {
      mem.addData(...block);
      await q.processAllAvailable();
    }
    await q.stop();
    t.same(seen, mode === 'update'
      ? [[[0, 1]], [[1, 1]], [[0, 2], [1, 2]]]
      : [[[0, 1]], [[0, 1], [1, 1]], [[0, 2], [1, 1]]], mode);
  }
});

t.test('batch groupBy/window/agg on createDataFrame gives the batch answer (one engine)', async (t) => {
  const s = session();
  const rows = [10, 11, 12, 13, 14, 15, 25, 25, 10].map((v) => ({ value: v, eventTime: v * 1000 }));
  const out = await s.createDataFrame(rows)
    .groupBy(window(col('eventTime'), '5 seconds')).agg(count('*').alias('count'))
    .select(col('window').getField('start').divide(1000).alias('start'), col('count'))
    .orderBy('start').collect();
  t.same(out, [{ start: 10, count: 6 }, { start: 15, count: 1 }, { start: 25, count: 2 }]);
});
