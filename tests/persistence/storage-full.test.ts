// Full disks and full LMDB maps become CHECKPOINT_STORAGE_FULL (external, retryable) naming the directory.
import t from 'tap';
import { execFileSync } from 'child_process';
import { mkdirSync } from 'fs';
import { CheckpointError } from '../../common/errors';
import { CheckpointStorageFullError, classifyWriteError, unwrapCommitError } from '../../persistence/errors';
import { openCheckpoint } from '../../persistence/storage';
import { tempDir, type Test } from './helpers';

/** The shape lmdb-js gives native errors: the strerror text and the numeric code. */
const lmdbError = (message: string, code: number) => Object.assign(new Error(message), { code });

t.test('ENOSPC and MDB_MAP_FULL are CHECKPOINT_STORAGE_FULL, external and retryable', async (t) => {
  for (const raw of [
    lmdbError('No space left on device', 28),
    lmdbError('MDB_MAP_FULL: Environment mapsize limit reached', -30792),
    Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
  ]) {
    const err = classifyWriteError(raw, '/data/cp');
    t.ok(err instanceof CheckpointStorageFullError);
    t.ok(err instanceof CheckpointError);
    t.match(err, { code: 'CHECKPOINT_STORAGE_FULL', domain: 'external', details: { retryable: true, directory: '/data/cp', cause: raw } });
    t.match(err.message, /^Checkpoint directory "\/data\/cp" is full: .*Note: free disk space/);
  }
});

t.test('other write errors are CHECKPOINT_WRITE_FAILED; an I/O error with free space is not "full"', async (t) => {
  t.match(classifyWriteError(lmdbError('Permission denied', 13), '/data/cp'), { code: 'CHECKPOINT_WRITE_FAILED', domain: 'external' });
  t.match(classifyWriteError(lmdbError('Input/output error', 5), process.cwd()), { code: 'CHECKPOINT_WRITE_FAILED' });
});

t.test("lmdb-js's 'Commit failed' wrapper is unwrapped to the real error", async (t) => {
  const real = lmdbError('Input/output error', 5);
  const commitError = Promise.reject(real);
  const wrapper = Object.assign(new Error('Commit failed (see commitError for details)'), { commitError });
  t.equal(await unwrapCommitError(wrapper), real);
  const plain = new Error('x');
  t.equal(await unwrapCommitError(plain), plain);
});

/** Mounts a 1 MiB tmpfs when this process may (root in a privileged container); undefined otherwise. */
function smallTmpfs(t: Test): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  const mnt = tempDir(t, 'mnt');
  mkdirSync(mnt, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  t.teardown(() => execFileSync('umount', ['-l', mnt], { stdio: 'ignore' }));
  return mnt;
}

t.test('a real full disk (1 MiB tmpfs) rejects the append with CHECKPOINT_STORAGE_FULL', async (t) => {
  const mnt = smallTmpfs(t);
  if (mnt === undefined) {
    t.pass('skipped: needs root and permission to mount a tmpfs');
    return;
  }
  const dir = `${mnt}/cp`;
  const s = await openCheckpoint(dir);
  const payload = 'x'.repeat(64 * 1024);
  let failure: unknown;
  for (let seq = 1; seq <= 64 && failure === undefined; seq++) {
    try {
      await s.appendJournal([{ actorKey: 'a', seq, epoch: seq, payload }]);
    } catch (err) {
      failure = err;
    }
  }
  t.match(failure, { code: 'CHECKPOINT_STORAGE_FULL', domain: 'external', details: { directory: dir, retryable: true } });
  t.ok(s.lastJournalSeq('a') < 64, 'the failed append did not land');
  await s.close().catch(() => undefined);
});

