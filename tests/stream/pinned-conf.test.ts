// Confs pinned in the checkpoint (shuffle partitions, watermark policy) win over a later session's values.
import t from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session, MemoryStream, col, count } from '../../index';

t.test('shufflePartitions and multipleWatermarkPolicy are pinned at checkpoint creation', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tm-pinned-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const build = (s: Session, a: MemoryStream<number>, b: MemoryStream<number>) => {
    const wa = a.toDF().withColumn('ts', col('value').multiply(1000).cast('timestamp')).withWatermark('ts', '10 seconds');
    const wb = b.toDF().withColumn('ts', col('value').multiply(1000).cast('timestamp')).withWatermark('ts', '5 seconds');
    return wa.union(wb).groupBy('value').agg(count().alias('n'));
  };
  const s1 = new Session({ print: () => undefined, conf: { 'tidemark.shufflePartitions': 3, 'tidemark.multipleWatermarkPolicy': 'max' } });
  const a1 = new MemoryStream<number>(s1);
  const b1 = new MemoryStream<number>(s1);
  let q = await build(s1, a1, b1).writeStream.outputMode('update').format('memory').queryName('pinned').option('checkpointLocation', dir).start();
  a1.addData(100);
  b1.addData(100);
  await q.processAllAvailable();
  await q.stop();

  const s2 = new Session({ print: () => undefined, conf: { 'tidemark.shufflePartitions': 7, 'tidemark.multipleWatermarkPolicy': 'min' } });
  const a2 = new MemoryStream<number>(s2);
  const b2 = new MemoryStream<number>(s2);
  a2.addData(100);
  b2.addData(100);
  a2.addData(200);
  q = await build(s2, a2, b2).writeStream.outputMode('update').format('memory').queryName('pinned').option('checkpointLocation', dir).start();
  await q.processAllAvailable();
  await q.stop();
  const p = q.lastProgress!;
  t.equal(p.stateOperators[0].numShufflePartitions, 3, 'partitions from the checkpoint');
  // max policy: max(200 - 10, 100 - 5) = 190 s; min would have given 95 s
  t.equal(p.eventTime.watermark, new Date(190_000).toISOString(), 'watermark policy from the checkpoint');
});
