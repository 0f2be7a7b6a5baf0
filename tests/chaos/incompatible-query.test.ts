// Restarting on a checkpoint with another or an incompatible query: CHECKPOINT_INCOMPATIBLE_QUERY naming what changed.
import t from 'tap';
import { col, count, MemoryStream, Session, sum, type DataFrame, type TidemarkError } from '../../index';
import { openCheckpoint } from '../../persistence/storage';
import { checkpointDir, runRate, type RateRow } from './rate-query';

const byParity = (r: DataFrame<RateRow>) => r.withColumn('p', col('value').mod(2)).groupBy('p').agg(count().alias('n'));

async function failure(p: Promise<unknown>): Promise<TidemarkError | undefined> {
  return p.then(() => undefined, (e: TidemarkError) => e);
}

async function withParityCheckpoint(t: { teardown(fn: () => unknown): void }): Promise<string> {
  const dir = checkpointDir(t);
  await runRate(dir, byParity, { seconds: 2, outputMode: 'update' });
  return dir;
}

t.test('changed grouping keys, aggregates, stateful operators', async (t) => {
  const changes: [string, 'update' | 'append', (r: DataFrame<RateRow>) => DataFrame<any>][] = [
    ['grouping keys', 'update', (r) => r.withColumn('q', col('value').mod(3)).groupBy('q').agg(count().alias('n'))],
    ['aggregates', 'update', (r) => r.withColumn('p', col('value').mod(2)).groupBy('p').agg(sum('value').alias('n'))],
    ['a stateful operator replaced', 'append', (r) => r.withColumn('p', col('value').mod(2)).dropDuplicates(['p'])],
    ['the stateful operator removed', 'append', (r) => r.withColumn('p', col('value').mod(2))],
  ];
  for (const [what, outputMode, build] of changes) {
    const dir = await withParityCheckpoint(t);
    const err = await failure(runRate(dir, build, { seconds: 1, fromSecond: 2, outputMode }));
    t.equal(err?.code, 'CHECKPOINT_INCOMPATIBLE_QUERY', what);
    t.match(err?.message, /The stateful operators changed since the checkpoint at .* was written: it has \[.+\], this query has \[.*\]\. Note: /, what);
    t.match(err?.details, { before: /.+/, now: /.*/ });
    const s = await openCheckpoint(dir);
    t.equal(s.latestCommit()?.epoch, 1, `${what}: the checkpoint was not touched`);
    await s.close();
  }
});

t.test('a checkpoint written by another query (other sources) is refused', async (t) => {
  const dir = await withParityCheckpoint(t);
  const session = new Session();
  const input = new MemoryStream<{ value: number }>(session);
  const err = await failure(input.toDF().withColumn('p', col('value').mod(2)).groupBy('p').agg(count().alias('n'))
    .writeStream.outputMode('update').format('memory').queryName('other_query').option('checkpointLocation', dir).start());
  t.equal(err?.code, 'CHECKPOINT_INCOMPATIBLE_QUERY');
  t.match(err?.message, /belongs to a query with sources \[rate\], but this query reads \[memory\]/);
});

t.test('the partition count is pinned by the checkpoint: a new tidemark.shufflePartitions does not reshuffle state', async (t) => {
  const dir = checkpointDir(t);
  const first = await runRate(dir, byParity, { seconds: 2, outputMode: 'update', conf: { 'tidemark.shufflePartitions': 2 } });
  t.same(first.filter((r) => r.p === 0).map((r) => r.n), [5, 10]);
  const after = await runRate(dir, byParity, { seconds: 2, fromSecond: 2, outputMode: 'update', conf: { 'tidemark.shufflePartitions': 7 } });
  t.same(after.filter((r) => r.p === 0).map((r) => r.n), [15, 20], 'the counts continue from the checkpoint');
  const s = await openCheckpoint(dir);
  t.equal(s.readMeta()?.shufflePartitions, 2, 'the checkpoint keeps its partition count');
  await s.close();
});
