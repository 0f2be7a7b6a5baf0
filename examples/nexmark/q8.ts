// Nexmark q8, monitor new users: persons who opened an auction in the same 10 s tumbling window as they
// joined (nexmark-flink q8.sql): two windowed aggregations (append, watermark 4 s) joined on id = seller and
// the window. The join keeps its state (no time-range cleanup yet), which a bounded run can afford.
import { col, count, window, type DataFrame, type Session } from '../../index';
import { auctions, nexmarkEvents, persons, type NexmarkQueryOptions } from './views';
import { runExample } from './run-example';
import { NEXMARK_WATERMARK_DELAY } from './q5';

export const Q8_WINDOW = '10 seconds';

export interface Q8Row {
  id: number;
  name: string;
  starttime: number;
}

/** Rows `{ id, name, starttime }` (window start, epoch ms). Run in append mode. */
export function q8(session: Session, options: NexmarkQueryOptions = {}): DataFrame<Q8Row> {
  const events = nexmarkEvents(session, options);
  const p = persons(events)
    .withWatermark('dateTime', NEXMARK_WATERMARK_DELAY)
    .groupBy(col('id'), col('name'), window(col('dateTime'), Q8_WINDOW))
    .agg(count().alias('n'))
    .select(col('id').alias('seller'), col('name'), col('window').getField('start').alias('starttime'));
  const a = auctions(events)
    .withWatermark('dateTime', NEXMARK_WATERMARK_DELAY)
    .groupBy(col('seller'), window(col('dateTime'), Q8_WINDOW))
    .agg(count().alias('n'))
    .select(col('seller'), col('window').getField('start').alias('starttime'));
  return p.join(a, ['seller', 'starttime']).select(col('seller').alias('id'), col('name'), col('starttime')) as unknown as DataFrame<Q8Row>;
}

if (require.main === module) runExample('q8', q8, 'console');
