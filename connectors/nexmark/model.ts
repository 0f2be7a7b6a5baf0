// The Nexmark event model: Person, Auction, Bid and the union event row the nexmark source emits.
import type { Schema } from '../../plan/types';

/** `eventType` values (Flink's `datagen` table: 0 = person, 1 = auction, 2 = bid). */
export const PERSON = 0;
export const AUCTION = 1;
export const BID = 2;
export type NexmarkEventType = typeof PERSON | typeof AUCTION | typeof BID;

/** A new person (seller or bidder). Timestamps are epoch ms. */
export interface Person {
  id: number;
  name: string;
  emailAddress: string;
  creditCard: string;
  city: string;
  state: string;
  dateTime: number;
  extra: string;
}

/** A new auction. `seller` references Person.id; `expires` is epoch ms. Prices are in cents. */
export interface Auction {
  id: number;
  itemName: string;
  description: string;
  initialBid: number;
  reserve: number;
  dateTime: number;
  expires: number;
  seller: number;
  category: number;
  extra: string;
}

/** A bid on an auction. `channel`/`url` are the Flink suite's additions (q14–q22). */
export interface Bid {
  auction: number;
  bidder: number;
  price: number;
  channel: string;
  url: string;
  dateTime: number;
  extra: string;
}

/** One event: exactly one of person/auction/bid is set, as in Flink's `datagen` union row. */
export interface NexmarkEvent {
  eventType: NexmarkEventType;
  person: Person | null;
  auction: Auction | null;
  bid: Bid | null;
  /** Event time (epoch ms) of whichever entity is set. */
  dateTime: number;
}

/** Output schema of `format('nexmark')`. Nested rows are opaque structs at analysis time. */
export const NEXMARK_EVENT_SCHEMA: Schema = Object.freeze([
  { name: 'eventType', type: 'number', nullable: false },
  { name: 'person', type: 'struct', nullable: true },
  { name: 'auction', type: 'struct', nullable: true },
  { name: 'bid', type: 'struct', nullable: true },
  { name: 'dateTime', type: 'timestamp', nullable: false },
]);

export const PERSON_SCHEMA: Schema = Object.freeze([
  { name: 'id', type: 'number' },
  { name: 'name', type: 'string' },
  { name: 'emailAddress', type: 'string' },
  { name: 'creditCard', type: 'string' },
  { name: 'city', type: 'string' },
  { name: 'state', type: 'string' },
  { name: 'dateTime', type: 'timestamp' },
  { name: 'extra', type: 'string' },
]);

export const AUCTION_SCHEMA: Schema = Object.freeze([
  { name: 'id', type: 'number' },
  { name: 'itemName', type: 'string' },
  { name: 'description', type: 'string' },
  { name: 'initialBid', type: 'number' },
  { name: 'reserve', type: 'number' },
  { name: 'dateTime', type: 'timestamp' },
  { name: 'expires', type: 'timestamp' },
  { name: 'seller', type: 'number' },
  { name: 'category', type: 'number' },
  { name: 'extra', type: 'string' },
]);

export const BID_SCHEMA: Schema = Object.freeze([
  { name: 'auction', type: 'number' },
  { name: 'bidder', type: 'number' },
  { name: 'price', type: 'number' },
  { name: 'channel', type: 'string' },
  { name: 'url', type: 'string' },
  { name: 'dateTime', type: 'timestamp' },
  { name: 'extra', type: 'string' },
]);
