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
  | { readonly kind: 'rename'; readonly child: LogicalPlan; readonly from: string; readonly to: string };

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
