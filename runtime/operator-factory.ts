// Builds the keyed operator of a stage partition from its physical spec (compiling its expressions).
import { compileExpr } from '../plan/compile';
import type { KeyedOperatorSpec } from '../plan/physical';
import type { OutputMode } from '../plan/types';
import type { Operator, StateStore } from '../operators/operator';
import { StreamingAggregateOperator } from '../operators/streaming-aggregate';
import { DeduplicateOperator } from '../operators/dedup';
import { LimitOperator } from '../operators/limit';
import { SymmetricHashJoinOperator } from '../operators/stream-join';
import { SessionWindowAggregateOperator } from '../operators/session-window-aggregate';
import { SortOperator } from '../operators/sort';
import { GroupStateOperator } from '../operators/group-state';

/** The operator instance for one partition; `store` is its partition's state. */
export function createKeyedOperator(spec: KeyedOperatorSpec, _partition: number, store: StateStore, outputMode: OutputMode, isBatch = false): Operator {
  switch (spec.kind) {
    case 'aggregate':
      return new StreamingAggregateOperator({
        operatorId: spec.operatorId,
        keys: spec.keys.map((k) => ({ name: k.name, eval: compileExpr(k.expr) })),
        aggs: spec.aggs.map((a) => ({ name: a.name, fn: a.fn, args: a.args.map((e) => compileExpr(e)), distinct: a.distinct })),
        eventTimeKey: spec.eventTimeKey,
        outputMode,
        watermarkInInput: spec.watermarkInInput,
      }, store);
    case 'deduplicate':
      return new DeduplicateOperator({
        operatorId: spec.operatorId,
        keys: spec.columns?.map((c) => ({ name: c, eval: compileExpr({ kind: 'col', name: c }) })),
        eventTime: spec.eventTimeColumn ? { name: spec.eventTimeColumn, eval: compileExpr({ kind: 'col', name: spec.eventTimeColumn }) } : undefined,
        withinWatermark: spec.withinWatermark ? { delayMs: spec.delayMs } : undefined,
      }, store);
    case 'groupState':
      return new GroupStateOperator(spec, store);
    case 'sessionAggregate':
      return new SessionWindowAggregateOperator({
        operatorId: spec.operatorId,
        keys: spec.keys.map((k) => ({ name: k.name, eval: compileExpr(k.expr) })),
        session: { name: spec.session.name, timeEval: compileExpr(spec.session.timeExpr), gapMs: spec.session.gapMs },
        groupOrder: spec.groupOrder,
        aggs: spec.aggs.map((a) => ({ name: a.name, fn: a.fn, args: a.args.map((e) => compileExpr(e)), distinct: a.distinct })),
        outputMode,
      }, store);
    case 'join':
      return new SymmetricHashJoinOperator({
        operatorId: spec.operatorId,
        on: spec.on,
        keyEvals: spec.on.map((c) => compileExpr({ kind: 'col', name: c })),
      }, store);
    case 'limit':
      return new LimitOperator({ operatorId: spec.operatorId, n: spec.n, perEpoch: isBatch || outputMode === 'complete' }, store);
    case 'sort':
      return new SortOperator(spec.keys.map((k) => ({ eval: compileExpr(k.expr), ascending: k.ascending, nullsFirst: k.nullsFirst })));
  }
}
