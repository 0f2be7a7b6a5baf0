// Nexmark q7, highest bid: per 10 s tumbling window, the bid with the highest price (nexmark-flink q7.sql).
//
// Flink joins every bid back to its window's max(price) and emits ALL bids at that price, with
// `dateTime BETWEEN window_end - 10 s AND window_end` (inclusive: a bid on the next window's first
// millisecond also matches). Joins do not exist yet, so the engine computes the per-window maximum
// of a (price, dateTime, auction, bidder, extra) struct in one append-mode aggregation and emits
// that one bid. It equals Flink's answer whenever a window's maximum price is held by one bid
// (the inclusive end only matters on a tie too). GAP: bids tying at the max price are reduced to
// the latest one; the exact form needs a stream-stream join (or a max-with-ties aggregate).
import { col, max, window, type DataFrame, type Session } from '../../index';
import { bids, nexmarkEvents, struct, type NexmarkQueryOptions } from './views';
import { NEXMARK_WATERMARK_DELAY } from './q5';
import { runExample } from './run-example';

export const Q7_WINDOW = '10 seconds';

export interface Q7Row {
  auction: number;
  price: number;
  bidder: number;
  dateTime: number;
  extra: string;
}

/**
 * Highest bid per tumbling window; rows `{ auction, price, bidder, dateTime, extra }`. Append mode.
 * @example q7(session, { events: 1_000_000 }).writeStream.outputMode('append').format('console').start()
 */
export function q7(session: Session, options: NexmarkQueryOptions = {}): DataFrame<Q7Row> {
  return bids(nexmarkEvents(session, options))
    .withWatermark('dateTime', NEXMARK_WATERMARK_DELAY)
    // Field order decides the struct order: price first, then the later bid wins a tie.
    .select(col('dateTime'), struct({
      price: col('price'), dateTime: col('dateTime'), auction: col('auction'), bidder: col('bidder'), extra: col('extra'),
    }).alias('best'))
    .groupBy(window(col('dateTime'), Q7_WINDOW))
    .agg(max('best').alias('best'))
    .select(col('best.auction'), col('best.price'), col('best.bidder'), col('best.dateTime'), col('best.extra')) as unknown as DataFrame<Q7Row>;
}

if (require.main === module) runExample('q7', q7, 'console');
