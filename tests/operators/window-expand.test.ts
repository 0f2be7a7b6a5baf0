// WindowExpandOperator: Spark's TimeWindowing windows, exactly.
import t from 'tap';
import { validateWindow, WindowExpandOperator, windowsFor } from '../../operators/window-expand';
import type { Row } from '../../plan/types';

const MIN = 60_000;

function expand(rows: Row[], sizeMs: number, slideMs?: number, startMs?: number): Row[] {
  return new WindowExpandOperator({ timeEval: (r) => r.ts, sizeMs, slideMs, startMs }).process(rows);
}

t.test('tumbling windows, including negative times and exact boundaries', async (t) => {
  t.same(windowsFor(7000, 5000, 5000), [{ start: 5000, end: 10000 }]);
  t.same(windowsFor(5000, 5000, 5000), [{ start: 5000, end: 10000 }], 'start is inclusive');
  t.same(windowsFor(4999, 5000, 5000), [{ start: 0, end: 5000 }], 'end is exclusive');
  t.same(windowsFor(0, 5000, 5000), [{ start: 0, end: 5000 }]);
  t.same(windowsFor(-1, 5000, 5000), [{ start: -5000, end: 0 }]);
  t.same(windowsFor(-5000, 5000, 5000), [{ start: -5000, end: 0 }]);
  t.same(windowsFor(-5001, 5000, 5000), [{ start: -10000, end: -5000 }]);
  t.same(expand([{ ts: -1, v: 1 }], 5000), [{ ts: -1, v: 1, window: { start: -5000, end: 0 } }]);
  t.same(expand([{ ts: 12_000 }], 5000), [{ ts: 12_000, window: { start: 10_000, end: 15_000 } }]);
});

t.test('sliding windows: every window containing t, latest first', async (t) => {
  t.same(windowsFor(7000, 10_000, 5000), [{ start: 5000, end: 15_000 }, { start: 0, end: 10_000 }]);
  t.same(windowsFor(10_000, 10_000, 5000), [{ start: 10_000, end: 20_000 }, { start: 5000, end: 15_000 }]);
  t.same(windowsFor(-1, 10_000, 5000), [{ start: -5000, end: 5000 }, { start: -10_000, end: 0 }]);
  // window not a multiple of slide: ceil(12/5) = 3 candidates, filtered to those containing t
  t.same(windowsFor(16 * MIN, 12 * MIN, 5 * MIN).map((w) => [w.start / MIN, w.end / MIN]), [[15, 27], [10, 22], [5, 17]]);
  t.same(windowsFor(17 * MIN, 12 * MIN, 5 * MIN).map((w) => [w.start / MIN, w.end / MIN]), [[15, 27], [10, 22]]);
  t.same(windowsFor(13 * MIN, 12 * MIN, 5 * MIN).map((w) => [w.start / MIN, w.end / MIN]), [[10, 22], [5, 17]]);
  // S01: 12:07 in 10-minute windows sliding 5 minutes
  const noon = 12 * 60 * MIN;
  t.same(windowsFor(noon + 7 * MIN, 10 * MIN, 5 * MIN).map((w) => [(w.start - noon) / MIN, (w.end - noon) / MIN]), [[5, 15], [0, 10]]);
  t.same(expand([{ ts: 7000 }], 10_000, 5000), [
    { ts: 7000, window: { start: 5000, end: 15_000 } },
    { ts: 7000, window: { start: 0, end: 10_000 } },
  ]);
});

t.test('startTime shifts the alignment (Spark doc example: 12m window, 5m slide, 2m start at 12:05)', async (t) => {
  const noon = 12 * 60 * MIN;
  const ws = windowsFor(noon + 5 * MIN, 12 * MIN, 5 * MIN, 2 * MIN).map((w) => [(w.start - noon) / MIN, (w.end - noon) / MIN]);
  t.same(ws, [[2, 14], [-3, 9]], '12:02-12:14 and 11:57-12:09; 11:52-12:04 is filtered out');
  t.same(windowsFor(1000, 5000, 5000, 2000), [{ start: -3000, end: 2000 }]);
  t.same(windowsFor(2000, 5000, 5000, 2000), [{ start: 2000, end: 7000 }]);
  t.same(windowsFor(-4000, 5000, 5000, -2000), [{ start: -7000, end: -2000 }]);
  t.same(expand([{ ts: 1000 }], 5000, 5000, 2000), [{ ts: 1000, window: { start: -3000, end: 2000 } }]);
});

t.test('null or unparseable times are dropped; Dates and ISO strings are accepted', async (t) => {
  t.same(expand([{ ts: null }, { ts: undefined }, { ts: 'not a time' }], 5000), []);
  t.same(expand([{ ts: new Date(6000) }], 5000)[0].window, { start: 5000, end: 10_000 });
  t.same(expand([{ ts: '1970-01-01T00:00:06.000Z' }], 5000)[0].window, { start: 5000, end: 10_000 });
});

t.test('a window over a window column uses window.end - 1 (window_time)', async (t) => {
  const out = expand([{ ts: { start: 5000, end: 10_000 }, n: 3 }], 10_000);
  t.same(out, [{ ts: { start: 5000, end: 10_000 }, n: 3, window: { start: 0, end: 10_000 } }]);
  const named = new WindowExpandOperator({ timeEval: (r) => r.window, sizeMs: 10_000, outputName: 'w10' })
    .process([{ window: { start: 10_000, end: 15_000 } }]);
  t.same(named[0].w10, { start: 10_000, end: 20_000 });
});

t.test('invalid window arguments are analysis errors', async (t) => {
  t.throws(() => validateWindow(0, 0, 0), { code: 'INVALID_WINDOW_DURATION' });
  t.throws(() => validateWindow(5000, 0, 0), { code: 'INVALID_SLIDE_DURATION' });
  t.throws(() => validateWindow(5000, 10_000, 0), { code: 'INVALID_SLIDE_DURATION' });
  t.throws(() => validateWindow(10_000, 5000, 5000), { code: 'INVALID_WINDOW_START' });
  t.throws(() => new WindowExpandOperator({ timeEval: (r) => r.ts, sizeMs: -1 }), /must be greater than 0\. Note:/);
  t.doesNotThrow(() => validateWindow(10_000, 5000, -4999));
});
