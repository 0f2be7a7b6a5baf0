// Random strings for Nexmark events: Beam's lengths and alphabets, cut from fixed pools for speed.
//
// Beam builds each string character by character. We draw the LENGTH exactly as Beam does and the
// start offset from the per-event PRNG, then slice a fixed pool of random characters (V8 makes a
// slice of 13+ characters an O(1) view). So lengths, alphabets and space frequency match Beam;
// the characters of two strings are not independent of each other (they are filler).
import { nextInt } from './prng';

const POOL_LENGTH = 1 << 16;
/** Longest string a pool can serve; avg*ByteSize options are capped to keep extras below it. */
export const MAX_POOL_STRING = POOL_LENGTH / 2;

/** A small local PRNG (mulberry32) for tables built once, so they never touch the per-event state. */
function tableRandom(seedValue: number): () => number {
  let a = seedValue | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function buildPool(seedValue: number, spaceOneIn: number, space: string): string {
  const rnd = tableRandom(seedValue);
  const parts = new Array<string>(POOL_LENGTH);
  for (let i = 0; i < POOL_LENGTH; i++) {
    parts[i] = spaceOneIn > 0 && Math.floor(rnd() * spaceOneIn) === 0 ? space : String.fromCharCode(97 + Math.floor(rnd() * 26));
  }
  return parts.join('');
}

/** Letters only (Beam's nextExactString alphabet). */
const LETTERS = buildPool(0x4e584d4b, 0, ' ');
/** Letters with a 1-in-13 space (Beam's nextString alphabet). */
const SPACED = buildPool(0x4e584d4c, 13, ' ');

/** Exactly `length` random letters (Beam `nextExactString`). */
export function nextExactString(length: number): string {
  if (length <= 0) return '';
  return LETTERS.substr(nextInt(POOL_LENGTH - length), length);
}

/** 3 to maxLength-1 letters-or-spaces, trimmed (Beam `nextString`). */
export function nextString(maxLength: number): string {
  const len = 3 + nextInt(maxLength - 3);
  return SPACED.substr(nextInt(POOL_LENGTH - len), len).trim();
}

/**
 * Padding so that `currentSize + extra.length` averages `desiredAverageSize` (±20 % uniform),
 * exactly Beam's `nextExtra` arithmetic.
 */
export function nextExtra(currentSize: number, desiredAverageSize: number): string {
  if (currentSize > desiredAverageSize) return '';
  const rest = desiredAverageSize - currentSize;
  const delta = Math.round(rest * 0.2);
  const size = rest - delta + (delta === 0 ? 0 : nextInt(2 * delta));
  return nextExactString(size);
}

// ---- Flink's bid channels and URLs (q14–q22) ------------------------------------------------

export const HOT_CHANNELS: readonly string[] = Object.freeze(['Google', 'Facebook', 'Baidu', 'Apple']);
export const CHANNELS_NUMBER = 10_000;

/** Flink's `nextString(random, 5, '_')`: 3 or 4 letters, each '_' with probability 1/13. */
function urlPart(rnd: () => number): string {
  let len = 3 + Math.floor(rnd() * 2);
  let s = '';
  while (len-- > 0) s += Math.floor(rnd() * 13) === 0 ? '_' : String.fromCharCode(97 + Math.floor(rnd() * 26));
  return s;
}

function baseUrl(rnd: () => number): string {
  return `https://www.nexmark.com/${urlPart(rnd)}/${urlPart(rnd)}/${urlPart(rnd)}/item.htm?query=1`;
}

/** One fixed URL per hot channel (Flink draws them unseeded at class load; we seed them). */
export const HOT_URLS: readonly string[] = Object.freeze(HOT_CHANNELS.map((_, i) => baseUrl(tableRandom(0x484f5400 + i))));

const channelNames = new Array<string | undefined>(CHANNELS_NUMBER);
const channelUrls = new Array<string | undefined>(CHANNELS_NUMBER);

/** Java's `Math.abs(Integer.reverse(i))`, including abs(MIN_VALUE) staying negative. */
export function javaAbsReverse(i: number): number {
  let x = i >>> 0;
  let r = 0;
  for (let b = 0; b < 32; b++) {
    r = (r << 1) | (x & 1);
    x >>>= 1;
  }
  r |= 0;
  return r === -2147483648 ? r : Math.abs(r);
}

function fillChannel(c: number): void {
  const rnd = tableRandom(0x43480000 + c);
  let url = baseUrl(rnd);
  // Flink: 9 in 10 channel URLs carry the channel id (q21 extracts it with a regex).
  if (Math.floor(rnd() * 10) > 0) url += `&channel_id=${javaAbsReverse(c)}`;
  channelNames[c] = `channel-${c}`;
  channelUrls[c] = url;
}

/** Name of cold channel `c` in [0, CHANNELS_NUMBER). Deterministic: built once, then cached. */
export function channelName(c: number): string {
  const s = channelNames[c];
  if (s !== undefined) return s;
  fillChannel(c);
  return channelNames[c] as string;
}

/** URL of cold channel `c`; fixed per channel, as Flink's cache makes it within one run. */
export function channelUrl(c: number): string {
  const s = channelUrls[c];
  if (s !== undefined) return s;
  fillChannel(c);
  return channelUrls[c] as string;
}
