// Bad input gives a coded error that names the fix, before anything runs or is written.
import t, { type Test } from 'tap';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session, MemoryStream, col, count, window, TidemarkError } from '../../index';

const session = () => new Session({ print: () => undefined });

async function rejectsWith(t: Test, p: Promise<unknown> | (() => unknown), code: string, includes?: RegExp): Promise<TidemarkError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    t.type(e, TidemarkError);
    t.equal((e as TidemarkError).code, code);
    if (includes) t.match((e as Error).message, includes);
    return e as TidemarkError;
  }
  t.fail(`expected ${code}`);
  throw new Error('unreachable');
}

t.test('unknown column names the closest one', async (t) => {
  const s = session();
  const df = s.createDataFrame([{ price: 1, name: 'a' }]);
  // @ts-expect-error: unknown columns are also a type error when the row type is known
  const e = await rejectsWith(t, () => df.select('prise').collect(), 'UNKNOWN_COLUMN', /did you mean "price"/);
  t.match(e.message, /prise/);
  const mem = new MemoryStream<{ price: number }>(s);
  mem.addData({ price: 1 });
  await rejectsWith(t, () => mem.toDF().where(col('pric').gt(1)).writeStream.format('memory').queryName('x').start(), 'UNKNOWN_COLUMN', /did you mean "price"/);
  t.equal(s.streams.active.length, 0, 'nothing started');
});

t.test('batch actions on a stream and writeStream on a batch frame are refused', async (t) => {
  const s = session();
  const mem = new MemoryStream<number>(s);
  await rejectsWith(t, () => mem.toDF().collect(), 'BATCH_ACTION_ON_STREAM', /writeStream\.start\(\)/);
  await rejectsWith(t, () => mem.toDF().count(), 'BATCH_ACTION_ON_STREAM');
  await rejectsWith(t, () => s.createDataFrame([1]).writeStream, 'WRITE_STREAM_ON_BATCH');
});

t.test('wrong option values are refused with the option and value quoted', async (t) => {
  const s = session();
  await rejectsWith(t, () => s.readStream.format('rate').option('rowsPerSecond', 'abc').load().writeStream.format('noop').start(), 'INVALID_OPTION', /rowsPerSecond/);
  await rejectsWith(t, () => s.readStream.format('rate').option('rowsPerSecnd', 5).load().writeStream.format('noop').start(), 'UNKNOWN_OPTION', /rowsPerSecond/);
  await rejectsWith(t, () => s.readStream.format('rat').load().writeStream.format('noop').start(), 'UNKNOWN_FORMAT', /rate/);
  await rejectsWith(t, () => s.readStream.format('rate').load().writeStream.format('memroy').start(), 'UNKNOWN_FORMAT', /memory/);
  await rejectsWith(t, () => s.readStream.format('rate').load().writeStream.outputMode('apend'), 'INVALID_OUTPUT_MODE', /append/);
  await rejectsWith(t, () => s.conf.set('tidemark.shufflePartitions', 0), 'INVALID_CONF');
  await rejectsWith(t, () => s.conf.set('tidemark.shufflePartition', 2), 'UNKNOWN_CONF', /shufflePartitions/);
  await rejectsWith(t, () => s.readStream.format('rate').load().withWatermark('timestamp', '-5 seconds'), 'INVALID_WATERMARK_DELAY');
  await rejectsWith(t, () => s.readStream.format('rate').load().withWatermark('timestamp', 'soon'), 'INVALID_DURATION');
});

t.test('a directory that is not a tidemark checkpoint is refused and left untouched', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tm-notckpt-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'notes.txt'), 'my files');
  const s = session();
  const mem = new MemoryStream<number>(s);
  await rejectsWith(t, () => mem.toDF().writeStream.format('memory').queryName('c').option('checkpointLocation', dir).start(), 'CHECKPOINT_NOT_TIDEMARK', new RegExp(dir.replace(/[/.]/g, '\\$&')));
  t.same(await readdir(dir), ['notes.txt'], 'no partial state written');
});

t.test('unsupported streaming operations name the rule and the fix', async (t) => {
  const s = session();
  const mem = new MemoryStream<number>(s);
  mem.addData(1);
  const counts = mem.toDF().groupBy('value').agg(count());
  const e = await rejectsWith(t, () => counts.writeStream.outputMode('append').format('memory').queryName('a').start(), 'STREAMING_OUTPUT_MODE_UNSUPPORTED');
  t.match(e.message.toLowerCase(), /append/);
  t.match(e.message.toLowerCase(), /not supported/);
  await rejectsWith(t, () => mem.toDF().writeStream.outputMode('complete').format('memory').queryName('b').start(), 'STREAMING_OUTPUT_MODE_UNSUPPORTED', /no streaming aggregations/);
  await rejectsWith(t, () => mem.toDF().orderBy('value').writeStream.format('memory').queryName('c').start(), 'STREAMING_SORT_UNSUPPORTED');
  await rejectsWith(t, () => mem.toDF().limit(3).writeStream.outputMode('update').format('memory').queryName('d').start(), 'STREAMING_LIMIT_UPDATE_MODE');
  const timed = mem.toDF().withColumn('ts', col('value').cast('timestamp'));
  await rejectsWith(t, () => timed.withWatermark('tss', '1 second').writeStream.format('memory').queryName('e').start(), 'UNKNOWN_COLUMN', /did you mean "ts"/);
  await rejectsWith(t, () => timed.withWatermark('ts', '1 second').withWatermark('ts', '2 seconds').writeStream.format('memory').queryName('f').start(), 'WATERMARK_REDEFINED');
  const w = timed.withWatermark('ts', '1 second').groupBy(window(col('ts'), '5 seconds')).agg(count());
  const q = await w.writeStream.outputMode('append').format('memory').queryName('ok_append').start();
  await q.stop();
  await rejectsWith(t, () => mem.toDF().writeStream.format('memory').start(), 'MEMORY_SINK_NEEDS_NAME');
  const q1 = await mem.toDF().writeStream.format('memory').queryName('dup').start();
  await rejectsWith(t, () => mem.toDF().writeStream.format('memory').queryName('dup').start(), 'QUERY_NAME_IN_USE');
  await q1.stop();
});
