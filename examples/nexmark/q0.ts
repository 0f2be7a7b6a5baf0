// Nexmark q0, pass-through: every bid unchanged (auction, bidder, price, dateTime, extra), as nexmark-flink q0.sql.
import { col, type DataFrame, type Session } from '../../index';
import { bids, nexmarkEvents, type NexmarkQueryOptions } from './views';
import { runExample } from './run-example';

export interface Q0Row {
  auction: number;
  bidder: number;
  price: number;
  dateTime: number;
  extra: string;
}

/**
 * `SELECT auction, bidder, price, dateTime, extra FROM bid`.
 * @example q0(session, { events: 1_000_000 }).writeStream.format('noop').start()
 */
export function q0(session: Session, options: NexmarkQueryOptions = {}): DataFrame<Q0Row> {
  return bids(nexmarkEvents(session, options))
    .select(col('auction'), col('bidder'), col('price'), col('dateTime'), col('extra')) as unknown as DataFrame<Q0Row>;
}

if (require.main === module) runExample('q0', q0, 'noop');
