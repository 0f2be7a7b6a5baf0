// Opening checkpoint directories: creation, reopening, foreign directories, files, versions, markers.
import t from 'tap';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { encodeRecord, encodeRecordWithVersion, RECORD_VERSION } from '../../persistence/codec';
import { DB, FORMAT_VERSION, MARKER_FILE, META_FORMAT_KEY, commitKey } from '../../persistence/keys';
import { LmdbKv } from '../../persistence/lmdb-kv';
import { openCheckpoint } from '../../persistence/storage';
import { offsets, tempDir } from './helpers';

t.test('a new directory becomes a checkpoint, and reopening it finds the data', async (t) => {
  const dir = tempDir(t, 'nested/cp');
  const s = await openCheckpoint(dir);
  t.equal(s.location, dir);
  await s.writeOffsets(offsets(0));
  await s.appendJournal([{ actorKey: 'a', seq: 1, epoch: 0, payload: new Map([['k', 1]]) }]);
  await s.close();
  const marker = JSON.parse(readFileSync(join(dir, MARKER_FILE), 'utf8'));
  t.match(marker, { format: 'tidemark-checkpoint', formatVersion: FORMAT_VERSION, state: 'ready' });
  t.same(readdirSync(dir).sort(), ['data.mdb', 'lock.mdb', MARKER_FILE]);
  const again = await openCheckpoint(dir, { verify: 'full' });
  t.same(again.readOffsets(0), offsets(0));
  t.same(again.readJournal('a', 0)[0].payload, new Map([['k', 1]]));
  await again.close();
});

t.test('an existing empty directory is used', async (t) => {
  const dir = tempDir(t);
  mkdirSync(dir, { recursive: true });
  const s = await openCheckpoint(dir);
  await s.close();
  t.ok(existsSync(join(dir, MARKER_FILE)));
});

t.test('undefined and ":memory:" give memory storage', async (t) => {
  for (const loc of [undefined, ':memory:']) {
    const s = await openCheckpoint(loc);
    t.equal(s.location, ':memory:');
    await s.close();
  }
});

t.test('a non-empty directory that is not a checkpoint is refused and left untouched', async (t) => {
  const dir = tempDir(t);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  await t.rejects(openCheckpoint(dir), {
    code: 'CHECKPOINT_NOT_TIDEMARK',
    name: 'CheckpointError',
    message: /^Directory ".*cp" is not a tidemark checkpoint: it holds "notes\.txt" but no "tidemark-checkpoint\.json"\. Note: use an empty or new directory/,
  });
  t.same(readdirSync(dir), ['notes.txt']);
});

t.test('LMDB files without a marker are not ours either', async (t) => {
  const dir = tempDir(t);
  const kv = LmdbKv.open((mkdirSync(dir, { recursive: true }), dir));
  await kv.close();
  await t.rejects(openCheckpoint(dir), { code: 'CHECKPOINT_NOT_TIDEMARK' });
});

t.test('a marker of another format is CHECKPOINT_NOT_TIDEMARK', async (t) => {
  const dir = tempDir(t);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER_FILE), JSON.stringify({ format: 'something-else', formatVersion: 1 }));
  await t.rejects(openCheckpoint(dir), { code: 'CHECKPOINT_NOT_TIDEMARK' });
});

t.test('a path that is a file is CHECKPOINT_NOT_A_DIRECTORY', async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, '..'), { recursive: true });
  writeFileSync(dir, 'x');
  await t.rejects(openCheckpoint(dir), {
    code: 'CHECKPOINT_NOT_A_DIRECTORY',
    message: /is a file, not a directory\. Note:/,
  });
});

t.test('a marker from a newer format version is CHECKPOINT_VERSION_UNSUPPORTED', async (t) => {
  const dir = tempDir(t);
  await (await openCheckpoint(dir)).close();
  const file = join(dir, MARKER_FILE);
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), formatVersion: FORMAT_VERSION + 1 }));
  await t.rejects(openCheckpoint(dir), {
    code: 'CHECKPOINT_VERSION_UNSUPPORTED',
    message: /format version 2, newer than the version 1/,
  });
});

t.test('a format record from a newer version is CHECKPOINT_VERSION_UNSUPPORTED', async (t) => {
  const dir = tempDir(t);
  await (await openCheckpoint(dir)).close();
  const kv = LmdbKv.open(dir);
  await kv.write((tx) => tx.put(DB.meta, META_FORMAT_KEY, encodeRecord({ formatVersion: FORMAT_VERSION + 1, createdAtMs: 0 })));
  await kv.close();
  await t.rejects(openCheckpoint(dir), { code: 'CHECKPOINT_VERSION_UNSUPPORTED' });
});

t.test('readMeta refuses meta written by a newer format version', async (t) => {
  const dir = tempDir(t);
  const s = await openCheckpoint(dir);
  await s.writeMeta({
    formatVersion: FORMAT_VERSION + 1,
    queryId: 'q',
    createdAtMs: 0,
    planFingerprint: 'f',
    stateSignature: [],
    shufflePartitions: 1,
    conf: {},
  });
  t.throws(() => s.readMeta(), { code: 'CHECKPOINT_VERSION_UNSUPPORTED' });
  await s.close();
});

t.test('a stored record with an unknown record version is CHECKPOINT_RECORD_VERSION', async (t) => {
  const dir = tempDir(t);
  await (await openCheckpoint(dir)).close();
  const kv = LmdbKv.open(dir);
  await kv.write((tx) => tx.put(DB.commits, commitKey(3), encodeRecordWithVersion({ epoch: 3 }, RECORD_VERSION + 1)));
  await kv.close();
  const s = await openCheckpoint(dir);
  t.throws(() => s.readCommit(3), { code: 'CHECKPOINT_RECORD_VERSION', message: /at commits\[3\] with version 2/ });
  t.throws(() => s.latestCommit(), { code: 'CHECKPOINT_RECORD_VERSION' });
  await s.close();
});

t.test('an unreadable marker is CHECKPOINT_CORRUPT naming it', async (t) => {
  const dir = tempDir(t);
  await (await openCheckpoint(dir)).close();
  writeFileSync(join(dir, MARKER_FILE), '{"format": "tidemark-chec');
  await t.rejects(openCheckpoint(dir), { code: 'CHECKPOINT_CORRUPT', message: new RegExp(`${MARKER_FILE}" is corrupt`) });
});

t.test('a ready checkpoint whose data file is gone is CHECKPOINT_CORRUPT, never a fresh start', async (t) => {
  const dir = tempDir(t);
  const s = await openCheckpoint(dir);
  await s.writeCommit({ epoch: 0, nextWatermarkMs: 0 });
  await s.close();
  rmSync(join(dir, 'data.mdb'));
  await t.rejects(openCheckpoint(dir), { code: 'CHECKPOINT_CORRUPT', message: /data\.mdb" is corrupt: the data file is missing/ });
  rmSync(join(dir, 'lock.mdb'));
  await t.rejects(openCheckpoint(dir), { code: 'CHECKPOINT_CORRUPT' });
});

t.test('a checkpoint interrupted while being created (marker says creating, no data) starts fresh', async (t) => {
  const dir = tempDir(t);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, MARKER_FILE),
    JSON.stringify({ format: 'tidemark-checkpoint', formatVersion: FORMAT_VERSION, createdAtMs: 5, state: 'creating' }),
  );
  const s = await openCheckpoint(dir);
  t.equal(s.latestCommit(), undefined);
  await s.close();
  t.match(JSON.parse(readFileSync(join(dir, MARKER_FILE), 'utf8')), { state: 'ready', createdAtMs: 5 });
});

t.test('one directory cannot be open twice in a process', async (t) => {
  const dir = tempDir(t);
  const s = await openCheckpoint(dir);
  await t.rejects(openCheckpoint(dir), { code: 'CHECKPOINT_IN_USE' });
  await s.close();
  const again = await openCheckpoint(dir);
  await again.close();
});
