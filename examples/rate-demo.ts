// The README's demo: a windowed count over the rate source, checkpointed in ./checkpoints/rate-demo (embedded LMDB).
// Prints each epoch's output and a progress line; Ctrl-C stops cleanly; running it again resumes where it left off.
import { Session, Trigger, col, window, count, sum } from '../index';

async function main(): Promise<void> {
  const checkpointLocation = process.argv[2] ?? process.env.TIDEMARK_DEMO_CHECKPOINT ?? 'checkpoints/rate-demo';
  const session = Session.builder().appName('rate-demo').config('tidemark.shufflePartitions', 4).getOrCreate();

  const events = session.readStream.format('rate').option('rowsPerSecond', 20).load<{ timestamp: number; value: number }>();
  const counts = events
    .withColumn('parity', col('value').mod(2))
    .withWatermark('timestamp', '2 seconds')
    .groupBy(window(col('timestamp'), '5 seconds'), col('parity'))
    .agg(count().alias('events'), sum('value').alias('total'));

  const query = await counts.writeStream
    .outputMode('update')
    .format('console')
    .option('checkpointLocation', checkpointLocation)
    .trigger(Trigger.ProcessingTime('1 second'))
    .queryName('rate_demo')
    .start();

  session.streams.addListener({
    onQueryProgress({ progress: p }) {
      const state = p.stateOperators[0];
      process.stdout.write(
        `epoch ${p.batchId}: ${p.numInputRows} rows in, ${p.sink.numOutputRows} out, ` +
          `watermark ${p.eventTime.watermark ?? '-'}, state rows ${state?.numRowsTotal ?? 0}, ${p.durationMs.triggerExecution} ms\n`,
      );
    },
  });

  const stop = async () => {
    process.stdout.write('\nstopping (the checkpoint keeps the state; run again to resume)...\n');
    await query.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await query.awaitTermination();
  process.stdout.write(`stopped after epoch ${query.lastProgress?.batchId ?? '-'}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
