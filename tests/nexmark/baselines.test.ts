// Loop and RxJS baselines: q0–q2 against a direct map/filter, q5/q7 against brute-force SQL semantics.
import t from 'tap';
import { resolveNexmarkConfig, type NexmarkConfig } from '../../connectors/nexmark/config';
import { nexmarkEvents } from '../../connectors/nexmark/generator';
import type { Bid } from '../../connectors/nexmark/model';
import { checksumOf, type BaselineQuery } from '../../bench/baselines/checksum';
import { runLoop } from '../../bench/baselines/loop';
import { runRx } from '../../bench/baselines/rxjs';
import { HighestBid, HotItems } from '../../bench/baselines/windows';
import type { Row } from '../../plan/types';

function bidsOf(events: number, cfg: NexmarkConfig): Bid[] {
  return [...nexmarkEvents(events, cfg)].filter((e) => e.bid !== null).map((e) => e.bid as Bid);
}

/** q5.sql evaluated literally: count per (HOP window, auction), keep counts equal to the window max. */
function bruteQ5(bids: Bid[]): Row[] {
  const counts = new Map<string, number>();
  for (const b of bids) {
    const last = Math.floor(b.dateTime / 2000) * 2000;
    for (let s = last; s > b.dateTime - 10_000; s -= 2000) {
      const k = `${s}|${b.auction}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  const maxPerWindow = new Map<number, number>();
  for (const [k, n] of counts) {
    const s = Number(k.split('|')[0]);
    maxPerWindow.set(s, Math.max(maxPerWindow.get(s) ?? 0, n));
  }
  const out: Row[] = [];
  for (const [k, n] of counts) {
    const [s, auction] = k.split('|').map(Number);
    if (n >= (maxPerWindow.get(s) as number)) out.push({ auction, num: n, windowStart: s, windowEnd: s + 10_000 });
  }
  return out;
}

/** q7.sql evaluated literally: B ⋈ (max per TUMBLE window) ON price = max AND dateTime BETWEEN end - 10 s AND end. */
function bruteQ7(bids: Bid[]): Row[] {
  const maxPerWindow = new Map<number, number>();
  for (const b of bids) {
    const s = Math.floor(b.dateTime / 10_000) * 10_000;
    maxPerWindow.set(s, Math.max(maxPerWindow.get(s) ?? -Infinity, b.price));
  }
  const out: Row[] = [];
  for (const [s, max] of maxPerWindow) {
    const end = s + 10_000;
    for (const b of bids) {
      if (b.price === max && b.dateTime >= end - 10_000 && b.dateTime <= end) {
        out.push({ auction: b.auction, bidder: b.bidder, price: b.price, dateTime: b.dateTime, extra: b.extra });
      }
    }
  }
  return out;
}

const key = (r: Row) => JSON.stringify(Object.keys(r).sort().map((k) => r[k]));
const sorted = (rows: Row[]) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

t.test('q0, q1, q2 on 10k events equal a direct map/filter over the generated bids', async (t) => {
  const cfg = resolveNexmarkConfig({});
  const bids = bidsOf(10_000, cfg);
  t.equal(bids.length, 9200);
  const expected: Record<'q0' | 'q1' | 'q2', Row[]> = {
    q0: bids.map((b) => ({ auction: b.auction, bidder: b.bidder, price: b.price, dateTime: b.dateTime, extra: b.extra })),
    q1: bids.map((b) => ({ auction: b.auction, bidder: b.bidder, price: b.price * 0.908, dateTime: b.dateTime, extra: b.extra })),
    q2: bids.filter((b) => b.auction % 123 === 0).map((b) => ({ auction: b.auction, price: b.price })),
  };
  t.ok(expected.q2.length > 0, 'q2 selects some bids');
  for (const q of ['q0', 'q1', 'q2'] as const) {
    const loop = runLoop(q, 10_000, {}, { collect: true });
    t.equal(loop.events, 10_000);
    t.equal(loop.outputRows, expected[q].length, `${q} rows`);
    t.strictSame(loop.rows, expected[q], `${q} content and order`);
    t.equal(loop.checksum, checksumOf(q, expected[q]), `${q} checksum`);
    t.equal(runLoop(q, 10_000).rows, undefined, 'rows only when collected');
    for (const source of ['observable', 'iterable'] as const) {
      const rx = await runRx(q, 10_000, {}, { source, collect: true });
      t.strictSame(rx.rows, expected[q], `rxjs ${q} over ${source}`);
      t.equal(rx.checksum, loop.checksum);
    }
  }
});

t.test('q5 and q7 equal the SQL evaluated by brute force, in order and out of order', async (t) => {
  const configs: [string, Partial<NexmarkConfig>, number][] = [
    ['in order', { firstEventRate: 1000 }, 40_000],
    ['out of order', { firstEventRate: 1000, outOfOrderGroupSize: 10 }, 40_000],
    ['groups of 600 (0.6 s)', { firstEventRate: 1000, outOfOrderGroupSize: 600 }, 30_000],
    ['unaligned base time', { firstEventRate: 700, baseTime: 1_234_567 }, 20_000],
  ];
  for (const [name, partial, n] of configs) {
    const cfg = resolveNexmarkConfig(partial);
    const bids = bidsOf(n, cfg);
    const cases: [BaselineQuery, Row[]][] = [['q5', bruteQ5(bids)], ['q7', bruteQ7(bids)]];
    for (const [q, expected] of cases) {
      const loop = runLoop(q, n, partial, { collect: true });
      t.ok(expected.length > 0, `${name} ${q} has results`);
      t.equal(loop.outputRows, expected.length, `${name} ${q} row count`);
      t.strictSame(sorted(loop.rows as Row[]), sorted(expected), `${name} ${q} rows`);
      t.equal(loop.checksum, checksumOf(q, expected), `${name} ${q} checksum`);
    }
  }
});

function bid(dateTime: number, price: number, auction = 1000): Bid {
  return { auction, bidder: 1001, price, channel: 'Apple', url: 'u', dateTime, extra: 'x' };
}

t.test('q7 keeps the SQL\'s inclusive window end; ties all appear', async (t) => {
  const bids = [
    bid(0, 5), bid(3000, 9), bid(9999, 9), // window [0, 10 s): max 9, two bids
    bid(10_000, 9), bid(10_000, 4), bid(15_000, 12), // 10 000 is also window 0's end: the 9 there matches it
    bid(25_000, 7), // window [20 s, 30 s)
  ];
  const rows: Row[] = [];
  const op = new HighestBid(0, rows);
  for (const b of bids) {
    op.add(b);
    op.advance(b.dateTime);
  }
  op.advance(Infinity);
  t.strictSame(sorted(rows), sorted(bruteQ7(bids)));
  t.strictSame(rows.map((r) => [r.dateTime, r.price]), [[3000, 9], [9999, 9], [10_000, 9], [15_000, 12], [25_000, 7]]);
  t.equal(op.outputRows, 5);
});

t.test('q5 counts every hop window a bid falls in and keeps ties', async (t) => {
  const bids = [bid(1000, 1, 1), bid(1500, 1, 2), bid(3000, 1, 2), bid(12_500, 1, 1)];
  const rows: Row[] = [];
  const op = new HotItems(0, rows);
  for (const b of bids) {
    op.add(b);
    op.advance(b.dateTime);
  }
  op.advance(Infinity);
  t.strictSame(sorted(rows), sorted(bruteQ5(bids)));
  const windows = rows.filter((r) => r.windowStart === 0);
  t.strictSame(windows, [{ auction: 2, num: 2, windowStart: 0, windowEnd: 10_000 }]);
  const tie = rows.filter((r) => r.windowStart === 4000);
  t.strictSame(tie.map((r) => r.auction).sort(), [1], 'window [4 s, 14 s) holds only the bid at 12.5 s');
  const both = rows.filter((r) => r.windowStart === -8000);
  t.strictSame(both.map((r) => [r.auction, r.num]).sort(), [[1, 1], [2, 1]], 'window [-8 s, 2 s) ties auctions 1 and 2');
});
