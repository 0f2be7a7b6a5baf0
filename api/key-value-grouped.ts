// KeyValueGroupedData<K, T>: the result of groupByKey(fn), for mapGroupsWithState / flatMapGroupsWithState.
import { AnalysisError } from '../common/errors';
import { node, type GroupState, type GroupStateTimeout, type LogicalPlan } from '../plan/logical';
import type { SessionLike } from './session-like';
import { DataFrame, type MapRow } from './dataframe';

const TIMEOUTS: readonly GroupStateTimeout[] = ['none', 'processingTime', 'eventTime'];
const MODES = ['append', 'update'] as const;

/**
 * Rows of type T grouped by a key of type K computed by a function. The state functions see a
 * key, that key's rows of the epoch and its GroupState<S>; results become rows like map().
 * @example
 *   df.groupByKey((r) => r.value).flatMapGroupsWithState<number, { key: string; count: number }>('update', 'none',
 *     (key, rows, state) => { state.update((state.getOption() ?? 0) + rows.length); return [{ key, count: state.get() }]; });
 */
export class KeyValueGroupedData<K, T> {
  /** @internal */
  constructor(private readonly session: SessionLike, private readonly plan: LogicalPlan, private readonly keyFn: (row: T) => K) {}

  /**
   * One result per call (per key with rows, and per timed-out key). Only in update output mode.
   * `timeout`: 'none' (default), 'processingTime' or 'eventTime'.
   */
  mapGroupsWithState<S, U>(fn: (key: K, rows: T[], state: GroupState<S>) => U, options: { timeout?: GroupStateTimeout } = {}): DataFrame<MapRow<U>> {
    return this.build(fn as never, false, 'update', options.timeout ?? 'none');
  }

  /** Any number of results per call; `outputMode` must be the query's (append or update). */
  flatMapGroupsWithState<S, U>(outputMode: 'append' | 'update', timeout: GroupStateTimeout,
    fn: (key: K, rows: T[], state: GroupState<S>) => Iterable<U>): DataFrame<MapRow<U>> {
    if (!MODES.includes(outputMode)) {
      throw new AnalysisError('INVALID_OUTPUT_MODE',
        `flatMapGroupsWithState output mode ${JSON.stringify(outputMode)} is not one of 'append', 'update'. Note: pass 'append' or 'update'.`);
    }
    return this.build(fn as never, true, outputMode, timeout);
  }

  private build<U>(fn: (key: any, rows: any[], state: GroupState<any>) => unknown, flat: boolean, outputMode: 'append' | 'update', timeout: GroupStateTimeout): DataFrame<MapRow<U>> {
    if (!TIMEOUTS.includes(timeout)) {
      throw new AnalysisError('GROUP_STATE_INVALID_TIMEOUT',
        `Timeout ${JSON.stringify(timeout)} is not one of 'none', 'processingTime', 'eventTime'. Note: pass one of those.`);
    }
    const plan = node({ kind: 'groupState', child: this.plan, keyFn: this.keyFn as (row: any) => unknown, fn, flat, outputMode, timeout });
    return new DataFrame<MapRow<U>>(this.session, plan);
  }
}
