// Order-independent checksums of Nexmark query results, shared by the loop, RxJS and engine runs.
import type { Row } from '../../plan/types';

export type BaselineQuery = 'q0' | 'q1' | 'q2' | 'q5' | 'q7';
export const BASELINE_QUERIES: readonly BaselineQuery[] = ['q0', 'q1', 'q2', 'q5', 'q7'];

/** What a baseline run returns. `rows` only when asked for (`collect`). */
export interface BaselineResult {
  readonly query: BaselineQuery;
  /** Events generated (all kinds). */
  readonly events: number;
  readonly outputRows: number;
  /** Sum of `rowHash` over the output, mod 2^32: equal results give equal checksums in any order. */
  readonly checksum: number;
  readonly rows?: Row[];
}

function mix(h: number, x: number): number {
  const lo = x >>> 0;
  const hi = (x / 4294967296) >>> 0;
  h = Math.imul(h ^ lo, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ hi, 0x85ebca77);
  return h ^ (h >>> 13);
}

function fin(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
  return (h ^ (h >>> 15)) >>> 0;
}

/** q0 row {auction, bidder, price, dateTime, extra}; also q7's rows. `extra` counts by length. */
export function hashBidRow(auction: number, bidder: number, price: number, dateTime: number, extraLength: number): number {
  return fin(mix(mix(mix(mix(mix(0x2545f491, auction), bidder), price), dateTime), extraLength));
}

/** q1 row: the converted price enters as round(price · 1000) (3 decimals, like DECIMAL(23,3)). */
export function hashQ1Row(auction: number, bidder: number, euroPrice: number, dateTime: number, extraLength: number): number {
  return hashBidRow(auction, bidder, Math.round(euroPrice * 1000), dateTime, extraLength);
}

/** q2 row {auction, price}. */
export function hashQ2Row(auction: number, price: number): number {
  return fin(mix(mix(0x68e31da4, auction), price));
}

/** q5 row {auction, num, windowStart, windowEnd}. */
export function hashQ5Row(auction: number, num: number, windowStart: number, windowEnd: number): number {
  return fin(mix(mix(mix(mix(0x1b873593, auction), num), windowStart), windowEnd));
}

/**
 * The hash of one output row of `query` (rows as the baselines emit them), for checking an
 * engine's output against a baseline: sum it over the rows, mod 2^32, and compare checksums.
 */
export function rowHash(query: BaselineQuery, row: Row): number {
  const r = row as Record<string, number> & { extra?: string };
  switch (query) {
    case 'q0':
    case 'q7':
      return hashBidRow(r.auction, r.bidder, r.price, r.dateTime, (r.extra ?? '').length);
    case 'q1':
      return hashQ1Row(r.auction, r.bidder, r.price, r.dateTime, (r.extra ?? '').length);
    case 'q2':
      return hashQ2Row(r.auction, r.price);
    case 'q5':
      return hashQ5Row(r.auction, r.num, r.windowStart, r.windowEnd);
  }
}

/** Checksum of a whole result. */
export function checksumOf(query: BaselineQuery, rows: Iterable<Row>): number {
  let sum = 0;
  for (const row of rows) sum = (sum + rowHash(query, row)) >>> 0;
  return sum;
}
