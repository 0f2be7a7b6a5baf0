// One round of a chaos run: child incarnations on one checkpoint, killed per plan, until the run completes.
import { join } from 'node:path';
import { failpointSpec, planKill, type KillPlan, type RunTiming } from './kill-plan';
import { spawnChild, type ChildCommand, type RunningChild } from './launch';
import type { Prng } from './prng';
import type { ChildConfig, ChildEvent } from './protocol';

export interface RoundOptions {
  readonly cmd: ChildCommand;
  readonly topologyPath: string;
  readonly dir: string;
  readonly role: 'chaos' | 'reference';
  /** Kills this round may make (0 for the reference). */
  readonly killBudget: number;
  /** Asked before each kill is planned: false stops killing (duration reached). */
  readonly mayKill: () => boolean;
  readonly actorFaultProbability: number;
  readonly prng: Prng;
  /** Reference timing; undefined for the reference run itself. */
  readonly timing?: RunTiming;
  /** An incarnation that emits nothing for this long is a hang. */
  readonly hangTimeoutMs: number;
  readonly onEvent?: (e: ChildEvent, incarnation: number) => void;
  readonly onKill?: () => void;
}

export interface RoundResult {
  readonly checkpointLocation: string;
  readonly outputLocation: string;
  readonly completed: boolean;
  readonly kills: { timer: number; failpoint: Record<string, number> };
  readonly recoverySamplesMs: number[];
  readonly actorFaults: number;
  /** Starts that found an uncommitted epoch in the offsets log and re-ran it. */
  readonly epochsReplayed: number;
  readonly incarnations: number;
  readonly failures: string[];
  /** The code of the error event of a failed child, if it sent one. */
  readonly errorCode?: string;
  /** Reference run: spawn → first commit, and first commit → done. */
  readonly timing: RunTiming;
  readonly topology?: Extract<ChildEvent, { ev: 'topology' }>;
}

interface Incarnation {
  child: RunningChild;
  firstCommitAtMs?: number;
  doneAtMs?: number;
  error?: Extract<ChildEvent, { ev: 'error' }>;
  killedByTimer: boolean;
  hung: boolean;
  committed: number;
}

/** Runs incarnations until one completes the bounded run, a child fails, or a hang is detected. */
export async function runRound(o: RoundOptions): Promise<RoundResult> {
  const checkpointLocation = join(o.dir, 'checkpoint');
  const outputLocation = join(o.dir, 'output');
  const kills = { timer: 0, failpoint: {} as Record<string, number> };
  const recoverySamplesMs: number[] = [];
  const failures: string[] = [];
  let actorFaults = 0;
  let epochsReplayed = 0;
  let incarnations = 0;
  let lastMadeProgress = true;
  let afterKill = false;
  let killsLeft = o.killBudget;
  let timing: RunTiming = { startupMs: 0, workMs: 0 };
  let topology: RoundResult['topology'];
  let errorCode: string | undefined;

  for (;;) {
    const plan: KillPlan = killsLeft > 0 && o.timing && o.mayKill()
      ? planKill(o.prng, o.timing, { lastMadeProgress })
      : { kind: 'none' };
    const cfg: ChildConfig = {
      v: 1,
      topologyPath: o.topologyPath,
      checkpointLocation,
      outputLocation,
      role: o.role,
      actorFaultProbability: o.actorFaultProbability,
      seed: o.prng.int(1, 2 ** 31 - 1),
    };
    const n = incarnations++;
    const inc: Incarnation = { child: undefined as unknown as RunningChild, killedByTimer: false, hung: false, committed: 0 };
    let killTimer: NodeJS.Timeout | undefined;
    let hangTimer: NodeJS.Timeout | undefined;
    const armHang = () => {
      if (hangTimer) clearTimeout(hangTimer);
      hangTimer = setTimeout(() => {
        inc.hung = true;
        inc.child.kill();
      }, o.hangTimeoutMs);
    };
    const armKill = (delayMs: number) => {
      killTimer = setTimeout(() => {
        inc.killedByTimer = true;
        inc.child.kill();
      }, delayMs);
    };
    inc.child = spawnChild(o.cmd, cfg, { TIDEMARK_FAILPOINTS: failpointSpec(plan) }, (e) => {
      armHang();
      if (e.ev === 'commit' || e.ev === 'done') {
        if (e.ev === 'commit') inc.committed++;
        if (inc.firstCommitAtMs === undefined) {
          inc.firstCommitAtMs = Date.now();
          if (plan.kind !== 'none' && plan.timer.after === 'firstCommit') armKill(plan.timer.delayMs);
        }
        if (e.ev === 'done') inc.doneAtMs = Date.now();
      } else if (e.ev === 'fault') actorFaults++;
      else if (e.ev === 'error') inc.error = e;
      else if (e.ev === 'topology') topology = e;
      else if (e.ev === 'started' && e.replayEpoch !== undefined) epochsReplayed++;
      o.onEvent?.(e, n);
    });
    armHang();
    if (plan.kind !== 'none' && plan.timer.after === 'spawn') armKill(plan.timer.delayMs);
    const exit = await inc.child.exited;
    if (killTimer) clearTimeout(killTimer);
    if (hangTimer) clearTimeout(hangTimer);

    const reached = inc.firstCommitAtMs ?? inc.doneAtMs;
    if (afterKill && reached !== undefined) recoverySamplesMs.push(reached - inc.child.spawnedAtMs);
    if (inc.hung) {
      failures.push(`incarnation ${n} of ${o.dir} emitted nothing for ${o.hangTimeoutMs} ms (hang); ${tail(inc.child)}`);
      break;
    }
    if (exit.code === 0 && inc.doneAtMs !== undefined) {
      const first = inc.firstCommitAtMs ?? inc.doneAtMs;
      timing = { startupMs: first - inc.child.spawnedAtMs, workMs: inc.doneAtMs - first };
      return { checkpointLocation, outputLocation, completed: true, kills, recoverySamplesMs, actorFaults, epochsReplayed, incarnations, failures, timing, topology };
    }
    if (exit.signal === 'SIGKILL' && (inc.killedByTimer || plan.kind === 'failpoint')) {
      if (inc.killedByTimer) kills.timer++;
      else if (plan.kind === 'failpoint') kills.failpoint[plan.name] = (kills.failpoint[plan.name] ?? 0) + 1;
      killsLeft--;
      afterKill = true;
      lastMadeProgress = inc.committed > 0;
      o.onKill?.();
      continue;
    }
    errorCode = inc.error?.code;
    const why = inc.error ? `failed with ${inc.error.code}: ${inc.error.message}` : `exited with code ${exit.code} signal ${exit.signal}`;
    failures.push(`incarnation ${n} of ${o.dir} ${why}; ${tail(inc.child)}`);
    break;
  }
  return { checkpointLocation, outputLocation, completed: false, kills, recoverySamplesMs, actorFaults, epochsReplayed, incarnations, failures, errorCode, timing, topology };
}

function tail(child: RunningChild): string {
  const t = child.stderrTail().trim().split('\n').slice(-6).join(' | ');
  return t ? `stderr: ${t}` : 'no stderr';
}
