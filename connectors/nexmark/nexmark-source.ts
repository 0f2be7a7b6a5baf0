// `format('nexmark')`: the Nexmark event stream as a replayable source; offset = events emitted.
import { AnalysisError, CheckpointError } from '../../common/errors';
import type { Row, Schema } from '../../plan/types';
import { checkRange, toLongOffset } from '../long-offset';
import { ConnectorOptions, invalidOption } from '../options';
import type { Offset, SourceContext, StreamSource } from '../types';
import { CONFIG_KEYS, DEFAULT_NEXMARK_CONFIG, eventIdAt, resolveNexmarkConfig, type NexmarkConfig } from './config';
import { generateEvent } from './generator';
import { NEXMARK_EVENT_SCHEMA } from './model';

/** Format version of what the source keeps in its checkpoint metadata. */
export const NEXMARK_METADATA_VERSION = 1;
/** Metadata key: start time (for `rate` pacing) and the content-defining generator config. */
export const NEXMARK_METADATA_KEY = 'nexmark.generator';

export const NEXMARK_OPTIONS: readonly string[] = [
  'events', 'maxEventsPerTrigger', 'rate', 'numPartitions', ...CONFIG_KEYS,
];

export interface NexmarkSourceOptions {
  /** Total events; 0 = unbounded. */
  readonly events: number;
  readonly maxEventsPerTrigger: number;
  /** Wall-clock events per second (via the trigger clock); undefined = as fast as possible. */
  readonly rate: number | undefined;
  readonly config: NexmarkConfig;
}

interface StoredGenerator {
  readonly v: number;
  readonly startTimeMs: number;
  readonly config: Record<string, unknown>;
}

/**
 * Validates options (UNKNOWN_OPTION, INVALID_OPTION; names case-insensitive; numbers may be
 * strings). `numPartitions` is the number of generator timelines (numEventGenerators).
 * @example parseNexmarkOptions({ events: 1_000_000, firstEventRate: 100_000 })
 */
export function parseNexmarkOptions(options: Readonly<Record<string, unknown>>): NexmarkSourceOptions {
  const o = new ConnectorOptions('nexmark source', options, NEXMARK_OPTIONS);
  const d = DEFAULT_NEXMARK_CONFIG;
  if (o.has('numPartitions') && o.has('numEventGenerators') && o.raw('numPartitions') !== o.raw('numEventGenerators')) {
    throw invalidOption('nexmark source', 'numPartitions', o.raw('numPartitions'),
      `equal to numEventGenerators (${String(o.raw('numEventGenerators'))}), or given alone: both name the number of generator timelines`);
  }
  const generators = o.has('numPartitions') ? o.positiveInt('numPartitions', 1) : o.positiveInt('numEventGenerators', d.numEventGenerators);
  const config = resolveNexmarkConfig({
    firstEventRate: positiveNumber(o, 'firstEventRate', d.firstEventRate),
    numEventGenerators: generators,
    baseTime: timeMs(o, 'baseTime', d.baseTime),
    outOfOrderGroupSize: o.positiveInt('outOfOrderGroupSize', d.outOfOrderGroupSize),
    avgPersonByteSize: o.nonNegativeInt('avgPersonByteSize', d.avgPersonByteSize),
    avgAuctionByteSize: o.nonNegativeInt('avgAuctionByteSize', d.avgAuctionByteSize),
    avgBidByteSize: o.nonNegativeInt('avgBidByteSize', d.avgBidByteSize),
    hotAuctionRatio: o.positiveInt('hotAuctionRatio', d.hotAuctionRatio),
    hotBiddersRatio: o.positiveInt('hotBiddersRatio', d.hotBiddersRatio),
    hotSellersRatio: o.positiveInt('hotSellersRatio', d.hotSellersRatio),
    numActivePeople: o.positiveInt('numActivePeople', d.numActivePeople),
    numInFlightAuctions: o.positiveInt('numInFlightAuctions', d.numInFlightAuctions),
    flinkBidderQuirk: o.boolean('flinkBidderQuirk', d.flinkBidderQuirk),
  });
  return {
    events: o.nonNegativeInt('events', 0),
    maxEventsPerTrigger: o.positiveInt('maxEventsPerTrigger', 100_000),
    rate: o.has('rate') ? positiveNumber(o, 'rate', 1) : undefined,
    config,
  };
}

function positiveNumber(o: ConnectorOptions, name: string, dflt: number): number {
  if (!o.has(name)) return dflt;
  const v = o.raw(name);
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || n <= 0) throw invalidOption('nexmark source', name, v, 'a positive number');
  return n;
}

function timeMs(o: ConnectorOptions, name: string, dflt: number): number {
  if (!o.has(name)) return dflt;
  const v = o.raw(name);
  let n = NaN;
  if (typeof v === 'number') n = v;
  else if (v instanceof Date) n = v.getTime();
  else if (typeof v === 'string') n = /^\s*-?\d+\s*$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isSafeInteger(n)) {
    throw invalidOption('nexmark source', name, v, "an epoch-ms integer or an ISO date such as '2015-07-15T00:00:00.000Z'");
  }
  return n;
}

/**
 * Replayable: the rows of a range are regenerated from the event numbers alone (the PRNG is
 * seeded per event), so a re-run epoch after a crash emits exactly the same events. The
 * content-defining config is kept in the checkpoint metadata; restarting with different values
 * fails with SOURCE_OPTIONS_CHANGED instead of silently emitting other events.
 */
export class NexmarkSource implements StreamSource {
  readonly replayable = true;
  readonly description: string;
  readonly options: NexmarkSourceOptions;
  private startTimeMs = 0;
  private lastNowMs = 0;
  private now: () => number = () => 0;

  constructor(options: Readonly<Record<string, unknown>> = {}) {
    this.options = parseNexmarkOptions(options);
    const { events, maxEventsPerTrigger, rate, config } = this.options;
    this.description =
      `Nexmark[events=${events === 0 ? 'unbounded' : events}, firstEventRate=${config.firstEventRate}, ` +
      `numPartitions=${config.numEventGenerators}, outOfOrderGroupSize=${config.outOfOrderGroupSize}, ` +
      `maxEventsPerTrigger=${maxEventsPerTrigger}${rate === undefined ? '' : `, rate=${rate}`}]`;
  }

  schema(): Schema {
    return NEXMARK_EVENT_SCHEMA;
  }

  async open(ctx: SourceContext): Promise<void> {
    this.now = () => ctx.now();
    const config = contentConfig(this.options.config);
    const stored = ctx.metadata.get(NEXMARK_METADATA_KEY) as StoredGenerator | undefined | null;
    if (stored === undefined || stored === null) {
      this.startTimeMs = ctx.now();
      const record: StoredGenerator = { v: NEXMARK_METADATA_VERSION, startTimeMs: this.startTimeMs, config };
      await ctx.metadata.put(NEXMARK_METADATA_KEY, record);
    } else {
      if (typeof stored !== 'object' || stored.v !== NEXMARK_METADATA_VERSION || typeof stored.startTimeMs !== 'number') {
        throw new CheckpointError('INCOMPATIBLE_SOURCE_METADATA',
          `The nexmark source metadata in the checkpoint is ${JSON.stringify(stored)}, not format version ${NEXMARK_METADATA_VERSION}. ` +
            'Note: the checkpoint was written by another version or source; use a new checkpointLocation.');
      }
      for (const k of Object.keys(config)) {
        if (stored.config?.[k] !== config[k]) {
          throw new CheckpointError('SOURCE_OPTIONS_CHANGED',
            `The nexmark option "${k}" is ${JSON.stringify(config[k])} but the checkpoint was written with ${JSON.stringify(stored.config?.[k])}: ` +
              `replayed events would differ. Note: restore ${k} to ${JSON.stringify(stored.config?.[k])}, or use a new checkpointLocation.`,
            { option: k });
        }
      }
      this.startTimeMs = stored.startTimeMs;
    }
    this.lastNowMs = this.startTimeMs;
  }

  initialOffset(): Offset {
    return 0;
  }

  /** Next end: start + maxEventsPerTrigger, capped by `events` and by the `rate` pacing. */
  latestOffset(start: Offset): Offset {
    const s = toLongOffset(start, this.description, 0);
    const { events, maxEventsPerTrigger, rate } = this.options;
    let cap = events > 0 ? events : Number.MAX_SAFE_INTEGER;
    if (rate !== undefined) {
      const now = this.now();
      if (now > this.lastNowMs) this.lastNowMs = now;
      cap = Math.min(cap, Math.floor(((this.lastNowMs - this.startTimeMs) * rate) / 1000));
    }
    return Math.max(s, Math.min(s + maxEventsPerTrigger, cap));
  }

  /**
   * Everything available now, ignoring maxEventsPerTrigger (AvailableNow and processAllAvailable
   * targets; Spark's reportLatestOffset). An unbounded generator without pacing reports one
   * trigger's worth, since "everything" would never end.
   */
  reportLatestOffset(start: Offset): Offset {
    const s = toLongOffset(start, this.description, 0);
    const { events, rate } = this.options;
    if (events === 0 && rate === undefined) return this.latestOffset(start);
    let cap = events > 0 ? events : Number.MAX_SAFE_INTEGER;
    if (rate !== undefined) {
      const now = this.now();
      if (now > this.lastNowMs) this.lastNowMs = now;
      cap = Math.min(cap, Math.floor(((this.lastNowMs - this.startTimeMs) * rate) / 1000));
    }
    return Math.max(s, cap);
  }

  async read(start: Offset, end: Offset, emit: (rows: Row[]) => void | Promise<void>, batchSize: number): Promise<void> {
    const s = toLongOffset(start, this.description, 0);
    const e = toLongOffset(end, this.description, 0);
    checkRange(s, e, this.description);
    const cfg = this.options.config;
    const inOrder = cfg.outOfOrderGroupSize === 1;
    const size = Math.max(1, Math.floor(batchSize));
    let batch: Row[] = [];
    for (let p = s; p < e; p++) {
      batch.push(generateEvent(inOrder ? p : eventIdAt(p, cfg), cfg) as unknown as Row);
      if (batch.length >= size) {
        const r = emit(batch);
        if (r !== undefined) await r;
        batch = [];
      }
    }
    if (batch.length > 0) {
      const r = emit(batch);
      if (r !== undefined) await r;
    }
  }

  isEmptyRange(start: Offset, end: Offset): boolean {
    return start === end;
  }
}

/** The config fields that decide event content and timestamps, as stored in the checkpoint. */
function contentConfig(cfg: NexmarkConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of CONFIG_KEYS) out[k] = cfg[k];
  return out;
}

/** The factory the connectors registry calls: `(options, schema?) => StreamSource`. */
export function nexmarkSourceFactory(options: Readonly<Record<string, unknown>>, schema?: Schema): StreamSource {
  if (schema !== undefined) {
    throw new AnalysisError('USER_SCHEMA_NOT_SUPPORTED',
      'The nexmark source does not support a user-specified schema. Note: remove .schema(...); its schema is fixed.',
      { format: 'nexmark' });
  }
  return new NexmarkSource(options);
}

/**
 * Registers `format('nexmark')`.
 * @example registerNexmark(registerSourceFormat)
 */
export function registerNexmark(
  register: (format: string, factory: (options: Readonly<Record<string, unknown>>, schema?: Schema) => StreamSource) => void,
): void {
  register('nexmark', nexmarkSourceFactory);
}
