// Spark interval strings ('10 seconds', '5 minutes', '10s', '250 ms') to milliseconds.
import { TidemarkError } from './errors';

const UNIT_MS: Record<string, number> = {
  ms: 1, millisecond: 1, milliseconds: 1, msec: 1, msecs: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hour: 3_600_000, hours: 3_600_000, hr: 3_600_000, hrs: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
  us: 0.001, microsecond: 0.001, microseconds: 0.001,
};

export type Duration = string | number;

/**
 * Parses a duration into ms. Accepts a number of ms, '10 seconds', '1 hour 30 minutes',
 * 'interval 10 seconds', '10s', '250ms'.
 * @example parseDurationMs('5 minutes') === 300000
 */
export function parseDurationMs(d: Duration, what = 'duration'): number {
  if (typeof d === 'number') {
    if (!Number.isFinite(d)) throw badDuration(d, what);
    return d;
  }
  const s = String(d).trim().toLowerCase().replace(/^interval\s+/, '');
  const re = /(-?\d+(?:\.\d+)?)\s*([a-z]+)/g;
  let total = 0;
  let matched = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const unit = UNIT_MS[m[2]];
    if (unit === undefined) throw badDuration(d, what);
    total += Number(m[1]) * unit;
    matched += m[0];
  }
  if (matched.replace(/\s+/g, '') !== s.replace(/\s+/g, '') || matched === '') throw badDuration(d, what);
  return Math.round(total);
}

function badDuration(d: unknown, what: string): TidemarkError {
  return new TidemarkError(
    'INVALID_DURATION',
    'user',
    `Invalid ${what} ${JSON.stringify(d)}. Note: use a number of milliseconds or an interval string such as '10 seconds', '5 minutes', '1 hour' or '250 ms'.`,
  );
}
