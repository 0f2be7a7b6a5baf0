// The loop baseline: q0, q1, q2, q5, q7 as plain single-threaded loops over the Nexmark generator.
//
// The ceiling for one Node core: no framework, no batching, no state store. To stay honest the
// loop does the work any run must do: it generates EVERY event (persons and auctions too) with
// the same `generateEvent` the nexmark source uses, in emission order, and builds each output
// row. Windowed queries close windows with the generator's own watermark (an exact lower bound
// of later event times), so their memory stays bounded; a bounded run ends with all windows
// closed, i.e. the final result of the Flink SQL.
import type { Row } from '../../plan/types';
import { eventIdAt, resolveNexmarkConfig, watermarkAt, type NexmarkConfig } from '../../connectors/nexmark/config';
import { generateEvent } from '../../connectors/nexmark/generator';
import { BID, type Bid } from '../../connectors/nexmark/model';
import { hashBidRow, hashQ1Row, hashQ2Row, type BaselineQuery, type BaselineResult } from './checksum';
import { HotItems, HighestBid } from './windows';

export interface LoopOptions {
  /** Keep the output rows in the result (tests); off for measurements. */
  readonly collect?: boolean;
}

/**
 * Runs one query over the first `events` events of the generator.
 * @example runLoop('q2', 10_000).outputRows
 */
export function runLoop(query: BaselineQuery, events: number, cfg: Partial<NexmarkConfig> = {}, opts: LoopOptions = {}): BaselineResult {
  const config = resolveNexmarkConfig(cfg);
  const rows: Row[] | undefined = opts.collect === true ? [] : undefined;
  switch (query) {
    case 'q0':
      return stateless(query, events, config, rows, q0);
    case 'q1':
      return stateless(query, events, config, rows, q1);
    case 'q2':
      return stateless(query, events, config, rows, q2);
    case 'q5':
    case 'q7':
      return windowed(query, events, config, rows);
  }
}

/** Maps one bid to its output; returns the row hash, or -1 when the bid is filtered out. */
type BidStep = (b: Bid, rows: Row[] | undefined) => number;

const q0: BidStep = (b, rows) => {
  const out = { auction: b.auction, bidder: b.bidder, price: b.price, dateTime: b.dateTime, extra: b.extra };
  if (rows !== undefined) rows.push(out);
  return hashBidRow(out.auction, out.bidder, out.price, out.dateTime, out.extra.length);
};

const q1: BidStep = (b, rows) => {
  const out = { auction: b.auction, bidder: b.bidder, price: b.price * 0.908, dateTime: b.dateTime, extra: b.extra };
  if (rows !== undefined) rows.push(out);
  return hashQ1Row(out.auction, out.bidder, out.price, out.dateTime, out.extra.length);
};

const q2: BidStep = (b, rows) => {
  if (b.auction % 123 !== 0) return -1;
  const out = { auction: b.auction, price: b.price };
  if (rows !== undefined) rows.push(out);
  return hashQ2Row(out.auction, out.price);
};

function stateless(query: BaselineQuery, events: number, cfg: NexmarkConfig, rows: Row[] | undefined, step: BidStep): BaselineResult {
  const inOrder = cfg.outOfOrderGroupSize === 1;
  let outputRows = 0;
  let checksum = 0;
  for (let p = 0; p < events; p++) {
    const ev = generateEvent(inOrder ? p : eventIdAt(p, cfg), cfg);
    if (ev.eventType !== BID) continue;
    const h = step(ev.bid as Bid, rows);
    if (h >= 0) {
      outputRows++;
      checksum = (checksum + h) >>> 0;
    }
  }
  return { query, events, outputRows, checksum, rows };
}

function windowed(query: 'q5' | 'q7', events: number, cfg: NexmarkConfig, rows: Row[] | undefined): BaselineResult {
  const op = query === 'q5' ? new HotItems(watermarkAt(0, cfg), rows) : new HighestBid(watermarkAt(0, cfg), rows);
  const inOrder = cfg.outOfOrderGroupSize === 1;
  let watermark = watermarkAt(0, cfg);
  for (let p = 0; p < events; p++) {
    const ev = generateEvent(inOrder ? p : eventIdAt(p, cfg), cfg);
    if (ev.eventType === BID) op.add(ev.bid as Bid);
    const next = inOrder ? ev.dateTime : watermarkAt(p + 1, cfg);
    if (next > watermark) {
      watermark = next;
      op.advance(watermark);
    }
  }
  op.advance(Infinity);
  return { query, events, outputRows: op.outputRows, checksum: op.checksum, rows };
}
