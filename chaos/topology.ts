// The contract of a chaos-testable topology module, and loading one with coded errors.
import { resolve } from 'node:path';
import type { DataFrame } from '../api/dataframe';
import type { Session } from '../api/session';
import { TidemarkError } from '../common/errors';
import { OUTPUT_MODES, type OutputMode } from '../plan/types';
import type { SequenceSpec } from './verify';

/** 2024-01-01T00:00:00Z: where a clock-driven run's virtual clock starts unless the topology says otherwise. */
export const DEFAULT_START_TIME_MS = Date.UTC(2024, 0, 1);

/**
 * How a run ends, so that every run (killed or not) covers exactly the same input.
 * - `clock`: for sources that follow processing time (rate). The child drives a virtual clock from
 *   startTimeMs in `steps` steps of stepMs, waiting for each step's epoch to commit, then stops.
 *   Epoch boundaries are the same in every run, so update and complete modes compare too.
 * - `availableNow`: for bounded replayable sources (nexmark with `events`): Trigger.AvailableNow().
 */
export type RunBound =
  | { readonly kind: 'clock'; readonly steps: number; readonly stepMs?: number; readonly startTimeMs?: number }
  | { readonly kind: 'availableNow' };

export interface TopologyContext {
  /** 'chaos' in runs that get killed, 'reference' in the fault-free run. Build the same query in both. */
  readonly role: 'chaos' | 'reference';
  /** Where the virtual clock starts (clock runs): the rate source's start time. */
  readonly startTimeMs: number;
}

/**
 * What a topology module exports as `default` (or as `topology`).
 * @example
 *   export default {
 *     name: 'stateless',
 *     run: { kind: 'clock', steps: 20 },
 *     build: (session) => session.readStream.format('rate').option('rowsPerSecond', 50).load().where('value % 3 = 0'),
 *   } satisfies ChaosTopology;
 */
export interface ChaosTopology {
  readonly name: string;
  readonly description?: string;
  /** Builds the query over replayable sources (rate, nexmark; not MemoryStream, which lives in one process). */
  build(session: Session, ctx: TopologyContext): DataFrame<any>;
  readonly run: RunBound;
  /** Default 'append'. */
  readonly outputMode?: OutputMode;
  /** Declares a per-key sequence column for the SemanticsCheckMapper-style check. */
  readonly sequence?: SequenceSpec;
  /** Session conf set before the query starts (e.g. tidemark.shufflePartitions). */
  readonly conf?: Readonly<Record<string, string | number | boolean>>;
}

/** Identity helper giving a topology object its type. */
export function defineTopology(t: ChaosTopology): ChaosTopology {
  return t;
}

function invalid(path: string, what: string, fix: string): TidemarkError {
  return new TidemarkError('CHAOS_TOPOLOGY_INVALID', 'user',
    `The topology module ${path} ${what}. Note: ${fix}; see docs/CHAOS.md.`, { path, retryable: false });
}

/** Checks that a loaded module is a topology; throws CHAOS_TOPOLOGY_INVALID naming what is wrong. */
export function validateTopology(mod: unknown, path: string): ChaosTopology {
  const m = mod as Record<string, unknown> | undefined;
  const candidate = (m && typeof m === 'object' && ('default' in m ? m.default : m.topology)) as Record<string, unknown> | undefined;
  if (!candidate || typeof candidate !== 'object') {
    throw invalid(path, 'exports no topology (no default export and no `topology` export)', 'export default { name, run, build(session, ctx) }');
  }
  if (typeof candidate.name !== 'string' || candidate.name === '') {
    throw invalid(path, `has name ${JSON.stringify(candidate.name)}`, 'give the topology a non-empty string name');
  }
  if (typeof candidate.build !== 'function') {
    throw invalid(path, `has build ${JSON.stringify(typeof candidate.build)}, not a function`, 'export build(session, ctx) returning a streaming DataFrame');
  }
  const run = candidate.run as Record<string, unknown> | undefined;
  if (!run || (run.kind !== 'clock' && run.kind !== 'availableNow')) {
    throw invalid(path, `has run ${JSON.stringify(run)}`, "set run to { kind: 'clock', steps: n } (rate) or { kind: 'availableNow' } (bounded nexmark)");
  }
  if (run.kind === 'clock') {
    if (!Number.isSafeInteger(run.steps) || (run.steps as number) < 1) {
      throw invalid(path, `has run.steps ${JSON.stringify(run.steps)}`, 'use a positive integer number of clock steps');
    }
    if (run.stepMs !== undefined && !(Number.isSafeInteger(run.stepMs) && (run.stepMs as number) > 0)) {
      throw invalid(path, `has run.stepMs ${JSON.stringify(run.stepMs)}`, 'use a positive integer number of milliseconds');
    }
    if (run.startTimeMs !== undefined && !Number.isSafeInteger(run.startTimeMs)) {
      throw invalid(path, `has run.startTimeMs ${JSON.stringify(run.startTimeMs)}`, 'use an epoch-ms integer');
    }
  }
  if (candidate.outputMode !== undefined && !(OUTPUT_MODES as readonly unknown[]).includes(candidate.outputMode)) {
    throw invalid(path, `has outputMode ${JSON.stringify(candidate.outputMode)}`, `use one of ${OUTPUT_MODES.join(', ')}`);
  }
  const seq = candidate.sequence as Record<string, unknown> | undefined;
  if (seq !== undefined && (typeof seq !== 'object' || typeof seq.keyColumn !== 'string' || typeof seq.seqColumn !== 'string')) {
    throw invalid(path, `has sequence ${JSON.stringify(seq)}`, 'declare sequence as { keyColumn: string, seqColumn: string }');
  }
  return candidate as unknown as ChaosTopology;
}

/** Loads and validates a topology module (CHAOS_TOPOLOGY_NOT_FOUND when it cannot be loaded). */
export function loadTopology(modulePath: string): ChaosTopology {
  const path = resolve(modulePath);
  let mod: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(path);
  } catch (e) {
    throw new TidemarkError('CHAOS_TOPOLOGY_NOT_FOUND', 'user',
      `Cannot load the topology module ${path}: ${(e as Error).message}. Note: pass the path of a .ts or .js file that exports a topology (docs/CHAOS.md).`,
      { path, cause: e, retryable: false });
  }
  return validateTopology(mod, path);
}
