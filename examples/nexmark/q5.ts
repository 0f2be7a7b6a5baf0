// Nexmark q5, hot items: per 10 s window sliding by 2 s, the auction(s) with the most bids (nexmark-flink q5.sql).
//
// Flink joins the per-(window, auction) counts back to the per-window maximum. Joins do not exist
// yet, so this runs two chained aggregations in append mode instead, both inside the engine:
//   1. count per (HOP window, auction), emitted once the watermark passes the window's end;
//   2. per window: max(num) and the list of (auction, num) entries, then a flatMap keeping the
//      entries whose num equals the max (ties all appear, as with Flink's `num >= maxn`).
// Level 2 gets each window's rows in the epoch level 1 closes it, so its state lives one epoch.
// (A map() between the levels would drop the event-time column, hence struct() in a select.)
// A bounded run ends with the last windows still open (their end is past the final watermark).
import { col, collectList, count, max, window, type DataFrame, type Session, type WindowValue } from '../../index';
import { bids, nexmarkEvents, struct, type NexmarkQueryOptions } from './views';
import { runExample } from './run-example';

export const Q5_WINDOW = '10 seconds';
export const Q5_SLIDE = '2 seconds';
/** Flink's bounded out-of-orderness on dateTime (ddl_gen.sql). */
export const NEXMARK_WATERMARK_DELAY = '4 seconds';

export interface Q5Row {
  auction: number;
  num: number;
  windowStart: number;
  windowEnd: number;
}

interface AuctionCount {
  window: WindowValue;
  auction: number;
  num: number;
}

interface WindowEntries {
  window: WindowValue;
  maxn: number;
  entries: { auction: number; num: number }[];
}

/**
 * Hot items; rows `{ auction, num, windowStart, windowEnd }`. Run in append mode.
 * @example q5(session, { events: 1_000_000 }).writeStream.outputMode('append').format('console').start()
 */
export function q5(session: Session, options: NexmarkQueryOptions = {}): DataFrame<Q5Row> {
  const counts = bids(nexmarkEvents(session, options))
    .withWatermark('dateTime', NEXMARK_WATERMARK_DELAY)
    .groupBy(window(col('dateTime'), Q5_WINDOW, Q5_SLIDE), col('auction'))
    .agg(count().alias('num')) as unknown as DataFrame<AuctionCount>;
  const perWindow = counts
    .select(col('window'), col('num'), struct({ auction: col('auction'), num: col('num') }).alias('entry'))
    .groupBy(col('window'))
    .agg(max('num').alias('maxn'), collectList('entry').alias('entries')) as unknown as DataFrame<WindowEntries>;
  return perWindow.flatMap((r) => {
    const out: Q5Row[] = [];
    for (const e of r.entries) {
      if (e.num === r.maxn) out.push({ auction: e.auction, num: e.num, windowStart: r.window.start, windowEnd: r.window.end });
    }
    return out;
  });
}

if (require.main === module) runExample('q5', q5, 'console');
