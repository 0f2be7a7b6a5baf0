// The analyzer: output schemas, column resolution and Spark's unsupported-operation rules, before anything runs.
import { AnalysisError, closestName } from '../common/errors';
import type { Expr } from './expr';
import { containsAgg, containsWindow, exprName, exprType, referencedColumns } from './expr-util';
import { children, isStreamingPlan, type LogicalPlan, type SourceSpec } from './logical';
import { checkGroupState } from './group-state-rules';
import type { Field, OutputMode, Schema } from './types';

export interface AnalyzeOptions {
  /** Known schemas of the sources (resolved by the runtime from the connectors). */
  readonly sourceSchemas: ReadonlyMap<SourceSpec, Schema | undefined>;
  readonly streaming: boolean;
  readonly outputMode?: OutputMode;
}

/** Schema and event-time facts of every node, computed once per analysis. */
export class Analysis {
  private readonly schemas = new Map<LogicalPlan, Schema | undefined>();
  private readonly eventTime = new Map<LogicalPlan, ReadonlySet<string>>();

  constructor(readonly root: LogicalPlan, private readonly opts: AnalyzeOptions) {}

  /** Output schema of a node; undefined where it cannot be known (after map/flatMap). */
  schema(p: LogicalPlan): Schema | undefined {
    if (this.schemas.has(p)) return this.schemas.get(p);
    const s = this.computeSchema(p);
    this.schemas.set(p, s);
    return s;
  }

  /** Names of the columns that carry event time (a watermark) at the output of a node. */
  eventTimeColumns(p: LogicalPlan): ReadonlySet<string> {
    let s = this.eventTime.get(p);
    if (!s) {
      s = this.computeEventTime(p);
      this.eventTime.set(p, s);
    }
    return s;
  }

  private computeSchema(p: LogicalPlan): Schema | undefined {
    switch (p.kind) {
      case 'source':
        return p.source.schema ?? this.opts.sourceSchemas.get(p.source);
      case 'project': {
        const input = this.schema(p.child);
        const out: Field[] = [];
        for (const e of p.exprs) {
          if (e.kind === 'star') {
            if (!input) return undefined;
            for (const f of input) if (!out.some((o) => o.name === f.name)) out.push(f);
            continue;
          }
          if (input) checkColumns(e, input, p.kind);
          const name = exprName(e);
          const field: Field = { name, type: exprType(e, input) };
          const i = out.findIndex((o) => o.name === name);
          if (i >= 0) out[i] = field;
          else out.push(field);
        }
        return out;
      }
      case 'filter': {
        const input = this.schema(p.child);
        if (input) checkColumns(p.condition, input, 'filter');
        return input;
      }
      case 'map':
      case 'groupState':
        return undefined;
      case 'union': {
        const schemas = p.children.map((c) => this.schema(c));
        return schemas[0];
      }
      case 'join':
        return joinSchema(p, this.schema(p.left), this.schema(p.right));
      case 'watermark': {
        const input = this.schema(p.child);
        if (input && !input.some((f) => f.name === p.column)) {
          throw unknownColumn(p.column, input, 'withWatermark');
        }
        return input?.map((f) => (f.name === p.column && f.type !== 'window' ? { ...f, type: 'timestamp' as const } : f));
      }
      case 'aggregate': {
        const input = this.schema(p.child);
        const out: Field[] = [];
        for (const k of p.groupBy) {
          if (input) checkColumns(k, input, 'groupBy');
          out.push({ name: exprName(k), type: exprType(k, input) });
        }
        for (const a of p.aggs) {
          if (!containsAgg(a)) {
            throw new AnalysisError('NOT_AN_AGGREGATE',
              `Expression "${exprName(a)}" in agg() is not an aggregate. Note: wrap it in an aggregate function such as first(), or add it to groupBy().`);
          }
          if (input) checkColumns(a, input, 'agg');
          out.push({ name: exprName(a), type: exprType(a, input) });
        }
        return out;
      }
      case 'deduplicate': {
        const input = this.schema(p.child);
        if (input && p.columns) for (const c of p.columns) if (!input.some((f) => f.name === c)) throw unknownColumn(c, input, 'dropDuplicates');
        return input;
      }
      case 'limit':
        return this.schema(p.child);
      case 'sort': {
        const input = this.schema(p.child);
        if (input) for (const k of p.keys) checkColumns(k.expr, input, 'orderBy');
        return input;
      }
      case 'drop': {
        const input = this.schema(p.child);
        return input?.filter((f) => !p.columns.includes(f.name));
      }
      case 'rename': {
        const input = this.schema(p.child);
        return input?.map((f) => (f.name === p.from ? { ...f, name: p.to } : f));
      }
    }
  }

  private computeEventTime(p: LogicalPlan): ReadonlySet<string> {
    switch (p.kind) {
      case 'source':
      case 'map':
      case 'groupState':
        return new Set();
      case 'watermark':
        return new Set([...this.eventTimeColumns(p.child), p.column]);
      case 'project': {
        const input = this.eventTimeColumns(p.child);
        const out = new Set<string>();
        for (const e of p.exprs) {
          if (e.kind === 'star') input.forEach((c) => out.add(c));
          else if (carriesEventTime(e, input)) out.add(exprName(e));
        }
        return out;
      }
      case 'aggregate': {
        const input = this.eventTimeColumns(p.child);
        return new Set(p.groupBy.filter((k) => carriesEventTime(k, input)).map((k) => exprName(k)));
      }
      case 'union': case 'join': {
        const out = new Set<string>();
        for (const c of children(p)) this.eventTimeColumns(c).forEach((x) => out.add(x));
        return out;
      }
      case 'drop': {
        const out = new Set(this.eventTimeColumns(p.child));
        p.columns.forEach((c) => out.delete(c));
        return out;
      }
      case 'rename': {
        const out = new Set(this.eventTimeColumns(p.child));
        if (out.delete(p.from)) out.add(p.to);
        return out;
      }
      default:
        return this.eventTimeColumns(children(p)[0]);
    }
  }
}

/** A join's output: the keys once, then the other columns of both sides (names must be unique). */
function joinSchema(p: Extract<LogicalPlan, { kind: 'join' }>, left: Schema | undefined, right: Schema | undefined): Schema | undefined {
  for (const [side, schema] of [['left', left], ['right', right]] as const) {
    if (schema) for (const k of p.on) if (!schema.some((f) => f.name === k)) throw unknownColumn(k, schema, `join (${side} side)`);
  }
  if (!left || !right) return undefined;
  const out: Field[] = [...left];
  for (const f of right) {
    if (p.on.includes(f.name)) continue;
    if (out.some((o) => o.name === f.name)) {
      throw new AnalysisError('AMBIGUOUS_JOIN_COLUMN',
        `Both sides of the join have a column ${JSON.stringify(f.name)}: joined rows are plain objects, so names must be unique. Note: rename one side first, e.g. right.withColumnRenamed(${JSON.stringify(f.name)}, ${JSON.stringify(`right_${f.name}`)}), or join on it.`,
        { column: f.name });
    }
    out.push(f);
  }
  return out;
}

/** True when an expression is an event-time column, an alias of one, or a window over one. */
export function carriesEventTime(e: Expr, eventTimeCols: ReadonlySet<string>): boolean {
  switch (e.kind) {
    case 'col': return eventTimeCols.has(e.name);
    case 'alias': return carriesEventTime(e.child, eventTimeCols);
    case 'window': case 'sessionWindow': return carriesEventTime(e.timeCol, eventTimeCols);
    case 'call': return e.fn === 'window_time' && e.args.some((a) => carriesEventTime(a, eventTimeCols));
    default: return false;
  }
}

function checkColumns(e: Expr, schema: Schema, where: string): void {
  for (const name of referencedColumns(e)) {
    if (schema.some((f) => f.name === name)) continue;
    const top = name.split('.')[0];
    if (schema.some((f) => f.name === top)) continue;
    throw unknownColumn(name, schema, where);
  }
}

export function unknownColumn(name: string, schema: Schema, where: string): AnalysisError {
  const names = schema.map((f) => f.name);
  const near = closestName(name, names);
  return new AnalysisError('UNKNOWN_COLUMN',
    `Column ${JSON.stringify(name)} does not exist (in ${where}). Available columns: ${names.join(', ')}.${near ? ` Note: did you mean ${JSON.stringify(near)}?` : ' Note: check the spelling or add the column first.'}`,
    { column: name, suggestion: near });
}

/**
 * Analyzes a plan: resolves every column against the known schemas and, for a streaming write,
 * applies Spark's unsupported-operation rules for the output mode. Throws AnalysisError.
 */
export function analyze(root: LogicalPlan, opts: AnalyzeOptions): Analysis {
  const analysis = new Analysis(root, opts);
  analysis.schema(root);
  checkWatermarks(root, analysis);
  if (opts.streaming && opts.outputMode) checkStreaming(root, analysis, opts.outputMode);
  return analysis;
}

function checkWatermarks(root: LogicalPlan, analysis: Analysis): void {
  walk(root, (p) => {
    if (p.kind !== 'watermark') return;
    if (analysis.eventTimeColumns(p.child).size > 0 && hasWatermarkBelow(p.child)) {
      throw new AnalysisError('WATERMARK_REDEFINED',
        `withWatermark("${p.column}") redefines a watermark already defined upstream. Note: define the watermark once, on the source side of the query (Spark refuses redefining watermarks).`);
    }
  });
}

function hasWatermarkBelow(p: LogicalPlan): boolean {
  if (p.kind === 'watermark') return true;
  if (p.kind === 'union') return false;
  return children(p).some(hasWatermarkBelow);
}

function walk(p: LogicalPlan, fn: (p: LogicalPlan) => void): void {
  fn(p);
  for (const c of children(p)) walk(c, fn);
}

const STATEFUL_KINDS = new Set(['aggregate', 'deduplicate', 'limit', 'groupState']);

function checkStreaming(root: LogicalPlan, analysis: Analysis, mode: OutputMode): void {
  const aggregates: LogicalPlan[] = [];
  const stateful: LogicalPlan[] = [];
  walk(root, (p) => {
    if (p.kind === 'aggregate') aggregates.push(p);
    // In complete mode a limit only cuts each epoch's full result: it keeps no state.
    if (STATEFUL_KINDS.has(p.kind) && !(p.kind === 'limit' && mode === 'complete')) stateful.push(p);
  });

  for (const p of aggregates) {
    if (p.kind !== 'aggregate') continue;
    for (const a of p.aggs) {
      if (hasDistinctAgg(a)) {
        throw new AnalysisError('STREAMING_DISTINCT_AGGREGATION',
          `Distinct aggregations are not supported on streaming DataFrames (found "${exprName(a)}"). Note: use approxCountDistinct() instead of countDistinct().`);
      }
    }
  }

  checkGroupState(root, analysis, mode, aggregates.length > 0);

  checkSessionWindows(aggregates, mode);
  if (mode === 'update') {
    walk(root, (p) => {
      if (p.kind === 'join' && isStreamingPlan(p.left) && isStreamingPlan(p.right)) {
        throw new AnalysisError('STREAMING_OUTPUT_MODE_UNSUPPORTED',
          'Join between two streaming DataFrames is not supported in update output mode, only in append output mode. Note: use append mode.',
          { outputMode: mode, operation: 'stream-stream join' });
      }
    });
  }

  if (mode === 'complete' && aggregates.length === 0) {
    throw new AnalysisError('STREAMING_OUTPUT_MODE_UNSUPPORTED',
      'Complete output mode not supported when there are no streaming aggregations on streaming DataFrames. Note: add a groupBy().agg(), or use append mode.',
      { outputMode: mode });
  }

  if (mode === 'append') {
    for (const p of aggregates) {
      if (p.kind !== 'aggregate') continue;
      const et = analysis.eventTimeColumns(p.child);
      if (!p.groupBy.some((k) => carriesEventTime(k, et))) {
        throw new AnalysisError('STREAMING_OUTPUT_MODE_UNSUPPORTED',
          'Append output mode not supported when there are streaming aggregations on streaming DataFrames without watermark. Note: add withWatermark() on the event-time column and group by it (or a window over it), or use update or complete mode.',
          { outputMode: mode });
      }
    }
  }

  if (mode !== 'append' && stateful.length > 1) {
    throw new AnalysisError('STREAMING_MULTIPLE_STATEFUL_OPERATORS',
      `Multiple stateful operators (${stateful.map((s) => s.kind).join(', ')}) are supported only in append output mode, not in ${mode} mode. Note: use append mode with watermarks, or split the query in two.`,
      { outputMode: mode });
  }

  walk(root, (p) => {
    if (p.kind === 'limit' && mode === 'update') {
      throw new AnalysisError('STREAMING_LIMIT_UPDATE_MODE',
        'Limits are not supported on streaming DataFrames in update output mode. Note: use append or complete mode, or limit inside foreachBatch.',
        { outputMode: mode });
    }
    if (p.kind === 'sort') {
      const afterAgg = mode === 'complete' && containsAggregateBelow(p.child);
      if (!afterAgg) {
        throw new AnalysisError('STREAMING_SORT_UNSUPPORTED',
          'Sorting is not supported on streaming DataFrames unless it is on an aggregated DataFrame in complete output mode. Note: aggregate first and use complete mode, or sort inside foreachBatch.',
          { outputMode: mode });
      }
    }
  });
}

/** Spark's session-window rules for streams: a key besides the session, and no update mode. */
function checkSessionWindows(aggregates: readonly LogicalPlan[], mode: OutputMode): void {
  for (const p of aggregates) {
    if (p.kind !== 'aggregate') continue;
    const isSession = (k: Expr) => (k.kind === 'alias' ? k.child : k).kind === 'sessionWindow';
    if (!p.groupBy.some(isSession)) continue;
    if (p.groupBy.every(isSession)) {
      throw new AnalysisError('UNSUPPORTED_OPERATION',
        'Global aggregation with session window in streaming query is not supported. Note: group by at least one more column besides sessionWindow(...).');
    }
    if (mode === 'update') {
      throw new AnalysisError('STREAMING_OUTPUT_MODE_UNSUPPORTED',
        'Update output mode is not supported for session window streaming aggregations. Note: use append (with a watermark) or complete mode.',
        { outputMode: mode, operation: 'session window streaming aggregations' });
    }
  }
}

export function containsAggregateBelow(p: LogicalPlan): boolean {
  if (p.kind === 'aggregate') return true;
  return children(p).some(containsAggregateBelow);
}

function hasDistinctAgg(e: Expr): boolean {
  if (e.kind === 'agg') return e.fn === 'count_distinct' || e.distinct === true;
  if (e.kind === 'alias') return hasDistinctAgg(e.child);
  return false;
}

export { containsWindow };
