// The chaos child: runs a topology to its bound, writing output to an epoch-idempotent store and events to stdout.
import { ManualClock, Session, Trigger, TidemarkError } from '../index';
import type { StreamingQuery } from '../api/progress';
import { existsSync } from 'node:fs';
import { armFailpoint, setFailpointRandom } from '../common/failpoints';
import { openCheckpoint } from '../persistence/storage';
import { OutputStore } from './output-store';
import { Prng } from './prng';
import { CHILD_CONFIG_VERSION, formatEvent, type ChildConfig, type ChildEvent } from './protocol';
import { DEFAULT_START_TIME_MS, loadTopology, type ChaosTopology } from './topology';

export type Emit = (e: ChildEvent) => void;

/** Writes an event line; stdout on a pipe is synchronous on Linux, so a line survives a kill right after. */
export const emitToStdout: Emit = (e) => {
  process.stdout.write(formatEvent(e));
};

/**
 * Actor mode: every task actor message may throw an InjectedFault with probability p. The seeded
 * random source also counts the faults (it is the only probabilistic failpoint armed here).
 */
function armActorFaults(p: number, seed: number, emit: Emit): void {
  const prng = new Prng(seed);
  setFailpointRandom(() => {
    const r = prng.next();
    if (r < p) emit({ ev: 'fault' });
    return r;
  });
  armFailpoint('task.handle', { action: 'throw', probability: p, repeat: true });
}

/**
 * The epoch the engine will re-run on start (offsets written, no commit), read from the checkpoint
 * before the query opens it; undefined when there is none or the checkpoint cannot be read (the
 * query's own start then reports the problem).
 */
export async function pendingEpoch(checkpointLocation: string): Promise<number | undefined> {
  if (!existsSync(checkpointLocation)) return undefined;
  try {
    const storage = await openCheckpoint(checkpointLocation);
    try {
      const offsets = storage.latestOffsets();
      const commit = storage.latestCommit();
      return offsets && (!commit || commit.epoch < offsets.epoch) ? offsets.epoch : undefined;
    } finally {
      await storage.close();
    }
  } catch {
    return undefined;
  }
}

/** Runs one incarnation of the child. Resolves when the bounded run is complete; rejects on a query failure. */
export async function runChild(cfg: ChildConfig, emit: Emit = emitToStdout): Promise<void> {
  if (cfg.v !== CHILD_CONFIG_VERSION) throw new Error(`chaos child config version ${JSON.stringify(cfg.v)} is not ${CHILD_CONFIG_VERSION}`);
  const topology = loadTopology(cfg.topologyPath);
  emit({
    ev: 'topology',
    name: topology.name,
    sequence: topology.sequence,
    outputMode: topology.outputMode ?? 'append',
    run: topology.run.kind === 'clock' ? `clock, ${topology.run.steps} steps of ${topology.run.stepMs ?? 1000} ms` : 'availableNow',
  });
  const replayEpoch = await pendingEpoch(cfg.checkpointLocation);
  const store = OutputStore.open(cfg.outputLocation);
  const session = new Session({ appName: `chaos-${topology.name}`, print: (text) => process.stderr.write(`${text}\n`) });
  try {
    for (const [k, v] of Object.entries(topology.conf ?? {})) session.conf.set(k, v);
    if (cfg.actorFaultProbability > 0) {
      session.conf.set('tidemark.maxActorRestarts', 1_000_000_000);
      armActorFaults(cfg.actorFaultProbability, cfg.seed, emit);
    }
    session.streams.addListener({ onQueryProgress: ({ progress }) => emit({ ev: 'commit', epoch: progress.batchId }) });
    if (topology.run.kind === 'clock') await runClocked(topology, session, store, cfg, emit, replayEpoch);
    else await runAvailableNow(topology, session, store, cfg, emit, replayEpoch);
    emit({ ev: 'done' });
  } finally {
    await session.stop().catch(() => undefined);
    await store.close();
  }
}

function writer(topology: ChaosTopology, session: Session, store: OutputStore, cfg: ChildConfig, emit: Emit, startTimeMs: number) {
  const df = topology.build(session, { role: cfg.role, startTimeMs });
  return df.writeStream
    .outputMode(topology.outputMode ?? 'append')
    .queryName(`chaos_${topology.name.replace(/\W/g, '_')}`)
    .option('checkpointLocation', cfg.checkpointLocation)
    .foreachBatch(async (batch, batchId) => {
      const rows = await batch.collect();
      const r = store.writeEpoch(batchId, rows);
      emit({ ev: 'epoch', epoch: batchId, rows: rows.length, writes: r.writes, consistent: r.consistent });
    });
}

/**
 * Clock-driven run: the virtual clock moves one step at a time and each step's epochs commit before
 * the next. The clock is saved before it moves, so a restarted child resumes at the step it was on:
 * never behind the checkpoint's offsets, never more than one step ahead of them.
 */
async function runClocked(topology: ChaosTopology, session: Session, store: OutputStore, cfg: ChildConfig, emit: Emit, replayEpoch?: number): Promise<void> {
  const bound = topology.run as Extract<ChaosTopology['run'], { kind: 'clock' }>;
  const startTimeMs = bound.startTimeMs ?? DEFAULT_START_TIME_MS;
  const stepMs = bound.stepMs ?? 1000;
  const clock = new ManualClock(store.clockMs ?? startTimeMs);
  let step = Math.round((clock.now() - startTimeMs) / stepMs);
  const query = await writer(topology, session, store, cfg, emit, startTimeMs).trigger(Trigger.ProcessingTime(0)).clock(clock).start();
  emit({ ev: 'started', resumeStep: step, replayEpoch });
  await drain(query);
  while (step < bound.steps) {
    step++;
    const t = startTimeMs + step * stepMs;
    store.setClock(t);
    clock.setTime(t);
    await drain(query);
    emit({ ev: 'step', step, steps: bound.steps });
  }
  await query.stop();
  if (query.exception) throw query.exception;
}

async function runAvailableNow(topology: ChaosTopology, session: Session, store: OutputStore, cfg: ChildConfig, emit: Emit, replayEpoch?: number): Promise<void> {
  const query = await writer(topology, session, store, cfg, emit, DEFAULT_START_TIME_MS).trigger(Trigger.AvailableNow()).start();
  emit({ ev: 'started', resumeStep: 0, replayEpoch });
  await query.awaitTermination();
}

async function drain(query: StreamingQuery): Promise<void> {
  await query.processAllAvailable();
  if (query.exception) throw query.exception;
}

/** The error event for a failure: the TidemarkError code, or QUERY_FAILED. */
export function errorEvent(e: unknown): ChildEvent {
  if (e instanceof TidemarkError) return { ev: 'error', code: e.code, message: e.message };
  const code = (e as { code?: unknown })?.code;
  return { ev: 'error', code: typeof code === 'string' ? code : 'CHILD_FAILED', message: e instanceof Error ? e.message : String(e) };
}
