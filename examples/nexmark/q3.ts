// Nexmark q3, local item suggestion: sellers in OR, ID or CA of auctions in category 10 (nexmark-flink q3.sql).
// An incremental (unwindowed) stream-stream inner join: both sides stay in state, as in Flink and Spark.
import { col, type DataFrame, type Session } from '../../index';
import { auctions, nexmarkEvents, persons, type NexmarkQueryOptions } from './views';
import { runExample } from './run-example';

export interface Q3Row {
  name: string;
  city: string;
  state: string;
  id: number;
}

/**
 * `SELECT P.name, P.city, P.state, A.id FROM auction A JOIN person P ON A.seller = P.id
 *  WHERE A.category = 10 AND P.state IN ('OR', 'ID', 'CA')`. Run in append mode.
 */
export function q3(session: Session, options: NexmarkQueryOptions = {}): DataFrame<Q3Row> {
  const events = nexmarkEvents(session, options);
  const a = auctions(events).where(col('category').eq(10)).select(col('seller'), col('id').alias('auctionId'));
  const p = persons(events).where(col('state').isin('OR', 'ID', 'CA')).select(col('id').alias('seller'), col('name'), col('city'), col('state'));
  return a.join(p, 'seller').select(col('name'), col('city'), col('state'), col('auctionId').alias('id')) as unknown as DataFrame<Q3Row>;
}

if (require.main === module) runExample('q3', q3, 'console');
