// Spark's `rate` source: value = row number from 0, timestamp spread over the second it belongs to.
import { AnalysisError, TidemarkError } from '../../common/errors';
import type { Row, Schema } from '../../plan/types';
import type { Offset, SourceContext, StreamSource } from '../types';
import { checkRange, toLongOffset } from '../long-offset';
import { ConnectorOptions } from '../options';

/** Format version of what the rate source keeps in its checkpoint metadata. */
export const RATE_METADATA_VERSION = 1;
/** Metadata key of the start time (Spark keeps it in `sources/<i>/0`). */
export const RATE_START_KEY = 'rate.startTime';

interface StoredStart {
  readonly v: number;
  readonly startTimeMs: number;
}

export const RATE_SCHEMA: Schema = Object.freeze([
  Object.freeze({ name: 'timestamp', type: 'timestamp', nullable: false } as const),
  Object.freeze({ name: 'value', type: 'number', nullable: false } as const),
]);

export const RATE_OPTIONS: readonly string[] = ['rowsPerSecond', 'numPartitions', 'rampUpTime'];

export interface RateOptions {
  readonly rowsPerSecond: number;
  readonly numPartitions: number;
  readonly rampUpTimeSeconds: number;
}

/** Validates the user's options (INVALID_OPTION, UNKNOWN_OPTION) and applies Spark's defaults. */
export function parseRateOptions(options: Readonly<Record<string, unknown>>): RateOptions {
  const o = new ConnectorOptions('rate source', options, RATE_OPTIONS);
  return {
    rowsPerSecond: o.positiveInt('rowsPerSecond', 1),
    numPartitions: o.positiveInt('numPartitions', 1),
    rampUpTimeSeconds: o.durationSeconds('rampUpTime', 0),
  };
}

/**
 * The last value + 1 emitted by `seconds` after the start (Spark's `valueAtSecond`): during the
 * ramp-up the speed grows by rowsPerSecond / (rampUpTimeSeconds + 1) each second.
 * @example valueAtSecond(3, 10, 4) === 12
 */
export function valueAtSecond(seconds: number, rowsPerSecond: number, rampUpTimeSeconds: number): number {
  const speedDeltaPerSecond = Math.floor(rowsPerSecond / (rampUpTimeSeconds + 1));
  if (seconds <= rampUpTimeSeconds) {
    // (speedDelta * seconds) * (seconds + 1) / 2, with the halving done first: no fractions.
    return seconds % 2 === 1
      ? ((seconds + 1) / 2) * speedDeltaPerSecond * seconds
      : (seconds / 2) * speedDeltaPerSecond * (seconds + 1);
  }
  const rampUpPart = valueAtSecond(rampUpTimeSeconds, rowsPerSecond, rampUpTimeSeconds);
  return rampUpPart + (seconds - rampUpTimeSeconds) * rowsPerSecond;
}

/**
 * Deterministic and replayable. The start time is read from the clock on the first run and kept in
 * the source metadata, so a restarted query regenerates exactly the same rows for a range. The
 * offset is whole seconds since the start; rows of (start, end] get values
 * valueAtSecond(start)..valueAtSecond(end)-1 with timestamps spread evenly over those seconds.
 * Rows come out partition by partition (value ≡ p mod numPartitions), as Spark collects them.
 */
export class RateSource implements StreamSource {
  readonly replayable = true;
  readonly description: string;
  readonly options: RateOptions;
  private readonly maxSeconds: number;
  private startTimeMs: number | undefined;
  private lastTimeMs = 0;
  private now: () => number = () => 0;

  constructor(options: Readonly<Record<string, unknown>> = {}) {
    this.options = parseRateOptions(options);
    const { rowsPerSecond, rampUpTimeSeconds, numPartitions } = this.options;
    this.maxSeconds = Math.floor(Number.MAX_SAFE_INTEGER / rowsPerSecond);
    if (rampUpTimeSeconds > this.maxSeconds) {
      throw new AnalysisError(
        'INVALID_OPTION',
        `Invalid value '${rampUpTimeSeconds}' for option rampUpTime of the rate source: with rowsPerSecond ` +
          `${rowsPerSecond} it must be at most ${this.maxSeconds} seconds. Note: use a shorter rampUpTime.`,
        { option: 'rampUpTime', value: rampUpTimeSeconds },
      );
    }
    this.description =
      `RateStreamV2[rowsPerSecond=${rowsPerSecond}, rampUpTimeSeconds=${rampUpTimeSeconds}, numPartitions=${numPartitions}]`;
  }

  schema(): Schema {
    return RATE_SCHEMA;
  }

  async open(ctx: SourceContext): Promise<void> {
    this.now = () => ctx.now();
    const stored = ctx.metadata.get(RATE_START_KEY);
    if (stored === undefined || stored === null) {
      const startTimeMs = ctx.now();
      const record: StoredStart = { v: RATE_METADATA_VERSION, startTimeMs };
      await ctx.metadata.put(RATE_START_KEY, record);
      this.startTimeMs = startTimeMs;
    } else {
      this.startTimeMs = readStored(stored);
    }
    this.lastTimeMs = this.startTimeMs;
  }

  /** The start time in force (after open). */
  get startTime(): number {
    return this.start();
  }

  initialOffset(): Offset {
    return 0;
  }

  /** Whole seconds between the start and now; never goes back even if the clock does. */
  latestOffset(_start: Offset): Offset {
    const startMs = this.start();
    const now = this.now();
    if (this.lastTimeMs < now) this.lastTimeMs = now;
    return Math.floor((this.lastTimeMs - startMs) / 1000);
  }

  async read(start: Offset, end: Offset, emit: (rows: Row[]) => void | Promise<void>, batchSize: number): Promise<void> {
    const startMs = this.start();
    const startSeconds = toLongOffset(start, this.description, 0);
    const endSeconds = toLongOffset(end, this.description, 0);
    checkRange(startSeconds, endSeconds, this.description);
    if (endSeconds > this.maxSeconds) {
      throw new TidemarkError(
        'RATE_SOURCE_OVERFLOW',
        'user',
        `The rate source reached offset ${endSeconds} s, past its maximum of ${this.maxSeconds} s with ` +
          `rowsPerSecond ${this.options.rowsPerSecond}: values would no longer be exact. Note: lower rowsPerSecond or start a new query.`,
      );
    }
    // After a restart the re-run epoch may end later than the clock says: never go back from it.
    const endMs = startMs + endSeconds * 1000;
    if (this.lastTimeMs < endMs) this.lastTimeMs = endMs;

    const { rowsPerSecond, rampUpTimeSeconds, numPartitions } = this.options;
    const rangeStart = valueAtSecond(startSeconds, rowsPerSecond, rampUpTimeSeconds);
    const rangeEnd = valueAtSecond(endSeconds, rowsPerSecond, rampUpTimeSeconds);
    if (rangeStart === rangeEnd) return;
    const localStartTimeMs = startMs + startSeconds * 1000;
    const relativeMsPerValue = ((endSeconds - startSeconds) * 1000) / (rangeEnd - rangeStart);
    const size = Math.max(1, Math.floor(batchSize));
    let batch: Row[] = [];
    for (let p = 0; p < numPartitions; p++) {
      for (let value = rangeStart + p; value < rangeEnd; value += numPartitions) {
        batch.push({ timestamp: Math.round((value - rangeStart) * relativeMsPerValue) + localStartTimeMs, value });
        if (batch.length >= size) {
          await emit(batch);
          batch = [];
        }
      }
    }
    if (batch.length > 0) await emit(batch);
  }

  commit(_end: Offset): void {}

  isEmptyRange(start: Offset, end: Offset): boolean {
    return toLongOffset(start, this.description, 0) >= toLongOffset(end, this.description, 0);
  }

  private start(): number {
    if (this.startTimeMs === undefined) {
      throw new TidemarkError(
        'SOURCE_NOT_OPEN',
        'internal',
        `${this.description} was used before open(). Note: this is a bug in the engine; call open(ctx) first.`,
      );
    }
    return this.startTimeMs;
  }
}

function readStored(stored: unknown): number {
  const rec = stored as Partial<StoredStart> | null;
  if (rec !== null && typeof rec === 'object' && rec.v === RATE_METADATA_VERSION && typeof rec.startTimeMs === 'number' &&
    Number.isFinite(rec.startTimeMs)) {
    return rec.startTimeMs;
  }
  throw new TidemarkError(
    'UNSUPPORTED_SOURCE_METADATA',
    'user',
    `The rate source's checkpoint metadata ${JSON.stringify(stored)} is not a version ${RATE_METADATA_VERSION} start time. ` +
      'Note: the checkpoint was written by another version or another source; use a new checkpointLocation.',
  );
}
