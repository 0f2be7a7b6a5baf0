// Session windows (Spark's "complete mode - session window", S46): sessions placed before, merged, and placed after.
import t from 'tap';
import { Session, MemoryStream, col, count, sessionWindow, TidemarkError } from '../../index';
import { testStream, AddData, CheckNewAnswer, CheckAnswer } from '../../testing';

const session = () => new Session({ print: () => undefined, conf: { 'tidemark.shufflePartitions': 2 } });

/** Words of each line become events at `ts` seconds; rows (sessionId, start s, end s, duration s, numEvents). */
function sessions(s: Session) {
  const input = new MemoryStream<{ line: string; ts: number }>(s);
  const df = input.toDF()
    .flatMap((r) => r.line.split(' ').map((w) => ({ sessionId: w, eventTime: r.ts * 1000 })))
    .groupBy(sessionWindow(col('eventTime'), '10 seconds').alias('session'), col('sessionId'))
    .agg(count('*').alias('numEvents'))
    .select(
      col('sessionId'),
      col('session').getField('start').divide(1000).alias('start'),
      col('session').getField('end').divide(1000).alias('end'),
      col('session').getField('end').minus(col('session').getField('start')).divide(1000).alias('duration'),
      col('numEvents'),
    );
  return { input, df };
}

t.test('S46 complete mode: sessions before, merged, after (touching sessions merge)', async (t) => {
  for (const restart of [false, true]) {
    const s = session();
    const { input, df } = sessions(s);
    const first = [['hello', 40, 51, 11, 2], ['world', 40, 51, 11, 2], ['streaming', 40, 51, 11, 2], ['spark', 40, 50, 10, 1], ['structured', 41, 51, 10, 1]];
    const merged = [['spark', 25, 50, 25, 3], ['streaming', 25, 51, 26, 4], ['hello', 40, 51, 11, 2], ['world', 40, 51, 11, 2], ['structured', 41, 51, 10, 1]];
    const later = [['hello', 60, 70, 10, 1], ['apache', 60, 70, 10, 1], ['spark', 60, 70, 10, 1]];
    await testStream(df, 'complete', [
      AddData(input, { line: 'hello world spark streaming', ts: 40 }, { line: 'world hello structured streaming', ts: 41 }),
      CheckNewAnswer(...first),
      AddData(input, { line: 'spark streaming', ts: 25 }),
      CheckNewAnswer(['spark', 25, 35, 10, 1], ['streaming', 25, 35, 10, 1], ...first),
      AddData(input, { line: 'spark streaming', ts: 30 }),
      CheckNewAnswer(...merged),
      AddData(input, { line: 'hello apache spark', ts: 60 }),
      CheckNewAnswer(...merged, ...later),
      AddData(input, { line: 'structured streaming', ts: 90 }),
      CheckNewAnswer(...merged, ...later, ['structured', 90, 100, 10, 1], ['streaming', 90, 100, 10, 1]),
    ], { restartAfterEveryCheck: restart });
  }
  t.pass();
});

t.test('append mode emits a session once the watermark passes its end', async (t) => {
  const s = session();
  const input = new MemoryStream<{ user: string; ts: number }>(s);
  const df = input.toDF()
    .withColumn('eventTime', col('ts').multiply(1000).cast('timestamp'))
    .withWatermark('eventTime', '5 seconds')
    .groupBy(sessionWindow(col('eventTime'), '10 seconds'), col('user')).agg(count('*').alias('n'))
    .select(col('user'), col('session_window').getField('start').divide(1000).alias('start'), col('session_window').getField('end').divide(1000).alias('end'), col('n'));
  await testStream(df, 'append', [
    AddData(input, { user: 'a', ts: 10 }, { user: 'a', ts: 15 }, { user: 'b', ts: 12 }), CheckNewAnswer(),
    AddData(input, { user: 'a', ts: 40 }), CheckNewAnswer(['a', 10, 25, 2], ['b', 12, 22, 1]),
    AddData(input, { user: 'a', ts: 11 }), CheckNewAnswer(),
    AddData(input, { user: 'a', ts: 60 }), CheckNewAnswer(['a', 40, 50, 1]),
    CheckAnswer(['a', 10, 25, 2], ['b', 12, 22, 1], ['a', 40, 50, 1]),
  ], { restartAfterEveryCheck: false });
  t.pass();
});

t.test("Spark's session-window rules: no global session window on a stream, no update mode", async (t) => {
  const s = session();
  const input = new MemoryStream<{ k: string; ts: number }>(s);
  input.addData({ k: 'a', ts: 1 });
  const fail = (p: Promise<unknown>) => p.then(() => undefined, (e: TidemarkError) => e);
  const global = input.toDF().groupBy(sessionWindow(col('ts'), '10 seconds')).agg(count('*'));
  const e1 = await fail(global.writeStream.outputMode('complete').format('memory').queryName('sw1').start());
  t.equal(e1?.code, 'UNSUPPORTED_OPERATION');
  t.match(e1?.message, /Global aggregation with session window/);
  const keyed = input.toDF().groupBy(sessionWindow(col('ts'), '10 seconds'), col('k')).agg(count('*'));
  const e2 = await fail(keyed.writeStream.outputMode('update').format('memory').queryName('sw2').start());
  t.equal(e2?.code, 'STREAMING_OUTPUT_MODE_UNSUPPORTED');
  t.match(e2?.details, { outputMode: 'update', operation: 'session window streaming aggregations' });
  const batch = await s.createDataFrame([{ ts: 1000 }, { ts: 5000 }, { ts: 30000 }])
    .groupBy(sessionWindow(col('ts'), '10 seconds')).agg(count('*').alias('n')).orderBy(col('session_window').getField('start')).collect();
  t.same(batch.map((r) => [r.session_window, r.n]), [[{ start: 1000, end: 15000 }, 2], [{ start: 30000, end: 40000 }, 1]], 'a global session window is fine in batch');
});
