// Oracle: random rows in random epochs with random restarts; the complete-mode result equals the batch result.
import t from 'tap';
import { Session, MemoryStream, col, count, sum, min, max, avg, window, type DataFrame } from '../../index';
import { testStream, AddData, CheckAnswer, StopStream, StartStream, type StreamAction } from '../../testing';

/** A small seeded PRNG (mulberry32) so a failing trial can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface Ev { k: string; v: number; ts: number }

type Query = (df: DataFrame<Ev>) => DataFrame<any>;
const QUERIES: Record<string, Query> = {
  'count/sum/min/max/avg by key': (df) => df.groupBy('k').agg(count('*').alias('n'), sum('v').alias('s'), min('v').alias('lo'), max('v').alias('hi'), avg('v').alias('a')),
  'computed and multiple keys': (df) => df.groupBy(col('v').mod(3).alias('m'), col('k')).agg(count('*').alias('n')),
  'sliding windows by key': (df) => df.groupBy(window(col('ts'), '10 seconds', '5 seconds'), col('k')).agg(sum('v').alias('s')),
  'global aggregate': (df) => df.groupBy().agg(count('*').alias('n'), max('ts').alias('latest')),
};

t.test('complete-mode streaming equals batch on random epochs and restarts', async (t) => {
  const trials = 6;
  for (const [name, query] of Object.entries(QUERIES)) {
    for (let trial = 0; trial < trials; trial++) {
      const seed = 1000 * trial + name.length;
      const rand = rng(seed);
      const rows: Ev[] = Array.from({ length: 20 + Math.floor(rand() * 80) }, () => ({
        k: String.fromCharCode(97 + Math.floor(rand() * 5)),
        v: Math.floor(rand() * 100) - 20,
        ts: Math.floor(rand() * 60_000),
      }));
      const s = new Session({ print: () => undefined, conf: { 'tidemark.shufflePartitions': 1 + Math.floor(rand() * 4) } });
      const expected = await query(s.createDataFrame(rows)).collect();
      const input = new MemoryStream<Ev>(s);
      const steps: StreamAction[] = [];
      let i = 0;
      while (i < rows.length) {
        const n = 1 + Math.floor(rand() * 15);
        steps.push(AddData(input, ...rows.slice(i, i + n)));
        i += n;
        if (rand() < 0.3) steps.push(StopStream, StartStream());
      }
      steps.push(CheckAnswer(...expected));
      await testStream(query(input.toDF()), 'complete', steps);
      t.pass(`${name} (seed ${seed}, ${rows.length} rows, ${steps.length} steps)`);
    }
  }
});
