// What the chaos runner and its child process say to each other: the child's config and its event lines.

/** Passed to the child as its one JSON argument. */
export interface ChildConfig {
  /** Format version of this config: the child refuses others. */
  readonly v: 1;
  readonly topologyPath: string;
  readonly checkpointLocation: string;
  /** The child's epoch-idempotent output store (its own LMDB environment). */
  readonly outputLocation: string;
  readonly role: 'chaos' | 'reference';
  /** Probability that a task actor's message handler throws an injected fault (actor mode); 0 = none. */
  readonly actorFaultProbability: number;
  /** Seeds the actor-fault random source (differs per incarnation, derived from --seed). */
  readonly seed: number;
}

export const CHILD_CONFIG_VERSION = 1;

/** One line of JSON on the child's stdout per event. */
export type ChildEvent =
  /** What the topology declares (sent once, before the query starts). */
  | { readonly ev: 'topology'; readonly name: string; readonly sequence?: { keyColumn: string; seqColumn: string }; readonly outputMode: string; readonly run: string }
  /** The query started; replayEpoch: the uncommitted epoch it re-runs first (a replay after a kill). */
  | { readonly ev: 'started'; readonly resumeStep: number; readonly replayEpoch?: number }
  /** The sink stored an epoch; writes > 1 means a replay; consistent is false when a replay wrote other rows. */
  | { readonly ev: 'epoch'; readonly epoch: number; readonly rows: number; readonly writes: number; readonly consistent: boolean }
  /** commits/N is written (the query's progress event). */
  | { readonly ev: 'commit'; readonly epoch: number }
  /** A clock step's epochs are all committed. */
  | { readonly ev: 'step'; readonly step: number; readonly steps: number }
  /** An injected fault hit a task actor (actor mode). */
  | { readonly ev: 'fault' }
  /** The bounded run is complete and the query stopped. */
  | { readonly ev: 'done' }
  /** The query failed with a real (not injected) error. */
  | { readonly ev: 'error'; readonly code: string; readonly message: string };

/** Child exit codes. */
export const CHILD_EXIT = { ok: 0, queryFailed: 3, badConfig: 4 } as const;

export function formatEvent(e: ChildEvent): string {
  return `${JSON.stringify(e)}\n`;
}

/** Parses one stdout line; undefined for lines that are not events (a topology may print). */
export function parseEvent(line: string): ChildEvent | undefined {
  if (!line.startsWith('{"ev":')) return undefined;
  try {
    return JSON.parse(line) as ChildEvent;
  } catch {
    return undefined;
  }
}
