// Date and time scalar functions on epoch-ms timestamps in UTC (Spark names and patterns).
import { TidemarkError } from '../../common/errors';
import { MS_PER_DAY, civilFromDays, floorToDay, toCivil, toTimestampMs, truncTimestamp } from '../datetime';
import { formatWithPattern, parseWithPattern } from '../datetime-pattern';
import { toNumber, toStr } from '../values';
import { fn, type ScalarFunction } from './define';

const DEFAULT_FORMAT = 'yyyy-MM-dd HH:mm:ss';

/** A timestamp argument; strings parse with `pattern` when one is given. */
function ts(v: unknown, pattern?: unknown): number | null {
  if (pattern !== undefined && typeof v === 'string') return parseWithPattern(v, toStr(pattern));
  return toTimestampMs(v);
}

/** Applies `f` to a timestamp argument, null when it does not parse. */
function onTs<R>(f: (ms: number) => R): (v: unknown) => R | null {
  return (v) => {
    const t = typeof v === 'number' ? v : ts(v);
    return t === null ? null : f(t);
  };
}

function windowEnd(w: unknown): number | null {
  if (typeof w !== 'object' || w === null || !('end' in w)) {
    throw new TidemarkError('INVALID_WINDOW_VALUE', 'user', `window_time expects a window column ({ start, end }), got ${JSON.stringify(w)}. ` +
      "Note: pass the column produced by window(...) or session_window(...).");
  }
  const end = toTimestampMs((w as { end: unknown }).end);
  return end === null ? null : end - 1;
}

const nowFn = (_args: unknown, _exprs: unknown, ctx: { batchTimestampMs(): number }) => () => ctx.batchTimestampMs();

export const DATE_FUNCTIONS: readonly ScalarFunction[] = [
  fn('timestamp_seconds(seconds)', 1, 1, 'timestamp', (s) => {
    const n = toNumber(s);
    return n === null ? null : Math.round(n * 1000);
  }),
  fn('timestamp_millis(millis)', 1, 1, 'timestamp', (s) => toNumber(s)),
  fn('to_timestamp(col[, format])', 1, 2, 'timestamp', (v, f) => ts(v, f)),
  fn('to_date(col[, format])', 1, 2, 'date', (v, f) => {
    const t = ts(v, f);
    return t === null ? null : floorToDay(t);
  }),
  fn('unix_timestamp([col[, format]])', 0, 2, 'number', undefined, {
    compile: (args, _exprs, ctx) => {
      if (args.length === 0) return () => Math.floor(ctx.batchTimestampMs() / 1000);
      const a = args[0];
      const f = args[1];
      return (row) => {
        const v = a(row);
        if (v === null || v === undefined) return null;
        const pattern = f === undefined ? (typeof v === 'string' ? DEFAULT_FORMAT : undefined) : f(row);
        if (pattern === null) return null;
        const t = ts(v, pattern);
        return t === null ? null : Math.floor(t / 1000);
      };
    },
  }),
  fn('from_unixtime(seconds[, format])', 1, 2, 'string', (s, f) => {
    const n = toNumber(s);
    return n === null ? null : formatWithPattern(Math.floor(n) * 1000, f === undefined ? DEFAULT_FORMAT : toStr(f));
  }),
  fn('year(ts)', 1, 1, 'number', onTs((t) => civilFromDays(Math.floor(t / MS_PER_DAY)).year)),
  fn('quarter(ts)', 1, 1, 'number', onTs((t) => Math.floor((civilFromDays(Math.floor(t / MS_PER_DAY)).month - 1) / 3) + 1)),
  fn('month(ts)', 1, 1, 'number', onTs((t) => civilFromDays(Math.floor(t / MS_PER_DAY)).month)),
  fn('dayofmonth(ts)', 1, 1, 'number', onTs((t) => civilFromDays(Math.floor(t / MS_PER_DAY)).day)),
  fn('dayofweek(ts)', 1, 1, 'number', onTs((t) => ((Math.floor(t / MS_PER_DAY) + 4) % 7 + 7) % 7 + 1)),
  fn('hour(ts)', 1, 1, 'number', onTs((t) => toCivil(t).hour)),
  fn('minute(ts)', 1, 1, 'number', onTs((t) => toCivil(t).minute)),
  fn('second(ts)', 1, 1, 'number', onTs((t) => toCivil(t).second)),
  fn('date_format(ts, format)', 2, 2, 'string', (v, f) => {
    const t = ts(v);
    return t === null ? null : formatWithPattern(t, toStr(f));
  }),
  fn('date_trunc(unit, ts)', 2, 2, 'timestamp', (u, v) => {
    const t = ts(v);
    return t === null ? null : truncTimestamp(toStr(u), t);
  }),
  fn('current_timestamp()', 0, 0, 'timestamp', undefined, { compile: nowFn }),
  fn('now()', 0, 0, 'timestamp', undefined, { compile: nowFn }),
  fn('current_date()', 0, 0, 'date', undefined, {
    compile: (_a, _e, ctx) => () => floorToDay(ctx.batchTimestampMs()),
  }),
  fn('window_time(window)', 1, 1, 'timestamp', windowEnd),
];
