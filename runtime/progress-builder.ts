// Builds Spark-shaped StreamingQueryProgress objects from an epoch's task reports.
import type { StateOperatorProgress, StreamingQueryProgress } from '../api/progress';
import type { StreamSink, StreamSource } from '../connectors/types';
import { isoTime } from './event-time';
import type { TaskReport } from './task-report';

export interface EpochTiming {
  triggerStartMs: number;
  previousTriggerStartMs?: number;
  durationMs: Record<string, number>;
}

export interface ProgressInput {
  id: string;
  runId: string;
  name: string | null;
  epoch: number;
  reports: readonly TaskReport[];
  numOutputRows: number;
  watermarkMs: number;
  hasWatermark: boolean;
  ranges: readonly { start: unknown; end: unknown }[];
  initialOffsets: readonly unknown[];
  sources: readonly StreamSource[];
  sink: StreamSink;
  timing: EpochTiming;
  /** Operator ids in plan order with their partition counts. */
  statefulOperators: readonly { operatorId: string; numPartitions: number }[];
}

export function buildProgress(p: ProgressInput): StreamingQueryProgress {
  // A source read by several stages (a self-join of one stream) counts its rows once.
  const sourceRows = p.sources.map((_, i) => p.reports.filter((r) => r.taskKey.startsWith(`source-${i}-`)).reduce((n, r) => Math.max(n, r.inputRows), 0));
  const numInputRows = sourceRows.reduce((n, x) => n + x, 0);
  const trigger = p.timing.durationMs.triggerExecution ?? 0;
  const sinceLast = p.timing.previousTriggerStartMs === undefined ? 0 : p.timing.triggerStartMs - p.timing.previousTriggerStartMs;
  const inputRate = sinceLast > 0 ? (numInputRows * 1000) / sinceLast : 0;
  const processedRate = trigger > 0 ? (numInputRows * 1000) / trigger : 0;
  return {
    id: p.id,
    runId: p.runId,
    name: p.name,
    timestamp: isoTime(p.timing.triggerStartMs),
    batchId: p.epoch,
    batchDuration: trigger,
    numInputRows,
    inputRowsPerSecond: inputRate,
    processedRowsPerSecond: processedRate,
    durationMs: { ...p.timing.durationMs },
    eventTime: eventTime(p),
    stateOperators: stateOperators(p),
    sources: p.sources.map((s, i) => {
      const rows = sourceRows[i];
      const start = p.ranges[i]?.start;
      return {
        description: s.description,
        startOffset: JSON.stringify(start) === JSON.stringify(p.initialOffsets[i]) ? null : start ?? null,
        endOffset: p.ranges[i]?.end ?? null,
        latestOffset: p.ranges[i]?.end ?? null,
        numInputRows: rows,
        inputRowsPerSecond: sinceLast > 0 ? (rows * 1000) / sinceLast : 0,
        processedRowsPerSecond: trigger > 0 ? (rows * 1000) / trigger : 0,
      };
    }),
    sink: { description: p.sink.description, numOutputRows: p.numOutputRows },
  };
}

function eventTime(p: ProgressInput): Record<string, string> {
  if (!p.hasWatermark) return {};
  let max = -Infinity;
  let min = Infinity;
  let sum = 0;
  let count = 0;
  for (const r of p.reports) {
    for (const s of r.eventTime) {
      if (s.count === 0) continue;
      if (s.max > max) max = s.max;
      if (s.min < min) min = s.min;
      sum += s.sum;
      count += s.count;
    }
  }
  const out: Record<string, string> = {};
  if (count > 0) {
    out.avg = isoTime(Math.round(sum / count));
    out.max = isoTime(max);
    out.min = isoTime(min);
  }
  out.watermark = isoTime(p.watermarkMs);
  return out;
}

/** One entry per stateful operator, the one nearest the sink first (Spark's order). */
function stateOperators(p: ProgressInput): StateOperatorProgress[] {
  const out: StateOperatorProgress[] = [];
  for (const op of [...p.statefulOperators].reverse()) {
    const reports = p.reports.filter((r) => r.state?.operatorId === op.operatorId);
    if (reports.length === 0) continue;
    const custom: Record<string, number> = {};
    let total = 0, updated = 0, removed = 0, dropped = 0, memory = 0;
    for (const r of reports) {
      const s = r.state!;
      total += s.numRowsTotal;
      updated += s.metrics.numRowsUpdated;
      removed += s.metrics.numRowsRemoved;
      dropped += s.metrics.numRowsDroppedByWatermark;
      memory += s.memoryUsedBytes;
      for (const [k, v] of Object.entries(s.metrics.custom)) custom[k] = (custom[k] ?? 0) + v;
    }
    out.push({
      operatorName: reports[0].state!.operatorName,
      numRowsTotal: total,
      numRowsUpdated: updated,
      numRowsRemoved: removed,
      numRowsDroppedByWatermark: dropped,
      memoryUsedBytes: memory,
      numShufflePartitions: op.numPartitions,
      numStateStoreInstances: op.numPartitions,
      allUpdatesTimeMs: 0,
      allRemovalsTimeMs: 0,
      commitTimeMs: 0,
      customMetrics: custom,
    });
  }
  return out;
}
