// Chaos topology: rate → withWatermark → 2-second tumbling-window count per bucket (stateful, append mode).
// Run: `npx ts-node -T cli/tidemark.ts chaos examples/chaos-windowed.ts`. seq numbers each bucket's windows 0, 1, 2, …
import { col, count, floor, pmod, sum, window } from '../index';
import type { ChaosTopology } from '../chaos/topology';
import { DEFAULT_START_TIME_MS } from '../chaos/topology';

const WINDOW_MS = 2000;

const topology: ChaosTopology = {
  name: 'windowed',
  description: 'rate (100 rows/s) → withWatermark(1 s) → groupBy(window 2 s, bucket).agg(count, sum), append',
  // 120 virtual seconds in 1-second epochs; windows close as the watermark passes them.
  run: { kind: 'clock', steps: 120, startTimeMs: DEFAULT_START_TIME_MS },
  outputMode: 'append',
  sequence: { keyColumn: 'bucket', seqColumn: 'seq' },
  conf: { 'tidemark.shufflePartitions': 3, 'tidemark.snapshotEvery': 4 },
  build: (session, ctx) =>
    session.readStream
      .format('rate')
      .option('rowsPerSecond', 100)
      .load<{ timestamp: number; value: number }>()
      .withColumn('bucket', pmod(col('value'), 4))
      .withWatermark('timestamp', '1 second')
      .groupBy(window(col('timestamp'), `${WINDOW_MS} milliseconds`), col('bucket'))
      .agg(count().alias('events'), sum('value').alias('total'))
      .select(
        col('bucket'),
        floor(col('window').getField('start').minus(ctx.startTimeMs).divide(WINDOW_MS)).alias('seq'),
        col('window'),
        col('events'),
        col('total'),
      ),
};

export default topology;
