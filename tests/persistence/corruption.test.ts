// Damaged data files: truncation and flipped bytes in data.mdb give CHECKPOINT_CORRUPT, never a crash or reset.
import t from 'tap';
import { readFileSync, statSync, truncateSync, writeFileSync } from 'fs';
import { join } from 'path';
import { openCheckpoint } from '../../persistence/storage';
import { offsets, tempDir } from './helpers';

/** A closed checkpoint holding offsets, commits, journal entries (with findable needles) and a snapshot. */
async function writeCheckpoint(dir: string): Promise<void> {
  const s = await openCheckpoint(dir);
  for (let e = 0; e < 8; e++) {
    await s.writeOffsets({ ...offsets(e), conf: { needle: `NEEDLE-OFFSETS-${e}` } });
    await s.writeCommit({ epoch: e, nextWatermarkMs: e });
    const payload = { epoch: e, rows: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, note: `NEEDLE-JOURNAL-${e}` })) };
    await s.appendJournal([{ actorKey: 'agg/p0', seq: e + 1, epoch: e, payload }]);
  }
  await s.writeSnapshot({ actorKey: 'agg/p0', seq: 8, epoch: 7, data: { epoch: 7, state: new Map([['k', 'NEEDLE-SNAP']]) } });
  await s.close();
}

/** Flips one byte inside every copy of `needle` in the data file (LMDB keeps old page copies too). */
function flipNeedle(dir: string, needle: string): number {
  const file = join(dir, 'data.mdb');
  const bytes = readFileSync(file);
  const pattern = Buffer.from(needle);
  let count = 0;
  for (let at = bytes.indexOf(pattern); at !== -1; at = bytes.indexOf(pattern, at + 1)) {
    bytes[at + pattern.length - 1] ^= 0x01;
    count++;
  }
  writeFileSync(file, bytes);
  return count;
}

t.test('a flipped byte in an offsets record is CHECKPOINT_CORRUPT naming the file and epoch', async (t) => {
  const dir = tempDir(t);
  await writeCheckpoint(dir);
  t.ok(flipNeedle(dir, 'NEEDLE-OFFSETS-6') > 0, 'the needle is in the file');
  const s = await openCheckpoint(dir);
  t.teardown(() => s.close());
  t.same(s.readOffsets(5)?.conf, { needle: 'NEEDLE-OFFSETS-5' }, 'other records still read');
  const err = t.throws(() => s.readOffsets(6), { code: 'CHECKPOINT_CORRUPT', details: { epoch: 6 } }) as Error;
  t.match(err.message, new RegExp(`"${join(dir, 'data.mdb')}" is corrupt at offsets\\[6\\] \\(epoch 6\\): the record's checksum`));
  t.match(err.message, /Note: restore the checkpoint directory from a backup, or start the query with a new, empty/);
});

t.test('a flipped byte in a journal entry or snapshot is CHECKPOINT_CORRUPT on read', async (t) => {
  const dir = tempDir(t);
  await writeCheckpoint(dir);
  t.ok(flipNeedle(dir, 'NEEDLE-JOURNAL-3') > 0);
  t.ok(flipNeedle(dir, 'NEEDLE-SNAP') > 0);
  const s = await openCheckpoint(dir);
  t.teardown(() => s.close());
  t.same(s.readJournal('agg/p0', 4).map((e) => e.seq), [5, 6, 7, 8], 'entries after the damaged one still read');
  t.throws(() => s.readJournal('agg/p0', 0), { code: 'CHECKPOINT_CORRUPT', message: /at journal\["agg\/p0", 4\]/ });
  t.throws(() => s.latestSnapshot('agg/p0'), { code: 'CHECKPOINT_CORRUPT', message: /at snapshots\["agg\/p0", 8\] \(epoch 7\)/ });
});

t.test("verify: 'full' finds a damaged record when opening", async (t) => {
  const dir = tempDir(t);
  await writeCheckpoint(dir);
  flipNeedle(dir, 'NEEDLE-OFFSETS-2');
  await t.rejects(openCheckpoint(dir, { verify: 'full' }), {
    code: 'CHECKPOINT_CORRUPT',
    message: /at offsets\[2\]: the record's checksum does not match/,
  });
});

t.test('a data file truncated to any length is CHECKPOINT_CORRUPT (LMDB would crash or start empty)', async (t) => {
  const dir = tempDir(t);
  await writeCheckpoint(dir);
  const original = readFileSync(join(dir, 'data.mdb'));
  const size = original.length;
  t.ok(size > 8 * 4096, `the data file spans several pages (${size} bytes)`);
  for (const length of [0, 100, 4096, 4096 + 200, Math.floor(size / 2), size - 4096]) {
    writeFileSync(join(dir, 'data.mdb'), original);
    truncateSync(join(dir, 'data.mdb'), length);
    await t.rejects(
      openCheckpoint(dir),
      { code: 'CHECKPOINT_CORRUPT', message: new RegExp(`"${join(dir, 'data.mdb')}" is corrupt`) },
      `truncated to ${length} bytes`,
    );
    t.equal(statSync(join(dir, 'data.mdb')).size, length, 'the file is left as it was');
  }
  writeFileSync(join(dir, 'data.mdb'), original);
  const s = await openCheckpoint(dir);
  t.same(s.latestCommit(), { epoch: 7, nextWatermarkMs: 7 }, 'the restored file opens');
  await s.close();
});

t.test('a damaged LMDB meta page is CHECKPOINT_CORRUPT', async (t) => {
  const dir = tempDir(t);
  await writeCheckpoint(dir);
  const file = join(dir, 'data.mdb');
  const bytes = readFileSync(file);
  bytes[4096 + 24] ^= 0xff; // the magic number of meta page 1
  writeFileSync(file, bytes);
  await t.rejects(openCheckpoint(dir), { code: 'CHECKPOINT_CORRUPT', message: /meta page 1 has a bad magic number/ });
});

t.test("verify: 'full' turns a damaged B-tree (zeroed pages) into CHECKPOINT_CORRUPT, isolating any LMDB crash", async (t) => {
  const dir = tempDir(t);
  await writeCheckpoint(dir);
  const file = join(dir, 'data.mdb');
  const bytes = readFileSync(file);
  const pages = bytes.length / 4096;
  bytes.fill(0, 2 * 4096, (pages - 3) * 4096); // every page but the meta pages and the last three
  writeFileSync(file, bytes);
  await t.rejects(openCheckpoint(dir, { verify: 'full' }), {
    code: 'CHECKPOINT_CORRUPT',
    message: /(crashed LMDB with SIG|LMDB cannot read it|checksum does not match|tree root)/,
  });
});
