// Turns a logical plan into what a run needs: connector objects, analysis, physical plan, checkpoint facts.
import { randomUUID } from 'node:crypto';
import { CheckpointError } from '../common/errors';
import { createSourceFromSpec } from '../connectors/registry';
import { LocalSource } from '../connectors/memory/local-source';
import { MemoryTable } from '../connectors/sinks/memory-table';
import type { StreamSource } from '../connectors/types';
import type { CheckpointMeta, CheckpointStorage } from '../persistence/storage';
import { FORMAT_VERSION } from '../persistence/keys';
import { analyze, type Analysis } from '../plan/analyzer';
import { collectSources, type LogicalPlan, type SourceSpec } from '../plan/logical';
import { planPhysical, type PhysicalPlan } from '../plan/physical';
import type { OutputMode, Schema } from '../plan/types';

export interface PreparedQuery {
  readonly specs: readonly SourceSpec[];
  readonly sources: StreamSource[];
  readonly analysis: Analysis;
}

/** Creates the sources of a plan and analyzes it. Throws AnalysisError before anything is written. */
export function prepare(plan: LogicalPlan, streaming: boolean, outputMode?: OutputMode): PreparedQuery {
  const specs = collectSources(plan);
  const sources = specs.map(sourceFor);
  const schemas = new Map<SourceSpec, Schema | undefined>();
  specs.forEach((s, i) => schemas.set(s, sources[i].schema()));
  const analysis = analyze(plan, { sourceSchemas: schemas, streaming, outputMode });
  return { specs, sources, analysis };
}

function sourceFor(spec: SourceSpec): StreamSource {
  if (spec.format === 'local' && spec.handle instanceof MemoryTable) return new LocalSource(spec.handle.rows());
  return createSourceFromSpec(spec);
}

export function physicalPlan(plan: LogicalPlan, prepared: PreparedQuery, numPartitions: number, mode: OutputMode): PhysicalPlan {
  return planPhysical(plan, prepared.analysis, prepared.specs, numPartitions, mode);
}

/** Confs pinned in the checkpoint when it is created: later sessions cannot change them. */
export const PINNED_CONFS = ['tidemark.shufflePartitions', 'tidemark.multipleWatermarkPolicy'] as const;

/**
 * Reads or creates the checkpoint's metadata and checks that this query may resume from it.
 * Returns the metadata in force (pinned confs from the checkpoint win).
 */
export async function checkpointMeta(
  storage: CheckpointStorage,
  conf: ReadonlyMap<string, string>,
  describe: (numPartitions: number) => { signature: string[]; sources: string[] },
): Promise<CheckpointMeta> {
  const existing = storage.readMeta();
  if (!existing) {
    const partitions = Number(conf.get('tidemark.shufflePartitions') ?? 4);
    const d = describe(partitions);
    const meta: CheckpointMeta = {
      formatVersion: FORMAT_VERSION,
      queryId: randomUUID(),
      createdAtMs: Date.now(),
      planFingerprint: d.sources.join('|'),
      stateSignature: d.signature,
      shufflePartitions: partitions,
      conf: Object.fromEntries(PINNED_CONFS.map((k) => [k, conf.get(k) ?? ''])),
    };
    await storage.writeMeta(meta);
    return meta;
  }
  const d = describe(existing.shufflePartitions);
  const where = storage.location;
  if (existing.planFingerprint !== d.sources.join('|')) {
    throw new CheckpointError('CHECKPOINT_INCOMPATIBLE_QUERY',
      `The checkpoint at ${where} belongs to a query with sources [${existing.planFingerprint}], but this query reads [${d.sources.join('|')}]. Note: the number and kind of sources cannot change between restarts; use a new checkpoint location for a different query.`,
      { location: where });
  }
  const before = existing.stateSignature.join(' ; ');
  const now = d.signature.join(' ; ');
  if (before !== now) {
    throw new CheckpointError('CHECKPOINT_INCOMPATIBLE_QUERY',
      `The stateful operators changed since the checkpoint at ${where} was written: it has [${before || 'none'}], this query has [${now || 'none'}]. Note: stateful operators, grouping keys, aggregates and partition counts cannot change on restart; restore the previous query or use a new checkpoint location.`,
      { location: where, before, now });
  }
  checkLogs(storage);
  return existing;
}

/** Offsets and commits must form a prefix with at most one epoch in flight. */
function checkLogs(storage: CheckpointStorage): void {
  const offsets = storage.latestOffsets();
  const commit = storage.latestCommit();
  const where = storage.location;
  if (commit && !storage.readOffsets(commit.epoch)) {
    throw new CheckpointError('CHECKPOINT_COMMIT_WITHOUT_OFFSETS',
      `The checkpoint at ${where} has a commit for epoch ${commit.epoch} but no offsets for it. Note: the checkpoint is damaged; restore it from a backup or start over with a new checkpoint location.`,
      { location: where, epoch: commit.epoch });
  }
  if (offsets && offsets.epoch > (commit?.epoch ?? -1) + 1) {
    throw new CheckpointError('CHECKPOINT_OFFSETS_AHEAD',
      `The checkpoint at ${where} has offsets for epoch ${offsets.epoch} but its last commit is ${commit ? `epoch ${commit.epoch}` : 'missing'}: more than one epoch is uncommitted. Note: the checkpoint is damaged; restore it from a backup or start over with a new checkpoint location.`,
      { location: where, epoch: offsets.epoch });
  }
}
