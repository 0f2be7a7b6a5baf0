// GroupStateOperator: mapGroupsWithState / flatMapGroupsWithState with immer-backed GroupState, Spark's semantics.
import { produce } from 'immer';
import { TidemarkError } from '../common/errors';
import { parseDurationMs } from '../common/duration';
import type { GroupState, GroupStateTimeout } from '../plan/logical';
import type { Row } from '../plan/types';
import { encodeValue } from './key-encoding';
import type { KeyedOperatorSpec } from '../plan/physical';
import type { Operator, OperatorContext, StatefulInfo, StateStore } from './operator';

/** The planner's spec of the operator (keys, user function, flat, timeout, watermark), minus its kind. */
export type GroupStateOptions = Omit<Extract<KeyedOperatorSpec, { kind: 'groupState' }>, 'kind'>;

/** Layout version of a key's state entry. */
export const GROUP_STATE_VERSION = 1;

/** A key's state entry (plain data, journaled per epoch): key, exists flag, value, timeout ms (-1 none). */
interface Entry {
  readonly k: unknown;
  readonly e: 0 | 1;
  readonly v: unknown;
  readonly t: number;
}

const NO_TIMEOUT = -1;

/** The GroupState handed to one call of the user function. */
class GroupStateImpl<S> implements GroupState<S> {
  exists: boolean;
  value: S | undefined;
  timeoutMs = NO_TIMEOUT;
  updated = false;
  removed = false;

  constructor(prev: Entry | undefined, readonly hasTimedOut: boolean, private readonly conf: GroupStateTimeout,
    private readonly ctx: OperatorContext, private readonly hasWatermark: boolean) {
    this.exists = prev !== undefined && prev.e === 1;
    this.value = this.exists ? (prev!.v as S) : undefined;
  }

  get(): S {
    if (!this.exists) {
      throw new TidemarkError('GROUP_STATE_ABSENT', 'user',
        'GroupState.get() was called on a key that has no state. Note: check state.exists first, or use getOption().');
    }
    return this.value as S;
  }

  getOption(): S | undefined {
    return this.exists ? this.value : undefined;
  }

  update(value: S | ((draft: any) => S | void)): void {
    const next = typeof value === 'function'
      ? produce(this.value, value as (draft: any) => any) as S
      : value;
    if (next === undefined || next === null) {
      throw new TidemarkError('GROUP_STATE_NULL_UPDATE', 'user',
        `GroupState.update() was given ${String(next)}. Note: call state.remove() to remove the state.`);
    }
    this.value = next;
    this.exists = true;
    this.updated = true;
    this.removed = false;
  }

  remove(): void {
    this.value = undefined;
    this.exists = false;
    this.removed = true;
    this.updated = false;
  }

  setTimeoutDuration(duration: number | string): void {
    if (this.conf !== 'processingTime') throw this.notEnabled('setTimeoutDuration', 'processingTime');
    const ms = parseDurationMs(duration, 'timeout duration');
    if (!(ms > 0)) {
      throw new TidemarkError('GROUP_STATE_INVALID_TIMEOUT', 'user',
        `Timeout duration must be positive, got ${JSON.stringify(duration)}. Note: pass a duration such as '10 seconds' or 10000.`);
    }
    this.timeoutMs = this.ctx.batchTimestampMs + ms;
  }

  setTimeoutTimestamp(timestampMs: number | Date): void {
    if (this.conf !== 'eventTime') throw this.notEnabled('setTimeoutTimestamp', 'eventTime');
    const ms = timestampMs instanceof Date ? timestampMs.getTime() : timestampMs;
    if (!Number.isFinite(ms) || ms < 0) {
      throw new TidemarkError('GROUP_STATE_INVALID_TIMEOUT', 'user',
        `Timeout timestamp must be a non-negative number of ms, got ${JSON.stringify(timestampMs)}. Note: pass an event time in ms since the epoch.`);
    }
    const wm = this.ctx.evictionWatermarkMs;
    if (Number.isFinite(wm) && ms < wm) {
      throw new TidemarkError('GROUP_STATE_INVALID_TIMEOUT', 'user',
        `Timeout timestamp (${ms}) cannot be earlier than the current watermark (${wm}). Note: set a timestamp at or after getCurrentWatermarkMs().`);
    }
    this.timeoutMs = ms;
  }

  getCurrentWatermarkMs(): number {
    if (!this.hasWatermark) {
      throw new TidemarkError('GROUP_STATE_NO_WATERMARK', 'user',
        'Cannot get the event-time watermark without setting a watermark before [flat]mapGroupsWithState. Note: call withWatermark(eventTimeColumn, delay) before groupByKey().');
    }
    const wm = this.ctx.evictionWatermarkMs;
    return Number.isFinite(wm) ? wm : 0;
  }

  getCurrentProcessingTimeMs(): number {
    return this.ctx.batchTimestampMs;
  }

  private notEnabled(method: string, conf: GroupStateTimeout): TidemarkError {
    return new TidemarkError('GROUP_STATE_TIMEOUT_NOT_ENABLED', 'user',
      `GroupState.${method}() needs timeout '${conf}', but the operator's timeout is '${this.conf}'. Note: pass '${conf}' as the timeout of [flat]mapGroupsWithState.`);
  }
}

/** Results of map/flatMap-like functions as rows: objects stay, primitives become `{ value }`. */
function asRow(v: unknown): Row {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Row) : { value: v };
}

/**
 * Calls the user function once per key with the epoch's rows of that key, then once per key whose
 * timeout passed (processing time: the batch timestamp; event time: the eviction watermark), with
 * no rows and hasTimedOut. The timeout is cleared on every call, as in Spark.
 */
export class GroupStateOperator implements Operator {
  readonly kind = 'flatMapGroupsWithState';
  readonly stateful: StatefulInfo;
  private pending = new Map<string, { key: unknown; rows: Row[] }>();
  private lastEvictionWatermarkMs: number | undefined;
  /** Number of entries with a timeout set; undefined until counted (after a restart). */
  /** Earliest timeout timestamp in state (Infinity: none); undefined until computed. */
  private minTimeoutMs: number | undefined;

  constructor(private readonly options: GroupStateOptions, private readonly store: StateStore) {
    this.stateful = {
      operatorName: 'flatMapGroupsWithState',
      signature: `flatMapGroupsWithState.v${GROUP_STATE_VERSION}(timeout=${options.timeout})`,
    };
  }

  process(rows: Row[], _ctx: OperatorContext): Row[] {
    const keyFn = this.options.keyFn;
    for (const row of rows) {
      const key = keyFn(row);
      const enc = encodeValue(key);
      let group = this.pending.get(enc);
      if (!group) {
        group = { key, rows: [] };
        this.pending.set(enc, group);
      }
      group.rows.push(row);
    }
    return [];
  }

  finishEpoch(ctx: OperatorContext): Row[] {
    const out: Row[] = [];
    const pending = this.pending;
    this.pending = new Map();
    for (const [enc, g] of pending) this.call(enc, g.key, g.rows, false, ctx, out);
    const conf = this.options.timeout;
    if (!ctx.isBatch && conf !== 'none') {
      const threshold = conf === 'processingTime' ? ctx.batchTimestampMs : ctx.evictionWatermarkMs;
      const expired: [string, Entry][] = [];
      for (const [enc, v] of this.store.entries()) {
        const entry = v as Entry;
        if (entry.t !== NO_TIMEOUT && entry.t < threshold && !pending.has(enc)) expired.push([enc, entry]);
      }
      for (const [enc, entry] of expired) this.call(enc, entry.k, [], true, ctx, out);
      this.minTimeoutMs = this.earliestTimeout();
    }
    this.lastEvictionWatermarkMs = ctx.evictionWatermarkMs;
    return out;
  }

  /**
   * Processing time: only when some key's timeout is due by `nowMs` (the next epoch's batch time),
   * so an idle query does not spin no-data epochs while timeouts are pending.
   */
  private earliestTimeout(): number {
    let min = Infinity;
    for (const [, v] of this.store.entries()) {
      const t = (v as Entry).t;
      if (t !== NO_TIMEOUT && t < min) min = t;
    }
    return min;
  }

  needsNoDataEpoch(newWatermarkMs: number, ctx?: { nowMs?: number }): boolean {
    switch (this.options.timeout) {
      case 'processingTime': {
        this.minTimeoutMs ??= this.earliestTimeout();
        return ctx?.nowMs === undefined ? this.minTimeoutMs < Infinity : this.minTimeoutMs < ctx.nowMs;
      }
      case 'eventTime':
        return this.lastEvictionWatermarkMs !== undefined && newWatermarkMs > this.lastEvictionWatermarkMs;
      default:
        return false;
    }
  }

  private call(enc: string, key: unknown, rows: Row[], timedOut: boolean, ctx: OperatorContext, out: Row[]): void {
    const prev = this.store.get(enc) as Entry | undefined;
    const state = new GroupStateImpl<unknown>(prev, timedOut, this.options.timeout, ctx, this.options.hasWatermark);
    const result = this.options.fn(key, rows, state);
    if (this.options.flat) {
      if (result !== undefined && result !== null) {
        for (const r of result as Iterable<unknown>) out.push(asRow(r));
      }
    } else {
      out.push(asRow(result));
    }
    const m = ctx.metrics;
    if (!state.exists && state.timeoutMs === NO_TIMEOUT) {
      if (prev !== undefined) {
        this.store.delete(enc);
        m.numRowsRemoved++;
      }
      return;
    }
    const timeoutChanged = (prev?.t ?? NO_TIMEOUT) !== state.timeoutMs;
    if (state.updated || state.removed || timeoutChanged || prev === undefined) {
      this.store.put(enc, { k: key, e: state.exists ? 1 : 0, v: state.exists ? state.value : null, t: state.timeoutMs } satisfies Entry);
      m.numRowsUpdated++;
    }
  }
}
