// Hand-written window state for the loop baseline: q5 (hot items) and q7 (highest bid).
import type { Row } from '../../plan/types';
import type { Bid } from '../../connectors/nexmark/model';
import { hashBidRow, hashQ5Row } from './checksum';

/** q5: HOP windows of 10 s sliding by 2 s, aligned to epoch 0, as Flink's HOP TVF. */
export const Q5_SLIDE_MS = 2000;
export const Q5_SIZE_MS = 10_000;
const PANES_PER_WINDOW = Q5_SIZE_MS / Q5_SLIDE_MS;

/**
 * q5 "hot items" (nexmark q5.sql): for each window, the auction(s) whose bid count equals the
 * window's maximum (`AuctionBids.num >= MaxBids.maxn`, so ties all appear). Windows without bids
 * produce nothing. Rows: { auction, num, windowStart, windowEnd }.
 * Bids are counted per 2 s pane (one map update per bid); a window sums its 5 panes when the
 * watermark passes its end, then its first pane is dropped.
 */
export class HotItems {
  outputRows = 0;
  checksum = 0;
  private readonly panes = new Map<number, Map<number, number>>();
  private readonly merged = new Map<number, number>();
  /** Pane index where the next window to close starts. */
  private nextWindow: number;
  private maxPane = -Infinity;

  /** @param firstWatermarkMs a lower bound of every event time (the generator's first watermark). */
  constructor(firstWatermarkMs: number, private readonly rows: Row[] | undefined) {
    this.nextWindow = Math.floor(firstWatermarkMs / Q5_SLIDE_MS) - (PANES_PER_WINDOW - 1);
  }

  add(b: Bid): void {
    const pane = Math.floor(b.dateTime / Q5_SLIDE_MS);
    let counts = this.panes.get(pane);
    if (counts === undefined) {
      counts = new Map();
      this.panes.set(pane, counts);
      if (pane > this.maxPane) this.maxPane = pane;
    }
    counts.set(b.auction, (counts.get(b.auction) ?? 0) + 1);
  }

  /** Every later bid has dateTime >= watermarkMs: close the windows that end at or before it. */
  advance(watermarkMs: number): void {
    while (this.nextWindow <= this.maxPane && (this.nextWindow + PANES_PER_WINDOW) * Q5_SLIDE_MS <= watermarkMs) {
      this.close(this.nextWindow);
      this.panes.delete(this.nextWindow);
      this.nextWindow++;
    }
  }

  private close(first: number): void {
    const merged = this.merged;
    merged.clear();
    for (let p = first; p < first + PANES_PER_WINDOW; p++) {
      const counts = this.panes.get(p);
      if (counts === undefined) continue;
      for (const [auction, n] of counts) merged.set(auction, (merged.get(auction) ?? 0) + n);
    }
    if (merged.size === 0) return;
    let max = 0;
    for (const n of merged.values()) if (n > max) max = n;
    const windowStart = first * Q5_SLIDE_MS;
    const windowEnd = windowStart + Q5_SIZE_MS;
    for (const [auction, num] of merged) {
      if (num !== max) continue;
      this.outputRows++;
      this.checksum = (this.checksum + hashQ5Row(auction, num, windowStart, windowEnd)) >>> 0;
      if (this.rows !== undefined) this.rows.push({ auction, num, windowStart, windowEnd });
    }
  }
}

/** q7: TUMBLE windows of 10 s. */
export const Q7_SIZE_MS = 10_000;

interface TumbleState {
  max: number;
  /** Bids of this window whose price equals `max`. */
  best: Bid[];
  /** Bids at exactly this window's start: they also match the previous window (BETWEEN is inclusive). */
  atStart: Bid[];
}

/**
 * q7 "highest bid" (nexmark q7.sql): join every bid B with each window's max price where
 * `B.price = maxprice AND B.dateTime BETWEEN window_end - 10 s AND window_end`. BETWEEN is
 * inclusive at both ends, so a bid at exactly window_end (the next window's first millisecond)
 * with the previous window's max price is output for that window too — the SQL's semantics,
 * kept. Rows: { auction, bidder, price, dateTime, extra }.
 */
export class HighestBid {
  outputRows = 0;
  checksum = 0;
  private readonly windows = new Map<number, TumbleState>();
  private nextWindow: number;
  private maxWindow = -Infinity;

  constructor(firstWatermarkMs: number, private readonly rows: Row[] | undefined) {
    this.nextWindow = Math.floor(firstWatermarkMs / Q7_SIZE_MS);
  }

  add(b: Bid): void {
    const w = Math.floor(b.dateTime / Q7_SIZE_MS);
    let s = this.windows.get(w);
    if (s === undefined) {
      s = { max: -Infinity, best: [], atStart: [] };
      this.windows.set(w, s);
      if (w > this.maxWindow) this.maxWindow = w;
    }
    if (b.price > s.max) {
      s.max = b.price;
      s.best = [b];
    } else if (b.price === s.max) {
      s.best.push(b);
    }
    if (b.dateTime === w * Q7_SIZE_MS) s.atStart.push(b);
  }

  /** Every later bid has dateTime >= watermarkMs: close windows whose end is strictly before it. */
  advance(watermarkMs: number): void {
    while (this.nextWindow <= this.maxWindow && (this.nextWindow + 1) * Q7_SIZE_MS < watermarkMs) {
      const w = this.nextWindow;
      const s = this.windows.get(w);
      if (s !== undefined) {
        for (const b of s.best) this.emit(b);
        const next = this.windows.get(w + 1);
        if (next !== undefined) for (const b of next.atStart) if (b.price === s.max) this.emit(b);
        this.windows.delete(w);
      }
      this.nextWindow++;
    }
  }

  private emit(b: Bid): void {
    this.outputRows++;
    this.checksum = (this.checksum + hashBidRow(b.auction, b.bidder, b.price, b.dateTime, b.extra.length)) >>> 0;
    if (this.rows !== undefined) {
      this.rows.push({ auction: b.auction, bidder: b.bidder, price: b.price, dateTime: b.dateTime, extra: b.extra });
    }
  }
}
