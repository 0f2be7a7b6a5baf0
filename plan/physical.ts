// Physical planning: splits the logical plan into stages at shuffles, fuses stateless steps, assigns operator ids.
import { AnalysisError } from '../common/errors';
import type { Expr } from './expr';
import { exprName, mapExpr, referencedColumns, usesWholeRow } from './expr-util';
import { carriesEventTime, type Analysis } from './analyzer';
import { children, type GroupStateFn, type GroupStateTimeout, type LogicalPlan, type SortKey, type SourceSpec } from './logical';
import type { AggFn } from './expr';
import type { OutputMode, Schema } from './types';

/** A stateless step, fused with its neighbours into one loop per row. */
export type PhysicalStep =
  | { readonly kind: 'project'; readonly exprs: readonly Expr[] }
  | { readonly kind: 'filter'; readonly condition: Expr }
  | { readonly kind: 'map'; readonly fn: (row: any) => unknown; readonly flat: boolean }
  | { readonly kind: 'watermark'; readonly column: string; readonly delayMs: number; readonly watermarkIndex: number }
  | { readonly kind: 'windowExpand'; readonly window: Expr; readonly outputName: string; readonly inputColumns?: readonly string[] }
  | { readonly kind: 'drop'; readonly columns: readonly string[] }
  | { readonly kind: 'rename'; readonly from: string; readonly to: string };

export interface AggregateSpec {
  readonly name: string;
  readonly fn: AggFn;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
}

/** The keyed (stateful or gathering) operator that heads a keyed stage. */
export type KeyedOperatorSpec =
  | {
      readonly kind: 'aggregate';
      readonly operatorId: string;
      readonly keys: readonly { name: string; expr: Expr }[];
      readonly aggs: readonly AggregateSpec[];
      readonly eventTimeKey?: { name: string; kind: 'window' | 'timestamp' };
      /** The input carries a watermark even if no key does (no-data epochs still run as it moves). */
      readonly watermarkInInput: boolean;
    }
  | {
      readonly kind: 'deduplicate';
      readonly operatorId: string;
      readonly columns?: readonly string[];
      readonly withinWatermark: boolean;
      readonly eventTimeColumn?: string;
      readonly delayMs: number;
    }
  | {
      readonly kind: 'groupState';
      readonly operatorId: string;
      readonly keyFn: (row: any) => unknown;
      readonly fn: GroupStateFn;
      readonly flat: boolean;
      readonly timeout: GroupStateTimeout;
      /** The input carries a watermark (getCurrentWatermarkMs, event-time timeouts). */
      readonly hasWatermark: boolean;
    }
  | {
      readonly kind: 'sessionAggregate';
      readonly operatorId: string;
      readonly keys: readonly { name: string; expr: Expr }[];
      readonly session: { readonly name: string; readonly timeExpr: Expr; readonly gapMs: number };
      readonly groupOrder: readonly string[];
      readonly aggs: readonly AggregateSpec[];
    }
  | {
      readonly kind: 'join';
      readonly operatorId: string;
      readonly on: readonly string[];
      /** Stage ids feeding the left side; every other input stage feeds the right side. */
      readonly leftStages: readonly number[];
    }
  | { readonly kind: 'limit'; readonly operatorId: string; readonly n: number }
  | { readonly kind: 'sort'; readonly operatorId: string; readonly keys: readonly SortKey[] };

/** How a stage's output reaches the next stage. */
export type StageOutput =
  | { readonly kind: 'hash'; readonly toStage: number; readonly keys: readonly Expr[] }
  | { readonly kind: 'single'; readonly toStage: number }
  | { readonly kind: 'sink' };

export interface Stage {
  readonly id: number;
  readonly kind: 'source' | 'keyed';
  readonly sourceIndex?: number;
  readonly keyed?: KeyedOperatorSpec;
  readonly steps: PhysicalStep[];
  readonly numPartitions: number;
  output: StageOutput;
  readonly inputs: number[];
}

export interface PhysicalPlan {
  readonly stages: Stage[];
  readonly sources: readonly SourceSpec[];
  /** Stage ids whose output goes to the sink (fan-in at the sink). */
  readonly sinkInputs: number[];
  /** Steps applied in the sink task before writing. */
  readonly sinkSteps: PhysicalStep[];
  /** Number of withWatermark nodes (watermark indexes 0..n-1). */
  readonly numWatermarks: number;
  /** Stateful operator ids with their signature, in plan order (checked against the checkpoint). */
  readonly statefulSignature: string[];
}

interface Open {
  /** Stage ids whose output is still open, or 'sink' steps when nothing is open (never). */
  stages: number[];
}

/**
 * Plans a query. `numPartitions` is the checkpoint's (or session's) shuffle partition count.
 */
export function planPhysical(root: LogicalPlan, analysis: Analysis, sources: readonly SourceSpec[], numPartitions: number, _mode: OutputMode): PhysicalPlan {
  const stages: Stage[] = [];
  let watermarkCount = 0;
  let operatorCount = 0;
  const signature: string[] = [];

  const newStage = (s: Omit<Stage, 'id' | 'output' | 'inputs' | 'steps'> & { steps?: PhysicalStep[] }): Stage => {
    const stage: Stage = { id: stages.length, steps: s.steps ?? [], output: { kind: 'sink' }, inputs: [], ...s } as Stage;
    stages.push(stage);
    return stage;
  };
  const append = (open: Open, step: PhysicalStep) => {
    for (const id of open.stages) {
      const steps = stages[id].steps;
      const prev = steps[steps.length - 1];
      const fused = step.kind === 'project' && prev?.kind === 'project' ? fuseProjections(prev.exprs, step.exprs) : undefined;
      if (fused) steps[steps.length - 1] = { kind: 'project', exprs: fused };
      else steps.push(step);
    }
  };
  const shuffle = (open: Open, keyed: KeyedOperatorSpec, keys: readonly Expr[] | undefined): Open => {
    const partitions = keys ? numPartitions : 1;
    const stage = newStage({ kind: 'keyed', keyed, numPartitions: partitions });
    for (const id of open.stages) {
      stages[id].output = keys ? { kind: 'hash', toStage: stage.id, keys } : { kind: 'single', toStage: stage.id };
      stage.inputs.push(id);
    }
    return { stages: [stage.id] };
  };
  const nextOperatorId = (kind: string) => `${operatorCount++}-${kind}`;

  const visit = (p: LogicalPlan): Open => {
    switch (p.kind) {
      case 'source': {
        const stage = newStage({ kind: 'source', sourceIndex: sources.indexOf(p.source), numPartitions: 1 });
        return { stages: [stage.id] };
      }
      case 'project': {
        const open = visit(p.child);
        append(open, { kind: 'project', exprs: p.exprs });
        return open;
      }
      case 'filter': {
        const open = visit(p.child);
        append(open, { kind: 'filter', condition: p.condition });
        return open;
      }
      case 'map': {
        const open = visit(p.child);
        append(open, { kind: 'map', fn: p.fn, flat: p.flat });
        return open;
      }
      case 'drop': {
        const open = visit(p.child);
        append(open, { kind: 'drop', columns: p.columns });
        return open;
      }
      case 'rename': {
        const open = visit(p.child);
        append(open, { kind: 'rename', from: p.from, to: p.to });
        return open;
      }
      case 'watermark': {
        const open = visit(p.child);
        append(open, { kind: 'watermark', column: p.column, delayMs: p.delayMs, watermarkIndex: watermarkCount++ });
        return open;
      }
      case 'union': {
        const opens = p.children.map(visit);
        return { stages: opens.flatMap((o) => o.stages) };
      }
      case 'aggregate': {
        let open = visit(p.child);
        const eventTime = analysis.eventTimeColumns(p.child);
        const keys: { name: string; expr: Expr }[] = [];
        let eventTimeKey: { name: string; kind: 'window' | 'timestamp' } | undefined;
        let session: { name: string; timeExpr: Expr; gapMs: number } | undefined;
        for (const k of p.groupBy) {
          const name = exprName(k);
          const inner = k.kind === 'alias' ? k.child : k;
          if (inner.kind === 'window') {
            append(open, { kind: 'windowExpand', window: inner, outputName: name, inputColumns: prunedColumns(p, analysis.schema(p.child)) });
            keys.push({ name, expr: { kind: 'col', name } });
            if (carriesEventTime(inner, eventTime)) eventTimeKey = { name, kind: 'window' };
          } else if (inner.kind === 'sessionWindow') {
            session = { name, timeExpr: inner.timeCol, gapMs: inner.gapMs };
          } else {
            keys.push({ name, expr: k });
            if (!eventTimeKey && carriesEventTime(k, eventTime)) {
              const t = analysis.schema(p.child)?.find((f) => f.name === (inner.kind === 'col' ? inner.name : ''))?.type;
              eventTimeKey = { name, kind: t === 'window' ? 'window' : 'timestamp' };
            }
          }
        }
        const aggs = p.aggs.map(toAggregateSpec);
        if (session) {
          const operatorId = nextOperatorId('sessionAggregate');
          signature.push(`${operatorId}:keys=${keys.map((k) => k.name).join(',')};session=${session.name}/${session.gapMs};aggs=${aggs.map((a) => `${a.fn}(${a.name})`).join(',')}`);
          return shuffle(open, { kind: 'sessionAggregate', operatorId, keys, session, groupOrder: p.groupBy.map((k) => exprName(k)), aggs }, keys.map((k) => k.expr));
        }
        const operatorId = nextOperatorId('aggregate');
        signature.push(`${operatorId}:keys=${keys.map((k) => k.name).join(',')};aggs=${aggs.map((a) => `${a.fn}(${a.name})`).join(',')}`);
        open = shuffle(open, { kind: 'aggregate', operatorId, keys, aggs, eventTimeKey, watermarkInInput: eventTime.size > 0 }, keys.length > 0 ? keys.map((k) => k.expr) : undefined);
        return open;
      }
      case 'deduplicate': {
        const open = visit(p.child);
        const cols = p.columns; // no columns = the whole row, whether or not the schema is known yet (a stable signature)
        const et = analysis.eventTimeColumns(p.child);
        const eventTimeColumn = (cols ?? []).find((c) => et.has(c)) ?? [...et][0];
        const delayMs = findWatermarkDelay(p.child, eventTimeColumn);
        if (p.withinWatermark && eventTimeColumn === undefined) {
          throw new AnalysisError('DEDUP_WITHIN_WATERMARK_NEEDS_WATERMARK',
            'dropDuplicatesWithinWatermark needs a watermark on the input. Note: call withWatermark(eventTimeColumn, delay) before it.');
        }
        const operatorId = nextOperatorId(p.withinWatermark ? 'dedupeWithinWatermark' : 'dedupe');
        signature.push(`${operatorId}:cols=${(cols ?? ['*']).join(',')}`);
        const keyExprs: Expr[] | undefined = cols ? cols.map((c) => ({ kind: 'col', name: c })) : undefined;
        return shuffle(open, { kind: 'deduplicate', operatorId, columns: cols, withinWatermark: p.withinWatermark, eventTimeColumn, delayMs }, keyExprs ?? [{ kind: 'udf', name: 'wholeRow', fn: (r: unknown) => r, args: [], wholeRow: true }]);
      }
      case 'groupState': {
        const open = visit(p.child);
        const operatorId = nextOperatorId('flatMapGroupsWithState');
        signature.push(`${operatorId}:timeout=${p.timeout}`);
        const hasWatermark = analysis.eventTimeColumns(p.child).size > 0;
        const spec: KeyedOperatorSpec = { kind: 'groupState', operatorId, keyFn: p.keyFn, fn: p.fn, flat: p.flat, timeout: p.timeout, hasWatermark };
        return shuffle(open, spec, [{ kind: 'udf', name: 'groupingKey', fn: p.keyFn, args: [], wholeRow: true }]);
      }
      case 'join': {
        const left = visit(p.left);
        const right = visit(p.right);
        const operatorId = nextOperatorId('symmetricHashJoin');
        signature.push(`${operatorId}:${p.how};on=${p.on.join(',')}`);
        const keys: Expr[] = p.on.map((c) => ({ kind: 'col', name: c }));
        return shuffle({ stages: [...left.stages, ...right.stages] }, { kind: 'join', operatorId, on: p.on, leftStages: left.stages }, keys);
      }
      case 'limit': {
        const open = visit(p.child);
        const operatorId = nextOperatorId('globalLimit');
        signature.push(`${operatorId}:n`);
        return shuffle(open, { kind: 'limit', operatorId, n: p.n }, undefined);
      }
      case 'sort': {
        const open = visit(p.child);
        return shuffle(open, { kind: 'sort', operatorId: nextOperatorId('sort'), keys: p.keys }, undefined);
      }
    }
  };

  const open = visit(root);
  for (const id of open.stages) stages[id].output = { kind: 'sink' };
  return { stages, sources, sinkInputs: open.stages, sinkSteps: [], numWatermarks: watermarkCount, statefulSignature: signature };
}

/**
 * Two projections in a row as one (one object per row instead of two): the second's column
 * references are replaced by the first's expressions. Only when the first has no star and the
 * second reads nothing else, and no expression is a user function (which may see the whole row).
 */
export function fuseProjections(first: readonly Expr[], second: readonly Expr[]): Expr[] | undefined {
  if (first.some((e) => e.kind === 'star' || usesWholeRow(e))) return undefined;
  if (second.some((e) => e.kind === 'star' || usesWholeRow(e))) return undefined;
  const produced = new Map<string, Expr>();
  for (const e of first) produced.set(exprName(e), e.kind === 'alias' ? e.child : e);
  for (const e of second) for (const c of referencedColumns(e)) if (!produced.has(c)) return undefined;
  return second.map((e) => {
    const name = exprName(e);
    const inlined = mapExpr(e, (x) => (x.kind === 'col' ? produced.get(x.name) : undefined));
    const bare = inlined.kind === 'alias' ? inlined : { kind: 'alias' as const, child: inlined, name };
    return bare.kind === 'alias' && bare.child.kind === 'col' && bare.child.name === name ? bare.child : bare;
  });
}

/**
 * The input columns an aggregation reads (its keys, the window's time column, its aggregates'
 * arguments): window expansion copies only these into each window's row (column pruning).
 * Undefined when the input schema is unknown.
 */
function prunedColumns(p: Extract<LogicalPlan, { kind: 'aggregate' }>, schema: Schema | undefined): string[] | undefined {
  if (!schema) return undefined;
  const names = new Set(schema.map((f) => f.name));
  const used = new Set<string>();
  for (const e of [...p.groupBy, ...p.aggs]) {
    for (const c of referencedColumns(e)) {
      if (names.has(c)) used.add(c);
      else if (names.has(c.split('.')[0])) used.add(c.split('.')[0]);
      else return schema.map((f) => f.name); // something unresolved: keep every column
    }
  }
  return schema.map((f) => f.name).filter((n) => used.has(n));
}

function toAggregateSpec(e: Expr): AggregateSpec {
  const name = exprName(e);
  const inner = e.kind === 'alias' ? e.child : e;
  if (inner.kind !== 'agg') {
    throw new AnalysisError('UNSUPPORTED_AGGREGATE_EXPRESSION',
      `Aggregate expression "${name}" must be an aggregate function call (optionally aliased). Note: compute expressions over aggregates in a select() after agg().`);
  }
  return { name, fn: inner.fn, args: inner.args, distinct: inner.distinct === true || inner.fn === 'count_distinct' };
}

function findWatermarkDelay(p: LogicalPlan, column: string | undefined): number {
  if (column === undefined) return 0;
  if (p.kind === 'watermark' && p.column === column) return p.delayMs;
  for (const c of children(p)) {
    const d = findWatermarkDelay(c, column);
    if (d) return d;
  }
  return 0;
}
