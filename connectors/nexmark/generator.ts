// The Nexmark event generator: a pure function of the event id, after Beam's Generator and models.
//
// Faithful to Beam's `sources/generator` (Generator, GeneratorConfig, model/*Generator):
// - the id decides the kind: id % 50 == 0 person, 1..3 auction, else bid (1 : 3 : 46);
// - ids: first person / auction 1000, categories 10..14; one person and three auctions per 50 ids;
// - bids pick the hot auction ((lastAuction / 100) * 100) with P = 1 - 1/hotAuctionRatio, else
//   one of the last numInFlightAuctions auctions (+10 ahead); the hot bidder
//   ((lastPerson / 100) * 100 + 1) with P = 1 - 1/hotBiddersRatio, else one of the last
//   numActivePeople people (+10 ahead); auctions pick the hot seller likewise;
// - price = round(10^(U * 6) * 100) cents; `extra` pads to the average byte sizes ±20 %;
// - channel/url as the Flink suite's BidGenerator (half hot channels, half `channel-<0..9999>`).
// The PRNG is seeded PER EVENT from its id (prng.ts), so an event regenerated alone equals the one
// from a sequential run, and a replay after a crash is identical. The random content is not
// bit-identical with Java's Random: only the structure and the distributions are.
//
// Decisions:
// - Flink HEAD adds FIRST_PERSON_ID to a bid's bidder twice (bidder ids start at 2000, so bids
//   never join persons 1000..1999). We follow Beam (bidder = person id), keeping bid ⋈ person
//   joins meaningful; `flinkBidderQuirk: true` reproduces Flink's offset for cross-checks.
// - Flink's cold-channel URLs and hot URLs come from an unseeded Random; ours are seeded per
//   channel so that they are identical in every run.
// - numEventGenerators > 1: Beam splits the id space into contiguous ranges (needs a bounded
//   maxEvents); we interleave the timelines round-robin, keeping one id space and the same
//   aggregate event-time rate.
import { eventIdAt, eventTimestampMs, type NexmarkConfig } from './config';
import { AUCTION, BID, PERSON, type Auction, type Bid, type NexmarkEvent, type NexmarkEventType, type Person } from './model';
import { nextInt, nextLong, nextU32, seed } from './prng';
import { channelName, channelUrl, CHANNELS_NUMBER, HOT_CHANNELS, HOT_URLS, nextExtra, nextString } from './strings';

export const FIRST_PERSON_ID = 1000;
export const FIRST_AUCTION_ID = 1000;
export const FIRST_CATEGORY_ID = 10;
export const NUM_CATEGORIES = 5;
export const PROPORTION_DENOMINATOR = 50;
const PERSON_PROPORTION = 1;
const AUCTION_PROPORTION = 3;
const PERSON_ID_LEAD = 10;
const AUCTION_ID_LEAD = 10;
/** Beam's HOT_*_RATIO constants: the hot id is the first (or second) of each batch of 100. */
const HOT_BATCH = 100;

const US_STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'];
const US_CITIES = ['Phoenix', 'Los Angeles', 'San Francisco', 'Boise', 'Portland', 'Bend', 'Redmond', 'Seattle', 'Kent', 'Cheyenne'];
const FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter'];
const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'];

/** Kind of the event with this id (deterministic interleave, not random). */
export function eventTypeOf(eventId: number): NexmarkEventType {
  const r = eventId % PROPORTION_DENOMINATOR;
  return r < PERSON_PROPORTION ? PERSON : r < PERSON_PROPORTION + AUCTION_PROPORTION ? AUCTION : BID;
}

/** Last person id (base 0) existing at this event; the new one if the event is a person. */
export function lastBase0PersonId(eventId: number): number {
  return Math.floor(eventId / PROPORTION_DENOMINATOR) * PERSON_PROPORTION;
}

/** Last auction id (base 0) existing at this event; the new one if the event is an auction. */
export function lastBase0AuctionId(eventId: number): number {
  let epoch = Math.floor(eventId / PROPORTION_DENOMINATOR);
  let offset = eventId % PROPORTION_DENOMINATOR;
  if (offset < PERSON_PROPORTION) {
    epoch--;
    offset = AUCTION_PROPORTION - 1;
  } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) {
    offset = AUCTION_PROPORTION - 1;
  } else {
    offset -= PERSON_PROPORTION;
  }
  return epoch * AUCTION_PROPORTION + offset;
}

function nextBase0PersonId(eventId: number, cfg: NexmarkConfig): number {
  const numPeople = lastBase0PersonId(eventId) + 1;
  const activePeople = Math.min(numPeople, cfg.numActivePeople);
  return numPeople - activePeople + nextLong(activePeople + PERSON_ID_LEAD);
}

function nextBase0AuctionId(eventId: number, cfg: NexmarkConfig): number {
  const maxAuction = lastBase0AuctionId(eventId);
  const minAuction = Math.max(maxAuction - cfg.numInFlightAuctions, 0);
  return minAuction + nextLong(maxAuction - minAuction + 1 + AUCTION_ID_LEAD);
}

/**
 * 100 · 10^(U·6) for a 32-bit uniform U, as three table lookups (bits 31..21, 20..10, 9..0):
 * the same value as Math.pow to within an ulp, several times faster.
 */
function powerTable(size: number, scale: number, factor: number): Float64Array {
  const t = new Float64Array(size);
  for (let i = 0; i < size; i++) t[i] = factor * Math.pow(10, (6 * i * scale) / 4294967296);
  return t;
}
const PRICE_HI = powerTable(2048, 2097152, 100);
const PRICE_MID = powerTable(2048, 1024, 1);
const PRICE_LO = powerTable(1024, 1, 1);

/** Beam's PriceGenerator: round(10^(U·6) · 100) cents, 100 .. 100 000 000. */
function nextPrice(): number {
  const u = nextU32();
  return Math.round(PRICE_HI[u >>> 21] * PRICE_MID[(u >>> 10) & 0x7ff] * PRICE_LO[u & 0x3ff]);
}

/**
 * The event with this id. The id equals the emission position unless outOfOrderGroupSize > 1
 * (then use `eventIdAt(position, cfg)`, or `nexmarkEvents`).
 * @example generateEvent(0, DEFAULT_NEXMARK_CONFIG).person.id === 1000
 */
export function generateEvent(eventId: number, cfg: NexmarkConfig): NexmarkEvent {
  const r = eventId % PROPORTION_DENOMINATOR;
  if (r >= PERSON_PROPORTION + AUCTION_PROPORTION) {
    const bid = generateBid(eventId, cfg);
    return { eventType: BID, person: null, auction: null, bid, dateTime: bid.dateTime };
  }
  if (r < PERSON_PROPORTION) {
    const person = generatePerson(eventId, cfg);
    return { eventType: PERSON, person, auction: null, bid: null, dateTime: person.dateTime };
  }
  const auction = generateAuction(eventId, cfg);
  return { eventType: AUCTION, person: null, auction, bid: null, dateTime: auction.dateTime };
}

/** The bid of event `eventId` (an id whose `eventTypeOf` is BID), without the event wrapper. */
export function generateBid(eventId: number, cfg: NexmarkConfig): Bid {
  seed(eventId);
  const dateTime = eventTimestampMs(eventId, cfg);
  let auction: number;
  if (nextInt(cfg.hotAuctionRatio) > 0) {
    auction = Math.floor(lastBase0AuctionId(eventId) / HOT_BATCH) * HOT_BATCH;
  } else {
    auction = nextBase0AuctionId(eventId, cfg);
  }
  auction += FIRST_AUCTION_ID;
  let bidder: number;
  if (nextInt(cfg.hotBiddersRatio) > 0) {
    // The second person of the batch, so that hot bidders and hot sellers differ.
    bidder = Math.floor(lastBase0PersonId(eventId) / HOT_BATCH) * HOT_BATCH + 1;
  } else {
    bidder = nextBase0PersonId(eventId, cfg);
  }
  bidder += FIRST_PERSON_ID;
  const price = nextPrice();
  let channel: string;
  let url: string;
  if (nextInt(2) > 0) {
    const i = nextInt(HOT_CHANNELS.length);
    channel = HOT_CHANNELS[i];
    url = HOT_URLS[i];
  } else {
    const c = nextInt(CHANNELS_NUMBER);
    channel = channelName(c);
    url = channelUrl(c);
  }
  if (cfg.flinkBidderQuirk) bidder += FIRST_PERSON_ID;
  const extra = nextExtra(32, cfg.avgBidByteSize);
  return { auction, bidder, price, channel, url, dateTime, extra };
}

/** The auction of event `eventId` (an id whose `eventTypeOf` is AUCTION). */
export function generateAuction(eventId: number, cfg: NexmarkConfig): Auction {
  seed(eventId);
  const dateTime = eventTimestampMs(eventId, cfg);
  const id = lastBase0AuctionId(eventId) + FIRST_AUCTION_ID;
  let seller: number;
  if (nextInt(cfg.hotSellersRatio) > 0) {
    seller = Math.floor(lastBase0PersonId(eventId) / HOT_BATCH) * HOT_BATCH;
  } else {
    seller = nextBase0PersonId(eventId, cfg);
  }
  seller += FIRST_PERSON_ID;
  const category = FIRST_CATEGORY_ID + nextInt(NUM_CATEGORIES);
  const initialBid = nextPrice();
  // Average auction length: the event-time distance to the auction numInFlightAuctions ahead.
  const eventsForAuctions = Math.floor((cfg.numInFlightAuctions * PROPORTION_DENOMINATOR) / AUCTION_PROPORTION);
  const horizonMs = eventTimestampMs(eventId + eventsForAuctions, cfg) - dateTime;
  const expires = dateTime + 1 + nextLong(Math.max(horizonMs * 2, 1));
  const itemName = nextString(20);
  const description = nextString(100);
  const reserve = initialBid + nextPrice();
  const extra = nextExtra(8 + itemName.length + description.length + 40, cfg.avgAuctionByteSize);
  return { id, itemName, description, initialBid, reserve, dateTime, expires, seller, category, extra };
}

/** The person of event `eventId` (an id whose `eventTypeOf` is PERSON). */
export function generatePerson(eventId: number, cfg: NexmarkConfig): Person {
  seed(eventId);
  const dateTime = eventTimestampMs(eventId, cfg);
  const id = lastBase0PersonId(eventId) + FIRST_PERSON_ID;
  const name = FIRST_NAMES[nextInt(FIRST_NAMES.length)] + ' ' + LAST_NAMES[nextInt(LAST_NAMES.length)];
  const emailAddress = nextString(7) + '@' + nextString(5) + '.com';
  const creditCard = `${card4()} ${card4()} ${card4()} ${card4()}`;
  const city = US_CITIES[nextInt(US_CITIES.length)];
  const state = US_STATES[nextInt(US_STATES.length)];
  const size = 8 + name.length + emailAddress.length + creditCard.length + city.length + state.length;
  const extra = nextExtra(size, cfg.avgPersonByteSize);
  return { id, name, emailAddress, creditCard, city, state, dateTime, extra };
}

function card4(): string {
  return String(10000 + nextInt(10000)).slice(1);
}

/**
 * The events emitted at positions [fromPosition, fromPosition + count), in emission order
 * (count = Infinity for an endless stream).
 * @example for (const e of nexmarkEvents(1000, cfg)) { ... }
 */
export function* nexmarkEvents(count: number, cfg: NexmarkConfig, fromPosition = 0): IterableIterator<NexmarkEvent> {
  const end = fromPosition + count;
  for (let p = fromPosition; p < end; p++) yield generateEvent(eventIdAt(p, cfg), cfg);
}
