// A writer killed with SIGKILL loses no write whose promise resolved, and leaves a consistent checkpoint.
import t from 'tap';
import { spawn } from 'child_process';
import { join } from 'path';
import { openCheckpoint } from '../../persistence/storage';
import { tempDir } from './helpers';

const WRITER = join(__dirname, 'fixtures', 'kill-writer.ts');

/** Runs the writer until it reports `epochs` commits, then kills it with SIGKILL; returns the last reported epoch. */
function runAndKill(dir: string, epochs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      // `-e` rather than a .ts entry file: tap's loader hooks reach child processes and would load it as ESM.
      ['-r', require.resolve('ts-node/register/transpile-only'), '-e', `require(${JSON.stringify(WRITER)}).main(process.argv[1])`, dir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let last = -1;
    let seen = 0;
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^committed (\d+)$/.exec(line);
        if (m === null) continue;
        last = Number(m[1]);
        if (++seen === epochs) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`writer exited with code ${code} before being killed`));
    });
  });
}

t.test('kill -9 mid-stream: every reported epoch is there, and the checkpoint is consistent', async (t) => {
  const dir = tempDir(t);
  let expectedFrom = 0;
  for (const round of [1, 2]) {
    const last = await runAndKill(dir, 25);
    t.ok(last >= expectedFrom + 24, `round ${round}: the writer reported up to epoch ${last}`);
    const s = await openCheckpoint(dir, { verify: 'full' });
    const commit = s.latestCommit();
    t.ok(commit !== undefined && commit.epoch >= last, `round ${round}: the last reported commit ${last} survived (found ${commit?.epoch})`);
    for (let e = 0; e <= (commit?.epoch ?? -1); e++) {
      if (s.readCommit(e) === undefined || s.readOffsets(e) === undefined) t.fail(`epoch ${e} lost its commit or offsets`);
    }
    for (const actor of ['agg/p0', 'agg/p1']) {
      const journal = s.readJournal(actor, 0);
      t.ok(journal.length >= (commit?.epoch ?? 0) + 1, `${actor}: journal covers every committed epoch`);
      t.same(journal.map((e) => e.seq), journal.map((_, i) => i + 1), `${actor}: no gaps`);
      t.ok(journal[journal.length - 1].payload instanceof Map);
    }
    await s.close();
    expectedFrom = (commit?.epoch ?? 0) + 1;
  }
});
