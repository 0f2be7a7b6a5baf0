// DeduplicateOperator: dropDuplicates(cols?) and dropDuplicatesWithinWatermark(cols?), Spark's semantics.
import { TidemarkError } from '../common/errors';
import type { Evaluator } from '../plan/expr';
import type { Row } from '../plan/types';
import { watermarkTimeMs } from './event-time';
import { encodeKey, encodeRow } from './key-encoding';
import type { Operator, OperatorContext, StatefulInfo, StateStore } from './operator';

export interface DeduplicateOptions {
  readonly operatorId: string;
  /** The columns that make a row a duplicate; absent = all columns of the row. */
  readonly keys?: readonly { readonly name: string; readonly eval: Evaluator }[];
  /**
   * The watermarked event-time column of the input, if any. Late rows (time `<=` the late-event
   * watermark) are dropped whether or not it is a key; state is evicted only when it is a key
   * (always the case when `keys` is absent).
   */
  readonly eventTime?: { readonly name: string; readonly eval: Evaluator };
  /** dropDuplicatesWithinWatermark: a key is remembered until the watermark passes firstTime + delayMs. */
  readonly withinWatermark?: { readonly delayMs: number };
}

/** Layout version of the dedup state (value: event time ms, expiry ms, 0 or null). */
export const DEDUP_STATE_VERSION = 1;

/**
 * Emits the first row of each key and drops later ones (custom metric numDroppedDuplicateRows).
 * State value per key: its event time when that is a key (evicted once `<=` the eviction
 * watermark; null when the time is null: kept), its expiry `eventTime + delay` within watermark
 * (evicted once watermark `>=` expiry, after which the key counts as new), otherwise 0 (kept).
 */
export class DeduplicateOperator implements Operator {
  readonly kind: string;
  readonly stateful: StatefulInfo;
  private readonly keyEvals: Evaluator[] | undefined;
  private readonly eventTimeEval: Evaluator | undefined;
  /** Whether the event-time column is one of the keys (always so when keys are all columns). */
  private readonly eventTimeIsKey: boolean;
  private readonly delayMs: number | undefined;
  /** Whether state is ever evicted (event time is a key, or within watermark). */
  private readonly evicts: boolean;
  /** Keys added this epoch: while the watermark stands still, only they can have expired. */
  private added: string[] = [];
  private lastEvictionWatermarkMs: number | undefined;

  constructor(private readonly options: DeduplicateOptions, private readonly store: StateStore) {
    const within = options.withinWatermark !== undefined;
    this.kind = within ? 'dedupeWithinWatermark' : 'dedupe';
    this.keyEvals = options.keys?.map((k) => k.eval);
    this.eventTimeEval = options.eventTime?.eval;
    this.eventTimeIsKey = options.eventTime !== undefined
      && (options.keys === undefined || options.keys.some((k) => k.name === options.eventTime!.name));
    this.delayMs = options.withinWatermark?.delayMs;
    this.evicts = this.delayMs !== undefined || this.eventTimeIsKey;
    if (within && options.eventTime === undefined) {
      throw new TidemarkError('DEDUP_WITHIN_WATERMARK_NEEDS_WATERMARK', 'user',
        `dropDuplicatesWithinWatermark (operator ${options.operatorId}) needs a watermarked event-time column. Note: call withWatermark(eventTimeColumn, delay) before it.`,
        { operatorId: options.operatorId });
    }
    const cols = options.keys ? options.keys.map((k) => k.name).join(',') : '*';
    this.stateful = {
      operatorName: this.kind,
      signature: `${this.kind}.v${DEDUP_STATE_VERSION}(keys=[${cols}]${this.eventTimeIsKey ? `;eventTime=${options.eventTime!.name}` : ''})`,
    };
  }

  process(rows: Row[], ctx: OperatorContext): Row[] {
    const out: Row[] = [];
    const streaming = !ctx.isBatch;
    const lateWm = ctx.lateWatermarkMs;
    const m = ctx.metrics;
    let dropped = 0;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      let t: number | null = null;
      if (this.eventTimeEval) {
        t = watermarkTimeMs(this.eventTimeEval(row));
        if (streaming && t !== null && t <= lateWm) {
          m.numRowsDroppedByWatermark++;
          continue;
        }
      }
      const key = this.keyOf(row);
      if (this.store.has(key)) {
        dropped++;
        continue;
      }
      // Spark reads a null event time as 0 when computing the expiry
      const value = this.delayMs !== undefined ? (t ?? 0) + this.delayMs : this.eventTimeIsKey ? t : 0;
      this.store.put(key, value);
      if (this.evicts) this.added.push(key);
      m.numRowsUpdated++;
      out.push(row);
    }
    m.custom.numDroppedDuplicateRows = (m.custom.numDroppedDuplicateRows ?? 0) + dropped;
    return out;
  }

  finishEpoch(ctx: OperatorContext): Row[] {
    const m = ctx.metrics;
    if (m.custom.numDroppedDuplicateRows === undefined) m.custom.numDroppedDuplicateRows = 0;
    const added = this.added;
    this.added = [];
    if (ctx.isBatch) return [];
    const wm = ctx.evictionWatermarkMs;
    if (this.evicts) {
      const within = this.delayMs !== undefined;
      const expired: string[] = [];
      const onlyAdded = this.lastEvictionWatermarkMs !== undefined && wm <= this.lastEvictionWatermarkMs;
      const check = (k: string, v: unknown) => {
        if (typeof v === 'number' && (within ? wm >= v : v <= wm)) expired.push(k);
      };
      if (onlyAdded) for (const k of added) check(k, this.store.get(k));
      else for (const [k, v] of this.store.entries()) check(k, v);
      for (const k of expired) this.store.delete(k);
      m.numRowsRemoved += expired.length;
    }
    this.lastEvictionWatermarkMs = wm;
    return [];
  }

  /** Spark: run a no-data epoch whenever the watermark moved past the last eviction watermark. */
  needsNoDataEpoch(newWatermarkMs: number): boolean {
    if (this.eventTimeEval === undefined) return false;
    return this.lastEvictionWatermarkMs !== undefined && newWatermarkMs > this.lastEvictionWatermarkMs;
  }

  private keyOf(row: Row): string {
    const evals = this.keyEvals;
    if (evals === undefined) return encodeRow(row);
    const values = new Array<unknown>(evals.length);
    for (let i = 0; i < evals.length; i++) values[i] = evals[i](row);
    return encodeKey(values);
  }
}
