// Nexmark views over format('nexmark'): the source frame and the bid / auction / person views (Flink's ddl_views.sql).
import { Column, col, type DataFrame, type Session } from '../../index';
import type { Expr } from '../../plan/expr';
import { AUCTION, AUCTION_SCHEMA, BID, BID_SCHEMA, PERSON, PERSON_SCHEMA, type Auction, type Bid, type NexmarkEvent, type Person } from '../../connectors/nexmark/model';
import type { Row, Schema } from '../../plan/types';

/** Options of the nexmark source used by the examples, the test and the benchmark (all optional). */
export interface NexmarkQueryOptions {
  /** Total events; 0 or undefined = unbounded. */
  readonly events?: number;
  /** Events of event time per second (the generator's firstEventRate). */
  readonly firstEventRate?: number;
  /** Largest epoch, in events. */
  readonly maxEventsPerTrigger?: number;
  /** Wall-clock events per second (paced by the trigger clock); undefined = as fast as possible. */
  readonly rate?: number;
  /** Other nexmark source options, passed as they are (e.g. outOfOrderGroupSize, baseTime). */
  readonly sourceOptions?: Readonly<Record<string, unknown>>;
}

/** The raw event stream: `{ eventType, person, auction, bid, dateTime }` rows. */
export function nexmarkEvents(session: Session, options: NexmarkQueryOptions = {}): DataFrame<NexmarkEvent> {
  const o: Record<string, unknown> = { ...options.sourceOptions };
  if (options.events !== undefined) o.events = options.events;
  if (options.firstEventRate !== undefined) o.firstEventRate = options.firstEventRate;
  if (options.maxEventsPerTrigger !== undefined) o.maxEventsPerTrigger = options.maxEventsPerTrigger;
  if (options.rate !== undefined) o.rate = options.rate;
  return session.readStream.format('nexmark').options(o).load<NexmarkEvent>();
}

/**
 * The events of one kind with the fields of its nested struct flattened (Flink's views). Fields are
 * read with getField rather than col('bid.auction'): the compiled dotted-name reader first probes
 * a flat 'bid.auction' property on every row (q1: ~10 % more events/s with getField, measured).
 */
function view<R>(events: DataFrame<NexmarkEvent>, eventType: number, struct: 'bid' | 'auction' | 'person', schema: Schema): DataFrame<R> {
  // The field names come from the model's schema at run time, so the frame is untyped here.
  const kind = events.where(col('eventType').eq(eventType)) as unknown as DataFrame<Row>;
  return kind.select(...schema.map((f) => col(struct).getField(f.name).alias(f.name) as Column<unknown, string>)) as unknown as DataFrame<R>;
}

/** Flink's `bid` view. */
export function bids(events: DataFrame<NexmarkEvent>): DataFrame<Bid> {
  return view<Bid>(events, BID, 'bid', BID_SCHEMA);
}

/** Flink's `auction` view. */
export function auctions(events: DataFrame<NexmarkEvent>): DataFrame<Auction> {
  return view<Auction>(events, AUCTION, 'auction', AUCTION_SCHEMA);
}

/** Flink's `person` view. */
export function persons(events: DataFrame<NexmarkEvent>): DataFrame<Person> {
  return view<Person>(events, PERSON, 'person', PERSON_SCHEMA);
}

/**
 * Spark's `struct(...)`: one column holding an object of the given columns, in the given field
 * order (which is also the order max/min compare fields in). A stand-in built on the engine's
 * function-of-arguments expression until api/functions has a `struct`; the arguments stay column
 * expressions, so the analyzer still checks them and the projection keeps the event-time column.
 * @example df.withColumn('best', struct({ price: col('price'), dateTime: col('dateTime') }))
 */
export function struct<F extends Record<string, Column<any, any>>>(fields: F): Column<{ [K in keyof F]: F[K]['__value'] }, 'struct'> {
  const names = Object.keys(fields);
  const args = names.map((n) => fields[n].expr);
  // A generated constructor gives every struct the same hidden class (fast reads, fast compares).
  // eslint-disable-next-line no-new-func
  const make = new Function(...names.map((_, i) => `a${i}`),
    `return { ${names.map((n, i) => `${JSON.stringify(n)}: a${i} === undefined ? null : a${i}`).join(', ')} };`) as (...a: unknown[]) => never;
  const e: Expr = Object.freeze({ kind: 'udf', name: 'struct', fn: make, args: Object.freeze(args) });
  return new Column(e);
}
