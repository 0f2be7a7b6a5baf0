// SessionWindowAggregateOperator: groupBy(sessionWindow(time, gap), keys...).agg(...) with Spark's merging rules.
import type { OutputMode, Row, WindowValue } from '../plan/types';
import type { Evaluator } from '../plan/expr';
import { bindAggregate, type BoundAggregate } from './aggregate-functions';
import { timestampMs } from './event-time';
import { encodeKey } from './key-encoding';
import type { Operator, OperatorContext, StatefulInfo, StateStore } from './operator';
import type { AggregateColumn } from './streaming-aggregate';

export interface SessionWindowAggregateOptions {
  readonly operatorId: string;
  /** The grouping keys besides the session, with their names. */
  readonly keys: readonly { readonly name: string; readonly eval: Evaluator }[];
  readonly session: { readonly name: string; readonly timeEval: Evaluator; readonly gapMs: number };
  /** Output column order: key names and the session name, as in groupBy(...). */
  readonly groupOrder: readonly string[];
  readonly aggs: readonly AggregateColumn[];
  readonly outputMode: OutputMode;
}

/** Layout version of a key's state: its key values and its sessions [start, end, accumulators]. */
export const SESSION_STATE_VERSION = 1;

type Session = [start: number, end: number, acc: unknown[]];
interface SessionEntry {
  k: unknown[];
  s: Session[];
}

/**
 * Each row opens the session [t, t + gap); sessions of one key merge when they overlap or touch
 * (next.start <= current.end, Spark's rule). Complete mode emits every session each epoch; append
 * emits a session once the watermark passes its end, then forgets it. Late rows are those whose
 * session [t, t + gap) ends at or before the previous epoch's watermark.
 */
export class SessionWindowAggregateOperator implements Operator {
  readonly kind = 'sessionWindowAggregate';
  readonly stateful: StatefulInfo;
  private readonly bound: BoundAggregate[];
  private dirty = new Map<string, SessionEntry>();
  private lateKeys = new Set<string>();
  private epoch: number | undefined;
  private lastEvictionWatermarkMs: number | undefined;

  constructor(private readonly options: SessionWindowAggregateOptions, private readonly store: StateStore) {
    this.bound = options.aggs.map((a) => bindAggregate(a.fn, a.args, { ...a.options, distinct: a.distinct }));
    this.stateful = {
      operatorName: 'sessionWindowStateStoreSaveExec',
      signature: `sessionAggregate.v${SESSION_STATE_VERSION}(keys=[${options.keys.map((k) => k.name).join(',')}];session=${options.session.name}/${options.session.gapMs};aggs=[${options.aggs.map((a) => `${a.fn}:${a.name}`).join(',')}])`,
    };
  }

  process(rows: Row[], ctx: OperatorContext): Row[] {
    this.startEpoch(ctx);
    const { keys, session } = this.options;
    const filterLate = this.options.outputMode !== 'complete' && !ctx.isBatch;
    const values = new Array<unknown>(keys.length);
    for (const row of rows) {
      const t = timestampMs(session.timeEval(row));
      if (t === null) continue; // Spark drops rows without an event time
      for (let i = 0; i < keys.length; i++) values[i] = keys[i].eval(row);
      const key = encodeKey(values);
      const end = t + session.gapMs;
      if (filterLate && end <= ctx.lateWatermarkMs) {
        if (!this.lateKeys.has(key)) {
          this.lateKeys.add(key);
          ctx.metrics.numRowsDroppedByWatermark++;
        }
        continue;
      }
      let entry = this.dirty.get(key);
      if (entry === undefined) {
        entry = (this.store.get(key) as SessionEntry | undefined) ?? { k: values.slice(), s: [] };
        this.dirty.set(key, entry);
      }
      const acc = this.bound.map((b) => b.update(b.accumulator.init(), row));
      this.insert(entry, [t, end, acc]);
    }
    return [];
  }

  finishEpoch(ctx: OperatorContext): Row[] {
    this.startEpoch(ctx);
    for (const [k, e] of this.dirty) this.store.put(k, e);
    ctx.metrics.numRowsUpdated += this.dirty.size;
    const out: Row[] = [];
    if (ctx.isBatch || this.options.outputMode === 'complete') {
      for (const [, v] of this.store.entries()) for (const s of (v as SessionEntry).s) out.push(this.toRow(v as SessionEntry, s));
    } else {
      const wm = ctx.evictionWatermarkMs;
      const done: [string, SessionEntry][] = [];
      for (const [k, v] of this.store.entries()) done.push([k, v as SessionEntry]);
      for (const [k, e] of done) {
        const closed = e.s.filter((s) => s[1] <= wm);
        if (closed.length === 0) continue;
        for (const s of closed) out.push(this.toRow(e, s));
        const open = e.s.filter((s) => s[1] > wm);
        if (open.length === 0) {
          this.store.delete(k);
          ctx.metrics.numRowsRemoved++;
        } else this.store.put(k, { k: e.k, s: open });
      }
      this.lastEvictionWatermarkMs = wm;
    }
    this.dirty = new Map();
    this.lateKeys = new Set();
    this.epoch = undefined;
    return out;
  }

  needsNoDataEpoch(newWatermarkMs: number): boolean {
    return this.options.outputMode !== 'complete' && this.lastEvictionWatermarkMs !== undefined && newWatermarkMs > this.lastEvictionWatermarkMs;
  }

  /** Number of sessions in state (Spark counts session rows). */
  stateRowCount(): number {
    let n = 0;
    for (const [, v] of this.store.entries()) n += (v as SessionEntry).s.length;
    return n;
  }

  /** Inserts a session, merging every session it overlaps or touches; the list stays sorted. */
  private insert(entry: SessionEntry, add: Session): void {
    const list = entry.s;
    let [start, end, acc] = add;
    const kept: Session[] = [];
    for (const s of list) {
      if (s[0] <= end && start <= s[1]) {
        start = Math.min(start, s[0]);
        end = Math.max(end, s[1]);
        acc = acc.map((a, j) => this.bound[j].accumulator.merge(s[2][j], a));
      } else kept.push(s);
    }
    kept.push([start, end, acc]);
    kept.sort((a, b) => a[0] - b[0]);
    entry.s = kept;
  }

  private toRow(e: SessionEntry, s: Session): Row {
    const row: Row = {};
    const { keys, session, groupOrder } = this.options;
    for (const name of groupOrder) {
      if (name === session.name) row[name] = { start: s[0], end: s[1] } satisfies WindowValue;
      else row[name] = e.k[keys.findIndex((k) => k.name === name)];
    }
    this.options.aggs.forEach((a, j) => { row[a.name] = this.bound[j].accumulator.result(s[2][j]); });
    return row;
  }

  private startEpoch(ctx: OperatorContext): void {
    if (this.epoch === ctx.epoch) return;
    if (this.epoch !== undefined) {
      this.dirty = new Map();
      this.lateKeys = new Set();
    }
    this.epoch = ctx.epoch;
  }
}
