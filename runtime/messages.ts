// Every message exchanged between a query's actors, one discriminated union per receiver.
import type { Offset } from '../connectors/types';
import type { Row } from '../plan/types';
import type { TaskReport } from './task-report';

/** Releases one credit of the edge a batch travelled on (called by the receiver after processing it). */
export type Release = () => void;

/**
 * Messages to a stage task (source, keyed partition or sink task).
 * Contracts: within one edge, messages arrive in the order sent (nact mailboxes are FIFO); a
 * barrier(N) from an upstream task follows all of its data for epoch N; barrier epochs from one
 * upstream strictly increase.
 */
export type TaskMessage =
  /** Rows of epoch `epoch` from upstream task `from`; the receiver calls `release` after processing. */
  | { readonly type: 'data'; readonly epoch: number; readonly rows: Row[]; readonly from: string; readonly release?: Release }
  /** Upstream task `from` has sent all of its rows of `epoch`. */
  | { readonly type: 'barrier'; readonly epoch: number; readonly from: string }
  /** To a source task: read (start, end] of its source as epoch `epoch`. */
  | { readonly type: 'readRange'; readonly epoch: number; readonly start: Offset; readonly end: Offset; readonly ctx: EpochFacts }
  /** Epoch facts sent to every task before the data of an epoch (watermarks, batch time). */
  | { readonly type: 'beginEpoch'; readonly facts: EpochFacts };

/** What every task must know about an epoch before processing it. */
export interface EpochFacts {
  readonly epoch: number;
  readonly lateWatermarkMs: number;
  readonly evictionWatermarkMs: number;
  readonly batchTimestampMs: number;
  readonly isBatch: boolean;
}

/** Messages to the query coordinator. */
export type CoordinatorMessage =
  /** Time to consider running an epoch (trigger fired, data arrived, or the previous epoch ended). */
  | { readonly type: 'tick' }
  /** A task finished its part of an epoch. */
  | { readonly type: 'taskDone'; readonly report: TaskReport }
  /** The sink committed an epoch. */
  | { readonly type: 'sinkCommitted'; readonly epoch: number; readonly numOutputRows: number }
  /** A task failed; the coordinator restarts the dataflow or fails the query. */
  | { readonly type: 'taskFailed'; readonly taskKey: string; readonly epoch: number; readonly error: unknown }
  /** Stop the query (after the epoch in flight, or at once when `now`). */
  | { readonly type: 'stop' };

/** A readable one-line rendering of a message, for logs and test failures. */
export function formatMessage(m: TaskMessage | CoordinatorMessage): string {
  switch (m.type) {
    case 'data': return `data(epoch=${m.epoch}, rows=${m.rows.length}, from=${m.from})`;
    case 'barrier': return `barrier(epoch=${m.epoch}, from=${m.from})`;
    case 'readRange': return `readRange(epoch=${m.epoch}, ${JSON.stringify(m.start)}..${JSON.stringify(m.end)})`;
    case 'beginEpoch': return `beginEpoch(epoch=${m.facts.epoch}, wm=${m.facts.evictionWatermarkMs})`;
    case 'tick': return 'tick';
    case 'taskDone': return `taskDone(${m.report.taskKey}, epoch=${m.report.epoch})`;
    case 'sinkCommitted': return `sinkCommitted(epoch=${m.epoch}, rows=${m.numOutputRows})`;
    case 'taskFailed': return `taskFailed(${m.taskKey}, epoch=${m.epoch}: ${String(m.error)})`;
    case 'stop': return 'stop';
  }
}
