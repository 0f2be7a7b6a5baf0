// `tidemark chaos` as a library: reference run, rounds of killed runs, verification, report.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { TidemarkError } from '../common/errors';
import { childCommand, type TsLoader } from './launch';
import { OutputStore } from './output-store';
import { Prng } from './prng';
import type { ChildEvent } from './protocol';
import { reportOk, type ChaosMode, type ChaosReport } from './report';
import { runRound, type RoundResult } from './round';
import { summarize } from './stats';
import { checkSequences, compareMultisets, sequenceOk, type EpochOutput, type SequenceSpec } from './verify';

export interface ChaosOptions {
  readonly topologyPath: string;
  /** Process kills to make (actor mode: injected actor faults to reach). Default 10. */
  readonly kills?: number;
  readonly seed: number;
  readonly mode?: ChaosMode;
  /** Stop making kills once this much time has passed (the current round still completes and is verified). */
  readonly durationMs?: number;
  /** Kills per round; each round restarts from a fresh checkpoint and is verified. Default 5. */
  readonly killsPerRound?: number;
  /** Probability per task-actor message of an injected fault (actor and both modes). Default 0.01. */
  readonly actorFaultProbability?: number;
  readonly workDir?: string;
  /** Keep every round's directories (failing rounds are always kept). */
  readonly keep?: boolean;
  readonly hangTimeoutMs?: number;
  readonly loader?: TsLoader;
  readonly onProgress?: (p: ChaosProgress) => void;
}

export interface ChaosProgress {
  readonly phase: 'reference' | 'chaos';
  readonly topology: string;
  readonly round: number;
  readonly kills: number;
  readonly killsTarget: number;
  readonly actorFaults: number;
  readonly recoveries: number;
  readonly lastEpoch: number;
  readonly elapsedMs: number;
}

async function readOutput(dir: string): Promise<{ epochs: EpochOutput[]; replays: number; inconsistent: number; inconsistentEpochs: number[] }> {
  const store = OutputStore.open(dir);
  try {
    const s = store.stats();
    return { epochs: store.epochs(), replays: s.replays, inconsistent: s.inconsistentReplays, inconsistentEpochs: s.inconsistentEpochs };
  } finally {
    await store.close();
  }
}

/**
 * Runs a topology fault-free once (the reference), then in rounds of killed and restarted children
 * until the kill target is met, verifying every round's output against the reference.
 * @example const report = await runChaos({ topologyPath: 'examples/chaos-stateless.ts', kills: 10, seed: 1 });
 */
export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const t0 = Date.now();
  const mode = opts.mode ?? 'process';
  const target = opts.kills ?? 10;
  const killsPerRound = Math.max(1, opts.killsPerRound ?? 5);
  const faultP = mode === 'process' ? 0 : opts.actorFaultProbability ?? 0.01;
  const topologyPath = resolve(opts.topologyPath);
  if (!existsSync(topologyPath)) {
    throw new TidemarkError('CHAOS_TOPOLOGY_NOT_FOUND', 'user',
      `The topology module ${topologyPath} does not exist. Note: pass the path of a .ts or .js file that exports a topology (docs/CHAOS.md).`,
      { path: topologyPath, retryable: false });
  }
  const work = opts.workDir ? resolve(opts.workDir) : mkdtempSync(join(tmpdir(), 'tidemark-chaos-'));
  const cmd = childCommand(topologyPath, opts.loader);
  const prng = new Prng(opts.seed);
  const hangTimeoutMs = opts.hangTimeoutMs ?? 60_000;
  const failures: string[] = [];
  const examples: string[] = [];
  const keptDirs: string[] = [];
  let topologyName = relative(process.cwd(), topologyPath);
  const progress = { phase: 'reference' as ChaosProgress['phase'], round: 0, kills: 0, actorFaults: 0, recoveries: 0, lastEpoch: -1 };
  const tell = () => opts.onProgress?.({ ...progress, topology: topologyName, killsTarget: target, elapsedMs: Date.now() - t0 });
  const onEvent = (e: ChildEvent) => {
    if (e.ev === 'commit') progress.lastEpoch = e.epoch;
    if (e.ev === 'fault') progress.actorFaults++;
    if (e.ev === 'topology') topologyName = e.name;
    tell();
  };

  const reference = await runRound({
    cmd, topologyPath, dir: join(work, 'reference'), role: 'reference', killBudget: 0, mayKill: () => false,
    actorFaultProbability: 0, prng: prng.fork(0), hangTimeoutMs, onEvent,
  });
  if (!reference.completed) {
    const code = reference.errorCode?.startsWith('CHAOS_TOPOLOGY_') ? reference.errorCode : 'CHAOS_REFERENCE_FAILED';
    throw new TidemarkError(code, 'user',
      `The fault-free reference run of ${topologyPath} did not complete: ${reference.failures.join('; ')}. Note: fix the topology so it runs on its own (e.g. with ts-node) before chaos-testing it; its directories are kept in ${work}.`,
      { path: topologyPath, retryable: false });
  }
  const ref = await readOutput(reference.outputLocation);
  const seqSpec: SequenceSpec | undefined = reference.topology?.sequence;
  if (seqSpec) {
    const selfCheck = checkSequences(ref.epochs, seqSpec);
    if (!sequenceOk(selfCheck)) {
      failures.push(`the fault-free reference already breaks the declared sequence (${seqSpec.keyColumn}, ${seqSpec.seqColumn}): ${selfCheck.examples.join('; ')}; fix the topology's sequence declaration`);
    }
  }
  const timing = reference.timing;
  const referenceRows = ref.epochs.reduce((s, e) => s + e.rows.length, 0);

  const totals = { restartReplays: 0, timer: 0, failpoint: {} as Record<string, number>, samples: [] as number[], replays: 0, inconsistent: 0, rowsChecked: 0, lost: 0, duplicated: 0, unexpected: 0 };
  const seqTotals = { keys: 0, gaps: 0, repeats: 0, outOfOrder: 0, invalid: 0 };
  const killsMade = () => totals.timer + Object.values(totals.failpoint).reduce((s, c) => s + c, 0);
  const timeUp = () => opts.durationMs !== undefined && Date.now() - t0 >= opts.durationMs;
  const reached = () => (mode === 'actor' ? progress.actorFaults >= target : killsMade() >= target);
  let rounds = 0;
  let barrenRounds = 0;
  progress.phase = 'chaos';

  while (failures.length === 0 && !reached() && !timeUp()) {
    const dir = join(work, `round-${rounds}`);
    progress.round = rounds;
    const faultsBefore = progress.actorFaults;
    const killsBefore = killsMade();
    const round: RoundResult = await runRound({
      cmd, topologyPath, dir, role: 'chaos',
      killBudget: mode === 'actor' ? 0 : Math.min(killsPerRound, target - killsMade()),
      mayKill: () => !timeUp(),
      actorFaultProbability: faultP, prng: prng.fork(rounds + 1), timing, hangTimeoutMs, onEvent,
      onKill: () => {
        progress.kills++;
        tell();
      },
    });
    rounds++;
    totals.timer += round.kills.timer;
    for (const [k, c] of Object.entries(round.kills.failpoint)) totals.failpoint[k] = (totals.failpoint[k] ?? 0) + c;
    totals.samples.push(...round.recoverySamplesMs);
    totals.restartReplays += round.epochsReplayed;
    progress.recoveries = totals.samples.length;
    failures.push(...round.failures.map((f) => `round ${rounds - 1}: ${f}`));
    let keep = opts.keep === true || !round.completed;
    if (round.completed) {
      const out = await readOutput(round.outputLocation);
      const m = compareMultisets(ref.epochs, out.epochs);
      totals.replays += out.replays;
      totals.inconsistent += out.inconsistent;
      totals.rowsChecked += m.actualRows;
      totals.lost += m.rowsLost;
      totals.duplicated += m.rowsDuplicated;
      totals.unexpected += m.rowsUnexpected;
      for (const [kind, list] of Object.entries(m.examples)) for (const row of list) examples.push(`round ${rounds - 1} ${kind}: ${row}`);
      if (out.inconsistent > 0) examples.push(`round ${rounds - 1}: epochs ${out.inconsistentEpochs.join(', ')} were replayed with other rows`);
      let roundOk = m.rowsLost + m.rowsDuplicated + m.rowsUnexpected + out.inconsistent === 0;
      if (seqSpec) {
        const s = checkSequences(out.epochs, seqSpec, ref.epochs);
        seqTotals.keys = Math.max(seqTotals.keys, s.keys);
        seqTotals.gaps += s.gaps;
        seqTotals.repeats += s.repeats;
        seqTotals.outOfOrder += s.outOfOrder;
        seqTotals.invalid += s.invalid;
        for (const ex of s.examples) examples.push(`round ${rounds - 1} sequence: ${ex}`);
        roundOk &&= sequenceOk(s);
      }
      keep ||= !roundOk;
    }
    if (keep) keptDirs.push(dir);
    else rmSync(dir, { recursive: true, force: true });
    const madeFaults = progress.actorFaults > faultsBefore || killsMade() > killsBefore;
    barrenRounds = madeFaults ? 0 : barrenRounds + 1;
    if (barrenRounds >= 3) {
      failures.push(mode === 'actor'
        ? `3 rounds in a row injected no actor fault; raise --fault-rate (now ${faultP})`
        : '3 rounds in a row completed before any kill; the topology run is too short to kill (raise its run steps)');
    }
  }
  if (!opts.keep && keptDirs.length === 0) rmSync(work, { recursive: true, force: true });
  else if (opts.keep) keptDirs.push(join(work, 'reference'));

  const report: Omit<ChaosReport, 'ok'> = {
    v: 1,
    topology: topologyName,
    topologyPath: relative(process.cwd(), topologyPath) || topologyPath,
    mode,
    seed: opts.seed,
    kills: { total: killsMade(), timer: totals.timer, failpoint: totals.failpoint },
    recoveries: totals.samples.length,
    recoveryMs: summarize(totals.samples),
    recoverySamplesMs: totals.samples,
    actorFaults: progress.actorFaults,
    rounds,
    epochsReplayed: totals.restartReplays,
    sinkRewrites: totals.replays,
    inconsistentReplays: totals.inconsistent,
    referenceRows,
    rowsChecked: totals.rowsChecked,
    rowsLost: totals.lost,
    rowsDuplicated: totals.duplicated,
    rowsUnexpected: totals.unexpected,
    sequence: seqSpec ? seqTotals : undefined,
    failures,
    examples: examples.slice(0, 20),
    elapsedMs: Date.now() - t0,
    keptDirs,
    reproduce: reproduceCommand(opts, mode, target, killsPerRound, faultP),
  };
  return { ...report, ok: reportOk(report) };
}

function reproduceCommand(o: ChaosOptions, mode: ChaosMode, kills: number, perRound: number, p: number): string {
  const parts = ['tidemark chaos', relative(process.cwd(), resolve(o.topologyPath)) || o.topologyPath, `--kills ${kills}`, `--seed ${o.seed}`, `--mode ${mode}`, `--kills-per-round ${perRound}`];
  if (mode !== 'process') parts.push(`--fault-rate ${p}`);
  if (o.durationMs !== undefined) parts.push(`--duration ${o.durationMs}ms`);
  return parts.join(' ');
}
