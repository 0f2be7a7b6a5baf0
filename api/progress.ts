// Spark's StreamingQueryProgress, status and listener event shapes.

export interface StateOperatorProgress {
  operatorName: string;
  numRowsTotal: number;
  numRowsUpdated: number;
  numRowsRemoved: number;
  numRowsDroppedByWatermark: number;
  memoryUsedBytes: number;
  numShufflePartitions: number;
  numStateStoreInstances: number;
  allUpdatesTimeMs: number;
  allRemovalsTimeMs: number;
  commitTimeMs: number;
  customMetrics: Record<string, number>;
}

export interface SourceProgress {
  description: string;
  startOffset: unknown;
  endOffset: unknown;
  latestOffset: unknown;
  numInputRows: number;
  inputRowsPerSecond: number;
  processedRowsPerSecond: number;
}

export interface SinkProgress {
  description: string;
  numOutputRows: number;
}

export interface StreamingQueryProgress {
  id: string;
  runId: string;
  name: string | null;
  /** Trigger start, ISO-8601 UTC with ms. */
  timestamp: string;
  batchId: number;
  batchDuration: number;
  numInputRows: number;
  inputRowsPerSecond: number;
  processedRowsPerSecond: number;
  durationMs: Record<string, number>;
  /** min, max, avg, watermark as ISO-8601 strings; empty without withWatermark. */
  eventTime: Record<string, string>;
  stateOperators: StateOperatorProgress[];
  sources: SourceProgress[];
  sink: SinkProgress;
}

export interface StreamingQueryStatus {
  message: string;
  isDataAvailable: boolean;
  isTriggerActive: boolean;
}

export interface QueryStartedEvent { id: string; runId: string; name: string | null; timestamp: string }
export interface QueryProgressEvent { progress: StreamingQueryProgress }
export interface QueryIdleEvent { id: string; runId: string; timestamp: string }
export interface QueryTerminatedEvent { id: string; runId: string; exception: string | null; errorClassOnException: string | null }

/** Spark's StreamingQueryListener; every method is optional. */
export interface StreamingQueryListener {
  onQueryStarted?(event: QueryStartedEvent): void;
  onQueryProgress?(event: QueryProgressEvent): void;
  onQueryIdle?(event: QueryIdleEvent): void;
  onQueryTerminated?(event: QueryTerminatedEvent): void;
}

/** The handle of a running (or finished) streaming query. */
export interface StreamingQuery {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  readonly isActive: boolean;
  readonly status: StreamingQueryStatus;
  readonly lastProgress: StreamingQueryProgress | null;
  readonly recentProgress: StreamingQueryProgress[];
  readonly exception: Error | null;
  /** Resolves once everything available now is committed, including the no-data epochs it calls for. */
  processAllAvailable(): Promise<void>;
  /** Resolves when the query ends (true), or after timeoutMs (false); rejects with the query's error. */
  awaitTermination(timeoutMs?: number): Promise<boolean>;
  stop(): Promise<void>;
  explain(): string;
}
