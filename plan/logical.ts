// Frozen logical plan nodes: what a DataFrame is, before analysis and physical planning.
import type { Expr } from './expr';
import type { Row, Schema } from './types';

/** Where rows come from. `handle` is an in-process object (a MemoryStream's data, a row array). */
export interface SourceSpec {
  readonly format: string;                         // 'memory' | 'local' | 'rate' | 'nexmark' | ...
  readonly options: Readonly<Record<string, unknown>>;
  readonly streaming: boolean;
  readonly schema?: Schema;
  /** Process-local object behind the source (MemoryStreamData, a row array); not part of the fingerprint. */
  readonly handle?: unknown;
  /** Stable identity for fingerprints: e.g. 'memory#3', 'rate'. */
  readonly identity: string;
}

export interface SortKey {
  readonly expr: Expr;
  readonly ascending: boolean;
  readonly nullsFirst: boolean;
}

/** Timeouts of [flat]mapGroupsWithState (Spark's GroupStateTimeout). */
export type GroupStateTimeout = 'none' | 'processingTime' | 'eventTime';

/** The per-key state handle of mapGroupsWithState / flatMapGroupsWithState (Spark's GroupState). */
export interface GroupState<S> {
  /** Whether the key has a state value. */
  readonly exists: boolean;
  /** The state value; throws GROUP_STATE_ABSENT when there is none. */
  get(): S;
  /** The state value, or undefined when there is none. */
  getOption(): S | undefined;
  /** Replaces the value, or (function form) applies an immer recipe to a draft of the current value. */
  update(value: S | ((draft: any) => S | void)): void;
  /** Removes the value (the timeout, if set again, is kept). */
  remove(): void;
  /** Processing-time timeout: the key times out when a batch starts `duration` after this one. */
  setTimeoutDuration(duration: number | string): void;
  /** Event-time timeout: the key times out once the watermark passes `timestampMs`. */
  setTimeoutTimestamp(timestampMs: number | Date): void;
  /** True when the function is called because the key timed out (with no rows). */
  readonly hasTimedOut: boolean;
  getCurrentWatermarkMs(): number;
  getCurrentProcessingTimeMs(): number;
}

/** The user function of a groupState node: one call per key with rows (or timed out). */
export type GroupStateFn = (key: any, rows: any[], state: GroupState<any>) => unknown;

export type JoinType = 'inner' | 'left_outer' | 'right_outer' | 'full_outer' | 'left_semi' | 'left_anti';

export type LogicalPlan =
  | { readonly kind: 'source'; readonly source: SourceSpec }
  | { readonly kind: 'project'; readonly child: LogicalPlan; readonly exprs: readonly Expr[] }
  | { readonly kind: 'filter'; readonly child: LogicalPlan; readonly condition: Expr }
  | { readonly kind: 'map'; readonly child: LogicalPlan; readonly fn: (row: any) => unknown; readonly flat: boolean }
  | { readonly kind: 'union'; readonly children: readonly LogicalPlan[] }
  | { readonly kind: 'watermark'; readonly child: LogicalPlan; readonly column: string; readonly delayMs: number }
  | { readonly kind: 'aggregate'; readonly child: LogicalPlan; readonly groupBy: readonly Expr[]; readonly aggs: readonly Expr[] }
  | { readonly kind: 'deduplicate'; readonly child: LogicalPlan; readonly columns?: readonly string[]; readonly withinWatermark: boolean }
  | { readonly kind: 'limit'; readonly child: LogicalPlan; readonly n: number }
  | { readonly kind: 'sort'; readonly child: LogicalPlan; readonly keys: readonly SortKey[] }
  | { readonly kind: 'drop'; readonly child: LogicalPlan; readonly columns: readonly string[] }
  | { readonly kind: 'rename'; readonly child: LogicalPlan; readonly from: string; readonly to: string }
  /** Equi-join on columns of the same name (kept once in the output). */
  | { readonly kind: 'join'; readonly left: LogicalPlan; readonly right: LogicalPlan; readonly on: readonly string[]; readonly how: JoinType }
  | {
      readonly kind: 'groupState'; readonly child: LogicalPlan; readonly keyFn: (row: any) => unknown; readonly fn: GroupStateFn;
      /** flatMapGroupsWithState (an iterable per call) or mapGroupsWithState (one value per call). */
      readonly flat: boolean; readonly outputMode: 'append' | 'update'; readonly timeout: GroupStateTimeout;
    };

export type PlanKind = LogicalPlan['kind'];

/** Freezes a node (shallow: children are frozen when built). */
export function node<P extends LogicalPlan>(p: P): P {
  return Object.freeze(p);
}

/** Children of a node, for generic walks. */
export function children(p: LogicalPlan): readonly LogicalPlan[] {
  switch (p.kind) {
    case 'source': return [];
    case 'union': return p.children;
    case 'join': return [p.left, p.right];
    default: return [p.child];
  }
}

/** True when any leaf is a streaming source. */
export function isStreamingPlan(p: LogicalPlan): boolean {
  if (p.kind === 'source') return p.source.streaming;
  return children(p).some(isStreamingPlan);
}

/** Every source spec in plan order (left to right); the index is the source index in offsets. */
export function collectSources(p: LogicalPlan, out: SourceSpec[] = []): SourceSpec[] {
  if (p.kind === 'source') {
    if (!out.includes(p.source)) out.push(p.source);
    return out;
  }
  for (const c of children(p)) collectSources(c, out);
  return out;
}

export type { Row };
