// What a task tells the coordinator when it has finished its part of an epoch.
import type { OperatorMetrics } from '../operators/operator';

export interface EventTimeSummary {
  readonly watermarkIndex: number;
  readonly max: number;
  readonly min: number;
  readonly sum: number;
  readonly count: number;
}

export interface TaskReport {
  readonly taskKey: string;
  readonly stageId: number;
  readonly partition: number;
  readonly epoch: number;
  /** Rows read from the source (source tasks only). */
  readonly inputRows: number;
  readonly eventTime: readonly EventTimeSummary[];
  /** Present for keyed stateful tasks. */
  readonly state?: {
    readonly operatorId: string;
    readonly operatorName: string;
    readonly numRowsTotal: number;
    readonly memoryUsedBytes: number;
    readonly metrics: OperatorMetrics;
    readonly needsNoDataEpoch: (newWatermarkMs: number, nowMs: number) => boolean;
  };
}
