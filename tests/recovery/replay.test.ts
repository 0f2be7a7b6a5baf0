// An epoch with offsets but no commit re-runs with exactly the same ranges; failures leave nothing committed.
import t from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session, MemoryStream, count, type DataFrame } from '../../index';
import { armFailpoint, resetFailpoints } from '../../common/failpoints';
import { openCheckpoint } from '../../persistence/storage';

t.afterEach(() => resetFailpoints());

for (const point of ['epoch.afterOffsetsWrite', 'epoch.beforeCommitRecord'] as const) {
  t.test(`a coordinator failure at ${point} fails the query; a restart re-runs the epoch with the same range and batchId`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'tm-replay-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const s = new Session({ print: () => undefined });
    const mem = new MemoryStream<number>(s);
    const calls: [number, number[]][] = [];
    const start = () => mem.toDF().writeStream
      .option('checkpointLocation', dir)
      .foreachBatch(async (batch: DataFrame<{ value: number }>, id: number) => {
        calls.push([id, (await batch.collect()).map((r) => r.value).sort()]);
      })
      .start();

    armFailpoint(point, { action: 'throw' });
    let q = await start();
    mem.addData(1, 2);
    const err = await q.processAllAvailable().then(() => undefined, (e) => e);
    t.match(err?.message, /injected fault/);
    t.equal(q.isActive, false);
    const storage = await openCheckpoint(dir);
    t.equal(storage.latestOffsets()?.epoch, 0, 'offsets/0 was written ahead');
    t.equal(storage.latestCommit(), undefined, 'no commit for the failed epoch');
    await storage.close();

    resetFailpoints();
    mem.addData(3); // arrives while the query is down: must not leak into the re-run epoch 0
    q = await start();
    await q.processAllAvailable();
    await q.stop();
    const byId = new Map<number, number[][]>();
    for (const [id, rows] of calls) byId.set(id, [...(byId.get(id) ?? []), rows]);
    for (const runs of byId.get(0) ?? []) t.same(runs, [1, 2], 'epoch 0 always holds exactly its range');
    t.same(byId.get(1), [[3]], 'epoch 1 holds the rest, once');
    t.same([...byId.keys()], [0, 1]);
  });
}

t.test('a task failure before the sink commit is recovered in-process: same batchId, same rows, once', async (t) => {
  const s = new Session({ print: () => undefined });
  const mem = new MemoryStream<number>(s);
  const calls: [number, number[]][] = [];
  armFailpoint('sink.beforeCommit', { action: 'throw' });
  const q = await mem.toDF().writeStream
    .foreachBatch(async (batch: DataFrame<{ value: number }>, id: number) => {
      calls.push([id, (await batch.collect()).map((r) => r.value).sort()]);
    })
    .start();
  mem.addData(1, 2);
  await q.processAllAvailable();
  mem.addData(3);
  await q.processAllAvailable();
  t.equal(q.isActive, true, 'the query kept running');
  await q.stop();
  t.same(calls, [[0, [1, 2]], [1, [3]]]);
});

t.test('stateful query: a failed epoch is re-run on restart and state counts every row once', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tm-replay-st-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const s = new Session({ print: () => undefined, conf: { 'tidemark.shufflePartitions': 2 } });
  const mem = new MemoryStream<number>(s);
  const start = () => mem.toDF().groupBy('value').agg(count().alias('n')).writeStream.outputMode('complete')
    .format('memory').queryName('replay_state').option('checkpointLocation', dir).start();
  let q = await start();
  mem.addData(1, 1, 2);
  await q.processAllAvailable();
  armFailpoint('epoch.beforeCommitRecord', { action: 'throw' });
  mem.addData(1, 2);
  await q.processAllAvailable().catch(() => undefined);
  resetFailpoints();
  q = await start();
  await q.processAllAvailable();
  mem.addData(2);
  await q.processAllAvailable();
  await q.stop();
  const rows = (await s.table<{ value: number; n: number }>('replay_state').collect()).sort((a, b) => a.value - b.value);
  t.same(rows, [{ value: 1, n: 3 }, { value: 2, n: 3 }]);
});
