// Restart policy for actors: a bounded number of restarts in a time window, with optional back-off.
import { TidemarkError } from '../common/errors';
import type { Logger } from '../common/logger';

/** Exponential back-off between restarts: initialDelayMs · multiplier^(attempt−1), capped. */
export interface BackoffOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Growth per attempt; 2 when omitted. */
  multiplier?: number;
}

/**
 * What to do when an actor's handler throws (or its recovery fails).
 * Up to `maxRestarts` restarts within any `withinMs` window; the next failure stops the actor and
 * calls `onGiveUp` with the cause. A restart drops the failing message, stops the actor's children
 * and rebuilds its state (persistent actors replay their journal). Errors that are
 * `TidemarkError`s with `details.retryable === false` give up at once: a restart cannot help.
 * @example { maxRestarts: 3, withinMs: 10_000, onGiveUp: (e, name) => query.fail(e), backoff: { initialDelayMs: 5, maxDelayMs: 100 } }
 */
export interface SupervisionPolicy {
  maxRestarts: number;
  withinMs: number;
  onGiveUp(error: unknown, actorName: string): void;
  onRestart?(error: unknown, actorName: string, attempt: number): void;
  backoff?: BackoffOptions;
  /** Clock used for the restart window; Date.now when omitted (tests inject one). */
  nowMs?: () => number;
}

/** The two nact supervision decisions this policy uses (symbols from nact's supervision context). */
export interface CrashDecisions {
  readonly stop: symbol;
  readonly reset: symbol;
}

/** What the policy needs from the actor system around it. */
export interface CrashHooks {
  /** True once the actor or its system has been stopped on purpose: no restart, no give-up. */
  isStopped(): boolean;
  /** Waits `ms`, resolving early when the system stops. */
  delay(ms: number): Promise<void>;
  logger: Logger;
}

/** nact's onCrash signature, as this module produces it. */
export type CrashHandler = (msg: unknown, error: unknown, ctx: CrashDecisions) => Promise<symbol>;

/** Throws SUPERVISION_INVALID_POLICY when a policy's numbers cannot work. */
export function validateSupervisionPolicy(policy: SupervisionPolicy): void {
  const bad = (field: string, value: unknown, fix: string): never => {
    throw new TidemarkError(
      'SUPERVISION_INVALID_POLICY',
      'user',
      `Supervision policy field "${field}" is ${JSON.stringify(value)}. Note: ${fix}`,
      { field, value },
    );
  };
  if (!Number.isInteger(policy.maxRestarts) || policy.maxRestarts < 0) {
    bad('maxRestarts', policy.maxRestarts, 'use a whole number ≥ 0 (0 gives up on the first failure).');
  }
  if (!(policy.withinMs > 0) || !Number.isFinite(policy.withinMs)) {
    bad('withinMs', policy.withinMs, 'use a finite number of milliseconds > 0.');
  }
  if (typeof policy.onGiveUp !== 'function') {
    bad('onGiveUp', typeof policy.onGiveUp, 'pass a function (error, actorName) => void.');
  }
  const b = policy.backoff;
  if (b !== undefined) {
    if (!(b.initialDelayMs >= 0) || !Number.isFinite(b.initialDelayMs)) {
      bad('backoff.initialDelayMs', b.initialDelayMs, 'use a finite number of milliseconds ≥ 0.');
    }
    if (!(b.maxDelayMs >= b.initialDelayMs) || !Number.isFinite(b.maxDelayMs)) {
      bad('backoff.maxDelayMs', b.maxDelayMs, 'use a finite number ≥ backoff.initialDelayMs.');
    }
    if (b.multiplier !== undefined && !(b.multiplier >= 1)) {
      bad('backoff.multiplier', b.multiplier, 'use a number ≥ 1.');
    }
  }
}

/**
 * Delay before restart number `attempt` (1-based); 0 without back-off.
 * @example backoffDelayMs({ initialDelayMs: 5, maxDelayMs: 30 }, 3) === 20
 */
export function backoffDelayMs(backoff: BackoffOptions | undefined, attempt: number): number {
  if (backoff === undefined) return 0;
  const multiplier = backoff.multiplier ?? 2;
  return Math.min(backoff.maxDelayMs, backoff.initialDelayMs * Math.pow(multiplier, attempt - 1));
}

/** True for errors that declare a retry cannot help (TidemarkError with details.retryable false). */
export function isNonRetryable(error: unknown): boolean {
  return error instanceof TidemarkError && error.details.retryable === false;
}

/**
 * Builds the nact onCrash function for one actor. Each call creates its own restart history, so
 * one policy object can be shared by many actors.
 */
export function createCrashHandler(policy: SupervisionPolicy, actorName: string, hooks: CrashHooks): CrashHandler {
  const clock = policy.nowMs ?? Date.now;
  const restartTimesMs: number[] = [];
  const callSafely = (what: string, fn: () => void): void => {
    try {
      fn();
    } catch (e) {
      // A throwing callback must not become an unhandled rejection inside nact.
      hooks.logger.error(`supervision callback ${what} threw`, { actor: actorName, error: e });
    }
  };
  return async (_msg, error, ctx) => {
    try {
      if (hooks.isStopped()) return ctx.stop;
      const nowMs = clock();
      while (restartTimesMs.length > 0 && restartTimesMs[0] <= nowMs - policy.withinMs) restartTimesMs.shift();
      if (isNonRetryable(error) || restartTimesMs.length >= policy.maxRestarts) {
        // After nact has stopped the actor, so that onGiveUp may re-spawn one with the same name.
        setImmediate(() => callSafely('onGiveUp', () => policy.onGiveUp(error, actorName)));
        return ctx.stop;
      }
      restartTimesMs.push(nowMs);
      const attempt = restartTimesMs.length;
      if (policy.onRestart) callSafely('onRestart', () => policy.onRestart?.(error, actorName, attempt));
      const delayMs = backoffDelayMs(policy.backoff, attempt);
      if (delayMs > 0) {
        await hooks.delay(delayMs);
        if (hooks.isStopped()) return ctx.stop;
      }
      return ctx.reset;
    } catch (e) {
      hooks.logger.error('supervision failed; stopping the actor', { actor: actorName, error: e });
      return ctx.stop;
    }
  };
}
