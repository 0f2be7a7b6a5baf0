// LimitOperator: Spark's StreamingGlobalLimitExec (a running count in state) or a per-epoch limit.
import { TidemarkError } from '../common/errors';
import type { Row } from '../plan/types';
import type { Operator, OperatorContext, StatefulInfo, StateStore } from './operator';

export interface LimitOptions {
  readonly operatorId: string;
  readonly n: number;
  /**
   * Limit each epoch's output on its own instead of the whole stream: complete mode (each epoch
   * is the whole result table) and batch queries. Such a limit keeps no state.
   */
  readonly perEpoch?: boolean;
}

/** The single state key of a global limit: how many rows it has let through so far. */
export const LIMIT_STATE_KEY = 'count';
export const LIMIT_STATE_VERSION = 1;

/**
 * Lets the first `n` rows through. Streaming (append mode): across all epochs, the count survives
 * restarts in state (`limit(4)` over {1,2},{3..6},{7..9} gives 1,2,3,4). Must run in a single
 * partition: the runtime routes all input to partition 0.
 */
export class LimitOperator implements Operator {
  readonly kind = 'limit';
  readonly stateful?: StatefulInfo;
  private readonly n: number;
  private readonly perEpoch: boolean;
  private epoch: number | undefined;
  private seenThisEpoch = 0;
  private beforeEpoch = 0;

  constructor(options: LimitOptions, private readonly store?: StateStore) {
    if (!Number.isInteger(options.n) || options.n < 0) {
      throw new TidemarkError('INVALID_LIMIT', 'user',
        `limit(${JSON.stringify(options.n)}) needs a non-negative integer. Note: pass the maximum number of rows, e.g. limit(10).`);
    }
    this.n = options.n;
    this.perEpoch = options.perEpoch === true;
    if (!this.perEpoch) {
      if (store === undefined) {
        throw new TidemarkError('INVALID_OPERATOR_OPTIONS', 'internal',
          `Streaming limit ${options.operatorId} needs a state store. Note: give the operator factory a store, or set perEpoch for complete mode and batch.`,
          { operatorId: options.operatorId });
      }
      this.stateful = { operatorName: 'globalLimit', signature: `globalLimit.v${LIMIT_STATE_VERSION}(n)` };
    }
  }

  process(rows: Row[], ctx: OperatorContext): Row[] {
    this.startEpoch(ctx);
    const remaining = this.n - this.beforeEpoch - this.seenThisEpoch;
    if (remaining <= 0) return [];
    const out = rows.length <= remaining ? rows : rows.slice(0, remaining);
    this.seenThisEpoch += out.length;
    return out;
  }

  finishEpoch(ctx: OperatorContext): Row[] {
    this.startEpoch(ctx);
    if (!this.perEpoch && this.seenThisEpoch > 0) {
      this.store!.put(LIMIT_STATE_KEY, this.beforeEpoch + this.seenThisEpoch);
      ctx.metrics.numRowsUpdated += 1;
    }
    this.epoch = undefined;
    return [];
  }

  private startEpoch(ctx: OperatorContext): void {
    if (this.epoch === ctx.epoch) return;
    this.epoch = ctx.epoch;
    this.seenThisEpoch = 0;
    this.beforeEpoch = this.perEpoch ? 0 : ((this.store!.get(LIMIT_STATE_KEY) as number | undefined) ?? 0);
  }
}
