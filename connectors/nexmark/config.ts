// Nexmark generator configuration: Beam/Flink defaults, validation, and the event-time clock.
import type { AnalysisError } from '../../common/errors';
import { invalidOption } from '../options';

/**
 * Knobs of the generator (names as in Beam's NexmarkConfiguration). Every field that changes an
 * event's content or timestamp is listed in CONTENT_KEYS: a replay must use the same values.
 */
export interface NexmarkConfig {
  /** Events per second of EVENT time (aggregate over all generators). Not a wall-clock rate. */
  readonly firstEventRate: number;
  /** Generator timelines interleaved round-robin (Beam splits contiguously; see generator.ts). */
  readonly numEventGenerators: number;
  /** Event time of event 0, epoch ms. */
  readonly baseTime: number;
  /**
   * Events are shuffled within groups of this many event numbers (1 = in order), by Beam's
   * `(n · 953) mod size`; as in Beam, a size dividing 952 (2, 4, 7, 8, 14, 17, …) changes nothing.
   */
  readonly outOfOrderGroupSize: number;
  readonly avgPersonByteSize: number;
  readonly avgAuctionByteSize: number;
  readonly avgBidByteSize: number;
  /** P(bid on the hot auction) = 1 - 1/hotAuctionRatio. */
  readonly hotAuctionRatio: number;
  /** P(bid by the hot bidder) = 1 - 1/hotBiddersRatio. */
  readonly hotBiddersRatio: number;
  /** P(auction by the hot seller) = 1 - 1/hotSellersRatio. */
  readonly hotSellersRatio: number;
  readonly numActivePeople: number;
  readonly numInFlightAuctions: number;
  /** Reproduce Flink's bidder id offset of 2000 instead of 1000 (see generator.ts). */
  readonly flinkBidderQuirk: boolean;
}

/** 2015-07-15T00:00:00.000Z, Beam's fixed base time. */
export const NEXMARK_BASE_TIME_MS = Date.UTC(2015, 6, 15);

export const DEFAULT_NEXMARK_CONFIG: NexmarkConfig = Object.freeze({
  firstEventRate: 10_000,
  numEventGenerators: 1,
  baseTime: NEXMARK_BASE_TIME_MS,
  outOfOrderGroupSize: 1,
  avgPersonByteSize: 200,
  avgAuctionByteSize: 500,
  avgBidByteSize: 100,
  hotAuctionRatio: 2,
  hotBiddersRatio: 4,
  hotSellersRatio: 4,
  numActivePeople: 1000,
  numInFlightAuctions: 100,
  flinkBidderQuirk: false,
});

export const CONFIG_KEYS = Object.keys(DEFAULT_NEXMARK_CONFIG) as (keyof NexmarkConfig)[];

/** Extras are sliced from a 64K-character pool (strings.ts): keep the largest extra well inside it. */
const MAX_AVG_BYTE_SIZE = 20_000;

/** Beam's out-of-order shuffle multiplies by this prime; a group size divisible by it repeats ids. */
const SHUFFLE_PRIME = 953;

/**
 * Fills defaults and validates. Throws AnalysisError INVALID_OPTION quoting the bad value.
 * @example resolveNexmarkConfig({ firstEventRate: 100_000 })
 */
export function resolveNexmarkConfig(partial: Partial<NexmarkConfig> = {}): NexmarkConfig {
  const cfg: NexmarkConfig = { ...DEFAULT_NEXMARK_CONFIG, ...partial };
  positive(cfg, 'firstEventRate', false);
  positive(cfg, 'numEventGenerators', true);
  positive(cfg, 'outOfOrderGroupSize', true);
  for (const k of ['hotAuctionRatio', 'hotBiddersRatio', 'hotSellersRatio', 'numActivePeople', 'numInFlightAuctions'] as const) {
    positive(cfg, k, true);
  }
  for (const k of ['avgPersonByteSize', 'avgAuctionByteSize', 'avgBidByteSize'] as const) {
    const v = cfg[k];
    if (!Number.isInteger(v) || v < 0 || v > MAX_AVG_BYTE_SIZE) {
      throw invalid(k, v, `an integer from 0 to ${MAX_AVG_BYTE_SIZE}`);
    }
  }
  if (!Number.isSafeInteger(cfg.baseTime)) throw invalid('baseTime', cfg.baseTime, 'an epoch-ms integer');
  if (cfg.outOfOrderGroupSize % SHUFFLE_PRIME === 0) {
    throw invalid('outOfOrderGroupSize', cfg.outOfOrderGroupSize, `a positive integer that is not a multiple of ${SHUFFLE_PRIME} (the shuffle would repeat event ids)`);
  }
  if (typeof cfg.flinkBidderQuirk !== 'boolean') throw invalid('flinkBidderQuirk', cfg.flinkBidderQuirk, 'true or false');
  return Object.freeze(cfg);
}

function positive(cfg: NexmarkConfig, key: keyof NexmarkConfig, integer: boolean): void {
  const v = cfg[key] as unknown;
  const ok = typeof v === 'number' && Number.isFinite(v) && v > 0 && (!integer || Number.isSafeInteger(v));
  if (!ok) throw invalid(key, v, integer ? 'a positive integer' : 'a positive number');
}

/** The INVALID_OPTION error every nexmark option check throws (the connectors' wording). */
export function invalid(key: string, value: unknown, expected: string): AnalysisError {
  return invalidOption('nexmark source', key, value, expected);
}

/**
 * Event time (epoch ms) of an event id: the id's position on its generator's timeline times the
 * inter-event delay. Exact rational arithmetic, floored to ms (Beam floors an integer µs delay).
 * @example eventTimestampMs(10_000, DEFAULT_NEXMARK_CONFIG) === NEXMARK_BASE_TIME_MS + 1000
 */
export function eventTimestampMs(eventId: number, cfg: NexmarkConfig): number {
  const g = cfg.numEventGenerators;
  const k = g === 1 ? eventId : eventId - (eventId % g);
  return cfg.baseTime + Math.floor((k * 1000) / cfg.firstEventRate);
}

/**
 * The event id emitted at `position` (0-based count of events emitted before it). With
 * outOfOrderGroupSize n, ids are permuted within each group of n positions (Beam's
 * `nextAdjustedEventNumber`); with n = 1 the id is the position.
 */
export function eventIdAt(position: number, cfg: NexmarkConfig): number {
  const n = cfg.outOfOrderGroupSize;
  if (n === 1) return position;
  const r = position % n;
  return position - r + ((r * SHUFFLE_PRIME) % n);
}

/**
 * A lower bound of the event time of every event emitted at `position` or later (Beam's
 * generator watermark: the timestamp of the first id of the current out-of-order group).
 */
export function watermarkAt(position: number, cfg: NexmarkConfig): number {
  const n = cfg.outOfOrderGroupSize;
  return eventTimestampMs(position - (position % n), cfg);
}
