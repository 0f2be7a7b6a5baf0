// When and how the chaos runner kills the next child incarnation (seeded, so a run can be repeated).
import { FAILPOINTS, type FailpointName } from '../common/failpoints';
import type { Prng } from './prng';

/** The failpoints where a child can be made to crash (SIGKILL itself) at an exact protocol step. */
export const CRASH_FAILPOINTS = FAILPOINTS.filter((f): f is Exclude<FailpointName, 'task.handle'> => f !== 'task.handle');

/** A timer kill, counted from the child's spawn or from its first committed epoch. */
export interface TimerKill {
  readonly after: 'spawn' | 'firstCommit';
  readonly delayMs: number;
}

export type KillPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'timer'; readonly timer: TimerKill }
  /** Crash at the n-th hit of a failpoint; the timer kills instead if the failpoint is not reached first. */
  | { readonly kind: 'failpoint'; readonly name: string; readonly hit: number; readonly timer: TimerKill };

/** How long a fault-free child takes, measured on the reference run. */
export interface RunTiming {
  /** Spawn to first committed epoch. */
  readonly startupMs: number;
  /** First committed epoch to the end of the run. */
  readonly workMs: number;
}

export interface PlanOptions {
  /** Share of kills made at failpoints rather than by timer (default 0.35). */
  readonly failpointShare?: number;
  /** Share of timer kills aimed at startup and recovery, before the first commit (default 0.2). */
  readonly startupShare?: number;
  /** False after an incarnation was killed before it committed anything: the next one must make progress. */
  readonly lastMadeProgress: boolean;
}

/**
 * Draws the next kill. Timer kills land uniformly within the first half of the reference run's
 * working time after the first commit (each incarnation makes progress, and a round of a few kills
 * spans the whole run), or during startup/recovery, but never twice in a row before a commit.
 * Failpoint kills pick a crash point and a hit count.
 * @example planKill(new Prng(1), { startupMs: 400, workMs: 2000 }, { lastMadeProgress: true })
 */
export function planKill(prng: Prng, timing: RunTiming, opts: PlanOptions): KillPlan {
  const startupShare = opts.startupShare ?? 0.2;
  const failpointShare = opts.failpointShare ?? 0.35;
  const timer: TimerKill = opts.lastMadeProgress && prng.next() < startupShare
    ? { after: 'spawn', delayMs: Math.round(prng.next() * timing.startupMs) }
    : { after: 'firstCommit', delayMs: Math.round(prng.next() * 0.5 * Math.max(50, timing.workMs)) };
  if (prng.next() < failpointShare) {
    return { kind: 'failpoint', name: prng.pick(CRASH_FAILPOINTS), hit: prng.int(1, 6), timer: { after: 'firstCommit', delayMs: timer.delayMs } };
  }
  return { kind: 'timer', timer };
}

/** The TIDEMARK_FAILPOINTS spec that arms a plan's crash, if any. */
export function failpointSpec(plan: KillPlan): string | undefined {
  return plan.kind === 'failpoint' ? `${plan.name}=crash@${plan.hit}` : undefined;
}
