// Spark datetime patterns ('yyyy-MM-dd HH:mm:ss.SSS'): formatting and parsing epoch-ms timestamps in UTC.
import { AnalysisError } from '../common/errors';
import { MS_PER_DAY, daysFromCivil, toCivil, utcMs } from './datetime';

type Token = { letter: string; count: number } | { literal: string };

const LETTERS = 'yMdHhmsSaEDkKuXxZLGQ';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const cache = new Map<string, Token[]>();

/** Splits a pattern into letter runs and literals ('quoted text', '' for a quote); cached per pattern. */
export function tokenizePattern(pattern: string): Token[] {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  const out: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "'") {
      if (pattern[i + 1] === "'") { out.push({ literal: "'" }); i += 2; continue; }
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= pattern.length) throw badPattern(pattern, 'unterminated quote');
        if (pattern[j] === "'") {
          if (pattern[j + 1] !== "'") break;
          j++;
        }
        text += pattern[j++];
      }
      out.push({ literal: text });
      i = j + 1;
    } else if (/[a-zA-Z]/.test(ch)) {
      if (!LETTERS.includes(ch)) throw badPattern(pattern, `unknown pattern letter '${ch}'`);
      let j = i;
      while (pattern[j] === ch) j++;
      out.push({ letter: ch, count: j - i });
      i = j;
    } else {
      out.push({ literal: ch });
      i++;
    }
  }
  if (cache.size > 256) cache.clear();
  cache.set(pattern, out);
  return out;
}

function badPattern(pattern: string, why: string): AnalysisError {
  return new AnalysisError('INVALID_DATETIME_PATTERN', `Invalid datetime pattern "${pattern}": ${why}. ` +
    `Note: use Spark's pattern letters, e.g. 'yyyy-MM-dd HH:mm:ss.SSS', and quote literal text like 'T'.`);
}

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/**
 * Formats epoch ms in UTC with a Spark pattern.
 * @example formatWithPattern(0, 'yyyy-MM-dd HH:mm') === '1970-01-01 00:00'
 */
export function formatWithPattern(ms: number, pattern: string): string {
  const c = toCivil(ms);
  let out = '';
  for (const t of tokenizePattern(pattern)) {
    if ('literal' in t) { out += t.literal; continue; }
    const n = t.count;
    switch (t.letter) {
      case 'y': case 'u': out += n === 2 ? pad(((c.year % 100) + 100) % 100, 2) : pad(c.year, n); break;
      case 'M': case 'L': out += n >= 4 ? MONTHS[c.month - 1] : n === 3 ? MONTHS[c.month - 1].slice(0, 3) : pad(c.month, n); break;
      case 'd': out += pad(c.day, n); break;
      case 'D': out += pad(Math.floor(ms / MS_PER_DAY) - daysFromCivil(c.year, 1, 1) + 1, n); break;
      case 'H': out += pad(c.hour, n); break;
      case 'k': out += pad(c.hour === 0 ? 24 : c.hour, n); break;
      case 'h': out += pad(c.hour % 12 === 0 ? 12 : c.hour % 12, n); break;
      case 'K': out += pad(c.hour % 12, n); break;
      case 'm': out += pad(c.minute, n); break;
      case 's': out += pad(c.second, n); break;
      case 'S': out += (pad(c.ms, 3) + '0'.repeat(Math.max(0, n - 3))).slice(0, n); break;
      case 'a': out += c.hour < 12 ? 'AM' : 'PM'; break;
      case 'E': {
        const dow = ((Math.floor(ms / MS_PER_DAY) + 3) % 7 + 7) % 7;
        out += n >= 4 ? DAYS[dow] : DAYS[dow].slice(0, 3);
        break;
      }
      case 'Q': out += pad(Math.floor((c.month - 1) / 3) + 1, n); break;
      case 'G': out += c.year > 0 ? 'AD' : 'BC'; break;
      case 'X': out += 'Z'; break;
      case 'x': out += n === 1 ? '+00' : n === 3 || n === 5 ? '+00:00' : '+0000'; break;
      case 'Z': out += n >= 4 ? 'GMT' : '+0000'; break;
    }
  }
  return out;
}

interface Compiled { re: RegExp; fields: string[] }
const parseCache = new Map<string, Compiled>();

function compileParser(pattern: string): Compiled {
  const hit = parseCache.get(pattern);
  if (hit !== undefined) return hit;
  let src = '^\\s*';
  const fields: string[] = [];
  for (const t of tokenizePattern(pattern)) {
    if ('literal' in t) { src += t.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); continue; }
    const n = t.count;
    const group = (re: string, field: string): void => { src += `(${re})`; fields.push(field); };
    switch (t.letter) {
      case 'y': case 'u': group(n === 2 ? '\\d{2}' : n >= 4 ? '[+-]?\\d{4,6}' : '\\d{1,6}', n === 2 ? 'yy' : 'y'); break;
      case 'M': case 'L': group(n >= 3 ? '[A-Za-z]+' : n === 2 ? '\\d{2}' : '\\d{1,2}', 'M'); break;
      case 'd': group(n === 2 ? '\\d{2}' : '\\d{1,2}', 'd'); break;
      case 'D': group('\\d{1,3}', 'D'); break;
      case 'H': case 'k': group(n === 2 ? '\\d{2}' : '\\d{1,2}', 'H'); break;
      case 'h': case 'K': group(n === 2 ? '\\d{2}' : '\\d{1,2}', 'h'); break;
      case 'm': group(n === 2 ? '\\d{2}' : '\\d{1,2}', 'm'); break;
      case 's': group(n === 2 ? '\\d{2}' : '\\d{1,2}', 's'); break;
      case 'S': group(`\\d{1,${n}}`, 'S'); break;
      case 'a': group('[AaPp][Mm]', 'a'); break;
      case 'E': group('[A-Za-z]+', 'E'); break;
      case 'Q': group('\\d', 'Q'); break;
      case 'G': group('AD|BC', 'G'); break;
      case 'X': case 'x': case 'Z': group('Z|[+-]\\d{2}(?::?\\d{2})?|GMT|UTC', 'zone'); break;
    }
  }
  const compiled = { re: new RegExp(src + '\\s*$'), fields };
  if (parseCache.size > 256) parseCache.clear();
  parseCache.set(pattern, compiled);
  return compiled;
}

/**
 * Parses a string with a Spark pattern into epoch ms (UTC unless the text has a zone); null when it does not match.
 * @example parseWithPattern('02/01/2024', 'dd/MM/yyyy') === Date.UTC(2024, 0, 2)
 */
export function parseWithPattern(s: string, pattern: string): number | null {
  const { re, fields } = compileParser(pattern);
  const m = re.exec(s);
  if (m === null) return null;
  let year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, ms = 0, pm: boolean | undefined, h12: number | undefined;
  let dayOfYear: number | undefined;
  let offset = 0;
  for (let i = 0; i < fields.length; i++) {
    const v = m[i + 1];
    switch (fields[i]) {
      case 'y': year = Number(v); break;
      case 'yy': year = 2000 + Number(v); break;
      case 'M': {
        if (/^\d+$/.test(v)) { month = Number(v); break; }
        const idx = MONTHS.findIndex((name) => name.toLowerCase() === v.toLowerCase() || name.slice(0, 3).toLowerCase() === v.toLowerCase());
        if (idx < 0) return null;
        month = idx + 1;
        break;
      }
      case 'd': day = Number(v); break;
      case 'D': dayOfYear = Number(v); break;
      case 'H': hour = Number(v) === 24 ? 0 : Number(v); break;
      case 'h': h12 = Number(v); break;
      case 'm': minute = Number(v); break;
      case 's': second = Number(v); break;
      case 'S': ms = Number((v + '00').slice(0, 3)); break;
      case 'a': pm = v.toUpperCase() === 'PM'; break;
      case 'zone': {
        const u = v.toUpperCase();
        if (u !== 'Z' && u !== 'GMT' && u !== 'UTC') {
          const digits = v.slice(1).replace(':', '');
          const mins = Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2)) : 0);
          offset = (v[0] === '-' ? -1 : 1) * mins * 60_000;
        }
        break;
      }
    }
  }
  if (h12 !== undefined) {
    if (h12 < 1 || h12 > 12) return null;
    hour = (h12 % 12) + (pm ? 12 : 0);
  } else if (pm === true && hour < 12) {
    hour += 12;
  }
  if (dayOfYear !== undefined) {
    const base = utcMs(year, 1, 1, hour, minute, second, ms);
    return base === null ? null : base + (dayOfYear - 1) * MS_PER_DAY - offset;
  }
  const t = utcMs(year, month, day, hour, minute, second, ms);
  return t === null ? null : t - offset;
}
