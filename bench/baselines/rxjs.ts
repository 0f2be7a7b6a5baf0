// The RxJS baseline: q0, q1, q2 as `source.pipe(filter, map)` over the Nexmark generator.
import { Observable, filter, from, map } from 'rxjs';
import type { Row } from '../../plan/types';
import { eventIdAt, resolveNexmarkConfig, type NexmarkConfig } from '../../connectors/nexmark/config';
import { generateEvent, nexmarkEvents } from '../../connectors/nexmark/generator';
import { BID, type Bid, type NexmarkEvent } from '../../connectors/nexmark/model';
import { hashBidRow, hashQ1Row, hashQ2Row, type BaselineResult } from './checksum';

export type RxQuery = 'q0' | 'q1' | 'q2';

export interface RxOptions {
  /**
   * 'observable' (default): a hand-written Observable looping over event numbers;
   * 'iterable': `from(nexmarkEvents(...))`, RxJS over a JS generator function.
   */
  readonly source?: 'observable' | 'iterable';
  readonly collect?: boolean;
}

/** The first `events` events as a synchronous cold Observable (stops when unsubscribed). */
export function nexmarkObservable(events: number, cfg: NexmarkConfig): Observable<NexmarkEvent> {
  return new Observable<NexmarkEvent>((subscriber) => {
    const inOrder = cfg.outOfOrderGroupSize === 1;
    for (let p = 0; p < events && !subscriber.closed; p++) {
      subscriber.next(generateEvent(inOrder ? p : eventIdAt(p, cfg), cfg));
    }
    subscriber.complete();
  });
}

const bids = filter((e: NexmarkEvent) => e.eventType === BID);
const toBid = map((e: NexmarkEvent) => e.bid as Bid);

/**
 * Runs q0/q1/q2 through an RxJS pipeline; resolves when the source completes.
 * @example (await runRx('q1', 1_000_000)).outputRows
 */
export function runRx(query: RxQuery, events: number, cfg: Partial<NexmarkConfig> = {}, opts: RxOptions = {}): Promise<BaselineResult> {
  const config = resolveNexmarkConfig(cfg);
  const source = opts.source === 'iterable' ? from(nexmarkEvents(events, config)) : nexmarkObservable(events, config);
  const rows: Row[] | undefined = opts.collect === true ? [] : undefined;
  let outputRows = 0;
  let checksum = 0;
  return new Promise<BaselineResult>((resolve, reject) => {
    const done = { complete: () => resolve({ query, events, outputRows, checksum, rows }), error: reject };
    const bidStream = source.pipe(bids, toBid);
    if (query === 'q2') {
      bidStream
        .pipe(filter((b) => b.auction % 123 === 0), map((b) => ({ auction: b.auction, price: b.price })))
        .subscribe({
          next: (r) => {
            outputRows++;
            checksum = (checksum + hashQ2Row(r.auction, r.price)) >>> 0;
            rows?.push(r);
          },
          ...done,
        });
      return;
    }
    const q1 = query === 'q1';
    bidStream
      .pipe(map((b) => ({ auction: b.auction, bidder: b.bidder, price: q1 ? b.price * 0.908 : b.price, dateTime: b.dateTime, extra: b.extra })))
      .subscribe({
        next: (r) => {
          outputRows++;
          const h = q1
            ? hashQ1Row(r.auction, r.bidder, r.price, r.dateTime, r.extra.length)
            : hashBidRow(r.auction, r.bidder, r.price, r.dateTime, r.extra.length);
          checksum = (checksum + h) >>> 0;
          rows?.push(r);
        },
        ...done,
      });
  });
}
