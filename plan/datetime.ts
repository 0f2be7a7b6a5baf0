// UTC calendar arithmetic on epoch-ms timestamps: parsing, Spark datetime patterns, field extraction, truncation.
import { isNull } from './values';

export const MS_PER_DAY = 86_400_000;

/** Calendar fields of a UTC instant. */
export interface CivilTime {
  year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number;
}

/** Year/month/day of a day number (days since 1970-01-01), proleptic Gregorian (H. Hinnant's algorithm). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Days since 1970-01-01 of a calendar date (month 1-12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch ms of UTC calendar fields, or null when a field is out of range. */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  return daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

export function toCivil(ms: number): CivilTime {
  const days = Math.floor(ms / MS_PER_DAY);
  let rest = ms - days * MS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  return { year, month, day, hour, minute, second, ms: Math.floor(rest - second * 1000) };
}

const TS_RE =
  /^\s*([+-]?\d{4,6})(?:-(\d{1,2})(?:-(\d{1,2})(?:(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?)?)?)?\s*$/i;

/**
 * Parses Spark's timestamp string forms: 'yyyy', 'yyyy-MM', 'yyyy-MM-dd', 'yyyy-MM-dd HH:mm[:ss[.fff]]',
 * with 'T' or a space, and an optional zone ('Z', '+02:00', 'UTC'); no zone means UTC. Invalid → null.
 * @example parseTimestampString('2024-01-02T03:04:05.678Z') === 1704164645678
 */
export function parseTimestampString(s: string): number | null {
  const m = TS_RE.exec(s);
  if (m === null) return null;
  const fraction = m[7] === undefined ? 0 : Number((m[7] + '00').slice(0, 3));
  const base = utcMs(Number(m[1]), m[2] === undefined ? 1 : Number(m[2]), m[3] === undefined ? 1 : Number(m[3]),
    m[4] === undefined ? 0 : Number(m[4]), m[5] === undefined ? 0 : Number(m[5]), m[6] === undefined ? 0 : Number(m[6]), fraction);
  if (base === null) return null;
  return base - zoneOffsetMs(m[8]);
}

function zoneOffsetMs(z: string | undefined): number {
  if (z === undefined) return 0;
  const u = z.toUpperCase();
  if (u === 'Z' || u === 'UTC' || u === 'GMT') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  const hours = digits.length <= 2 ? Number(digits) : Number(digits.slice(0, digits.length - 2));
  const minutes = digits.length <= 2 ? 0 : Number(digits.slice(-2));
  return sign * (hours * 60 + minutes) * 60_000;
}

/**
 * A timestamp value in epoch ms: numbers are ms already, Dates convert, strings parse; otherwise null.
 * @example toTimestampMs('1970-01-01 00:00:01') === 1000
 */
export function toTimestampMs(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (isNull(v)) return null;
  if (typeof v === 'string') return parseTimestampString(v);
  if (v instanceof Date) {
    const t = v.getTime();
    return Number.isNaN(t) ? null : t;
  }
  if (typeof v === 'bigint') return Number(v);
  return null;
}

/** Midnight UTC of the day holding `ms`. */
export function floorToDay(ms: number): number {
  return Math.floor(ms / MS_PER_DAY) * MS_PER_DAY;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  const p = s.length >= width ? s : '0'.repeat(width - s.length) + s;
  return n < 0 ? '-' + p : p;
}

/** Spark's default timestamp rendering: 'yyyy-MM-dd HH:mm:ss' plus '.SSS' trimmed of zeros when non-zero. */
export function formatTimestampDefault(ms: number): string {
  const c = toCivil(ms);
  const base = `${pad(c.year, 4)}-${pad(c.month, 2)}-${pad(c.day, 2)} ${pad(c.hour, 2)}:${pad(c.minute, 2)}:${pad(c.second, 2)}`;
  return c.ms === 0 ? base : base + '.' + pad(c.ms, 3).replace(/0+$/, '');
}

export function formatDate(ms: number): string {
  const c = toCivil(ms);
  return `${pad(c.year, 4)}-${pad(c.month, 2)}-${pad(c.day, 2)}`;
}

/** Units accepted by date_trunc, upper case, mapped to their canonical unit. */
const TRUNC_UNITS: Record<string, string> = {
  YEAR: 'YEAR', YYYY: 'YEAR', YY: 'YEAR', QUARTER: 'QUARTER', MONTH: 'MONTH', MON: 'MONTH', MM: 'MONTH',
  WEEK: 'WEEK', DAY: 'DAY', DD: 'DAY', HOUR: 'HOUR', MINUTE: 'MINUTE', SECOND: 'SECOND',
  MILLISECOND: 'MILLISECOND', MICROSECOND: 'MILLISECOND',
};

/**
 * Spark's date_trunc on epoch ms in UTC; an unknown unit gives null, as in Spark.
 * @example truncTimestamp('HOUR', Date.UTC(2024, 0, 2, 3, 4, 5)) === Date.UTC(2024, 0, 2, 3)
 */
export function truncTimestamp(unit: string, ms: number): number | null {
  const u = TRUNC_UNITS[unit.toUpperCase()];
  switch (u) {
    case 'MILLISECOND': return ms;
    case 'SECOND': return Math.floor(ms / 1000) * 1000;
    case 'MINUTE': return Math.floor(ms / 60_000) * 60_000;
    case 'HOUR': return Math.floor(ms / 3_600_000) * 3_600_000;
    case 'DAY': return floorToDay(ms);
    case 'WEEK': {
      const days = Math.floor(ms / MS_PER_DAY);
      const dow = (((days + 3) % 7) + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
      return (days - dow) * MS_PER_DAY;
    }
    case 'MONTH': case 'QUARTER': case 'YEAR': {
      const c = civilFromDays(Math.floor(ms / MS_PER_DAY));
      const month = u === 'YEAR' ? 1 : u === 'QUARTER' ? c.month - ((c.month - 1) % 3) : c.month;
      return daysFromCivil(c.year, month, 1) * MS_PER_DAY;
    }
    default: return null;
  }
}
