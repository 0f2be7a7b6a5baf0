// Nexmark generator: determinism, proportions, id ranges, prices, pacing, disorder, sizes, config errors.
import t from 'tap';
import {
  DEFAULT_NEXMARK_CONFIG, NEXMARK_BASE_TIME_MS, eventIdAt, eventTimestampMs, resolveNexmarkConfig, watermarkAt,
} from '../../connectors/nexmark/config';
import {
  eventTypeOf, generateAuction, generateBid, generateEvent, generatePerson, lastBase0AuctionId, lastBase0PersonId, nexmarkEvents,
} from '../../connectors/nexmark/generator';
import { AUCTION, BID, PERSON, type Auction, type Bid, type NexmarkEvent, type Person } from '../../connectors/nexmark/model';
import { HOT_CHANNELS, HOT_URLS, javaAbsReverse } from '../../connectors/nexmark/strings';
import { TidemarkError } from '../../common/errors';

const cfg = DEFAULT_NEXMARK_CONFIG;
const N = 50_000;
const all: NexmarkEvent[] = [...nexmarkEvents(N, cfg)];
const bids = all.filter((e) => e.eventType === BID).map((e) => e.bid as Bid);
const persons = all.filter((e) => e.eventType === PERSON).map((e) => e.person as Person);
const auctions = all.filter((e) => e.eventType === AUCTION).map((e) => e.auction as Auction);

t.test('any event regenerated alone equals the same event of a sequential run', async (t) => {
  const picks = [0, 1, 3, 4, 49, 50, 51, 12_345, 49_999];
  for (let i = 0; i < 200; i++) picks.push((i * 7919) % N);
  for (const n of picks.reverse()) t.strictSame(generateEvent(n, cfg), all[n], `event ${n}`);
  t.strictSame([...nexmarkEvents(100, cfg, 777)], all.slice(777, 877), 'a replay from a later position');
  // The kind-specific helpers give the same entity.
  t.strictSame(generateBid(4, cfg), all[4].bid);
  t.strictSame(generatePerson(50, cfg), all[50].person);
  t.strictSame(generateAuction(52, cfg), all[52].auction);
  // Seeds above 2^32 are distinct from their low word.
  t.notSame(generateBid(2 ** 32 + 5, cfg).price, generateBid(5, cfg).price);
});

t.test('kinds interleave 1 : 3 : 46 exactly by event number', async (t) => {
  t.equal(persons.length, 1000);
  t.equal(auctions.length, 3000);
  t.equal(bids.length, 46_000);
  for (let n = 0; n < N; n++) {
    const r = n % 50;
    const expected = r === 0 ? PERSON : r < 4 ? AUCTION : BID;
    if (all[n].eventType !== expected || eventTypeOf(n) !== expected) t.fail(`event ${n} has type ${all[n].eventType}`);
    const set = [all[n].person, all[n].auction, all[n].bid].filter((x) => x !== null);
    if (set.length !== 1) t.fail(`event ${n} must carry exactly one entity`);
  }
});

t.test('ids: persons and auctions count up from 1000, categories 10..14', async (t) => {
  t.strictSame(persons.map((p) => p.id), persons.map((_, i) => 1000 + i));
  t.strictSame(auctions.map((a) => a.id), auctions.map((_, i) => 1000 + i));
  const categories = new Set(auctions.map((a) => a.category));
  t.strictSame([...categories].sort(), [10, 11, 12, 13, 14]);
  t.equal(lastBase0PersonId(0), 0);
  t.equal(lastBase0PersonId(149), 2);
  t.equal(lastBase0AuctionId(50), 2, 'a person event points at the previous epoch\'s last auction');
  t.equal(lastBase0AuctionId(52), 4);
  t.equal(lastBase0AuctionId(99), 5);
  for (let n = 0; n < N; n++) {
    const a = all[n].auction;
    if (a === null) continue;
    const numPeople = lastBase0PersonId(n) + 1;
    const hotSeller = Math.floor(lastBase0PersonId(n) / 100) * 100 + 1000;
    const lo = Math.max(numPeople - 1000, 0) + 1000;
    const hi = numPeople - 1 + 10 + 1000;
    if (a.seller !== hotSeller && (a.seller < lo || a.seller > hi)) t.fail(`auction ${a.id} has seller ${a.seller}`);
    if (!(a.expires > a.dateTime)) t.fail(`auction ${a.id} expires before it starts`);
    if (a.reserve < a.initialBid) t.fail(`auction ${a.id} reserve below initial bid`);
  }
});

t.test('bids pick the hot or a recent auction and bidder', async (t) => {
  let hotAuction = 0;
  let hotBidder = 0;
  for (let n = 0; n < N; n++) {
    const b = all[n].bid;
    if (b === null) continue;
    const lastA = lastBase0AuctionId(n);
    const hotA = Math.floor(lastA / 100) * 100 + 1000;
    const a = b.auction - 1000;
    if (b.auction === hotA) hotAuction++;
    else if (a < Math.max(lastA - 100, 0) || a > lastA + 10) t.fail(`bid ${n} on auction ${b.auction}, last is ${lastA + 1000}`);
    const numPeople = lastBase0PersonId(n) + 1;
    const hotP = Math.floor(lastBase0PersonId(n) / 100) * 100 + 1 + 1000;
    const p = b.bidder - 1000;
    if (b.bidder === hotP) hotBidder++;
    else if (p < numPeople - Math.min(numPeople, 1000) || p > numPeople - 1 + 10) t.fail(`bid ${n} by ${b.bidder}`);
  }
  // P(hot auction) = 1/2 plus the uniform pick landing on it; P(hot bidder) = 3/4 plus a little.
  t.ok(hotAuction / bids.length > 0.48 && hotAuction / bids.length < 0.56, `hot auction share ${hotAuction / bids.length}`);
  t.ok(hotBidder / bids.length > 0.73 && hotBidder / bids.length < 0.8, `hot bidder share ${hotBidder / bids.length}`);
});

t.test('prices are whole cents from 100 to 100 000 000, log-uniform', async (t) => {
  const prices = [...bids.map((b) => b.price), ...auctions.map((a) => a.initialBid)];
  t.ok(prices.every((p) => Number.isInteger(p) && p >= 100 && p <= 100_000_000));
  // 10^(6U)·100 < 10^4  ⇔  U < 1/3.
  const low = prices.filter((p) => p < 10_000).length / prices.length;
  t.ok(Math.abs(low - 1 / 3) < 0.02, `share below 10^4 is ${low}`);
  const top = prices.filter((p) => p >= 10_000_000).length / prices.length;
  t.ok(Math.abs(top - 1 / 6) < 0.02, `share at or above 10^7 is ${top}`);
});

t.test('event time advances by 1/firstEventRate from the base time', async (t) => {
  t.equal(NEXMARK_BASE_TIME_MS, Date.parse('2015-07-15T00:00:00.000Z'));
  t.equal(all[0].dateTime, NEXMARK_BASE_TIME_MS);
  t.equal(all[9].dateTime, NEXMARK_BASE_TIME_MS, '10 events per ms at 10 000/s');
  t.equal(all[10].dateTime, NEXMARK_BASE_TIME_MS + 1);
  t.equal(all[10_000].dateTime, NEXMARK_BASE_TIME_MS + 1000);
  for (const e of all.slice(0, 200)) {
    const inner = (e.person ?? e.auction ?? e.bid) as { dateTime: number };
    t.equal(inner.dateTime, e.dateTime);
  }
  const slow = resolveNexmarkConfig({ firstEventRate: 3, baseTime: 0 });
  t.strictSame([0, 1, 2, 3, 4].map((n) => generateEvent(n, slow).dateTime), [0, 333, 666, 1000, 1333]);
  // Three interleaved generator timelines keep the aggregate rate.
  const three = resolveNexmarkConfig({ numEventGenerators: 3, baseTime: 0, firstEventRate: 1000 });
  t.strictSame([0, 1, 2, 3, 5, 6, 3000].map((n) => eventTimestampMs(n, three)), [0, 0, 0, 3, 3, 6, 3000]);
});

t.test('out-of-order groups permute ids within each group; the watermark bounds later events', async (t) => {
  const c = resolveNexmarkConfig({ outOfOrderGroupSize: 10, firstEventRate: 1000 });
  const ids = Array.from({ length: 7000 }, (_, p) => eventIdAt(p, c));
  for (let g = 0; g < 7000; g += 10) {
    t.strictSame(ids.slice(g, g + 10).sort((a, b) => a - b), Array.from({ length: 10 }, (_, i) => g + i));
  }
  t.strictSame(ids.slice(0, 10), [0, 3, 6, 9, 2, 5, 8, 1, 4, 7], "Beam's (n · 953) mod 10");
  // 953 ≡ 1 (mod 7): as in Beam, a group size dividing 952 leaves the order unchanged.
  const seven = resolveNexmarkConfig({ outOfOrderGroupSize: 7 });
  t.strictSame(Array.from({ length: 14 }, (_, p) => eventIdAt(p, seven)), Array.from({ length: 14 }, (_, p) => p));
  const evs = [...nexmarkEvents(7000, c)];
  evs.forEach((e, p) => {
    if (e.dateTime !== generateEvent(ids[p], c).dateTime) t.fail(`position ${p}`);
  });
  let minLater = Infinity;
  for (let p = evs.length - 1; p >= 0; p--) {
    minLater = Math.min(minLater, evs[p].dateTime);
    if (watermarkAt(p, c) > minLater) t.fail(`watermark at ${p} is above a later event time`);
  }
  t.ok(evs.some((e, p) => p > 0 && e.dateTime < evs[p - 1].dateTime), 'event time goes back somewhere');
});

t.test('sizes average the configured bytes; strings have Beam\'s shapes', async (t) => {
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  t.ok(Math.abs(avg(bids.map((b) => 32 + b.extra.length)) - 100) < 2);
  const personSize = (p: Person) => 8 + p.name.length + p.emailAddress.length + p.creditCard.length + p.city.length + p.state.length + p.extra.length;
  t.ok(Math.abs(avg(persons.map(personSize)) - 200) < 4);
  t.ok(Math.abs(avg(auctions.map((a) => 48 + a.itemName.length + a.description.length + a.extra.length)) - 500) < 8);
  t.ok(bids.every((b) => b.extra.length >= 54 && b.extra.length <= 81 && /^[a-z]+$/.test(b.extra)));
  t.ok(persons.every((p) => /^\d{4} \d{4} \d{4} \d{4}$/.test(p.creditCard)));
  t.ok(persons.every((p) => /^[a-z ]*@[a-z ]*\.com$/.test(p.emailAddress)));
  t.strictSame([...new Set(persons.map((p) => p.state))].sort(), ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY']);
  t.equal(new Set(persons.map((p) => p.city)).size, 10);
  t.ok(auctions.every((a) => a.itemName.length <= 19 && a.description.length <= 99 && a.itemName === a.itemName.trim()));
});

t.test('bid channels and URLs follow the Flink suite', async (t) => {
  const hot = bids.filter((b) => HOT_CHANNELS.includes(b.channel));
  t.ok(Math.abs(hot.length / bids.length - 0.5) < 0.02);
  t.ok(hot.every((b) => b.url === HOT_URLS[HOT_CHANNELS.indexOf(b.channel)]));
  t.ok(HOT_URLS.every((u) => /^https:\/\/www\.nexmark\.com\/[a-z_]{3,4}\/[a-z_]{3,4}\/[a-z_]{3,4}\/item\.htm\?query=1$/.test(u)));
  const cold = bids.filter((b) => !HOT_CHANNELS.includes(b.channel));
  t.ok(cold.every((b) => /^channel-\d{1,4}$/.test(b.channel)));
  const withId = cold.filter((b) => b.url.includes('&channel_id='));
  t.ok(Math.abs(withId.length / cold.length - 0.9) < 0.03, `share with channel_id ${withId.length / cold.length}`);
  for (const b of withId.slice(0, 50)) {
    const c = Number(b.channel.slice('channel-'.length));
    t.equal(b.url.split('&channel_id=')[1], String(javaAbsReverse(c)));
  }
  t.equal(javaAbsReverse(1), -2147483648, 'Java keeps abs(Integer.MIN_VALUE) negative');
  t.equal(javaAbsReverse(2), 1073741824);
});

t.test('flinkBidderQuirk offsets bidders by another 1000', async (t) => {
  const quirk = resolveNexmarkConfig({ flinkBidderQuirk: true });
  for (const n of [4, 5, 99, 4321]) {
    const a = generateBid(n, cfg);
    const b = generateBid(n, quirk);
    t.equal(b.bidder, a.bidder + 1000);
    t.equal(b.price, a.price);
  }
});

t.test('invalid config values fail with INVALID_OPTION naming the value and the fix', async (t) => {
  const cases: [Record<string, unknown>, string][] = [
    [{ firstEventRate: 0 }, "'0' for option firstEventRate"],
    [{ firstEventRate: Number.NaN }, 'firstEventRate'],
    [{ numEventGenerators: 1.5 }, "'1.5' for option numEventGenerators"],
    [{ outOfOrderGroupSize: 953 * 2 }, "'1906' for option outOfOrderGroupSize"],
    [{ avgBidByteSize: -1 }, 'avgBidByteSize'],
    [{ avgBidByteSize: 50_000 }, 'avgBidByteSize'],
    [{ baseTime: 1.5 }, 'baseTime'],
    [{ flinkBidderQuirk: 'yes' }, 'flinkBidderQuirk'],
  ];
  for (const [partial, text] of cases) {
    try {
      resolveNexmarkConfig(partial);
      t.fail(`accepted ${JSON.stringify(partial)}`);
    } catch (e) {
      t.type(e, TidemarkError);
      t.equal((e as TidemarkError).code, 'INVALID_OPTION');
      t.match((e as Error).message, text);
      t.match((e as Error).message, /Note: /);
    }
  }
});
