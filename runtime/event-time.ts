// Event-time values: numbers (ms), Dates and ISO-8601 strings become epoch milliseconds.
import { TidemarkError } from '../common/errors';

/** Converts an event-time value to epoch ms; null/undefined stay null. Throws on anything else. */
export function toEventTimeMs(v: unknown, column: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string') {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return t;
  }
  if (typeof v === 'bigint') return Number(v);
  throw new TidemarkError('INVALID_EVENT_TIME', 'user',
    `Event-time column "${column}" holds ${JSON.stringify(String(v))}, which is not a time. Note: use epoch milliseconds (number), a Date or an ISO-8601 string.`);
}

/** Spark's progress time format: yyyy-MM-dd'T'HH:mm:ss.SSS'Z' (UTC). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
