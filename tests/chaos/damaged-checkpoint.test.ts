// Damaged checkpoints through the public API: each gives a coded error naming the file or epoch; never a reset.
import t from 'tap';
import { mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { count, lit, type TidemarkError } from '../../index';
import { openCheckpoint } from '../../persistence/storage';
import { checkpointDir, runRate, type RateRow } from './rate-query';
import type { DataFrame } from '../../index';

const NEEDLE = 'NEEDLE-STATE-KEY';
const counts = (rate: DataFrame<RateRow>) => rate.withColumn('tag', lit(NEEDLE)).groupBy('tag').agg(count().alias('n'));

/** A checkpoint of a stateful query after 4 epochs (journal entries and offsets/commits 0..3). */
async function stateful(t: { teardown(fn: () => unknown): void }): Promise<string> {
  const dir = checkpointDir(t);
  const rows = await runRate(dir, counts, { seconds: 4, outputMode: 'update' });
  if (rows.length !== 4) throw new Error(`setup: expected 4 epochs of output, got ${JSON.stringify(rows)}`);
  return dir;
}

/** Resumes the same query for two more seconds; resolves to the error it fails with. */
async function resumeError(dir: string): Promise<TidemarkError | undefined> {
  return runRate(dir, counts, { seconds: 2, fromSecond: 4, outputMode: 'update' }).then(() => undefined, (e: TidemarkError) => e);
}

t.test('the undamaged checkpoint resumes where it stopped (the control case)', async (t) => {
  const dir = await stateful(t);
  const rows = await runRate(dir, counts, { seconds: 2, fromSecond: 4, outputMode: 'update' });
  t.same(rows, [{ tag: NEEDLE, n: 50 }, { tag: NEEDLE, n: 60 }]);
});

t.test('a truncated data.mdb is CHECKPOINT_CORRUPT naming the file, and the file is left alone', async (t) => {
  const dir = await stateful(t);
  const file = join(dir, 'data.mdb');
  const half = Math.floor(statSync(file).size / 2);
  truncateSync(file, half);
  const err = await resumeError(dir);
  t.equal(err?.code, 'CHECKPOINT_CORRUPT');
  t.match(err?.message, `"${file}" is corrupt`);
  t.match(err?.message, /Note: /);
  t.equal(statSync(file).size, half, 'no silent reset or repair');
});

t.test('a bit flipped in an LMDB meta page is CHECKPOINT_CORRUPT', async (t) => {
  const dir = await stateful(t);
  const file = join(dir, 'data.mdb');
  const bytes = readFileSync(file);
  bytes[24] ^= 0x10; // inside the magic number of meta page 0
  writeFileSync(file, bytes);
  const err = await resumeError(dir);
  t.equal(err?.code, 'CHECKPOINT_CORRUPT');
  t.match(err?.message, file);
});

t.test('a bit flipped in the state journal is CHECKPOINT_CORRUPT when the state is recovered', async (t) => {
  const dir = await stateful(t);
  const file = join(dir, 'data.mdb');
  const bytes = readFileSync(file);
  let flipped = 0;
  for (let at = bytes.indexOf(NEEDLE); at !== -1; at = bytes.indexOf(NEEDLE, at + 1)) {
    bytes[at + 3] ^= 0x01;
    flipped++;
  }
  t.ok(flipped > 0, 'the state key is in the data file');
  writeFileSync(file, bytes);
  const err = await resumeError(dir);
  t.equal(err?.code, 'CHECKPOINT_CORRUPT', `got ${err?.code}: ${err?.message}`);
  t.match(err?.message, /journal|snapshots/);
});

t.test('a commit without offsets is CHECKPOINT_COMMIT_WITHOUT_OFFSETS naming the epoch', async (t) => {
  const dir = await stateful(t);
  const s = await openCheckpoint(dir);
  await s.writeCommit({ epoch: 4, nextWatermarkMs: 0 });
  await s.close();
  const err = await resumeError(dir);
  t.equal(err?.code, 'CHECKPOINT_COMMIT_WITHOUT_OFFSETS');
  t.match(err, { details: { epoch: 4 } });
  t.match(err?.message, /has a commit for epoch 4 but no offsets for it/);
});

t.test('offsets far ahead of the commits are CHECKPOINT_OFFSETS_AHEAD naming the epoch', async (t) => {
  const dir = await stateful(t);
  const s = await openCheckpoint(dir);
  const last = s.latestOffsets()!;
  await s.writeOffsets({ ...last, epoch: last.epoch + 3 });
  await s.close();
  const err = await resumeError(dir);
  t.equal(err?.code, 'CHECKPOINT_OFFSETS_AHEAD');
  t.match(err, { details: { epoch: last.epoch + 3 } });
  t.match(err?.message, new RegExp(`offsets for epoch ${last.epoch + 3} but its last commit is epoch ${last.epoch}`));
});

t.test('a directory that is not a tidemark checkpoint is CHECKPOINT_NOT_TIDEMARK, and is not written to', async (t) => {
  const dir = checkpointDir(t);
  mkdirSync(dir);
  writeFileSync(join(dir, 'notes.txt'), 'my notes');
  const err = await runRate(dir, counts, { seconds: 1, outputMode: 'update' }).then(() => undefined, (e: TidemarkError) => e);
  t.equal(err?.code, 'CHECKPOINT_NOT_TIDEMARK');
  t.match(err?.message, /"notes\.txt"/);
  t.same(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'my notes');
});
