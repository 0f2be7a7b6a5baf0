// The runtime's Engine: starts streaming queries and runs batch queries through the same dataflow.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine, SessionContext, WriteSpec } from '../api/engine';
import type { StreamingQuery } from '../api/progress';
import { AnalysisError } from '../common/errors';
import { createSink } from '../connectors/registry';
import { CollectSink } from '../connectors/sinks/collect-sink';
import { ForeachBatchSink } from '../connectors/sinks/foreach-batch-sink';
import { ForeachSink } from '../connectors/sinks/foreach-sink';
import type { StreamSink } from '../connectors/types';
import { StoragePersistenceEngine } from '../persistence/nact-engine';
import { openCheckpoint } from '../persistence/storage';
import type { LogicalPlan } from '../plan/logical';
import type { PhysicalPlan } from '../plan/physical';
import type { OutputMode, Row } from '../plan/types';
import { MapStateStore } from '../operators/state/map-state-store';
import { createKeyedOperator } from './operator-factory';
import { EpochRunner } from './epoch-runner';
import { explainPlan } from './explain';
import { checkpointMeta, physicalPlan, prepare, type PreparedQuery } from './query-setup';
import { StreamExecution } from './stream-execution';
import type { WatermarkPolicy } from './watermark-tracker';

function sourceIdentities(prepared: PreparedQuery): string[] {
  return prepared.specs.map((s) => (s.format === 'memory' ? 'memory' : s.format));
}

function watermarkDelays(plan: LogicalPlan): number[] {
  const out: number[] = [];
  const walk = (p: LogicalPlan): void => {
    switch (p.kind) {
      case 'source': return;
      case 'union': p.children.forEach(walk); return;
      case 'join': walk(p.left); walk(p.right); return;
      case 'watermark': walk(p.child); out.push(p.delayMs); return;
      default: walk(p.child);
    }
  };
  walk(plan);
  return out;
}

/** Each stateful operator's own state-layout signature (it carries the layout version). */
function stateLayouts(physical: PhysicalPlan, mode: OutputMode): string[] {
  const out: string[] = [];
  for (const stage of physical.stages) {
    if (!stage.keyed || stage.keyed.kind === 'sort') continue;
    const op = createKeyedOperator(stage.keyed, 0, new MapStateStore(), mode);
    if (op.stateful) out.push(`${stage.keyed.operatorId}:${op.stateful.signature}`);
  }
  return out;
}

function makeSink(session: SessionContext, spec: WriteSpec): StreamSink {
  if (spec.foreachBatch) return new ForeachBatchSink(async (rows, epoch) => { await spec.foreachBatch!(rows, epoch); });
  if (spec.foreach) return new ForeachSink(spec.foreach);
  return createSink(spec.format ?? 'memory', spec.options, {
    queryName: spec.queryName,
    memoryTable: (name) => session.memoryTable(name, true)!,
    print: (line) => session.print(line),
  });
}

let batchCounter = 0;

export class TidemarkEngine implements Engine {
  async startQuery(session: SessionContext, spec: WriteSpec): Promise<StreamingQuery> {
    const prepared = prepare(spec.plan, true, spec.outputMode);
    if (spec.queryName && session.hooks.isNameActive(spec.queryName)) {
      throw new AnalysisError('QUERY_NAME_IN_USE',
        `Cannot start query with name ${JSON.stringify(spec.queryName)} as a query with that name is already active. Note: stop it first or choose another queryName.`);
    }
    const sink = makeSink(session, spec);
    let ownsTemp = false;
    let location = spec.checkpointLocation;
    if (!location) {
      location = await mkdtemp(join(tmpdir(), 'tidemark-checkpoint-'));
      ownsTemp = true;
    }
    const storage = await openCheckpoint(location);
    let physical: PhysicalPlan | undefined;
    try {
      const meta = await checkpointMeta(storage, session.conf, (partitions) => {
        physical = physicalPlan(spec.plan, prepared, partitions, spec.outputMode);
        return { signature: [...physical.statefulSignature, ...stateLayouts(physical, spec.outputMode), `partitions=${partitions}`], sources: sourceIdentities(prepared) };
      });
      if (!physical || physical.stages.some((s) => s.keyed && s.keyed.kind !== 'sort' && s.numPartitions !== 1 && s.numPartitions !== meta.shufflePartitions)) {
        physical = physicalPlan(spec.plan, prepared, meta.shufflePartitions, spec.outputMode);
      }
      const engine = new StoragePersistenceEngine(storage);
      const policy = (meta.conf['tidemark.multipleWatermarkPolicy'] || session.conf.get('tidemark.multipleWatermarkPolicy') || 'min') as WatermarkPolicy;
      const exec = new StreamExecution({
        session,
        spec,
        queryId: meta.queryId,
        storage,
        ownsTempCheckpoint: ownsTemp,
        physical,
        sources: prepared.sources,
        sink,
        persistenceEngine: engine,
        watermarkDelaysMs: watermarkDelays(spec.plan),
        policy,
        explainText: explainPlan(spec.plan, physical),
        onClose: async () => {
          await storage.close();
          if (ownsTemp) await rm(location!, { recursive: true, force: true });
        },
      });
      await exec.start();
      return exec;
    } catch (e) {
      await storage.close();
      if (ownsTemp) await rm(location, { recursive: true, force: true });
      throw e;
    }
  }

  async executeBatch(session: SessionContext, plan: LogicalPlan): Promise<Row[]> {
    const prepared = prepare(plan, false);
    const partitions = Number(session.conf.get('tidemark.shufflePartitions') ?? 4);
    const physical = physicalPlan(plan, prepared, partitions, 'append');
    const sink = new CollectSink();
    const meta = new Map<string, unknown>();
    for (let i = 0; i < prepared.sources.length; i++) {
      await prepared.sources[i].open({
        sourceIndex: i,
        metadata: { get: (k) => meta.get(`${i}/${k}`), put: async (k, v) => { meta.set(`${i}/${k}`, v); } },
        now: () => Date.now(),
      });
    }
    await sink.open({ queryId: 'batch', outputMode: 'append' });
    const ranges = await Promise.all(prepared.sources.map(async (s) => {
      const start = s.initialOffset();
      return { start, end: await s.latestOffset(start) };
    }));
    const runner = new EpochRunner({
      physical,
      sources: prepared.sources,
      sink,
      outputMode: 'append',
      batchSize: Number(session.conf.get('tidemark.batchSize') ?? 4096),
      maxInFlightBatches: Number(session.conf.get('tidemark.maxInFlightBatches') ?? 8),
      snapshotEvery: 1,
      name: `batch-${++batchCounter}`,
      batch: true,
    });
    runner.start();
    try {
      await runner.run({ epoch: 0, lateWatermarkMs: -Infinity, evictionWatermarkMs: Infinity, batchTimestampMs: Date.now(), isBatch: true }, ranges);
    } finally {
      runner.stop();
      for (const s of prepared.sources) await s.close?.();
    }
    return sink.rows();
  }

  explain(_session: SessionContext, plan: LogicalPlan): string {
    const prepared = prepare(plan, false);
    return explainPlan(plan, physicalPlan(plan, prepared, 4, 'append'));
  }
}
