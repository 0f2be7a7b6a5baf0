// Nexmark q2, selection: the bids on every 123rd auction (auction % 123 = 0), as nexmark-flink q2.sql.
import { col, type DataFrame, type Session } from '../../index';
import { bids, nexmarkEvents, type NexmarkQueryOptions } from './views';
import { runExample } from './run-example';

export interface Q2Row {
  auction: number;
  price: number;
}

/**
 * `SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0`.
 * @example q2(session, { events: 1_000_000 }).writeStream.format('console').start()
 */
export function q2(session: Session, options: NexmarkQueryOptions = {}): DataFrame<Q2Row> {
  return bids(nexmarkEvents(session, options))
    .where(col('auction').mod(123).eq(0))
    .select(col('auction'), col('price')) as unknown as DataFrame<Q2Row>;
}

if (require.main === module) runExample('q2', q2, 'console');
