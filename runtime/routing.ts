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

/** Stable 32-bit FNV-1a hash of a string: partition placement must survive restarts. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Encodes key values as the string that is hashed (and used as the state key by the runtime). */
export function partitionKey(values: unknown): string {
  if (typeof values === 'number' || typeof values === 'string') return `${typeof values === 'number' ? 'n' : 's'}${values}`;
  return JSON.stringify(values) ?? 'null';
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
    const single = evals.length === 1 ? evals[0] : undefined;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const key = single ? partitionKey(single(row)) : partitionKey(evals.map((e) => e(row)));
      const p = hashString(key) % n;
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
