// A full disk under a running query (a 1 MiB tmpfs): the query stops with CHECKPOINT_STORAGE_FULL and,
// once space is freed, resumes from its checkpoint with exactly the output of an undisturbed run.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { first, lit, ManualClock, Session, Trigger, type TidemarkError } from '../../index';
import type { StreamingQuery } from '../../api/progress';
import { T0, type RateRow } from './rate-query';

const SECONDS = 12;

/** Mounts a tmpfs of `size` when this process may (root, mount allowed); undefined otherwise. */
function tmpfs(t: { teardown(fn: () => unknown): void }, size: string): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  const base = mkdtempSync(join(tmpdir(), 'tidemark-chaos-full-'));
  const mnt = join(base, 'mnt');
  mkdirSync(mnt);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mnt], { stdio: 'ignore' });
  } catch {
    rmSync(base, { recursive: true, force: true });
    return undefined;
  }
  t.teardown(() => {
    execFileSync('umount', ['-l', mnt], { stdio: 'ignore' });
    rmSync(base, { recursive: true, force: true });
  });
  return mnt;
}

/**
 * Runs a query whose state grows ~300 KB per second (every value a new group with a 1.5 KB string)
 * from virtual second `from` to SECONDS; output kept per epoch (a replayed epoch overwrites itself).
 */
async function run(dir: string, from: number, out: Map<number, unknown[]>): Promise<{ error?: TidemarkError; reached: number }> {
  const session = new Session({ conf: { 'tidemark.shufflePartitions': 1 } });
  const clock = new ManualClock(T0 + from * 1000);
  const q: StreamingQuery = await session.readStream.format('rate').option('rowsPerSecond', 200).load<RateRow>()
    .withColumn('pad', lit('x'.repeat(1500)))
    .groupBy('value').agg(first('pad').alias('pad'))
    .writeStream.outputMode('update').option('checkpointLocation', dir).trigger(Trigger.ProcessingTime(0)).clock(clock)
    .foreachBatch(async (batch, id) => { out.set(id, (await batch.collect()).map((r) => r.value)); })
    .start();
  let second = from;
  try {
    await q.processAllAvailable();
    while (second < SECONDS) {
      clock.setTime(T0 + (second + 1) * 1000);
      await q.processAllAvailable();
      second++;
    }
    await q.stop();
    return { reached: second };
  } catch (e) {
    await q.stop().catch(() => undefined);
    return { error: e as TidemarkError, reached: second };
  }
}

t.test('disk full: CHECKPOINT_STORAGE_FULL, then a clean resume after space is freed', async (t) => {
  const mnt = tmpfs(t, '1m');
  if (mnt === undefined) {
    t.pass('skipped: needs root and permission to mount a tmpfs (the persistence tests cover the error mapping)');
    return;
  }
  const refDir = mkdtempSync(join(tmpdir(), 'tidemark-chaos-full-ref-'));
  t.teardown(() => rmSync(refDir, { recursive: true, force: true }));
  const reference = new Map<number, unknown[]>();
  t.same(await run(join(refDir, 'cp'), 0, reference), { reached: SECONDS }, 'the reference run needs no disk limit');

  const dir = join(mnt, 'cp');
  const out = new Map<number, unknown[]>();
  const first = await run(dir, 0, out);
  t.equal(first.error?.code, 'CHECKPOINT_STORAGE_FULL', `got ${first.error?.code}: ${first.error?.message}`);
  t.equal(first.error?.domain, 'external');
  t.match(first.error?.message, new RegExp(`Checkpoint directory "${dir}" is full: .*Note: free disk space`));
  t.ok(first.reached < SECONDS, `stopped at virtual second ${first.reached}`);

  execFileSync('mount', ['-o', 'remount,size=64m', mnt], { stdio: 'ignore' });
  const second = await run(dir, first.reached, out);
  t.same(second, { reached: SECONDS }, 'resumed and finished');
  const sorted = (m: Map<number, unknown[]>) => [...m.values()].flat().map(Number).sort((a, b) => a - b);
  t.same(sorted(out), sorted(reference), 'every value exactly once, as in the undisturbed run');
});
