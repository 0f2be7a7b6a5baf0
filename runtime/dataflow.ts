// Builds a query's dataflow of actors from its physical plan: source, keyed-partition and sink tasks.
import { CreditGate } from '../actors/credits';
import { spawnPersistentActor } from '../actors/persistent';
import { spawnActor, stopActor, tell, type ActorRef, type ActorSystem } from '../actors/system';
import type { SupervisionPolicy } from '../actors/supervision';
import type { StreamSink, StreamSource } from '../connectors/types';
import type { Operator } from '../operators/operator';
import { MapStateStore } from '../operators/state/map-state-store';
import type { PhysicalPlan, Stage } from '../plan/physical';
import type { OutputMode } from '../plan/types';
import { failpoint } from '../common/failpoints';
import type { EpochFacts, TaskMessage } from './messages';
import { createKeyedOperator } from './operator-factory';
import { Router, type TaskTarget } from './routing';
import { StageTask, type StateChanges, type TaskHooks } from './stage-task';
import type { TaskReport } from './task-report';

export interface DataflowHooks {
  report(r: TaskReport): void;
  sinkCommitted(epoch: number, numOutputRows: number): void;
  failed(taskKey: string, error: unknown): void;
}

export interface DataflowOptions {
  readonly physical: PhysicalPlan;
  readonly sources: readonly StreamSource[];
  readonly sink: StreamSink;
  readonly outputMode: OutputMode;
  readonly batchSize: number;
  readonly maxInFlightBatches: number;
  readonly snapshotEvery: number;
  readonly system: ActorSystem;
  /** False for batch queries: state is not journaled. */
  readonly persistent: boolean;
  /** A bounded query: operators emit everything at the end of the single epoch. */
  readonly batch: boolean;
  readonly hooks: DataflowHooks;
}

interface StatefulState {
  task: StageTask;
  store: MapStateStore;
  appliedEpoch: number;
}

/** The actors of one run of a query. Re-created from the journal after a failure. */
export class Dataflow {
  private readonly refs = new Map<string, ActorRef<TaskMessage>>();
  private readonly gates: CreditGate[] = [];
  /** Stage id → task keys of its partitions. */
  private readonly stageTasks = new Map<number, string[]>();
  private sinkKey = 'sink';
  private stopped = false;
  /** Journal writes in flight: a restart waits for them, or they land after recovery read the journal. */
  private readonly journalWrites = new Set<Promise<unknown>>();

  constructor(private readonly opts: DataflowOptions) {}

  /** Spawns every task, downstream first so that each sender knows its targets. */
  build(): void {
    const { physical } = this.opts;
    const sinkTargets = this.spawnSink();
    const targetsOf = new Map<number, TaskTarget[]>();
    const order = [...physical.stages].sort((a, b) => b.id - a.id);
    for (const stage of order) {
      const targets = stage.output.kind === 'sink' ? sinkTargets : targetsOf.get(stage.output.toStage)!;
      const mine: TaskTarget[] = [];
      for (let p = 0; p < stage.numPartitions; p++) mine.push(this.spawnTask(stage, p, targets));
      targetsOf.set(stage.id, mine);
    }
  }

  /** Tells every task the facts of the epoch about to run (before any of its data). */
  beginEpoch(facts: EpochFacts): void {
    for (const [key, ref] of this.refs) {
      if (!this.isSourceTask(key)) tell(ref, { type: 'beginEpoch', facts });
    }
  }

  /** Starts reading one source's range for an epoch. */
  readRange(sourceIndex: number, facts: EpochFacts, start: unknown, end: unknown): void {
    for (const stage of this.opts.physical.stages) {
      if (stage.kind === 'source' && stage.sourceIndex === sourceIndex) {
        for (const key of this.stageTasks.get(stage.id) ?? []) {
          tell(this.refs.get(key)!, { type: 'readRange', epoch: facts.epoch, start: start as never, end: end as never, ctx: facts });
        }
      }
    }
  }

  /** Stops every actor and fails every sender waiting for credit. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    const err = new Error('dataflow stopped');
    for (const g of this.gates) g.abort(err);
    for (const ref of this.refs.values()) stopActor(ref as ActorRef<never>);
  }

  /** Resolves once every journal write this dataflow issued has settled (after stop(), no new one starts). */
  async settled(): Promise<void> {
    while (this.journalWrites.size > 0) await Promise.allSettled([...this.journalWrites]);
  }

  private isSourceTask(key: string): boolean {
    return key.startsWith('source-');
  }

  private supervisor(taskKey: string): SupervisionPolicy {
    return {
      maxRestarts: 0,
      withinMs: 60_000,
      onGiveUp: (error) => this.opts.hooks.failed(taskKey, error),
    };
  }

  private spawnSink(): TaskTarget[] {
    const { physical } = this.opts;
    const expected = physical.sinkInputs.reduce((n, id) => n + physical.stages[id].numPartitions, 0);
    const task = () => new StageTask({
      taskKey: this.sinkKey,
      stageId: -1,
      partition: 0,
      numPartitions: 1,
      steps: physical.sinkSteps,
      numWatermarks: physical.numWatermarks,
      expectedBarriers: expected,
      outputMode: this.opts.outputMode,
      sink: this.opts.sink,
      batchSize: this.opts.batchSize,
    }, this.taskHooks());
    const ref = this.spawnPlain(this.sinkKey, task);
    return [this.target(this.sinkKey, ref)];
  }

  private spawnTask(stage: Stage, partition: number, targets: TaskTarget[]): TaskTarget {
    const { physical } = this.opts;
    const key = stage.kind === 'source'
      ? `source-${stage.sourceIndex}-stage${stage.id}`
      : `${stage.keyed!.operatorId}/${partition}`;
    const list = this.stageTasks.get(stage.id) ?? [];
    list.push(key);
    this.stageTasks.set(stage.id, list);
    const expected = stage.inputs.reduce((n, id) => n + physical.stages[id].numPartitions, 0);
    const keys = stage.output.kind === 'hash' ? stage.output.keys : undefined;
    const make = (store?: MapStateStore, operator?: Operator) => new StageTask({
      taskKey: key,
      stageId: stage.id,
      partition,
      numPartitions: stage.numPartitions,
      steps: stage.steps,
      numWatermarks: physical.numWatermarks,
      expectedBarriers: expected,
      outputMode: this.opts.outputMode,
      operator,
      store,
      source: stage.kind === 'source' ? this.opts.sources[stage.sourceIndex!] : undefined,
      router: new Router(key, targets, keys),
      batchSize: this.opts.batchSize,
      sideOf: stage.keyed?.kind === 'join' ? this.sideOf(stage.keyed.leftStages) : undefined,
    }, this.taskHooks());

    if (stage.kind === 'source') return this.target(key, this.spawnPlain(key, () => make()));
    const keyed = stage.keyed!;
    const stateful = keyed.kind !== 'sort';
    if (!stateful || !this.opts.persistent) {
      return this.target(key, this.spawnPlain(key, () => {
        const store = new MapStateStore();
        return make(store, createKeyedOperator(keyed, partition, store, this.opts.outputMode, this.opts.batch));
      }));
    }
    return this.target(key, this.spawnStateful(key, () => {
      const store = new MapStateStore();
      return { store, task: make(store, createKeyedOperator(keyed, partition, store, this.opts.outputMode, this.opts.batch)), appliedEpoch: -1 };
    }));
  }

  /** A join's inputs: upstream tasks of the left stages feed the left side, all others the right. */
  private sideOf(leftStages: readonly number[]): (from: string) => 'left' | 'right' {
    let left: Set<string> | undefined; // built on first use: upstream stages are spawned after this one
    return (from) => {
      left ??= new Set(leftStages.flatMap((id) => this.stageTasks.get(id) ?? []));
      return left.has(from) ? 'left' : 'right';
    };
  }

  private target(key: string, ref: ActorRef<TaskMessage>): TaskTarget {
    const gate = new CreditGate(this.opts.maxInFlightBatches);
    this.gates.push(gate);
    this.refs.set(key, ref);
    return { key, gate, tell: (msg) => tell(ref, msg) };
  }

  private taskHooks(): TaskHooks {
    const h = this.opts.hooks;
    return { report: (r) => h.report(r), sinkCommitted: (e, n) => h.sinkCommitted(e, n) };
  }

  private spawnPlain(key: string, make: () => StageTask): ActorRef<TaskMessage> {
    return spawnActor<StageTask, TaskMessage>(this.opts.system, safeName(key), async (task, msg) => {
      await task.handle(msg);
      return task;
    }, { initialStateFn: make, supervisor: this.supervisor(key) });
  }

  private spawnStateful(key: string, make: () => StatefulState): ActorRef<TaskMessage> {
    return spawnPersistentActor<StatefulState, TaskMessage, StateChanges>(this.opts.system, {
      name: safeName(key),
      persistenceKey: key,
      initialState: make,
      snapshotEvery: this.opts.snapshotEvery,
      snapshotCodec: {
        encode: (s) => ({ epoch: s.appliedEpoch, entries: [...s.store.entries()] }),
        decode: (data) => {
          const d = data as { epoch: number; entries: [string, unknown][] };
          const s = make();
          s.store.load(d.entries);
          s.appliedEpoch = d.epoch;
          return s;
        },
      },
      applyEvent: (s, changes) => {
        if (changes.epoch <= s.appliedEpoch) return s; // already applied by the live path
        s.store.applyChanges(changes);
        s.appliedEpoch = changes.epoch;
        return s;
      },
      handle: async (s, msg, ctx) => {
        s.task.setJournal(async (changes) => {
          if (this.stopped) throw new Error('dataflow stopped'); // a torn-down dataflow never journals
          s.appliedEpoch = changes.epoch;
          failpoint('journal.beforeWrite', key);
          const write = ctx.persist(changes);
          this.journalWrites.add(write);
          try {
            await write;
          } finally {
            this.journalWrites.delete(write);
          }
        });
        await s.task.handle(msg);
        return s;
      },
      supervisor: this.supervisor(key),
    });
  }
}

function safeName(key: string): string {
  return key.replace(/[^A-Za-z0-9_-]/g, '_');
}
