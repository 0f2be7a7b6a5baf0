// Text rendering of logical and physical plans (DataFrame.explain / StreamingQuery.explain).
import { exprName } from '../plan/expr-util';
import { children, type LogicalPlan } from '../plan/logical';
import type { PhysicalPlan, PhysicalStep } from '../plan/physical';

function describeNode(p: LogicalPlan): string {
  switch (p.kind) {
    case 'source': return `Source ${p.source.identity}${p.source.streaming ? ' [streaming]' : ''}`;
    case 'project': return `Project [${p.exprs.map(exprName).join(', ')}]`;
    case 'filter': return `Filter ${exprName(p.condition)}`;
    case 'map': return p.flat ? 'FlatMap <function>' : 'Map <function>';
    case 'union': return 'Union';
    case 'join': return `Join ${p.how} [${p.on.join(', ')}]`;
    case 'watermark': return `EventTimeWatermark ${p.column}, ${p.delayMs} ms`;
    case 'aggregate': return `Aggregate [${p.groupBy.map(exprName).join(', ')}], [${p.aggs.map(exprName).join(', ')}]`;
    case 'deduplicate': return `Deduplicate${p.withinWatermark ? 'WithinWatermark' : ''} [${p.columns?.join(', ') ?? '*'}]`;
    case 'limit': return `Limit ${p.n}`;
    case 'sort': return `Sort [${p.keys.map((k) => `${exprName(k.expr)} ${k.ascending ? 'ASC' : 'DESC'}`).join(', ')}]`;
    case 'drop': return `Drop [${p.columns.join(', ')}]`;
    case 'rename': return `Rename ${p.from} -> ${p.to}`;
    case 'groupState': return `${p.flat ? 'FlatMapGroupsWithState' : 'MapGroupsWithState'} <function>, ${p.outputMode}, timeout=${p.timeout}`;
  }
}

function describeStep(s: PhysicalStep): string {
  switch (s.kind) {
    case 'project': return `Project [${s.exprs.map(exprName).join(', ')}]`;
    case 'filter': return `Filter ${exprName(s.condition)}`;
    case 'map': return s.flat ? 'FlatMap' : 'Map';
    case 'watermark': return `EventTimeWatermark(${s.column}, ${s.delayMs} ms, #${s.watermarkIndex})`;
    case 'windowExpand': return `WindowExpand -> ${s.outputName}`;
    case 'drop': return `Drop [${s.columns.join(', ')}]`;
    case 'rename': return `Rename ${s.from} -> ${s.to}`;
  }
}

/** Logical plan tree, then one line per stage with its fused steps and how its output leaves. */
export function explainPlan(plan: LogicalPlan, physical: PhysicalPlan): string {
  const lines: string[] = ['== Logical Plan =='];
  const walk = (p: LogicalPlan, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${depth ? '+- ' : ''}${describeNode(p)}`);
    for (const c of children(p)) walk(c, depth + 1);
  };
  walk(plan, 0);
  lines.push('== Physical Plan ==');
  for (const s of physical.stages) {
    const head = s.kind === 'source' ? `Stage ${s.id}: source #${s.sourceIndex}` : `Stage ${s.id}: ${s.keyed!.kind} ${s.keyed!.operatorId} x${s.numPartitions}`;
    const out = s.output.kind === 'sink' ? 'sink' : s.output.kind === 'hash' ? `hash(${s.output.keys.map(exprName).join(', ')}) -> stage ${s.output.toStage}` : `single -> stage ${s.output.toStage}`;
    lines.push(`${head} | ${s.steps.map(describeStep).join(' -> ') || '(no steps)'} | ${out}`);
  }
  return lines.join('\n');
}
