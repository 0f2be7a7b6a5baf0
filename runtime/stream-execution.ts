// A running streaming query: the coordinator's epoch protocol, triggers, recovery and the StreamingQuery handle.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../api/clock';
import type { SessionContext, WriteSpec } from '../api/engine';
import type { StreamingQuery, StreamingQueryProgress, StreamingQueryStatus } from '../api/progress';
import { spawnActor, tell, type ActorRef, type ActorSystem, createActorSystem } from '../actors/system';
import { StreamingQueryError, TidemarkError } from '../common/errors';
import type { Offset, StreamSink, StreamSource } from '../connectors/types';
import type { CheckpointStorage, OffsetEntry } from '../persistence/storage';
import type { PhysicalPlan } from '../plan/physical';
import { EpochRunner, type EpochResult } from './epoch-runner';
import type { EpochFacts } from './messages';
import { buildProgress } from './progress-builder';
import type { TaskReport } from './task-report';
import { WatermarkTracker, type WatermarkPolicy } from './watermark-tracker';
import { isoTime } from './event-time';
import { failpoint } from '../common/failpoints';

export interface ExecutionParts {
  readonly session: SessionContext;
  readonly spec: WriteSpec;
  readonly queryId: string;
  readonly storage: CheckpointStorage;
  readonly ownsTempCheckpoint: boolean;
  readonly physical: PhysicalPlan;
  readonly sources: StreamSource[];
  readonly sink: StreamSink;
  readonly persistenceEngine: unknown;
  readonly watermarkDelaysMs: number[];
  readonly policy: WatermarkPolicy;
  readonly explainText: string;
  readonly onClose: () => Promise<void>;
}

type CoordinatorMsg = { type: 'tick'; done: (ran: boolean) => void; fail: (e: unknown) => void };

interface DrainWaiter {
  targets: Offset[];
  resolve(): void;
  reject(e: unknown): void;
}

/**
 * The coordinator of one query. Ticks are serialized through a coordinator actor, so at most one
 * epoch is in flight. Epoch N: offsets/N written before any data moves; tasks process and journal;
 * the sink commits N; then commits/N, the next watermark, progress, and a no-data epoch if the new
 * watermark would emit or evict.
 */
export class StreamExecution implements StreamingQuery {
  readonly id: string;
  readonly runId = randomUUID();
  readonly name: string | null;
  private active = true;
  private error: Error | null = null;
  private progress: StreamingQueryProgress[] = [];
  private statusValue: StreamingQueryStatus = { message: 'Initializing sources', isDataAvailable: false, isTriggerActive: false };
  private readonly runner: EpochRunner;
  private coordinatorSystem: ActorSystem | undefined;
  private coordinator: ActorRef<CoordinatorMsg> | undefined;
  private readonly tracker: WatermarkTracker;
  private committedEnds: Offset[] = [];
  private initialOffsets: Offset[] = [];
  private nextEpoch = 0;
  private replay: OffsetEntry | undefined;
  private lateWatermarkMs = 0;
  private lastStateReports: TaskReport[] = [];
  private lastEvictionWatermarkMs = 0;
  private stopRequested = false;
  private wakeLoop: (() => void) | undefined;
  private loopDone: Promise<void> | undefined;
  private drainWaiters: DrainWaiter[] = [];
  private waiting = false;
  private idleWaiters: (() => void)[] = [];
  private terminationWaiters: { resolve(v: boolean): void; reject(e: unknown): void }[] = [];
  private unsubscribes: (() => void)[] = [];
  private restarts = 0;
  private previousTriggerStartMs: number | undefined;
  private availableNowTargets: Offset[] | undefined;
  private lastProgressMs = 0;
  private idleReported = false;
  private readonly clock: Clock;
  private readonly maxRestarts: number;
  private readonly noDataEpochs: boolean;
  private readonly retain: number;

  constructor(private readonly parts: ExecutionParts) {
    this.id = parts.queryId;
    this.name = parts.spec.queryName ?? null;
    this.clock = parts.spec.clock;
    const conf = parts.session.conf;
    this.maxRestarts = Number(conf.get('tidemark.maxActorRestarts') ?? 3);
    this.noDataEpochs = (conf.get('tidemark.noDataMicroBatches') ?? 'true') === 'true';
    this.retain = Number(conf.get('tidemark.minBatchesToRetain') ?? 100);
    this.tracker = new WatermarkTracker(parts.watermarkDelaysMs, parts.policy, parts.storage.latestCommit()?.nextWatermarkMs ?? 0);
    this.runner = new EpochRunner({
      physical: parts.physical,
      sources: parts.sources,
      sink: parts.sink,
      outputMode: parts.spec.outputMode,
      batchSize: Number(conf.get('tidemark.batchSize') ?? 4096),
      maxInFlightBatches: Number(conf.get('tidemark.maxInFlightBatches') ?? 8),
      snapshotEvery: Number(conf.get('tidemark.snapshotEvery') ?? 10),
      persistenceEngine: parts.persistenceEngine,
      name: `query-${this.runId.slice(0, 8)}`,
    });
  }

  // ---- StreamingQuery -------------------------------------------------------------------------

  get isActive(): boolean {
    return this.active;
  }
  get status(): StreamingQueryStatus {
    return { ...this.statusValue };
  }
  get lastProgress(): StreamingQueryProgress | null {
    return this.progress.length ? this.progress[this.progress.length - 1] : null;
  }
  get recentProgress(): StreamingQueryProgress[] {
    return [...this.progress];
  }
  get exception(): Error | null {
    return this.error;
  }
  explain(): string {
    return this.parts.explainText;
  }

  async processAllAvailable(): Promise<void> {
    if (this.error) throw this.error;
    if (!this.active) return;
    const targets = await this.availableOffsets();
    return new Promise<void>((resolve, reject) => {
      this.drainWaiters.push({ targets, resolve, reject });
      this.wakeLoop?.();
    });
  }

  awaitTermination(timeoutMs?: number): Promise<boolean> {
    if (!this.active) return this.error ? Promise.reject(this.error) : Promise.resolve(true);
    return new Promise<boolean>((resolve, reject) => {
      const w = { resolve, reject };
      this.terminationWaiters.push(w);
      if (timeoutMs !== undefined) {
        setTimeout(() => {
          const i = this.terminationWaiters.indexOf(w);
          if (i >= 0) {
            this.terminationWaiters.splice(i, 1);
            resolve(false);
          }
        }, timeoutMs);
      }
    });
  }

  async stop(): Promise<void> {
    if (!this.active) return;
    this.stopRequested = true;
    this.wakeLoop?.();
    await this.loopDone;
  }

  // ---- start and recovery ----------------------------------------------------------------------

  /** Recovers from the checkpoint, opens connectors, spawns the actors and starts the trigger loop. */
  async start(): Promise<void> {
    const { storage, sources, sink, spec, session } = this.parts;
    const lastCommit = storage.latestCommit();
    const lastOffsets = storage.latestOffsets();
    storage.discardAfterEpoch(lastCommit?.epoch ?? -1);
    for (let i = 0; i < sources.length; i++) {
      const src = sources[i];
      await src.open({
        sourceIndex: i,
        metadata: { get: (k) => storage.getSourceMeta(i, k), put: (k, v) => storage.putSourceMeta(i, k, v) },
        now: () => this.clock.now(),
      });
      this.initialOffsets.push(src.initialOffset());
    }
    await sink.open({ queryId: this.id, queryName: spec.queryName, outputMode: spec.outputMode });
    if (lastOffsets && (!lastCommit || lastCommit.epoch < lastOffsets.epoch)) {
      this.replay = lastOffsets; // offsets without a commit: re-run with exactly the same ranges
      this.nextEpoch = lastOffsets.epoch;
      this.committedEnds = lastOffsets.ranges.map((r) => r.start as Offset);
    } else if (lastOffsets) {
      this.nextEpoch = lastOffsets.epoch + 1;
      this.committedEnds = lastOffsets.ranges.map((r) => r.end as Offset);
    } else {
      this.committedEnds = [...this.initialOffsets];
    }
    const prev = this.replay ? (this.replay.epoch > 0 ? storage.readOffsets(this.replay.epoch - 1) : undefined) : lastOffsets;
    this.lateWatermarkMs = prev?.watermarkMs ?? 0;
    this.lastEvictionWatermarkMs = this.lateWatermarkMs;
    if (spec.trigger.kind === 'availableNow') {
      this.availableNowTargets = await this.availableOffsets();
    }
    this.runner.start();
    this.coordinatorSystem = createActorSystem({ name: `coordinator-${this.runId.slice(0, 8)}` });
    this.coordinator = spawnActor<null, CoordinatorMsg>(this.coordinatorSystem, 'coordinator', async (state, msg) => {
      try {
        msg.done(await this.tick());
      } catch (e) {
        msg.fail(e);
      }
      return state;
    }, { initialState: null });
    for (const s of sources) {
      const off = s.onDataAvailable?.(() => this.wakeLoop?.());
      if (off) this.unsubscribes.push(off);
    }
    if (this.clock.manual && 'onAdvance' in this.clock) {
      this.unsubscribes.push((this.clock as unknown as { onAdvance(l: () => void): () => void }).onAdvance(() => this.wakeLoop?.()));
    }
    session.hooks.started(this);
    const started = { id: this.id, runId: this.runId, name: this.name, timestamp: isoTime(Date.now()) };
    for (const l of session.hooks.listeners()) l.onQueryStarted?.(started);
    this.statusValue = { message: 'Waiting for data to arrive', isDataAvailable: false, isTriggerActive: false };
    this.loopDone = this.loop();
  }

  /** Every source's offset of all data available now, ignoring read limits. */
  private availableOffsets(): Promise<Offset[]> {
    return Promise.all(this.parts.sources.map((s, i) => (s.reportLatestOffset ?? s.latestOffset).call(s, this.committedEnds[i])));
  }

  // ---- the trigger loop ------------------------------------------------------------------------

  private async loop(): Promise<void> {
    const trigger = this.parts.spec.trigger;
    const intervalMs = trigger.kind === 'processingTime' || trigger.kind === 'continuous' ? trigger.intervalMs : 0;
    let nextTriggerMs = this.clock.now();
    try {
      while (!this.stopRequested) {
        if (intervalMs > 0) {
          await this.waitUntil(nextTriggerMs);
          if (this.stopRequested) break;
          if (this.clock.now() < nextTriggerMs) continue; // woken early (data arrived, drain request)
        }
        const triggerAt = this.clock.now();
        const ran = await this.askTick();
        if (trigger.kind === 'once') break;
        if (trigger.kind === 'availableNow' && !ran) break;
        if (intervalMs > 0) {
          nextTriggerMs = Math.max(nextTriggerMs + intervalMs, Math.floor(triggerAt / intervalMs) * intervalMs + intervalMs);
        }
        if (!ran) {
          this.settleDrains();
          this.maybeIdleEvent();
          if (intervalMs === 0) await this.waitForWork();
        }
      }
      await this.terminate(null);
    } catch (e) {
      await this.terminate(e);
    }
  }

  private askTick(): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => tell(this.coordinator!, { type: 'tick', done: resolve, fail: reject }));
  }

  private waitUntil(timeMs: number): Promise<void> {
    const signal: { cancelled: boolean; wake?: () => void } = { cancelled: false };
    return new Promise<void>((resolve) => {
      const done = () => { this.setWaiting(false); resolve(); };
      this.wakeLoop = () => { signal.wake?.(); done(); };
      this.setWaiting(true);
      this.clock.waitUntil(timeMs, signal).then(done);
    });
  }

  /**
   * Resolves once the trigger loop is blocked waiting (for the clock or for data) with no epoch in
   * flight: with a ManualClock, the state in which a test may check answers or advance time.
   */
  waitIdle(): Promise<void> {
    if (this.waiting || !this.active) return Promise.resolve();
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private setWaiting(w: boolean): void {
    this.waiting = w;
    if (w) {
      const ws = this.idleWaiters;
      this.idleWaiters = [];
      for (const r of ws) r();
    }
  }

  /** Data-driven wait: wakes on new data, a drain request, stop, or a short poll for clock-driven sources. */
  private waitForWork(): Promise<void> {
    return new Promise<void>((resolve) => {
      const pollMs = this.clock.manual ? undefined : 50;
      const done = () => { this.setWaiting(false); resolve(); };
      const t = pollMs === undefined ? undefined : setTimeout(done, pollMs);
      this.wakeLoop = () => {
        if (t) clearTimeout(t);
        done();
      };
      this.setWaiting(true);
    });
  }

  private settleDrains(): void {
    if (this.drainWaiters.length === 0) return;
    const remaining: DrainWaiter[] = [];
    for (const w of this.drainWaiters) {
      if (w.targets.every((t, i) => reached(this.committedEnds[i], t))) w.resolve();
      else remaining.push(w);
    }
    this.drainWaiters = remaining;
  }

  private maybeIdleEvent(): void {
    if (this.idleReported || this.progress.length === 0) return;
    if (Date.now() - this.lastProgressMs < 10_000) return;
    this.idleReported = true;
    const ev = { id: this.id, runId: this.runId, timestamp: isoTime(Date.now()) };
    for (const l of this.parts.session.hooks.listeners()) l.onQueryIdle?.(ev);
  }

  // ---- one tick: at most one epoch -------------------------------------------------------------

  /** Runs the next epoch if there is data or the watermark calls for a no-data epoch. */
  private async tick(): Promise<boolean> {
    const { storage, sources } = this.parts;
    const t0 = Date.now();
    const durationMs: Record<string, number> = {};
    let entry: OffsetEntry;
    if (this.replay) {
      entry = this.replay;
      this.replay = undefined;
    } else {
      const starts = this.committedEnds;
      let ends = await Promise.all(sources.map((s, i) => s.latestOffset(starts[i])));
      if (this.availableNowTargets) ends = ends.map((e, i) => (reached(e, this.availableNowTargets![i]) ? this.availableNowTargets![i] : e));
      durationMs.latestOffset = Date.now() - t0;
      const hasData = ends.some((e, i) => !sameOffset(e, starts[i]));
      const wm = this.tracker.currentMs;
      const trigger = this.parts.spec.trigger.kind;
      const noData = !hasData && this.noDataEpochs && trigger !== 'once' && this.needsNoDataEpoch(wm);
      if (!hasData && !noData) {
        this.statusValue = { message: 'Waiting for data to arrive', isDataAvailable: false, isTriggerActive: false };
        return false;
      }
      entry = {
        epoch: this.nextEpoch,
        ranges: starts.map((s, i) => ({ start: s, end: ends[i] })),
        watermarkMs: wm,
        batchTimestampMs: this.clock.now(),
        conf: {},
      };
      const w0 = Date.now();
      this.statusValue = { message: 'Writing offsets to log', isDataAvailable: hasData, isTriggerActive: true };
      await storage.writeOffsets(entry); // write-ahead: before any data moves
      failpoint('epoch.afterOffsetsWrite');
      durationMs.walCommit = Date.now() - w0;
    }
    this.statusValue = { message: 'Processing new data', isDataAvailable: true, isTriggerActive: true };
    const facts: EpochFacts = {
      epoch: entry.epoch,
      lateWatermarkMs: this.lateWatermarkMs,
      evictionWatermarkMs: entry.watermarkMs,
      batchTimestampMs: entry.batchTimestampMs,
      isBatch: false,
    };
    const a0 = Date.now();
    let result: EpochResult;
    try {
      result = await this.runner.run(facts, entry.ranges);
    } catch (e) {
      this.parts.sink.abort?.(entry.epoch);
      if (!isRecoverable(e) || this.restarts >= this.maxRestarts) throw wrapFailure(e, entry.epoch);
      this.restarts++;
      // Old actors' in-flight journal writes must land before the discard, or they survive it.
      await this.runner.restart(() => {
        // Recovery must not see a late snapshot of the failed epoch (nact does not await snapshot writes).
        (this.parts.persistenceEngine as { setRecoveryHorizon?(epoch: number): void }).setRecoveryHorizon?.(entry.epoch - 1);
        storage.discardAfterEpoch(entry.epoch - 1);
      });
      this.replay = entry;
      return true;
    }
    durationMs.addBatch = Date.now() - a0;
    for (const r of result.reports) this.tracker.observe(r.eventTime);
    const nextWatermarkMs = this.tracker.advance();
    const c0 = Date.now();
    failpoint('epoch.beforeCommitRecord');
    await storage.writeCommit({ epoch: entry.epoch, nextWatermarkMs });
    for (let i = 0; i < sources.length; i++) await sources[i].commit?.(entry.ranges[i].end as Offset);
    durationMs.commitOffsets = Date.now() - c0;
    this.committedEnds = entry.ranges.map((r) => r.end as Offset);
    this.nextEpoch = entry.epoch + 1;
    this.restarts = 0; // the restart budget is per epoch: a committed epoch proves the dataflow healthy
    this.lateWatermarkMs = entry.watermarkMs;
    this.lastEvictionWatermarkMs = entry.watermarkMs;
    this.lastStateReports = result.reports.filter((r) => r.state);
    if (entry.epoch % 10 === 0 && entry.epoch >= this.retain) await storage.purgeBefore(entry.epoch - this.retain + 1);
    durationMs.triggerExecution = Date.now() - t0;
    this.recordProgress(entry, result, { triggerStartMs: t0, previousTriggerStartMs: this.previousTriggerStartMs, durationMs });
    this.previousTriggerStartMs = t0;
    this.statusValue = { message: 'Waiting for next trigger', isDataAvailable: false, isTriggerActive: false };
    return true;
  }

  private needsNoDataEpoch(newWatermarkMs: number): boolean {
    if (newWatermarkMs <= this.lastEvictionWatermarkMs && this.lastStateReports.length === 0) return false;
    const nowMs = this.clock.now();
    return this.lastStateReports.some((r) => r.state!.needsNoDataEpoch(newWatermarkMs, nowMs));
  }

  private recordProgress(entry: OffsetEntry, result: EpochResult, timing: { triggerStartMs: number; previousTriggerStartMs?: number; durationMs: Record<string, number> }): void {
    const { physical } = this.parts;
    const p = buildProgress({
      id: this.id,
      runId: this.runId,
      name: this.name,
      epoch: entry.epoch,
      reports: result.reports,
      numOutputRows: result.numOutputRows,
      watermarkMs: entry.watermarkMs,
      hasWatermark: physical.numWatermarks > 0,
      ranges: entry.ranges,
      initialOffsets: this.initialOffsets,
      sources: this.parts.sources,
      sink: this.parts.sink,
      timing,
      statefulOperators: physical.stages.filter((s) => s.keyed && s.keyed.kind !== 'sort').map((s) => ({ operatorId: s.keyed!.operatorId, numPartitions: s.numPartitions })),
    });
    const limit = Number(this.parts.session.conf.get('tidemark.numRecentProgressUpdates') ?? 100);
    this.progress.push(p);
    if (this.progress.length > limit) this.progress.shift();
    this.lastProgressMs = Date.now();
    this.idleReported = false;
    for (const l of this.parts.session.hooks.listeners()) {
      try {
        l.onQueryProgress?.({ progress: p });
      } catch (e) {
        this.parts.session.logger.warn('a listener threw in onQueryProgress', { error: String(e) });
      }
    }
  }

  // ---- termination ---------------------------------------------------------------------------

  private async terminate(error: unknown): Promise<void> {
    this.active = false;
    if (error !== null) this.error = wrapFailure(error, this.nextEpoch);
    this.runner.stop();
    this.coordinatorSystem?.stop();
    for (const off of this.unsubscribes) off();
    try {
      await this.parts.sink.close?.();
      for (const s of this.parts.sources) await s.close?.();
    } catch (e) {
      this.error ??= wrapFailure(e, this.nextEpoch);
    }
    await this.parts.onClose();
    this.statusValue = this.error
      ? { message: `Terminated with exception: ${this.error.message}`, isDataAvailable: false, isTriggerActive: false }
      : { message: 'Stopped', isDataAvailable: false, isTriggerActive: false };
    this.parts.session.hooks.terminated(this);
    const ev = { id: this.id, runId: this.runId, exception: this.error ? this.error.message : null, errorClassOnException: this.error instanceof TidemarkError ? this.error.code : null };
    for (const l of this.parts.session.hooks.listeners()) l.onQueryTerminated?.(ev);
    for (const w of this.drainWaiters) this.error ? w.reject(this.error) : w.resolve();
    this.drainWaiters = [];
    this.setWaiting(true);
    for (const w of this.terminationWaiters) this.error ? w.reject(this.error) : w.resolve(true);
    this.terminationWaiters = [];
  }
}

function sameOffset(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** True when `committed` is at or past `target` (numbers), or equal to it. */
function reached(committed: unknown, target: unknown): boolean {
  if (typeof committed === 'number' && typeof target === 'number') return committed >= target;
  return sameOffset(committed, target);
}

/** User errors (bad function, bad input) fail the query; engine faults are retried from the journal. */
function isRecoverable(e: unknown): boolean {
  if (e instanceof TidemarkError) return e.domain === 'internal' && e.details.retryable !== false;
  return (e as { injected?: boolean })?.injected === true;
}

function wrapFailure(e: unknown, epoch: number): Error {
  if (e instanceof TidemarkError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new StreamingQueryError('QUERY_FAILED', 'internal', `The query failed in epoch ${epoch}: ${message}. Note: see the cause; restarting the query re-runs epoch ${epoch} from the checkpoint.`, { cause: e, epoch });
}
