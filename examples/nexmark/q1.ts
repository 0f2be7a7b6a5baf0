// Nexmark q1, currency conversion: each bid with its price in euros (price × 0.908), as nexmark-flink q1.sql.
import { col, type DataFrame, type Session } from '../../index';
import { bids, nexmarkEvents, type NexmarkQueryOptions } from './views';
import { runExample } from './run-example';

export interface Q1Row {
  auction: number;
  bidder: number;
  /** Euros × 100 (the dollar price in cents × 0.908), a double. */
  price: number;
  dateTime: number;
  extra: string;
}

/**
 * `SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid`.
 * @example q1(session, { events: 1_000_000 }).writeStream.format('noop').start()
 */
export function q1(session: Session, options: NexmarkQueryOptions = {}): DataFrame<Q1Row> {
  return bids(nexmarkEvents(session, options))
    .select(col('auction'), col('bidder'), col('price').multiply(0.908).alias('price'), col('dateTime'), col('extra')) as unknown as DataFrame<Q1Row>;
}

if (require.main === module) runExample('q1', q1, 'noop');
