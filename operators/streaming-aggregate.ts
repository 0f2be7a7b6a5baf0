// StreamingAggregateOperator: groupBy().agg() with Spark's state, watermark and output-mode rules.
import { TidemarkError } from '../common/errors';
import type { AggFn, Evaluator } from '../plan/expr';
import type { OutputMode, Row, WindowValue } from '../plan/types';
import { bindAggregate, type AccumulatorOptions, type BoundAggregate } from './aggregate-functions';
import { watermarkTimeMs } from './event-time';
import { encodeKey, encodeValue } from './key-encoding';
import type { Operator, OperatorContext, StatefulInfo, StateStore } from './operator';

export { encodeKey } from './key-encoding';

export interface AggregateColumn {
  readonly name: string;
  readonly fn: AggFn;
  readonly args: readonly Evaluator[];
  readonly distinct?: boolean;
  readonly options?: AccumulatorOptions;
}

export interface StreamingAggregateOptions {
  readonly operatorId: string;
  readonly keys: readonly { readonly name: string; readonly eval: Evaluator }[];
  readonly aggs: readonly AggregateColumn[];
  /** The grouping key that carries event time (a window or a watermarked timestamp). */
  readonly eventTimeKey?: { readonly name: string; readonly kind: 'window' | 'timestamp' };
  readonly outputMode: OutputMode;
  /**
   * The input has a watermark although no key carries it: Spark still asks for a no-data epoch
   * whenever the watermark moves (it then emits and evicts nothing).
   */
  readonly watermarkInInput?: boolean;
}

/** Marks a group whose rows are late in this epoch. */
const LATE = Symbol('late');
type IndexNode = Map<unknown, unknown>;

/** One group's state: its key values and one accumulator state per aggregate. */
export interface AggregateStateEntry {
  k: unknown[];
  a: unknown[];
}

/** Layout version of AggregateStateEntry, part of the operator signature. */
export const AGGREGATE_STATE_VERSION = 1;

/**
 * Spark's StateStoreSaveExec semantics, per partition:
 * - rows are folded into one state entry per grouping key;
 * - with an event-time key (not in complete mode), a row whose window end / timestamp is
 *   `<= lateWatermarkMs` is dropped, counted once per distinct key and epoch (Spark counts
 *   partially aggregated rows);
 * - complete emits every group every epoch and never evicts; update emits the groups changed
 *   this epoch, then silently evicts groups `<= evictionWatermarkMs`; append emits and evicts
 *   exactly those groups; a batch query emits every group once.
 * `process` folds rows into the stored entries in place (no copy per group): an epoch that fails
 * before `finishEpoch` leaves the store half-updated, so the runtime must rebuild the store from
 * its snapshot and journal before re-running the epoch (as it does on any task failure).
 */
export class StreamingAggregateOperator implements Operator {
  readonly kind = 'aggregate';
  readonly stateful: StatefulInfo;
  private readonly keyEvals: Evaluator[];
  private readonly keyNames: string[];
  private readonly aggNames: string[];
  private readonly bound: BoundAggregate[];
  private readonly eventTimeIndex: number;
  private readonly eventTimeKind: 'window' | 'timestamp' | undefined;
  private readonly mode: OutputMode;
  /** Groups touched in the current epoch, in first-touch order. */
  private dirty = new Map<string, AggregateStateEntry>();
  private lateKeys = new Set<string>();
  /** The epoch's groups by raw key values (nested maps; windows by start, then end). */
  private index: IndexNode = new Map();
  private epoch: number | undefined;
  private lastEvictionWatermarkMs: number | undefined;

  constructor(private readonly options: StreamingAggregateOptions, private readonly store: StateStore) {
    this.keyEvals = options.keys.map((k) => k.eval);
    this.keyNames = options.keys.map((k) => k.name);
    this.aggNames = options.aggs.map((a) => a.name);
    this.bound = options.aggs.map((a) => bindAggregate(a.fn, a.args, { ...a.options, distinct: a.distinct }));
    this.mode = options.outputMode;
    const et = options.eventTimeKey;
    this.eventTimeIndex = et ? this.keyNames.indexOf(et.name) : -1;
    this.eventTimeKind = et?.kind;
    if (et && this.eventTimeIndex < 0) {
      throw new TidemarkError('INVALID_OPERATOR_OPTIONS', 'internal',
        `Aggregate ${options.operatorId}: event-time key "${et.name}" is not one of the grouping keys [${this.keyNames.join(', ')}]. Note: the planner must name a grouping key.`,
        { operatorId: options.operatorId });
    }
    const aggSig = options.aggs.map((a) => `${a.fn}${a.distinct ? ' distinct' : ''}/${a.args.length}:${a.name}`).join(',');
    this.stateful = {
      operatorName: 'stateStoreSave',
      signature: `aggregate.v${AGGREGATE_STATE_VERSION}(keys=[${this.keyNames.join(',')}];aggs=[${aggSig}]${et ? `;eventTime=${et.name}:${et.kind}` : ''})`,
    };
  }

  process(rows: Row[], ctx: OperatorContext): Row[] {
    this.startEpoch(ctx);
    const nk = this.keyEvals.length;
    const filterLate = this.eventTimeIndex >= 0 && this.mode !== 'complete' && !ctx.isBatch;
    const lateWm = ctx.lateWatermarkMs;
    const values = new Array<unknown>(nk);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      // Find the group through the epoch's index of raw key values (no string per row); only a
      // group's first row in the epoch builds its encoded state key.
      let node = this.index;
      let slot: AggregateStateEntry | typeof LATE | undefined;
      for (let i = 0; i < nk; i++) {
        const v = this.keyEvals[i](row);
        values[i] = v;
        const last = i === nk - 1;
        let k: unknown;
        if (v === null || v === undefined) k = null;
        else if (typeof v !== 'object') k = v;
        else if (typeof (v as WindowValue).start === 'number' && typeof (v as WindowValue).end === 'number') {
          let byStart = node.get((v as WindowValue).start) as IndexNode | undefined;
          if (byStart === undefined) node.set((v as WindowValue).start, (byStart = new Map()));
          node = byStart;
          k = (v as WindowValue).end;
        } else k = `\u0000${encodeValue(v)}`;
        if (last) slot = node.get(k) as AggregateStateEntry | typeof LATE | undefined;
        else {
          let child = node.get(k) as IndexNode | undefined;
          if (child === undefined) node.set(k, (child = new Map()));
          node = child;
        }
        if (last && slot === undefined) {
          slot = this.touch(values, ctx, filterLate, lateWm);
          node.set(k, slot);
        }
      }
      if (nk === 0) slot = this.dirty.get('') ?? this.touch(values, ctx, false, lateWm);
      if (slot === LATE) continue;
      const entry = slot as AggregateStateEntry;
      const a = entry.a;
      for (let j = 0; j < this.bound.length; j++) a[j] = this.bound[j].update(a[j], row);
    }
    return [];
  }

  finishEpoch(ctx: OperatorContext): Row[] {
    this.startEpoch(ctx);
    // A global aggregation outputs its row even when the epoch brought no input (count = 0).
    if (this.keyEvals.length === 0 && this.dirty.size === 0 && ctx.partition === 0) {
      const key = encodeKey([]);
      this.dirty.set(key, (this.store.get(key) as AggregateStateEntry | undefined) ?? this.newEntry([]));
    }
    for (const [k, e] of this.dirty) this.store.put(k, e);
    ctx.metrics.numRowsUpdated += this.dirty.size;

    let out: Row[];
    if (ctx.isBatch || this.mode === 'complete') {
      out = [];
      for (const [, e] of this.store.entries()) out.push(this.toRow(e as AggregateStateEntry));
    } else if (this.mode === 'update') {
      out = [];
      for (const e of this.dirty.values()) out.push(this.toRow(e));
      for (const [k] of this.evictable(ctx.evictionWatermarkMs)) {
        this.store.delete(k);
        ctx.metrics.numRowsRemoved++;
      }
    } else {
      out = [];
      for (const [k, e] of this.evictable(ctx.evictionWatermarkMs)) {
        out.push(this.toRow(e));
        this.store.delete(k);
        ctx.metrics.numRowsRemoved++;
      }
    }
    if (!ctx.isBatch) this.lastEvictionWatermarkMs = ctx.evictionWatermarkMs;
    this.dirty = new Map();
    this.lateKeys = new Set();
    this.index = new Map();
    this.epoch = undefined;
    return out;
  }

  /** Spark's shouldRunAnotherBatch: the watermark moved past the one this operator last evicted with. */
  needsNoDataEpoch(newWatermarkMs: number): boolean {
    if (this.mode === 'complete') return false;
    if (this.eventTimeIndex < 0 && !this.options.watermarkInInput) return false;
    return this.lastEvictionWatermarkMs !== undefined && newWatermarkMs > this.lastEvictionWatermarkMs;
  }

  /**
   * Groups whose event time is `<= wm`. Every group was already checked against the previous
   * eviction watermark, so while the watermark stands still only this epoch's groups are checked.
   */
  private evictable(wm: number): [string, AggregateStateEntry][] {
    const found: [string, AggregateStateEntry][] = [];
    if (this.eventTimeIndex < 0) return found;
    const candidates: Iterable<[string, unknown]> =
      this.lastEvictionWatermarkMs !== undefined && wm <= this.lastEvictionWatermarkMs
        ? this.dirty.entries()
        : this.store.entries();
    for (const [k, v] of candidates) {
      const e = v as AggregateStateEntry;
      const t = watermarkTimeMs(e.k[this.eventTimeIndex], this.eventTimeKind);
      if (t !== null && t <= wm) found.push([k, e]);
    }
    return found;
  }

  private newEntry(values: readonly unknown[]): AggregateStateEntry {
    return { k: values.slice(), a: this.bound.map((b) => b.accumulator.init()) };
  }

  private toRow(e: AggregateStateEntry): Row {
    const row: Row = {};
    for (let i = 0; i < this.keyNames.length; i++) row[this.keyNames[i]] = e.k[i];
    for (let j = 0; j < this.aggNames.length; j++) row[this.aggNames[j]] = this.bound[j].accumulator.result(e.a[j]);
    return row;
  }

  /** Drops per-epoch bookkeeping left by an epoch that never finished (a failed, re-run epoch). */
  /** A group's first row in this epoch: its state entry (restored or new), or LATE (counted once). */
  private touch(values: unknown[], ctx: OperatorContext, filterLate: boolean, lateWm: number): AggregateStateEntry | typeof LATE {
    const key = encodeKey(values);
    if (filterLate) {
      const t = watermarkTimeMs(values[this.eventTimeIndex], this.eventTimeKind);
      if (t !== null && t <= lateWm) {
        if (!this.lateKeys.has(key)) {
          this.lateKeys.add(key);
          ctx.metrics.numRowsDroppedByWatermark++;
        }
        return LATE;
      }
    }
    let entry = this.dirty.get(key);
    if (entry === undefined) {
      entry = (this.store.get(key) as AggregateStateEntry | undefined) ?? this.newEntry(values);
      this.dirty.set(key, entry);
    }
    return entry;
  }

  private startEpoch(ctx: OperatorContext): void {
    if (this.epoch === ctx.epoch) return;
    if (this.epoch !== undefined) {
      this.dirty = new Map();
      this.lateKeys = new Set();
      this.index = new Map();
    }
    this.epoch = ctx.epoch;
  }
}
