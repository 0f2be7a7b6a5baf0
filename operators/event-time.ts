// Event-time values inside operators: timestamps as epoch ms, windows compared by their end.
import type { WindowValue } from '../plan/types';

/** True for a window value `{ start, end }` (not a Date, not an array). */
export function isWindowValue(v: unknown): v is WindowValue {
  return typeof v === 'object' && v !== null && !(v instanceof Date) && !Array.isArray(v)
    && typeof (v as WindowValue).end === 'number' && typeof (v as WindowValue).start === 'number';
}

/**
 * A timestamp value as epoch ms: numbers as they are, Dates, ISO-8601 strings, bigints.
 * Null, undefined and unparseable strings give null (Spark's cast of a bad string is null).
 * @example timestampMs('1970-01-01T00:00:01Z') === 1000
 */
export function timestampMs(v: unknown): number | null {
  if (typeof v === 'number') return Number.isNaN(v) ? null : v;
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    const t = v.getTime();
    return Number.isNaN(t) ? null : t;
  }
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  if (typeof v === 'bigint') return Number(v);
  return null;
}

/**
 * The time a watermark is compared with: a window's end, or the timestamp itself. A value is
 * late (or evictable) when this is `<=` the watermark. Null when the value has no time.
 * @example watermarkTimeMs({ start: 0, end: 5000 }) === 5000
 */
export function watermarkTimeMs(v: unknown, kind?: 'window' | 'timestamp'): number | null {
  if (kind !== 'timestamp' && isWindowValue(v)) return v.end;
  return timestampMs(v);
}
