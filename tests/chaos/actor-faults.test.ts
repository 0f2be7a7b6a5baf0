// Actor faults in-process: injected exceptions in random task actors; the query keeps running and its answer is unchanged.
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStream, Session, col, count, window } from '../../index';
import { armFailpoint, failpointFireCount, resetFailpoints, setFailpointRandom } from '../../common/failpoints';
import { Prng } from '../../chaos/prng';

interface Result {
  faults: number;
  rows: string;
}

/** A grouped count and a windowed count over 40 epochs, with task.handle throwing with probability p. */
async function run(t: { teardown(fn: () => unknown): void }, p: number, seed: number, mode: 'grouped' | 'windowed'): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-actor-faults-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const s = new Session({ conf: { 'tidemark.maxActorRestarts': 1_000_000, 'tidemark.shufflePartitions': 2, 'tidemark.snapshotEvery': 3 } });
  const input = new MemoryStream<{ k: number; ts: number }>(s);
  const name = `af_${mode}_${seed}_${p}`.replace(/\W/g, '_');
  const df = mode === 'grouped'
    ? input.toDF().groupBy('k').agg(count('*').alias('n'))
    : input.toDF().withWatermark('ts', '0 seconds').groupBy(window(col('ts'), '5 seconds'), col('k')).agg(count('*').alias('n'));
  const q = await df.writeStream.outputMode(mode === 'grouped' ? 'complete' : 'append').format('memory').queryName(name)
    .option('checkpointLocation', dir).start();
  t.teardown(resetFailpoints);
  if (p > 0) {
    const prng = new Prng(seed);
    setFailpointRandom(() => prng.next());
    armFailpoint('task.handle', { action: 'throw', probability: p, repeat: true });
  }
  for (let i = 0; i < 40; i++) {
    input.addData(...Array.from({ length: 20 }, (_, j) => ({ k: (i * 20 + j) % 7, ts: i * 1000 + j })));
    await q.processAllAvailable();
  }
  const faults = p > 0 ? failpointFireCount('task.handle') : 0;
  resetFailpoints();
  await q.stop();
  const rows = (await s.table(name).collect()) as Record<string, unknown>[];
  return { faults, rows: rows.map((r) => JSON.stringify(r)).sort().join('\n') };
}

for (const mode of ['grouped', 'windowed'] as const) {
  t.test(`${mode}: random task-actor faults leave the answer unchanged`, async (t) => {
    const reference = await run(t, 0, 0, mode);
    for (const seed of [1, 2, 3]) {
      const faulty = await run(t, 0.03, seed, mode);
      t.ok(faulty.faults > 0, `seed ${seed}: faults were injected (${faulty.faults})`);
      t.equal(faulty.rows, reference.rows, `seed ${seed}: same rows as the fault-free run`);
    }
  });
}
