// One (stage, partition) task: runs its keyed operator and fused steps, aligns barriers, reports per epoch.
import { StreamingQueryError, TidemarkError } from '../common/errors';
import type { StreamSink, StreamSource } from '../connectors/types';
import { newOperatorMetrics, type Operator, type OperatorContext, type OperatorMetrics } from '../operators/operator';
import type { MapStateStore } from '../operators/state/map-state-store';
import type { PhysicalStep } from '../plan/physical';
import type { OutputMode, Row } from '../plan/types';
import { failpoint, failpointsEnabled } from '../common/failpoints';
import { compileChain, EventTimeStats, type Push } from './chain';
import type { EpochFacts, TaskMessage } from './messages';
import type { Router } from './routing';
import type { TaskReport } from './task-report';

/** The state changes of one epoch of one partition: what is journaled. */
export interface StateChanges {
  readonly epoch: number;
  readonly puts: [string, unknown][];
  readonly deletes: string[];
}

export interface TaskHooks {
  report(r: TaskReport): void;
  /** Sink tasks: the epoch is committed. */
  sinkCommitted?(epoch: number, numOutputRows: number): void;
}

export interface TaskSpec {
  readonly taskKey: string;
  readonly stageId: number;
  readonly partition: number;
  readonly numPartitions: number;
  readonly steps: readonly PhysicalStep[];
  readonly numWatermarks: number;
  readonly expectedBarriers: number;
  readonly outputMode: OutputMode;
  readonly operator?: Operator;
  readonly store?: MapStateStore;
  readonly source?: StreamSource;
  readonly sink?: StreamSink;
  readonly router?: Router;
  readonly batchSize: number;
  /** Two-input stages: which side an upstream task feeds. */
  readonly sideOf?: (fromTaskKey: string) => 'left' | 'right';
}

/**
 * The logic of a task, independent of actors: the actor layer feeds it messages one at a time.
 * Barrier alignment: an epoch ends for this task when barrier(N) arrived from every input.
 */
export class StageTask {
  private facts: EpochFacts | undefined;
  private barriers = 0;
  private metrics: OperatorMetrics = newOperatorMetrics();
  private readonly stats: EventTimeStats[];
  private out: Row[] = [];
  private readonly push: Push;
  private inputRows = 0;
  private outputRows = 0;
  private journal: ((changes: StateChanges) => Promise<void>) | undefined;
  private readonly opCtx: { -readonly [K in keyof OperatorContext]: OperatorContext[K] };

  constructor(private readonly spec: TaskSpec, private readonly hooks: TaskHooks) {
    this.stats = Array.from({ length: spec.numWatermarks }, () => new EventTimeStats());
    const self = this;
    this.push = compileChain(spec.steps, {
      eventTimeStats: this.stats,
      batchTimestampMs: () => self.facts?.batchTimestampMs ?? 0,
    }, (row) => { self.out.push(row); });
    this.opCtx = {
      operatorId: spec.operator?.stateful ? this.operatorId() : spec.taskKey,
      partition: spec.partition,
      numPartitions: spec.numPartitions,
      epoch: -1,
      lateWatermarkMs: 0,
      evictionWatermarkMs: 0,
      batchTimestampMs: 0,
      outputMode: spec.outputMode,
      isBatch: false,
      metrics: this.metrics,
    };
  }

  /** Sets where an epoch's state changes are journaled (the persistent actor's persist). */
  setJournal(journal: (changes: StateChanges) => Promise<void>): void {
    this.journal = journal;
  }

  get key(): string {
    return this.spec.taskKey;
  }

  /** Handles one message; resolves when its effects (routing, journaling, commits) are done. */
  async handle(msg: TaskMessage): Promise<void> {
    if (failpointsEnabled()) failpoint('task.handle', this.spec.taskKey);
    switch (msg.type) {
      case 'beginEpoch':
        return this.begin(msg.facts);
      case 'readRange':
        this.begin(msg.ctx);
        return this.readRange(msg.epoch, msg.start, msg.end);
      case 'data':
        try {
          await this.onRows(msg.epoch, msg.rows, msg.from);
        } finally {
          msg.release?.();
        }
        return;
      case 'barrier':
        if (++this.barriers < this.spec.expectedBarriers) return;
        this.barriers = 0;
        return this.endEpoch(msg.epoch);
    }
  }

  private begin(facts: EpochFacts): void {
    this.facts = facts;
    this.barriers = 0;
    this.inputRows = 0;
    this.outputRows = 0;
    this.metrics = newOperatorMetrics();
    for (const s of this.stats) s.reset();
    const c = this.opCtx;
    c.epoch = facts.epoch;
    c.lateWatermarkMs = facts.lateWatermarkMs;
    c.evictionWatermarkMs = facts.evictionWatermarkMs;
    c.batchTimestampMs = facts.batchTimestampMs;
    c.isBatch = facts.isBatch;
    c.metrics = this.metrics;
  }

  private async readRange(epoch: number, start: unknown, end: unknown): Promise<void> {
    const source = this.spec.source!;
    await source.read(start as never, end as never, (rows) => {
      this.inputRows += rows.length;
      return this.onRows(epoch, rows);
    }, this.spec.batchSize);
    await this.endEpoch(epoch);
  }

  private async onRows(epoch: number, rows: Row[], from?: string): Promise<void> {
    const op = this.spec.operator;
    const sideOf = this.spec.sideOf;
    const input = !op ? rows
      : sideOf && op.processSide && from !== undefined ? this.guard(() => op.processSide!(sideOf(from), rows, this.opCtx))
      : this.guard(() => op.process(rows, this.opCtx));
    await this.runChain(epoch, input);
  }

  private async runChain(epoch: number, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    this.out = [];
    const push = this.push;
    this.guard(() => {
      for (let i = 0; i < rows.length; i++) push(rows[i]);
    });
    const out = this.out;
    this.out = [];
    if (out.length === 0) return;
    this.outputRows += out.length;
    if (this.spec.router) await this.spec.router.route(epoch, out);
    else if (this.spec.sink) {
      if (failpointsEnabled()) failpoint('sink.midWrite');
      await this.spec.sink.write(epoch, out);
    }
  }

  private async endEpoch(epoch: number): Promise<void> {
    const op = this.spec.operator;
    if (op?.finishEpoch) {
      const rows = this.guard(() => op.finishEpoch!(this.opCtx));
      await this.runChain(epoch, rows);
    }
    const store = this.spec.store;
    if (store) {
      const { puts, deletes } = store.takeChanges();
      if (this.journal) await this.journal({ epoch, puts, deletes });
    }
    this.hooks.report(this.makeReport(epoch));
    if (this.spec.router) this.spec.router.barrier(epoch);
    if (this.spec.sink) {
      failpoint('sink.beforeCommit');
      await this.spec.sink.commit(epoch);
      const n = this.spec.sink.lastEpochRowCount?.() ?? this.outputRows;
      this.hooks.sinkCommitted?.(epoch, n < 0 ? this.outputRows : n);
    }
  }

  private makeReport(epoch: number): TaskReport {
    const op = this.spec.operator;
    const store = this.spec.store;
    return {
      taskKey: this.spec.taskKey,
      stageId: this.spec.stageId,
      partition: this.spec.partition,
      epoch,
      inputRows: this.inputRows,
      eventTime: this.stats.map((s, i) => ({ watermarkIndex: i, max: s.max, min: s.min, sum: s.sum, count: s.count })),
      state: op?.stateful && store
        ? {
            operatorId: this.operatorId(),
            operatorName: op.stateful.operatorName,
            numRowsTotal: op.stateRowCount ? op.stateRowCount() : store.size,
            memoryUsedBytes: store.estimatedBytes?.() ?? 0,
            metrics: this.metrics,
            needsNoDataEpoch: (wm, nowMs) => (op.needsNoDataEpoch ? op.needsNoDataEpoch(wm, { outputMode: this.spec.outputMode, nowMs }) : false),
          }
        : undefined,
    };
  }

  private operatorId(): string {
    return this.spec.taskKey.split('/')[0];
  }

  /** Runs operator code; a user function's error becomes a coded error naming the operator and epoch. */
  private guard<R>(fn: () => R): R {
    try {
      return fn();
    } catch (e) {
      if (e instanceof TidemarkError) {
        if (e.details.epoch === undefined) e.details.epoch = this.facts?.epoch;
        if (e.details.operatorId === undefined) e.details.operatorId = this.spec.taskKey;
        throw e;
      }
      const message = e instanceof Error ? e.message : String(e);
      throw new StreamingQueryError('USER_FUNCTION_FAILED', 'user',
        `A function in task ${this.spec.taskKey} threw during epoch ${this.facts?.epoch}: ${message}. Note: fix the function or the input row; the epoch will re-run from the checkpoint on restart.`,
        { cause: e, operatorId: this.spec.taskKey, epoch: this.facts?.epoch });
    }
  }
}
