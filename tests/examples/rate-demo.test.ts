// The README's demo runs, stops cleanly on Ctrl-C (SIGINT), and resumes at the next epoch when run again.
import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');

/** Runs the demo until it has printed `epochs` progress lines, then sends SIGINT; returns the epoch ids seen. */
function runDemo(checkpoint: string, epochs: number): Promise<{ ids: number[]; code: number | null; out: string }> {
  return new Promise((resolvePromise, reject) => {
    // `-e require(...)` keeps the entry on the CommonJS path (tap's process hooks would send a .ts main through ESM).
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', "require('./examples/rate-demo.ts')"], {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TIDEMARK_DEMO_CHECKPOINT: checkpoint },
    });
    let out = '';
    const ids: number[] = [];
    let interrupted = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (const m of d.toString().matchAll(/^epoch (\d+):/gm)) ids.push(Number(m[1]));
      if (!interrupted && ids.length >= epochs) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => resolvePromise({ ids, code, out }));
  });
}

t.test('demo: progress lines, clean stop on SIGINT, resume on the same checkpoint', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tm-demo-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const first = await runDemo(dir, 2);
  t.equal(first.code, 0, first.out);
  t.match(first.out, /Batch: 0/);
  t.match(first.out, /stopped after epoch \d+/);
  const second = await runDemo(dir, 1);
  t.equal(second.code, 0, second.out);
  t.ok(second.ids[0] > Math.max(...first.ids), `resumed at ${second.ids[0]} after ${Math.max(...first.ids)}`);
});
