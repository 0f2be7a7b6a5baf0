// The operator contract: pure per-partition logic over an OperatorContext and a StateStore.
// Operators know neither nact nor LMDB; runtime/ runs them inside actors, tests run them in a harness.
import type { OutputMode, Row } from '../plan/types';

/** Counters an operator updates during an epoch; the runtime sums them across partitions. */
export interface OperatorMetrics {
  numRowsUpdated: number;
  numRowsRemoved: number;
  numRowsDroppedByWatermark: number;
  /** Operator-specific counters (e.g. numDroppedDuplicateRows). */
  custom: Record<string, number>;
}

export function newOperatorMetrics(): OperatorMetrics {
  return { numRowsUpdated: 0, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, custom: {} };
}

/** What an operator sees of the epoch it is running in. */
export interface OperatorContext {
  readonly operatorId: string;
  readonly partition: number;
  readonly numPartitions: number;
  readonly epoch: number;
  /** Watermark that late rows are checked against: the one in force in the previous epoch. */
  readonly lateWatermarkMs: number;
  /** Watermark used to emit and evict in this epoch. */
  readonly evictionWatermarkMs: number;
  /** Trigger time of this epoch (current_timestamp(), processing-time timeouts). */
  readonly batchTimestampMs: number;
  readonly outputMode: OutputMode;
  /** True when running a bounded (batch) query: one epoch, watermark at +infinity at its end. */
  readonly isBatch: boolean;
  readonly metrics: OperatorMetrics;
}

/**
 * Per-partition keyed state. Keys are strings (the encoded grouping key). Values must be
 * msgpackr-encodable (plain data): the runtime journals every change of an epoch.
 */
export interface StateStore<V = unknown> {
  get(key: string): V | undefined;
  has(key: string): boolean;
  put(key: string, value: V): void;
  delete(key: string): void;
  readonly size: number;
  entries(): IterableIterator<[string, V]>;
  keys(): IterableIterator<string>;
}

/** Declares a stateful operator for progress reporting and checkpoint compatibility. */
export interface StatefulInfo {
  /** Spark's operator name in progress: 'stateStoreSave', 'dedupe', 'globalLimit', ... */
  readonly operatorName: string;
  /** Describes the state layout; a restart with a different signature is refused. */
  readonly signature: string;
}

/**
 * One physical operator instance (one per partition for keyed operators). Only `process` is
 * required. `finishEpoch` runs once all of the epoch's input has been processed: watermark-driven
 * emission and eviction, complete/update output.
 */
export interface Operator {
  readonly kind: string;
  readonly stateful?: StatefulInfo;
  process(rows: Row[], ctx: OperatorContext): Row[];
  /** Two-input operators (joins): rows of one side. The runtime calls this instead of process. */
  processSide?(side: 'left' | 'right', rows: Row[], ctx: OperatorContext): Row[];
  finishEpoch?(ctx: OperatorContext): Row[];
  /**
   * Whether another (no-data) epoch would emit or evict with the given new watermark (`nowMs`:
   * the processing time such an epoch would run at, for processing-time timeouts).
   * Spark's `shouldRunAnotherBatch`.
   */
  needsNoDataEpoch?(newWatermarkMs: number, ctx: { outputMode: OutputMode; nowMs?: number }): boolean;
  /** Number of state rows (for numRowsTotal); defaults to the store's size. */
  stateRowCount?(): number;
}

/** Builds one operator instance for a partition, given its state store (absent when stateless). */
export type OperatorFactory = (partition: number, store: StateStore | undefined) => Operator;
