// OperatorHarness: drives one operator through epochs, snapshots and restores, without actors or LMDB.
import { Packr } from 'msgpackr';
import { TidemarkError } from '../common/errors';
import type { OutputMode, Row } from '../plan/types';
import { newOperatorMetrics, type Operator, type OperatorContext, type OperatorMetrics, type StateStore } from './operator';
import { MapStateStore } from './state/map-state-store';

/** Per-epoch settings; anything left out follows Spark's defaults (see `processEpoch`). */
export interface HarnessEpochOptions {
  lateWatermarkMs?: number;
  evictionWatermarkMs?: number;
  batchTimestampMs?: number;
  isBatch?: boolean;
}

export interface HarnessEpochResult {
  readonly epoch: number;
  /** Rows from `process` (in input order) followed by rows from `finishEpoch`. */
  readonly rows: Row[];
  readonly metrics: OperatorMetrics;
  /** State rows after the epoch (progress numRowsTotal). */
  readonly numRowsTotal: number;
  readonly changes: HarnessChanges;
}

/** One epoch's journaled state changes, decoded from their msgpackr encoding (so: copies). */
export interface HarnessChanges {
  readonly epoch: number;
  readonly puts: [string, unknown][];
  readonly deletes: string[];
}

export interface HarnessOptions {
  /** Creates the operator over a store (called again on restore). */
  readonly create: (store: StateStore) => Operator;
  readonly outputMode?: OutputMode;
  readonly operatorId?: string;
  readonly partition?: number;
  readonly numPartitions?: number;
}

/** Snapshot format version, stored inside every snapshot. */
export const HARNESS_SNAPSHOT_VERSION = 1;

const packr = new Packr({ useRecords: false });

/**
 * Flink's OneInputStreamOperatorTestHarness for tidemark operators: `processEpoch(rows)` runs
 * process + finishEpoch with a fresh context and metrics, then journals the store's changes
 * (msgpackr-encoded, as the runtime does; this also proves state is plain data).
 * Watermarks default to Spark's rule: the late-event watermark of an epoch is the previous
 * epoch's eviction watermark, and the eviction watermark stays where it was unless given.
 * @example
 * const h = new OperatorHarness({ create: (s) => new DeduplicateOperator({ operatorId: 'd' }, s) });
 * h.processEpoch([{ v: 'a' }, { v: 'a' }]).rows // [{ v: 'a' }]
 */
export class OperatorHarness {
  private storeImpl: MapStateStore;
  private op: Operator;
  private nextEpoch = 0;
  private evictionWm = 0;
  /** Every epoch's state changes, in order: what the runtime would journal. */
  readonly changes: HarnessChanges[] = [];

  constructor(private readonly options: HarnessOptions) {
    this.storeImpl = new MapStateStore();
    this.op = options.create(this.storeImpl);
  }

  get operator(): Operator {
    return this.op;
  }

  get store(): MapStateStore {
    return this.storeImpl;
  }

  /** The epoch the next `processEpoch` call will run. */
  get epoch(): number {
    return this.nextEpoch;
  }

  /** Runs one epoch; `input` may be split in several `process` calls by passing an array of batches. */
  processEpoch(input: Row[] | Row[][], opts: HarnessEpochOptions = {}): HarnessEpochResult {
    const epoch = this.nextEpoch++;
    const lateWatermarkMs = opts.lateWatermarkMs ?? this.evictionWm;
    const evictionWatermarkMs = opts.evictionWatermarkMs ?? this.evictionWm;
    const metrics = newOperatorMetrics();
    const ctx: OperatorContext = {
      operatorId: this.options.operatorId ?? 'op',
      partition: this.options.partition ?? 0,
      numPartitions: this.options.numPartitions ?? 1,
      epoch,
      lateWatermarkMs,
      evictionWatermarkMs,
      batchTimestampMs: opts.batchTimestampMs ?? 0,
      outputMode: this.options.outputMode ?? 'append',
      isBatch: opts.isBatch === true,
      metrics,
    };
    const batches: Row[][] = input.length > 0 && Array.isArray(input[0]) ? (input as Row[][]) : [input as Row[]];
    const rows: Row[] = [];
    for (const b of batches) for (const r of this.op.process(b, ctx)) rows.push(r);
    if (this.op.finishEpoch) for (const r of this.op.finishEpoch(ctx)) rows.push(r);
    this.evictionWm = evictionWatermarkMs;
    const taken = this.storeImpl.takeChanges();
    const changes: HarnessChanges = packr.unpack(packr.pack({ epoch, puts: taken.puts, deletes: taken.deletes }));
    this.changes.push(changes);
    const numRowsTotal = this.op.stateRowCount ? this.op.stateRowCount() : this.storeImpl.size;
    return { epoch, rows, metrics, numRowsTotal, changes };
  }

  /** Spark's shouldRunAnotherBatch for the operator. */
  needsNoDataEpoch(newWatermarkMs: number): boolean {
    return this.op.needsNoDataEpoch?.(newWatermarkMs, { outputMode: this.options.outputMode ?? 'append' }) ?? false;
  }

  /** Encodes the whole state (with the next epoch and eviction watermark) as msgpackr bytes. */
  snapshot(): Uint8Array {
    const bytes = packr.pack({
      v: HARNESS_SNAPSHOT_VERSION,
      epoch: this.nextEpoch,
      evictionWm: this.evictionWm,
      entries: this.storeImpl.snapshot(),
    });
    return Uint8Array.prototype.slice.call(bytes);
  }

  /**
   * Replaces state with a snapshot and builds a fresh operator over it, as a restarted task
   * would; `journal` entries after the snapshot are replayed on top.
   */
  restore(snapshot: Uint8Array, journal: readonly HarnessChanges[] = []): void {
    const s = packr.unpack(snapshot) as { v: number; epoch: number; evictionWm: number; entries: [string, unknown][] };
    if (s.v !== HARNESS_SNAPSHOT_VERSION) {
      throw new TidemarkError('SNAPSHOT_VERSION_UNSUPPORTED', 'internal',
        `Harness snapshot has format version ${JSON.stringify(s.v)}; this build reads ${HARNESS_SNAPSHOT_VERSION}. Note: take the snapshot again with this build.`);
    }
    const store = new MapStateStore(s.entries);
    let epoch = s.epoch;
    for (const c of journal) {
      if (c.epoch < s.epoch) continue;
      // decode a fresh copy: the operator mutates state in place, the journal must stay intact
      store.applyChanges(packr.unpack(packr.pack(c)));
      epoch = c.epoch + 1;
    }
    this.storeImpl = store;
    this.nextEpoch = epoch;
    this.evictionWm = s.evictionWm;
    this.op = this.options.create(store);
  }

  /** The state as plain sorted entries (for equality checks in tests). */
  stateEntries(): [string, unknown][] {
    return packr.unpack(packr.pack(this.storeImpl.snapshot())).sort((a: [string], b: [string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}
