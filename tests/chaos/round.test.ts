// The chaos round runner against a trivial fake child: timer and failpoint kills, replays, failures, hangs.
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CRASH_FAILPOINTS } from '../../chaos/kill-plan';
import { spawnChild, type ChildCommand } from '../../chaos/launch';
import { Prng } from '../../chaos/prng';
import type { ChildEvent } from '../../chaos/protocol';
import { runRound, type RoundOptions } from '../../chaos/round';

/** A fake child: the "topology path" names its behaviour; it counts its incarnations in the checkpoint dir. */
const FAKE_CHILD = `
const fs = require('fs');
const cfg = JSON.parse(process.argv[process.argv.length - 1]);
const emit = (e) => process.stdout.write(JSON.stringify(e) + '\\n');
fs.mkdirSync(cfg.checkpointLocation, { recursive: true });
const f = cfg.checkpointLocation + '/incarnations';
const n = fs.existsSync(f) ? Number(fs.readFileSync(f, 'utf8')) : 0;
fs.writeFileSync(f, String(n + 1));
const mode = cfg.topologyPath;
console.log('a line that is not an event');
emit({ ev: 'topology', name: 'fake-' + mode, outputMode: 'append', run: 'clock', sequence: { keyColumn: 'k', seqColumn: 's' } });
emit({ ev: 'started', resumeStep: 0, replayEpoch: n > 0 ? n : undefined });
const work = (epochs, ms) => { let e = 0; const t = setInterval(() => { emit({ ev: 'commit', epoch: e++ }); if (e >= epochs) { clearInterval(t); emit({ ev: 'done' }); process.exit(0); } }, ms); };
if (mode === 'ok') { emit({ ev: 'commit', epoch: 0 }); emit({ ev: 'fault' }); emit({ ev: 'done' }); process.exit(0); }
else if (mode === 'slow') work(25, 20);
else if (mode === 'failpoint') {
  if (process.env.TIDEMARK_FAILPOINTS) { emit({ ev: 'commit', epoch: 0 }); process.kill(process.pid, 'SIGKILL'); }
  else work(25, 20);
}
else if (mode === 'error') { process.stderr.write('Error: the checkpoint is bad\\n'); emit({ ev: 'error', code: 'CHECKPOINT_CORRUPT', message: 'bad file' }); process.exit(3); }
else if (mode === 'crash') { process.stderr.write('something broke\\n'); process.exit(1); }
else if (mode === 'hang') { emit({ ev: 'commit', epoch: 0 }); setInterval(() => {}, 1000); }
`;

function setup(t: { teardown(fn: () => unknown): void }): { dir: string; cmd: ChildCommand } {
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-chaos-round-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, 'fake-child.js');
  writeFileSync(script, FAKE_CHILD);
  return { dir, cmd: { execPath: process.execPath, args: [script], env: {}, description: 'fake child' } };
}

function options(dir: string, cmd: ChildCommand, mode: string, extra: Partial<RoundOptions> = {}): RoundOptions {
  return {
    cmd, topologyPath: mode, dir: join(dir, mode), role: 'chaos', killBudget: 0, mayKill: () => true,
    actorFaultProbability: 0, prng: new Prng(11), hangTimeoutMs: 20_000, ...extra,
  };
}

t.test('spawnChild parses event lines in order and reports the exit', async (t) => {
  const { dir, cmd } = setup(t);
  const events: ChildEvent[] = [];
  const cfg = { v: 1 as const, topologyPath: 'ok', checkpointLocation: join(dir, 'c'), outputLocation: join(dir, 'o'), role: 'chaos' as const, actorFaultProbability: 0, seed: 1 };
  const child = spawnChild(cmd, cfg, {}, (e) => events.push(e));
  t.same(await child.exited, { code: 0, signal: null });
  t.same(events.map((e) => e.ev), ['topology', 'started', 'commit', 'fault', 'done']);
  child.kill(); // no-op after exit
});

t.test('a fault-free round completes in one incarnation and measures its timing', async (t) => {
  const { dir, cmd } = setup(t);
  const r = await runRound(options(dir, cmd, 'slow'));
  t.match(r, { completed: true, incarnations: 1, kills: { timer: 0, failpoint: {} }, failures: [], epochsReplayed: 0, actorFaults: 0 });
  t.equal(r.topology?.name, 'fake-slow');
  t.ok(r.timing.startupMs > 0 && r.timing.workMs > 0, `timing ${JSON.stringify(r.timing)}`);
});

t.test('timer kills: the child is killed killBudget times, restarted each time, then completes', async (t) => {
  const { dir, cmd } = setup(t);
  let killCallbacks = 0;
  const r = await runRound(options(dir, cmd, 'slow', { killBudget: 3, timing: { startupMs: 30, workMs: 300 }, onKill: () => killCallbacks++ }));
  t.match(r, { completed: true, incarnations: 4, failures: [] });
  t.equal(r.kills.timer + Object.values(r.kills.failpoint).reduce((a, b) => a + b, 0), 3);
  t.equal(r.kills.timer, 3, 'this child ignores failpoints, so the backup timer made every kill');
  t.equal(killCallbacks, 3);
  t.equal(r.epochsReplayed, 3, 'each restart reported an uncommitted epoch');
  t.ok(r.recoverySamplesMs.length <= 3 && r.recoverySamplesMs.every((ms) => ms > 0));
});

t.test('failpoint kills are counted under the failpoint armed through TIDEMARK_FAILPOINTS', async (t) => {
  const { dir, cmd } = setup(t);
  const r = await runRound(options(dir, cmd, 'failpoint', { killBudget: 8, timing: { startupMs: 30, workMs: 300 }, prng: new Prng(3) }));
  t.match(r, { completed: true, incarnations: 9, failures: [] });
  const fp = Object.entries(r.kills.failpoint);
  t.ok(fp.length > 0, `failpoint kills: ${JSON.stringify(r.kills)}`);
  for (const [name] of fp) t.ok((CRASH_FAILPOINTS as readonly string[]).includes(name), name);
  t.equal(r.kills.timer + fp.reduce((s, [, c]) => s + c, 0), 8);
});

t.test('mayKill() false stops the killing', async (t) => {
  const { dir, cmd } = setup(t);
  const r = await runRound(options(dir, cmd, 'slow', { killBudget: 3, timing: { startupMs: 30, workMs: 300 }, mayKill: () => false }));
  t.match(r, { completed: true, incarnations: 1, kills: { timer: 0 } });
});

t.test('a child that fails, crashes or hangs ends the round with a failure', async (t) => {
  const { dir, cmd } = setup(t);
  const error = await runRound(options(dir, cmd, 'error'));
  t.match(error, { completed: false, incarnations: 1 });
  t.match(error.failures, [/incarnation 0 of .* failed with CHECKPOINT_CORRUPT: bad file; stderr: Error: the checkpoint is bad/]);
  const crash = await runRound(options(dir, cmd, 'crash'));
  t.match(crash.failures, [/exited with code 1 signal null; stderr: something broke/]);
  const hang = await runRound(options(dir, cmd, 'hang', { hangTimeoutMs: 300 }));
  t.match(hang, { completed: false });
  t.match(hang.failures, [/emitted nothing for 300 ms \(hang\)/]);
});
