// Chaos topology: rate → where → select (stateless). Run: `npx ts-node -T cli/tidemark.ts chaos examples/chaos-stateless.ts`.
// Every even rate value v is one row; key = (v/2) mod 5 and seq = floor(v/10) number each key's rows 0, 1, 2, …
import { col, floor, pmod } from '../index';
import type { ChaosTopology } from '../chaos/topology';

const KEYS = 5;

const topology: ChaosTopology = {
  name: 'stateless',
  description: 'rate (200 rows/s) → where(value is even) → select key, seq, value',
  // 120 virtual seconds, one epoch per second: 24,000 rate rows, 12,000 output rows.
  run: { kind: 'clock', steps: 120 },
  sequence: { keyColumn: 'key', seqColumn: 'seq' },
  conf: { 'tidemark.shufflePartitions': 2 },
  build: (session) =>
    session.readStream
      .format('rate')
      .option('rowsPerSecond', 200)
      .option('numPartitions', 2)
      .load<{ timestamp: number; value: number }>()
      .where(pmod(col('value'), 2).eq(0))
      .select(
        pmod(col('value').divide(2), KEYS).alias('key'),
        floor(col('value').divide(2 * KEYS)).alias('seq'),
        col('value'),
        col('timestamp'),
      ),
};

export default topology;
