// Spark's analysis rules for mapGroupsWithState / flatMapGroupsWithState on a streaming query.
import { AnalysisError } from '../common/errors';
import { containsAggregateBelow, type Analysis } from './analyzer';
import { children, type LogicalPlan } from './logical';
import type { OutputMode } from './types';

function walk(p: LogicalPlan, fn: (p: LogicalPlan) => void): void {
  fn(p);
  for (const c of children(p)) walk(c, fn);
}

/** Spark's rules for [flat]mapGroupsWithState (UnsupportedOperationChecker). */
export function checkGroupState(root: LogicalPlan, analysis: Analysis, mode: OutputMode, hasAggregates: boolean): void {
  let maps = 0;
  walk(root, (p) => {
    if (p.kind !== 'groupState') return;
    if (!p.flat) {
      if (++maps > 1) {
        throw new AnalysisError('STREAMING_MULTIPLE_MAP_GROUPS_WITH_STATE',
          'Multiple mapGroupsWithStates are not supported on a streaming DataFrame. Note: use a single mapGroupsWithState, or flatMapGroupsWithState in append mode.');
      }
      if (hasAggregates) {
        throw new AnalysisError('STREAMING_MAP_GROUPS_WITH_STATE_AGGREGATION',
          'mapGroupsWithState is not supported with aggregation on a streaming DataFrame. Note: aggregate inside the state function, or use flatMapGroupsWithState in append mode.');
      }
      if (mode !== 'update') {
        throw new AnalysisError('STREAMING_MAP_GROUPS_WITH_STATE_OUTPUT_MODE',
          `mapGroupsWithState is not supported with ${JSON.stringify(mode)} output mode on a streaming DataFrame. Note: use outputMode('update').`, { outputMode: mode });
      }
    } else if (!hasAggregates && p.outputMode !== mode) {
      throw new AnalysisError('STREAMING_FLAT_MAP_GROUPS_WITH_STATE_OUTPUT_MODE',
        `flatMapGroupsWithState in ${JSON.stringify(p.outputMode)} mode is not supported with ${JSON.stringify(mode)} output mode on a streaming DataFrame. Note: use the same output mode for the operator and the query.`,
        { outputMode: mode });
    } else if (hasAggregates && p.outputMode === 'update') {
      throw new AnalysisError('STREAMING_FLAT_MAP_GROUPS_WITH_STATE_OUTPUT_MODE',
        'flatMapGroupsWithState in "update" mode is not supported with aggregation on a streaming DataFrame. Note: use flatMapGroupsWithState in append mode.',
        { outputMode: mode });
    } else if (hasAggregates && containsAggregateBelow(p.child)) {
      throw new AnalysisError('STREAMING_FLAT_MAP_GROUPS_WITH_STATE_AFTER_AGGREGATION',
        'flatMapGroupsWithState in "append" mode is not supported after aggregation on a streaming DataFrame. Note: aggregate after it, or inside the state function.');
    }
    if (p.timeout === 'eventTime' && analysis.eventTimeColumns(p.child).size === 0) {
      throw new AnalysisError('GROUP_STATE_EVENT_TIME_TIMEOUT_NEEDS_WATERMARK',
        `Event-time timeout not supported without watermark (in ${p.flat ? 'flatMapGroupsWithState' : 'mapGroupsWithState'}). Note: call withWatermark(eventTimeColumn, delay) before groupByKey().`);
    }
  });
}
