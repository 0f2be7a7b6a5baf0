// Chaos runner parts: statistics, PRNG, kill plans, event protocol, topology validation, output store, report text.
import t from 'tap';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pendingEpoch } from '../../chaos/child';
import { CRASH_FAILPOINTS, failpointSpec, planKill } from '../../chaos/kill-plan';
import { OutputStore, rowsDigest } from '../../chaos/output-store';
import { Prng } from '../../chaos/prng';
import { formatProgress } from '../../chaos/progress-line';
import { formatEvent, parseEvent } from '../../chaos/protocol';
import { formatReport, mergeReports, type ChaosReport } from '../../chaos/report';
import { mean, percentile, summarize } from '../../chaos/stats';
import { validateTopology } from '../../chaos/topology';
import { FAILPOINTS } from '../../common/failpoints';
import { openCheckpoint } from '../../persistence/storage';

t.test('percentiles are nearest-rank; summaries of nothing are undefined', async (t) => {
  t.equal(percentile([1, 2, 3, 4], 50), 2);
  t.equal(percentile([5, 1, 4, 2, 3], 99), 5);
  t.equal(percentile(Array.from({ length: 200 }, (_, i) => i + 1), 99), 198);
  t.equal(percentile([], 99), undefined);
  t.throws(() => percentile([1], 0), RangeError);
  t.equal(mean([10, 20, 30]), 20);
  t.same(summarize([]), { count: 0, meanMs: undefined, p50Ms: undefined, p99Ms: undefined, maxMs: undefined });
  t.same(summarize([30, 10, 20]), { count: 3, meanMs: 20, p50Ms: 20, p99Ms: 30, maxMs: 30 });
});

t.test('the PRNG repeats per seed and stays in range', async (t) => {
  const a = new Prng(42);
  const b = new Prng(42);
  const xs = Array.from({ length: 100 }, () => a.next());
  t.same(xs, Array.from({ length: 100 }, () => b.next()));
  t.ok(xs.every((x) => x >= 0 && x < 1));
  t.not(new Prng(1).next(), new Prng(2).next());
  const ints = Array.from({ length: 200 }, () => a.int(3, 5));
  t.same([...new Set(ints)].sort(), [3, 4, 5]);
  t.same(new Prng(7).fork(1).next(), new Prng(7).fork(1).next());
});

t.test('kill plans are seeded, use real failpoints and keep startup kills from repeating', async (t) => {
  for (const name of CRASH_FAILPOINTS) t.ok((FAILPOINTS as readonly string[]).includes(name), `${name} is a failpoint`);
  const timing = { startupMs: 400, workMs: 2000 };
  const plans = Array.from({ length: 300 }, (_, i) => planKill(new Prng(i), timing, { lastMadeProgress: true }));
  t.same(planKill(new Prng(5), timing, { lastMadeProgress: true }), planKill(new Prng(5), timing, { lastMadeProgress: true }));
  const kinds = new Set(plans.map((p) => p.kind));
  t.same([...kinds].sort(), ['failpoint', 'timer']);
  for (const p of plans) {
    if (p.kind === 'none') continue;
    t.ok(p.timer.delayMs >= 0 && p.timer.delayMs <= (p.timer.after === 'spawn' ? 400 : 1000), 'delay within the reference timing');
    if (p.kind === 'failpoint') {
      t.ok(p.hit >= 1 && p.hit <= 6);
      t.equal(p.timer.after, 'firstCommit');
      t.equal(failpointSpec(p), `${p.name}=crash@${p.hit}`);
    }
  }
  t.ok(plans.some((p) => p.kind === 'timer' && p.timer.after === 'spawn'), 'some kills aim at startup');
  const afterBarren = Array.from({ length: 100 }, (_, i) => planKill(new Prng(i), timing, { lastMadeProgress: false }));
  t.ok(afterBarren.every((p) => p.kind === 'none' || p.timer.after === 'firstCommit'), 'no startup kill right after one that made no progress');
  t.equal(failpointSpec({ kind: 'none' }), undefined);
});

t.test('event lines round-trip; other stdout lines are ignored', async (t) => {
  const e = { ev: 'epoch', epoch: 3, rows: 10, writes: 2, consistent: true } as const;
  t.same(parseEvent(formatEvent(e).trimEnd()), e);
  t.equal(parseEvent('hello'), undefined);
  t.equal(parseEvent('{"ev": broken'), undefined);
});

t.test('validateTopology names what is wrong with CHAOS_TOPOLOGY_INVALID', async (t) => {
  const ok = { name: 'x', run: { kind: 'clock', steps: 3 }, build: () => undefined };
  t.equal(validateTopology({ default: ok }, 'm.ts'), ok);
  t.equal(validateTopology({ topology: ok }, 'm.ts'), ok);
  const bad: [unknown, RegExp][] = [
    [{}, /exports no topology/],
    [{ default: { ...ok, name: '' } }, /has name ""/],
    [{ default: { ...ok, build: 3 } }, /has build "number", not a function/],
    [{ default: { ...ok, run: { kind: 'forever' } } }, /has run \{"kind":"forever"\}/],
    [{ default: { ...ok, run: { kind: 'clock', steps: 0 } } }, /has run.steps 0/],
    [{ default: { ...ok, run: { kind: 'clock', steps: 2, stepMs: -1 } } }, /has run.stepMs -1/],
    [{ default: { ...ok, outputMode: 'upsert' } }, /has outputMode "upsert"/],
    [{ default: { ...ok, sequence: { keyColumn: 'k' } } }, /has sequence \{"keyColumn":"k"\}/],
  ];
  for (const [mod, message] of bad) {
    const err = t.throws(() => validateTopology(mod, 'm.ts'), { code: 'CHAOS_TOPOLOGY_INVALID', domain: 'user' }) as Error;
    t.match(err.message, message);
    t.match(err.message, /Note: .*docs\/CHAOS\.md\.$/);
  }
});

t.test('the output store keeps each epoch once, counts replays and spots replays with other rows', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-chaos-store-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  let s = OutputStore.open(dir);
  t.same(s.writeEpoch(0, [{ a: 1 }, { a: 2 }]), { writes: 1, consistent: true });
  t.same(s.writeEpoch(1, []), { writes: 1, consistent: true });
  t.same(s.writeEpoch(0, [{ a: 2 }, { a: 1 }]), { writes: 2, consistent: true }, 'same rows in another order');
  t.same(s.writeEpoch(2, [{ a: 3 }, { a: 4 }, { a: 5 }]), { writes: 1, consistent: true });
  t.same(s.writeEpoch(2, [{ a: 3 }]), { writes: 2, consistent: false }, 'a replay with other rows');
  t.equal(s.clockMs, undefined);
  s.setClock(5000);
  await s.close();
  s = OutputStore.open(dir);
  t.equal(s.clockMs, 5000, 'the clock survives a reopen');
  t.same(s.epochs(), [{ epoch: 0, rows: [{ a: 2 }, { a: 1 }] }, { epoch: 1, rows: [] }, { epoch: 2, rows: [{ a: 3 }] }], 'the last write of each epoch, nothing left over');
  t.same(s.stats(), { epochs: 3, rows: 3, replays: 2, inconsistentReplays: 1, inconsistentEpochs: [2] });
  await s.close();
  t.equal(rowsDigest([{ a: 1 }, { a: 2 }]), rowsDigest([{ a: 2 }, { a: 1 }]));
  t.not(rowsDigest([{ a: 1 }]), rowsDigest([{ a: 1 }, { a: 1 }]));
});

const sample: ChaosReport = {
  v: 1, topology: 'stateless', topologyPath: 'examples/chaos-stateless.ts', mode: 'process', seed: 7,
  kills: { total: 3, timer: 2, failpoint: { 'sink.beforeCommit': 1 } }, recoveries: 3,
  recoveryMs: summarize([100, 200, 300]), recoverySamplesMs: [100, 200, 300], actorFaults: 0, rounds: 1,
  epochsReplayed: 2, sinkRewrites: 1, inconsistentReplays: 0, referenceRows: 10, rowsChecked: 10,
  rowsLost: 0, rowsDuplicated: 0, rowsUnexpected: 0, sequence: { keys: 2, gaps: 0, repeats: 0, outOfOrder: 0, invalid: 0 },
  failures: [], examples: [], elapsedMs: 4321, keptDirs: [], reproduce: 'tidemark chaos examples/chaos-stateless.ts --seed 7', ok: true,
};

t.test('the report text lists every figure the issue asks for', async (t) => {
  const text = formatReport(sample);
  t.match(text, /^tidemark chaos: topology "stateless" \(examples\/chaos-stateless.ts\), mode process, seed 7\n/);
  t.match(text, /kills {14}3 \(timer 2, failpoint 1: sink.beforeCommit 1\)/);
  t.match(text, /recoveries {9}3\n/);
  t.match(text, /recovery time {6}mean 200 ms, p99 300 ms, max 300 ms \(3 samples\)/);
  t.match(text, /epochs replayed {4}2 after restarts \(1 reached the sink again\)/);
  t.match(text, /rows lost {10}0\n/);
  t.match(text, /rows duplicated {4}0\n/);
  t.match(text, /sequence check {5}2 keys: 0 gaps, 0 repeats, 0 out of order/);
  t.match(text, /result {13}PASS in 4.3 s/);
  t.match(formatReport({ ...sample, ok: false, rowsLost: 2, failures: ['boom'] }), /result {13}FAIL[^]*failure: boom/);
});

t.test('merged reports add up and fail if any part failed', async (t) => {
  const m = mergeReports([sample, { ...sample, topology: 'windowed', kills: { total: 2, timer: 0, failpoint: { 'sink.beforeCommit': 2 } }, recoverySamplesMs: [400], rowsLost: 1, ok: false }], 'soak');
  t.match(m, { topology: 'soak', kills: { total: 5, timer: 2, failpoint: { 'sink.beforeCommit': 3 } }, rowsLost: 1, ok: false });
  t.same(m.recoveryMs, summarize([100, 200, 300, 400]));
  t.equal(mergeReports([sample], 'one').ok, true);
});

t.test('the progress line', async (t) => {
  const p = { phase: 'chaos' as const, topology: 'windowed', round: 1, kills: 7, killsTarget: 20, actorFaults: 2, recoveries: 6, lastEpoch: 31, elapsedMs: 72_500 };
  t.equal(formatProgress(p), '[chaos windowed] 01:12 round 1 | kills 7/20 | recoveries 6 | actor faults 2 | epoch 31');
  t.equal(formatProgress({ ...p, phase: 'reference' }), '[chaos windowed] 01:12 fault-free reference run | epoch 31');
});

t.test("the child reads the epoch a restart will re-run from the checkpoint, without creating one", async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'tidemark-chaos-pending-'));
  t.teardown(() => rmSync(base, { recursive: true, force: true }));
  const dir = join(base, 'cp');
  t.equal(await pendingEpoch(dir), undefined);
  t.notOk(existsSync(dir), 'no checkpoint was created');
  const s = await openCheckpoint(dir);
  const offsets = (epoch: number) => ({ epoch, ranges: [{ start: epoch, end: epoch + 1 }], watermarkMs: 0, batchTimestampMs: 0, conf: {} });
  await s.writeOffsets(offsets(0));
  await s.writeCommit({ epoch: 0, nextWatermarkMs: 0 });
  await s.close();
  t.equal(await pendingEpoch(dir), undefined, 'everything committed');
  const s2 = await openCheckpoint(dir);
  await s2.writeOffsets(offsets(1));
  await s2.close();
  t.equal(await pendingEpoch(dir), 1, 'offsets/1 without commits/1');
  writeFileSync(join(dir, 'data.mdb'), 'garbage');
  t.equal(await pendingEpoch(dir), undefined, 'an unreadable checkpoint is left to the query to report');
});
