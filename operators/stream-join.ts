// SymmetricHashJoinOperator: inner equi-join of two inputs; both sides buffer every row per key (Spark's stream-stream inner join without time constraints).
import type { Row } from '../plan/types';
import type { Evaluator } from '../plan/expr';
import { encodeKey } from './key-encoding';
import type { Operator, OperatorContext, StatefulInfo, StateStore } from './operator';

export type JoinSide = 'left' | 'right';

export interface SymmetricHashJoinOptions {
  readonly operatorId: string;
  /** Join column names (equal on both sides; kept once in the output). */
  readonly on: readonly string[];
  readonly keyEvals: readonly Evaluator[];
}

/** Layout version of a key's join state: its rows of each side. */
export const JOIN_STATE_VERSION = 1;

interface JoinEntry {
  l: Row[];
  r: Row[];
}

/**
 * A row from one side is joined with every buffered row of the other side with the same key,
 * then buffered itself; so a pair is emitted exactly once, in the epoch the later of its two rows
 * arrives. Without a watermark and time-range condition nothing is ever evicted (as in Spark).
 * Output rows are the left row's columns, then the right row's (the join keys are equal).
 */
export class SymmetricHashJoinOperator implements Operator {
  readonly kind = 'symmetricHashJoin';
  readonly stateful: StatefulInfo;
  private dirty = new Map<string, JoinEntry>();
  private epoch: number | undefined;

  constructor(private readonly options: SymmetricHashJoinOptions, private readonly store: StateStore) {
    this.stateful = {
      operatorName: 'symmetricHashJoin',
      signature: `symmetricHashJoin.v${JOIN_STATE_VERSION}(inner;on=[${options.on.join(',')}])`,
    };
  }

  /** Rows without a side cannot be joined; the runtime always calls processSide for a join. */
  process(rows: Row[], ctx: OperatorContext): Row[] {
    return this.processSide('left', rows, ctx);
  }

  processSide(side: JoinSide, rows: Row[], ctx: OperatorContext): Row[] {
    if (this.epoch !== ctx.epoch) {
      this.epoch = ctx.epoch;
      this.dirty = new Map();
    }
    const out: Row[] = [];
    const evals = this.options.keyEvals;
    const values = new Array<unknown>(evals.length);
    for (const row of rows) {
      let nullKey = false;
      for (let i = 0; i < evals.length; i++) {
        values[i] = evals[i](row);
        if (values[i] === null) nullKey = true;
      }
      if (nullKey) continue; // SQL equality: a null key matches nothing
      const key = encodeKey(values);
      let entry = this.dirty.get(key);
      if (entry === undefined) {
        const stored = this.store.get(key) as JoinEntry | undefined;
        entry = stored ? { l: stored.l.slice(), r: stored.r.slice() } : { l: [], r: [] };
        this.dirty.set(key, entry);
      }
      if (side === 'left') {
        for (const r of entry.r) out.push({ ...row, ...r });
        entry.l.push(row);
      } else {
        for (const l of entry.l) out.push({ ...l, ...row });
        entry.r.push(row);
      }
    }
    return out;
  }

  finishEpoch(ctx: OperatorContext): Row[] {
    if (this.epoch === ctx.epoch) {
      for (const [k, e] of this.dirty) this.store.put(k, e);
      ctx.metrics.numRowsUpdated += this.dirty.size;
    }
    this.dirty = new Map();
    this.epoch = undefined;
    return [];
  }

  /** Buffered rows of both sides (Spark counts state rows). */
  stateRowCount(): number {
    let n = 0;
    for (const [, v] of this.store.entries()) n += (v as JoinEntry).l.length + (v as JoinEntry).r.length;
    return n;
  }
}
