// Stateless streaming queries through the public API: projections, filters, maps, restarts, foreachBatch (S71).
import t from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session, MemoryStream, col, lit, Trigger, type DataFrame } from '../../index';
import { testStream, AddData, CheckAnswer, CheckNewAnswer, CheckLastBatch, StopStream, StartStream } from '../../testing';

const session = () => new Session({ print: () => undefined });

t.test('select/where/withColumn over a memory stream, exactly once across restarts', async (t) => {
  for (const restart of [false, true]) {
    const s = session();
    const input = new MemoryStream<{ id: number; name: string }>(s);
    const df = input.toDF()
      .where(col('id').gt(1))
      .withColumn('double', col('id').multiply(2))
      .select('id', 'double');
    await testStream(df, 'append', [
      AddData(input, { id: 1, name: 'a' }, { id: 2, name: 'b' }),
      CheckNewAnswer({ id: 2, double: 4 }),
      StopStream,
      AddData(input, { id: 3, name: 'c' }),
      StartStream(),
      CheckNewAnswer({ id: 3, double: 6 }),
      AddData(input, { id: 0, name: 'z' }),
      CheckNewAnswer(),
    ], { restartAfterEveryCheck: restart });
  }
  t.pass('answers match');
});

t.test('map and flatMap with TypeScript functions (primitive results become value)', async (t) => {
  const s = session();
  const input = new MemoryStream<number>(s);
  const df = input.toDF().map((r) => r.value + 1).flatMap((r) => [r.value, r.value * 10]);
  await testStream(df, 'append', [
    AddData(input, 1, 2),
    CheckAnswer(2, 20, 3, 30),
    AddData(input, 5),
    CheckLastBatch(6, 60),
  ]);
  t.pass();
});

t.test('S71 stateless foreachBatch: the batch DataFrame supports batch operations', async (t) => {
  const s = session();
  const mem = new MemoryStream<number>(s);
  const recorded: number[][] = [];
  const ids: number[] = [];
  const q = await mem.toDF().map((r) => r.value + 1).writeStream
    .foreachBatch(async (batch: DataFrame<{ value: number }>, batchId: number) => {
      ids.push(batchId);
      recorded.push((await batch.map((r) => r.value + 1).collect()).map((r) => r.value));
    })
    .start();
  mem.addData(1, 2, 3);
  await q.processAllAvailable();
  mem.addData(5, 6, 7);
  await q.processAllAvailable();
  await q.stop();
  t.same(recorded, [[3, 4, 5], [7, 8, 9]]);
  t.same(ids, [0, 1]);
});

t.test('a restart on the same checkpoint resumes at the next epoch with the same query id', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tm-restart-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const s = session();
  const mem = new MemoryStream<number>(s);
  const df = mem.toDF().select(col('value').plus(lit(100)).alias('v'));
  const start = () => df.writeStream.format('memory').queryName('restart_t').option('checkpointLocation', dir).start();
  let q = await start();
  mem.addData(1);
  await q.processAllAvailable();
  const id = q.id;
  const run1 = q.runId;
  await q.stop();
  mem.addData(2);
  q = await start();
  await q.processAllAvailable();
  t.equal(q.id, id, 'id is stable across restarts');
  t.not(q.runId, run1, 'runId is new per start');
  t.equal(q.lastProgress?.batchId, 1);
  await q.stop();
  t.same(await s.table('restart_t').collect(), [{ v: 101 }, { v: 102 }]);
});

t.test('Trigger.Once runs one epoch and stops; AvailableNow drains and stops', async (t) => {
  const s = session();
  const mem = new MemoryStream<number>(s);
  mem.addData(1, 2);
  mem.addData(3);
  const q = await mem.toDF().writeStream.format('memory').queryName('once_t').trigger(Trigger.Once()).start();
  t.equal(await q.awaitTermination(), true);
  t.same((await s.table('once_t').collect()).map((r) => r.value).sort(), [1, 2, 3]);
  t.equal(q.recentProgress.length, 1);

  const q2 = await mem.toDF().writeStream.format('memory').queryName('an_t').trigger(Trigger.AvailableNow()).start();
  await q2.awaitTermination();
  t.same((await s.table('an_t').collect()).length, 3);
  t.equal(q2.isActive, false);
});

t.test('progress carries Spark fields', async (t) => {
  const s = session();
  const mem = new MemoryStream<number>(s);
  const q = await mem.toDF().writeStream.format('memory').queryName('progress_t').start();
  mem.addData(1, 2, 3);
  await q.processAllAvailable();
  const p = q.lastProgress!;
  await q.stop();
  t.equal(p.batchId, 0);
  t.equal(p.numInputRows, 3);
  t.equal(p.name, 'progress_t');
  t.equal(p.sources[0].startOffset, null);
  t.equal(p.sources[0].endOffset, 0);
  t.equal(p.sink.numOutputRows, 3);
  t.match(p.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  t.same(p.eventTime, {});
  t.same(p.stateOperators, []);
  t.ok('triggerExecution' in p.durationMs && 'walCommit' in p.durationMs && 'addBatch' in p.durationMs);
});
