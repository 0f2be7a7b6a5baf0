// Runs one epoch through a dataflow: epoch facts to every task, ranges to the sources, waits for the sink's commit.
import { createActorSystem, type ActorSystem } from '../actors/system';
import { Dataflow, type DataflowOptions } from './dataflow';
import type { EpochFacts } from './messages';
import type { TaskReport } from './task-report';

export interface EpochResult {
  readonly reports: TaskReport[];
  readonly numOutputRows: number;
}

/** The dataflow's options, minus what the runner makes itself (actor system, hooks, persistence flags). */
export interface RunnerOptions extends Omit<DataflowOptions, 'system' | 'persistent' | 'batch' | 'hooks'> {
  /** A nact persistence engine over the checkpoint; absent for batch queries. */
  readonly persistenceEngine?: unknown;
  readonly name: string;
  readonly batch?: boolean;
}

interface Pending {
  epoch: number;
  reports: TaskReport[];
  resolve(r: EpochResult): void;
  reject(e: unknown): void;
}

/**
 * Owns the actor system and the dataflow of one run; `restart()` rebuilds the dataflow, whose
 * persistent tasks recover their state from the journal.
 */
export class EpochRunner {
  private system: ActorSystem | undefined;
  private dataflow: Dataflow | undefined;
  private pending: Pending | undefined;
  private failure: unknown;

  constructor(private readonly opts: RunnerOptions) {}

  start(): void {
    this.system = createActorSystem({ name: this.opts.name, persistenceEngine: this.opts.persistenceEngine });
    this.failure = undefined;
    const df = new Dataflow({
      ...this.opts,
      system: this.system,
      persistent: this.opts.persistenceEngine !== undefined,
      batch: this.opts.batch === true,
      hooks: {
        report: (r) => {
          if (this.dataflow === df && this.pending && r.epoch === this.pending.epoch) this.pending.reports.push(r);
        },
        sinkCommitted: (epoch, numOutputRows) => {
          const p = this.pending;
          if (this.dataflow !== df || !p || p.epoch !== epoch) return;
          this.pending = undefined;
          p.resolve({ reports: p.reports, numOutputRows });
        },
        failed: (_taskKey, error) => {
          if (this.dataflow !== df) return;
          this.failure ??= error;
          const p = this.pending;
          this.pending = undefined;
          p?.reject(error);
        },
      },
    });
    this.dataflow = df;
    df.build();
  }

  /** Runs an epoch: resolves once the sink committed it, rejects with the first task failure. */
  run(facts: EpochFacts, ranges: readonly { start: unknown; end: unknown }[]): Promise<EpochResult> {
    const df = this.dataflow!;
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<EpochResult>((resolve, reject) => {
      this.pending = { epoch: facts.epoch, reports: [], resolve, reject };
      df.beginEpoch(facts);
      ranges.forEach((r, i) => df.readRange(i, facts, r.start, r.end));
    });
  }

  /**
   * Tears the dataflow down, waits for its journal writes to settle, runs `beforeStart` (e.g. discard
   * the failed epoch's entries) and builds it again (its state recovers from the journal).
   */
  async restart(beforeStart?: () => void): Promise<void> {
    const old = this.dataflow;
    this.stop();
    await old?.settled();
    beforeStart?.();
    this.start();
  }

  stop(): void {
    this.dataflow?.stop();
    this.dataflow = undefined;
    this.system?.stop();
    this.system = undefined;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(new Error('stopped'));
  }
}
