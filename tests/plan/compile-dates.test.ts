// Date and time functions on epoch-ms timestamps in UTC, against known values.
import t from 'tap';
import * as F from '../../api/functions';
import { col, lit, window } from '../../api/functions';
import type { Column } from '../../api/column';
import { compileExpr } from '../../plan/compile';
import { makeCall } from '../../plan/functions';
import { civilFromDays, daysFromCivil, parseTimestampString, truncTimestamp } from '../../plan/datetime';
import { formatWithPattern, parseWithPattern } from '../../plan/datetime-pattern';
import type { Row } from '../../plan/types';

const ev = (c: Column<any, any>, row: Row = {}): unknown => compileExpr(c.expr, { batchTimestampMs: () => 1_700_000_000_123 })(row);
const call = (fn: string, ...args: unknown[]): unknown => compileExpr(makeCall(fn, args.map((a) => lit(a).expr)))({});

// 2024-02-29T13:45:07.089Z, a leap day (Thursday).
const T = Date.UTC(2024, 1, 29, 13, 45, 7, 89);

t.test('calendar arithmetic', async (t) => {
  for (const [y, m, d] of [[1970, 1, 1], [2000, 2, 29], [1969, 12, 31], [2100, 3, 1], [1600, 1, 1]]) {
    const days = daysFromCivil(y, m, d);
    t.equal(days * 86_400_000, Date.UTC(y, m - 1, d), `${y}-${m}-${d}`);
    t.same(civilFromDays(days), { year: y, month: m, day: d });
  }
});

t.test('timestamp_seconds, timestamp_millis, to_timestamp, unix_timestamp, from_unixtime', async (t) => {
  t.equal(ev(F.timestampSeconds('s'), { s: 1230219000 }), Date.UTC(2008, 11, 25, 15, 30));
  t.equal(ev(F.timestampSeconds('s'), { s: 1.5 }), 1500);
  t.equal(ev(F.timestampMillis('s'), { s: 1230219000123 }), 1230219000123);
  t.equal(ev(F.toTimestamp('s'), { s: '2016-12-31 00:12:00' }), Date.UTC(2016, 11, 31, 0, 12));
  t.equal(ev(F.toTimestamp('s'), { s: '2016-12-31T00:12:00.5Z' }), Date.UTC(2016, 11, 31, 0, 12, 0, 500));
  t.equal(ev(F.toTimestamp('s', 'yyyy-MM-dd'), { s: '2016-12-31' }), Date.UTC(2016, 11, 31));
  t.equal(ev(F.toTimestamp('s', 'dd/MM/yyyy HH:mm'), { s: '02/01/2024 07:08' }), Date.UTC(2024, 0, 2, 7, 8));
  t.equal(ev(F.toTimestamp('s', 'yyyy-MM-dd'), { s: '2016/12/31' }), null, 'a string that does not fit the pattern is null');
  t.equal(ev(F.toTimestamp('s'), { s: 'not a time' }), null);
  t.equal(ev(F.toTimestamp('s'), { s: T }), T, 'numbers are already epoch ms');
  t.equal(ev(F.toDate('s'), { s: '2016-12-31 23:59:59' }), Date.UTC(2016, 11, 31));
  t.equal(ev(F.unixTimestamp('s'), { s: '2016-04-08 12:00:00' }), 1460116800);
  t.equal(ev(F.unixTimestamp('s', 'yyyy-MM-dd'), { s: '2016-04-08' }), 1460073600);
  t.equal(ev(F.unixTimestamp('s'), { s: Date.UTC(2016, 3, 8, 12, 0, 0, 999) }), 1460116800, 'timestamps floor to seconds');
  t.equal(ev(F.unixTimestamp()), 1_700_000_000, 'no argument: the batch time');
  t.equal(ev(F.unixTimestamp('s'), { s: null }), null);
  t.equal(ev(F.fromUnixtime('s'), { s: 0 }), '1970-01-01 00:00:00');
  t.equal(ev(F.fromUnixtime('s', 'yyyy-MM-dd'), { s: 1460116800 }), '2016-04-08');
});

t.test('field extraction', async (t) => {
  t.equal(ev(F.year('t'), { t: T }), 2024);
  t.equal(ev(F.quarter('t'), { t: T }), 1);
  t.equal(ev(F.month('t'), { t: T }), 2);
  t.equal(ev(F.dayofmonth('t'), { t: T }), 29);
  t.equal(ev(F.dayofweek('t'), { t: T }), 5, 'Sunday = 1, so Thursday = 5');
  t.equal(ev(F.hour('t'), { t: T }), 13);
  t.equal(ev(F.minute('t'), { t: T }), 45);
  t.equal(ev(F.second('t'), { t: T }), 7);
  t.equal(ev(F.year('t'), { t: '2019-07-01 10:00:00' }), 2019, 'strings are parsed');
  t.equal(ev(F.hour('t'), { t: new Date(T) }), 13, 'Dates are accepted');
  t.equal(ev(F.year('t'), { t: -1 }), 1969, 'before the epoch');
  t.equal(ev(F.second('t'), { t: -1 }), 59);
  t.equal(ev(F.month('t'), { t: 'garbage' }), null);
  t.equal(call('day', T), 29);
});

t.test('date_format with Spark pattern letters', async (t) => {
  t.equal(ev(F.dateFormat('t', 'yyyy-MM-dd HH:mm:ss.SSS'), { t: T }), '2024-02-29 13:45:07.089');
  t.equal(ev(F.dateFormat('t', "yyyy-MM-dd'T'HH:mm:ss"), { t: T }), '2024-02-29T13:45:07');
  t.equal(ev(F.dateFormat('t', 'yy/M/d h:mm a'), { t: T }), '24/2/29 1:45 PM');
  t.equal(ev(F.dateFormat('t', 'EEE, d MMM yyyy'), { t: T }), 'Thu, 29 Feb 2024');
  t.equal(ev(F.dateFormat('t', 'EEEE MMMM D'), { t: T }), 'Thursday February 60');
  t.equal(ev(F.dateFormat('t', "'it''s' HH'h'"), { t: T }), "it's 13h");
  t.equal(formatWithPattern(0, 'yyyy-MM-dd HH:mm:ss XXX'), '1970-01-01 00:00:00 Z');
  t.throws(() => formatWithPattern(0, 'yyyy-MM-dd qq'), { code: 'INVALID_DATETIME_PATTERN' });
  t.equal(parseWithPattern('Thu, 29 Feb 2024 01:45 PM', 'EEE, d MMM yyyy hh:mm a'), Date.UTC(2024, 1, 29, 13, 45));
  t.equal(parseWithPattern('2024-01-02 03:04:05+0100', 'yyyy-MM-dd HH:mm:ssZ'), Date.UTC(2024, 0, 2, 2, 4, 5));
  t.equal(parseWithPattern('2023-02-29', 'yyyy-MM-dd'), null, 'an impossible date is null');
});

t.test('date_trunc', async (t) => {
  const u = (unit: string): unknown => ev(F.dateTrunc(unit, 't'), { t: T });
  t.equal(u('year'), Date.UTC(2024, 0, 1));
  t.equal(u('QUARTER'), Date.UTC(2024, 0, 1));
  t.equal(u('month'), Date.UTC(2024, 1, 1));
  t.equal(u('mm'), Date.UTC(2024, 1, 1));
  t.equal(u('week'), Date.UTC(2024, 1, 26), 'weeks start on Monday');
  t.equal(u('day'), Date.UTC(2024, 1, 29));
  t.equal(u('hour'), Date.UTC(2024, 1, 29, 13));
  t.equal(u('minute'), Date.UTC(2024, 1, 29, 13, 45));
  t.equal(u('second'), Date.UTC(2024, 1, 29, 13, 45, 7));
  t.equal(u('fortnight'), null, 'unknown units give null, as in Spark');
  t.equal(truncTimestamp('HOUR', -1), -3_600_000);
});

t.test('current_timestamp, current_date, window_time', async (t) => {
  t.equal(ev(F.currentTimestamp()), 1_700_000_000_123);
  t.equal(ev(F.currentDate()), Date.UTC(2023, 10, 14));
  t.equal(ev(F.windowTime('window'), { window: { start: 0, end: 5000 } }), 4999, 'window.end - 1 (Spark: end - 1µs)');
  t.equal(ev(F.windowTime('window'), { window: null }), null);
  t.throws(() => ev(F.windowTime('w'), { w: 5 }), { code: 'INVALID_WINDOW_VALUE' });
  t.equal(String(F.windowTime(window('ts', '5 seconds'))), 'window_time(window)');
  t.equal(String(col('w')), 'w');
});

t.test('ISO-8601 and Spark timestamp strings', async (t) => {
  t.equal(parseTimestampString('2024'), Date.UTC(2024, 0, 1));
  t.equal(parseTimestampString('2024-03'), Date.UTC(2024, 2, 1));
  t.equal(parseTimestampString('2024-3-5 7:08'), Date.UTC(2024, 2, 5, 7, 8));
  t.equal(parseTimestampString('2024-03-05T07:08:09.123456Z'), Date.UTC(2024, 2, 5, 7, 8, 9, 123));
  t.equal(parseTimestampString('2024-03-05 07:08:09 UTC'), Date.UTC(2024, 2, 5, 7, 8, 9));
  t.equal(parseTimestampString('2024-03-05T07:08:09-0530'), Date.UTC(2024, 2, 5, 12, 38, 9));
  t.equal(parseTimestampString('2024-13-01'), null);
  t.equal(parseTimestampString('2024-01-01 24:00'), null);
  t.equal(parseTimestampString(''), null);
});
