// Inner equi-joins: stream-stream (S33, buffered both sides, across restarts), stream-static, batch; the rules.
import t from 'tap';
import { Session, MemoryStream, col, TidemarkError } from '../../index';
import { testStream, AddData, MultiAddData, CheckAnswer, CheckNewAnswer, StopStream, StartStream, assertNumStateRows } from '../../testing';

const session = () => new Session({ print: () => undefined, conf: { 'tidemark.shufflePartitions': 3 } });

t.test('S33 stream-stream inner join on a non-time column, with restarts', async (t) => {
  for (const restart of [false, true]) {
    const s = session();
    const input1 = new MemoryStream<number>(s);
    const input2 = new MemoryStream<number>(s);
    const df1 = input1.toDF().select(col('value').alias('key'), col('value').multiply(2).alias('leftValue'));
    const df2 = input2.toDF().select(col('value').alias('key'), col('value').multiply(3).alias('rightValue'));
    const joined = df1.join(df2, 'key').select('key', 'leftValue', 'rightValue');
    await testStream(joined, 'append', [
      AddData(input1, 1), CheckAnswer(),
      AddData(input2, 1, 10), CheckNewAnswer([1, 2, 3]),
      AddData(input1, 10), CheckNewAnswer([10, 20, 30]),
      AddData(input2, 1), CheckNewAnswer([1, 2, 3]),
      StopStream, StartStream(),
      AddData(input1, 1), CheckNewAnswer([1, 2, 3], [1, 2, 3]),
      assertNumStateRows(6, 6),
      StopStream, StartStream(),
      AddData(input1, 100), AddData(input2, 100), CheckNewAnswer([100, 200, 300]),
      MultiAddData([input1, [5]], [input2, [5, 5]]), CheckNewAnswer([5, 10, 15], [5, 10, 15]),
    ], { restartAfterEveryCheck: restart });
  }
  t.pass();
});

t.test('stream-static inner join and a batch join give the joined rows', async (t) => {
  const s = session();
  const names = s.createDataFrame([{ id: 1, name: 'one' }, { id: 2, name: 'two' }]);
  const events = new MemoryStream<{ id: number; n: number }>(s);
  await testStream(events.toDF().join(names, 'id'), 'append', [
    AddData(events, { id: 1, n: 10 }, { id: 3, n: 30 }), CheckNewAnswer({ id: 1, n: 10, name: 'one' }),
    StopStream, StartStream(),
    AddData(events, { id: 2, n: 20 }), CheckNewAnswer({ id: 2, n: 20, name: 'two' }),
  ]);
  const batch = await s.createDataFrame([{ id: 2, v: 'b' }, { id: 1, v: 'a' }, { id: 9, v: 'z' }]).join(names, 'id').orderBy('id').collect();
  t.same(batch, [{ id: 1, v: 'a', name: 'one' }, { id: 2, v: 'b', name: 'two' }]);
});

t.test('join rules: unknown key, ambiguous columns, unsupported types and modes are coded errors', async (t) => {
  const s = session();
  const a = s.createDataFrame([{ k: 1, x: 1 }]);
  const b = s.createDataFrame([{ k: 1, x: 2 }]);
  const fail = async (f: () => unknown) => { try { await f(); } catch (e) { return e as TidemarkError; } return undefined; };
  t.equal((await fail(() => a.join(b, 'k').collect()))?.code, 'AMBIGUOUS_JOIN_COLUMN');
  t.equal((await fail(() => a.join(b, 'nope').collect()))?.code, 'UNKNOWN_COLUMN');
  t.equal((await fail(() => a.join(b, 'k', 'left_outer')))?.code, 'UNSUPPORTED_JOIN_TYPE');
  const m1 = new MemoryStream<number>(s);
  const m2 = new MemoryStream<number>(s);
  m1.addData(1);
  m2.addData(1);
  const e = await fail(() => m1.toDF().join(m2.toDF(), 'value').writeStream.outputMode('update').format('memory').queryName('j_upd').start());
  t.equal(e?.code, 'STREAMING_OUTPUT_MODE_UNSUPPORTED');
});
