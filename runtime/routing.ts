// Routes a task's output to the next stage: hash-partitioned by key, gathered to one task, or to the sink.
import type { CreditGate } from '../actors/credits';
import { compileExpr } from '../plan/compile';
import type { Evaluator, Expr } from '../plan/expr';
import type { Row } from '../plan/types';
import type { TaskMessage } from './messages';

/** One downstream task as seen by a sender: its key, a way to tell it, and the credits of the edge. */
export interface TaskTarget {
  readonly key: string;
  tell(msg: TaskMessage): void;
  readonly gate: CreditGate;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x01000193);
  return h ^ (h >>> 15);
}

/**
 * Stable hash of one grouping value, consistent with grouping equality (-0 = 0, all NaNs equal,
 * null = undefined) and computed without building strings: placement must survive restarts.
 */
export function hashValue(v: unknown, h = 0x811c9dc5): number {
  switch (typeof v) {
    case 'number':
      if ((v | 0) === v) return mix(mix(h, 1), v);
      if (Number.isNaN(v)) return mix(h, 2);
      f64[0] = v;
      return mix(mix(mix(h, 3), u32[0]), u32[1]);
    case 'string': {
      h = mix(h, 4);
      for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v.charCodeAt(i), 0x01000193);
      return h;
    }
    case 'boolean':
      return mix(h, v ? 5 : 6);
    case 'undefined':
      return mix(h, 7);
    case 'bigint':
      return hashValue(v.toString(), mix(h, 8));
    case 'object': {
      if (v === null) return mix(h, 7);
      if (v instanceof Date) return hashValue(v.getTime(), mix(h, 9));
      const o = v as Record<string, unknown>;
      if (typeof o.start === 'number' && typeof o.end === 'number') {
        return hashValue(o.end, hashValue(o.start, mix(h, 10)));
      }
      return hashValue(JSON.stringify(v, Object.keys(o).sort()), mix(h, 11));
    }
    default:
      return hashValue(String(v), mix(h, 12));
  }
}

export class Router {
  private readonly keyEvals: Evaluator[];

  constructor(
    private readonly from: string,
    private readonly targets: readonly TaskTarget[],
    keys: readonly Expr[] | undefined,
  ) {
    this.keyEvals = keys ? keys.map((k) => compileExpr(k)) : [];
  }

  /** Sends rows downstream, waiting for credits where an edge is full (backpressure). */
  async route(epoch: number, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    const n = this.targets.length;
    if (n === 1 || this.keyEvals.length === 0) return this.send(this.targets[0], epoch, rows);
    const buckets: Row[][] = new Array(n);
    const evals = this.keyEvals;
    const nk = evals.length;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      let h = 0x811c9dc5;
      for (let k = 0; k < nk; k++) h = hashValue(evals[k](row), h);
      const p = (h >>> 0) % n;
      (buckets[p] ??= []).push(row);
    }
    for (let p = 0; p < n; p++) {
      const b = buckets[p];
      if (b) await this.send(this.targets[p], epoch, b);
    }
  }

  /** Tells every downstream task that this task has sent all rows of the epoch. */
  barrier(epoch: number): void {
    for (const t of this.targets) t.tell({ type: 'barrier', epoch, from: this.from });
  }

  private async send(target: TaskTarget, epoch: number, rows: Row[]): Promise<void> {
    const wait = target.gate.acquire();
    if (wait) await wait;
    const gate = target.gate;
    target.tell({ type: 'data', epoch, rows, from: this.from, release: () => gate.release() });
  }
}
