// String scalar functions with Spark's semantics (1-based positions, character counts by code point).
import { TidemarkError } from '../../common/errors';
import { isNull, toInt, toStr } from '../values';
import { fn, type ScalarFunction } from './define';
import { groupCount, javaRegex, javaReplacement, likeRegex } from './regex';

const SURROGATE = /[\uD800-\uDFFF]/;

/** Characters (code points) of a string; the string itself is returned as-is when it has no surrogates. */
function chars(s: string): string | string[] {
  return SURROGATE.test(s) ? Array.from(s) : s;
}

export function numChars(s: string): number {
  return SURROGATE.test(s) ? Array.from(s).length : s.length;
}

function sliceChars(s: string, start: number, end: number): string {
  const c = chars(s);
  return typeof c === 'string' ? c.slice(start, end) : c.slice(start, end).join('');
}

/** Spark's substringSQL: pos > 0 is 1-based, pos < 0 counts from the end, pos 0 means 1. */
export function substringSql(s: string, pos: number, len: number): string {
  const n = numChars(s);
  let start = pos > 0 ? pos - 1 : pos < 0 ? n + pos : 0;
  const end = start + len;
  start = Math.max(start, 0);
  if (start >= end) return '';
  return sliceChars(s, start, Math.min(end, n));
}

function trimSet(s: string, set: string | undefined, left: boolean, right: boolean): string {
  const c = chars(s);
  const cs = set === undefined ? ' ' : set;
  let i = 0;
  let j = c.length;
  if (left) while (i < j && cs.includes(c[i])) i++;
  if (right) while (j > i && cs.includes(c[j - 1])) j--;
  return typeof c === 'string' ? c.slice(i, j) : c.slice(i, j).join('');
}

/** Java's String.split(regex, limit) with Spark's limit rule (limit <= 0 means no limit, trailing empties kept). */
export function javaSplit(s: string, pattern: string, limit: number): string[] {
  if (s.length === 0) return [''];
  const re = javaRegex(pattern);
  const out: string[] = [];
  let index = 0;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while ((m = re.exec(s)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      if (m.index === 0) continue;
      if (m.index >= s.length) break;
    }
    if (limit > 0 && out.length === limit - 1) break;
    out.push(s.slice(index, m.index));
    index = m.index + m[0].length;
  }
  out.push(s.slice(index));
  return out;
}

function pad(s: string, len: number, padding: string, left: boolean): string {
  const n = numChars(s);
  const spaces = len - n;
  if (spaces <= 0 || padding.length === 0) return len <= 0 ? '' : sliceChars(s, 0, len);
  const p = chars(padding);
  let fill = '';
  for (let i = 0; i < spaces; i++) fill += p[i % p.length];
  return left ? fill + s : s + fill;
}

function initcap(s: string): string {
  const lower = s.toLowerCase();
  let out = '';
  let prevSpace = true;
  for (const ch of lower) {
    out += prevSpace ? ch.toUpperCase() : ch;
    prevSpace = ch === ' ';
  }
  return out;
}

function translate(s: string, matching: string, replace: string): string {
  const dict = new Map<string, string>();
  const from = Array.from(matching);
  const to = Array.from(replace);
  for (let i = 0; i < from.length; i++) if (!dict.has(from[i])) dict.set(from[i], i < to.length ? to[i] : '');
  let out = '';
  for (const ch of s) {
    const r = dict.get(ch);
    out += r === undefined ? ch : r;
  }
  return out;
}

function splitPart(s: string, delim: string, part: number): string {
  if (part === 0) {
    throw new TidemarkError('INVALID_INDEX_OF_ZERO', 'user', 'split_part was called with partNum 0. ' +
      'Note: parts are numbered from 1 (or from -1 at the end).');
  }
  const parts = delim === '' ? [s] : s.split(delim);
  const i = part > 0 ? part - 1 : parts.length + part;
  return i >= 0 && i < parts.length ? parts[i] : '';
}

function regexpExtract(s: string, pattern: string, idx: number): string {
  const re = javaRegex(pattern);
  const groups = groupCount(re);
  if (idx < 0 || idx > groups) {
    throw new TidemarkError('INVALID_REGEX_GROUP', 'user', `regexp_extract group index ${idx} is out of range: ` +
      `the regex ${JSON.stringify(pattern)} has ${groups} group(s). Note: use an index from 0 to ${groups}.`);
  }
  re.lastIndex = 0;
  const m = re.exec(s);
  return m === null ? '' : m[idx] ?? '';
}

function regexpReplace(s: string, pattern: string, rep: string, pos = 1): string {
  const re = javaRegex(pattern);
  re.lastIndex = 0;
  const from = Math.max(0, pos - 1);
  if (from >= s.length) return s;
  return s.slice(0, from) + s.slice(from).replace(re, javaReplacement(rep));
}

function reverse(v: unknown): unknown {
  if (Array.isArray(v)) return v.slice().reverse();
  const c = chars(toStr(v));
  return typeof c === 'string' ? c.split('').reverse().join('') : c.reverse().join('');
}

function concat(args: unknown[]): unknown {
  if (args.length > 0 && args.every(Array.isArray)) return ([] as unknown[]).concat(...(args as unknown[][]));
  let out = '';
  for (const a of args) out += toStr(a);
  return out;
}

function concatWs(args: unknown[]): unknown {
  if (isNull(args[0])) return null;
  const sep = toStr(args[0]);
  const parts: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (isNull(a)) continue;
    if (Array.isArray(a)) for (const x of a) { if (!isNull(x)) parts.push(toStr(x)); }
    else parts.push(toStr(a));
  }
  return parts.join(sep);
}

const S = (v: unknown): string => toStr(v);
const I = (v: unknown): number => toInt(v) ?? 0;

export const STRING_FUNCTIONS: readonly ScalarFunction[] = [
  fn('upper(str)', 1, 1, 'string', (s) => S(s).toUpperCase()),
  fn('lower(str)', 1, 1, 'string', (s) => S(s).toLowerCase()),
  fn('length(str)', 1, 1, 'number', (s) => (Array.isArray(s) ? s.length : numChars(S(s)))),
  fn('concat(col, ...)', 0, Infinity, (t) => (t.length > 0 && t.every((x) => x === 'array') ? 'array' : 'string'), concat, { variadic: true }),
  fn('concat_ws(sep, col, ...)', 1, Infinity, 'string', concatWs, { variadic: true, nullSafe: true }),
  fn('substring(str, pos[, len])', 2, 3, 'string', (s, p, l) => substringSql(S(s), I(p), l === undefined ? Infinity : I(l))),
  fn('trim(str[, trimStr])', 1, 2, 'string', (s, set) => trimSet(S(s), set === undefined ? undefined : S(set), true, true)),
  fn('ltrim(str[, trimStr])', 1, 2, 'string', (s, set) => trimSet(S(s), set === undefined ? undefined : S(set), true, false)),
  fn('rtrim(str[, trimStr])', 1, 2, 'string', (s, set) => trimSet(S(s), set === undefined ? undefined : S(set), false, true)),
  fn('split(str, regex[, limit])', 2, 3, 'array', (s, p, l) => javaSplit(S(s), S(p), l === undefined ? -1 : I(l))),
  fn('regexp_extract(str, regex[, idx])', 2, 3, 'string', (s, p, i) => regexpExtract(S(s), S(p), i === undefined ? 1 : I(i))),
  fn('regexp_replace(str, regex, rep[, pos])', 3, 4, 'string', (s, p, r, pos) => regexpReplace(S(s), S(p), S(r), pos === undefined ? 1 : I(pos))),
  fn('lpad(str, len[, pad])', 2, 3, 'string', (s, l, p) => pad(S(s), I(l), p === undefined ? ' ' : S(p), true)),
  fn('rpad(str, len[, pad])', 2, 3, 'string', (s, l, p) => pad(S(s), I(l), p === undefined ? ' ' : S(p), false)),
  fn('instr(str, substr)', 2, 2, 'number', (s, sub) => {
    const str = S(s);
    const i = str.indexOf(S(sub));
    return i < 0 ? 0 : numChars(str.slice(0, i)) + 1;
  }),
  fn('initcap(str)', 1, 1, 'string', (s) => initcap(S(s))),
  fn('reverse(str)', 1, 1, (t) => (t[0] === 'array' ? 'array' : 'string'), reverse),
  fn('repeat(str, n)', 2, 2, 'string', (s, n) => S(s).repeat(Math.max(0, I(n)))),
  fn('translate(str, matching, replace)', 3, 3, 'string', (s, m, r) => translate(S(s), S(m), S(r))),
  fn('split_part(str, delimiter, partNum)', 3, 3, 'string', (s, d, p) => splitPart(S(s), S(d), I(p))),
  fn('startswith(str, prefix)', 2, 2, 'boolean', (s, p) => S(s).startsWith(S(p))),
  fn('endswith(str, suffix)', 2, 2, 'boolean', (s, p) => S(s).endsWith(S(p))),
  fn('contains(str, substr)', 2, 2, 'boolean', (s, p) => S(s).includes(S(p))),
  fn('like(str, pattern[, escape])', 2, 3, 'boolean', (s, p, e) => likeRegex(S(p), e === undefined ? '\\' : S(e)).test(S(s))),
  fn('ilike(str, pattern[, escape])', 2, 3, 'boolean', (s, p, e) =>
    likeRegex(S(p).toLowerCase(), e === undefined ? '\\' : S(e)).test(S(s).toLowerCase())),
  fn('rlike(str, regex)', 2, 2, 'boolean', (s, p) => {
    const re = javaRegex(S(p));
    re.lastIndex = 0;
    return re.test(S(s));
  }),
];
