// The rate source: Spark's formulas, determinism across restarts, fake-clock timestamps, option errors.
import t from 'tap';
import { RateSource, RATE_START_KEY, valueAtSecond } from '../../connectors/rate/rate-source';
import type { Row } from '../../plan/types';
import { FakeClock, InMemorySourceMetadata, sourceContext } from './fixtures';

const START = 1_700_000_000_000;

async function rows(src: RateSource, start: number, end: number, batchSize = 1000): Promise<Row[]> {
  const out: Row[] = [];
  await src.read(start, end, (b) => { out.push(...b); }, batchSize);
  return out;
}

t.test('valueAtSecond follows Spark (rampUpTime 4, rowsPerSecond 10)', async (t) => {
  t.strictSame([0, 1, 2, 3, 4, 5, 6].map((s) => valueAtSecond(s, 10, 4)), [0, 2, 6, 12, 20, 30, 40]);
  t.strictSame([0, 1, 2, 3].map((s) => valueAtSecond(s, 7, 0)), [0, 7, 14, 21]);
});

t.test('start time comes from the clock, is stored versioned, and offsets are whole seconds', async (t) => {
  const meta = new InMemorySourceMetadata();
  const clock = new FakeClock(START);
  const src = new RateSource({ rowsPerSecond: 10 });
  await src.open(sourceContext(meta, clock));
  t.strictSame(meta.data.get(RATE_START_KEY), { v: 1, startTimeMs: START });
  t.equal(src.initialOffset(), 0);
  t.equal(src.latestOffset(0), 0);
  clock.advance(999);
  t.equal(src.latestOffset(0), 0);
  clock.advance(1);
  t.equal(src.latestOffset(0), 1);
  clock.advance(1500);
  t.equal(src.latestOffset(0), 2);
  clock.ms = START; // a clock that goes back does not move the offset back
  t.equal(src.latestOffset(0), 2);
  t.equal(src.description, 'RateStreamV2[rowsPerSecond=10, rampUpTimeSeconds=0, numPartitions=1]');
  t.strictSame(src.schema().map((f) => [f.name, f.type]), [['timestamp', 'timestamp'], ['value', 'number']]);
});

t.test('rows: value from 0, timestamps spread evenly over their seconds', async (t) => {
  const clock = new FakeClock(START);
  const src = new RateSource({ rowsPerSecond: 4 });
  await src.open(sourceContext(new InMemorySourceMetadata(), clock));
  t.strictSame(await rows(src, 0, 2), [0, 1, 2, 3, 4, 5, 6, 7].map((v) => ({ timestamp: START + v * 250, value: v })));
  t.strictSame(await rows(src, 2, 3), [8, 9, 10, 11].map((v) => ({ timestamp: START + 2000 + (v - 8) * 250, value: v })));
  t.strictSame(await rows(src, 3, 3), []);
  t.ok(src.isEmptyRange(3, 3));
  t.notOk(src.isEmptyRange(2, 3));
});

t.test('numPartitions: rows come partition by partition; timestamps are rounded like Spark', async (t) => {
  const src = new RateSource({ rowsPerSecond: '3', numPartitions: '2' });
  await src.open(sourceContext(new InMemorySourceMetadata(), new FakeClock(START)));
  t.strictSame(await rows(src, 0, 1), [
    { timestamp: START, value: 0 },
    { timestamp: START + 667, value: 2 },
    { timestamp: START + 333, value: 1 },
  ]);
});

t.test('rampUpTime: values follow the ramp, a second with no new value emits nothing', async (t) => {
  const src = new RateSource({ rowsPerSecond: 10, rampUpTime: '4s' });
  t.equal(src.options.rampUpTimeSeconds, 4);
  await src.open(sourceContext(new InMemorySourceMetadata(), new FakeClock(START)));
  const r = await rows(src, 1, 3);
  t.strictSame(r.map((x) => x.value), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  t.strictSame(r.map((x) => (x.timestamp as number) - START), [1000, 1200, 1400, 1600, 1800, 2000, 2200, 2400, 2600, 2800]);
  const slow = new RateSource({ rowsPerSecond: 1, rampUpTime: 3 });
  await slow.open(sourceContext(new InMemorySourceMetadata(), new FakeClock(START)));
  t.strictSame(await rows(slow, 0, 3), [], 'speed delta rounds down to 0 during the ramp');
  t.strictSame(await rows(slow, 3, 5), [{ timestamp: START + 3000, value: 0 }, { timestamp: START + 4000, value: 1 }]);
});

t.test('batchSize splits the emitted batches', async (t) => {
  const src = new RateSource({ rowsPerSecond: 5 });
  await src.open(sourceContext(new InMemorySourceMetadata(), new FakeClock(START)));
  const sizes: number[] = [];
  await src.read(0, 1, (b) => { sizes.push(b.length); }, 2);
  t.strictSame(sizes, [2, 2, 1]);
});

t.test('a restart with the same metadata regenerates identical rows', async (t) => {
  const meta = new InMemorySourceMetadata();
  const first = new RateSource({ rowsPerSecond: 7, numPartitions: 3 });
  await first.open(sourceContext(meta, new FakeClock(START)));
  const before = await rows(first, 2, 5);

  const laterClock = new FakeClock(START + 3_600_000);
  const again = new RateSource({ rowsPerSecond: 7, numPartitions: 3 });
  await again.open(sourceContext(meta, laterClock));
  t.equal(again.startTime, START, 'start time kept across the restart');
  t.strictSame(await rows(again, 2, 5), before);
  t.equal(before.length, 21);
});

t.test('re-running an epoch past the clock keeps latestOffset from going back', async (t) => {
  const meta = new InMemorySourceMetadata();
  await meta.put(RATE_START_KEY, { v: 1, startTimeMs: START });
  const resumed = new RateSource({});
  await resumed.open(sourceContext(meta, new FakeClock(START + 1000)));
  t.equal(resumed.latestOffset(0), 1);
  await rows(resumed, 0, 5); // the offset log says epoch N ended at 5 s
  t.equal(resumed.latestOffset(5), 5);
});

t.test('use before open and bad metadata fail with codes', async (t) => {
  const src = new RateSource({});
  t.throws(() => src.latestOffset(0), { code: 'SOURCE_NOT_OPEN' });
  const meta = new InMemorySourceMetadata();
  await meta.put(RATE_START_KEY, { v: 99, startTimeMs: 5 });
  await t.rejects(src.open(sourceContext(meta, new FakeClock(0))), { code: 'UNSUPPORTED_SOURCE_METADATA' });
  const ok = new RateSource({});
  await ok.open(sourceContext(new InMemorySourceMetadata(), new FakeClock(0)));
  await t.rejects(ok.read(-1, 2, () => {}, 10), { code: 'INVALID_OFFSET' });
  await t.rejects(ok.read(3, 2, () => {}, 10), { code: 'INVALID_OFFSET_RANGE' });
});

t.test('option validation', async (t) => {
  t.throws(() => new RateSource({ rowsPerSecond: 'abc' }), {
    name: 'AnalysisError',
    code: 'INVALID_OPTION',
    message: "Invalid value 'abc' for option rowsPerSecond of the rate source: it must be a positive integer. " +
      'Note: set rowsPerSecond to a positive integer, or leave it out to use its default.',
  });
  for (const bad of [0, -1, 1.5, '0', '', true]) {
    t.throws(() => new RateSource({ rowsPerSecond: bad }), { code: 'INVALID_OPTION' }, `rowsPerSecond ${JSON.stringify(bad)}`);
  }
  t.throws(() => new RateSource({ numPartitions: 0 }), { code: 'INVALID_OPTION', message: /option numPartitions/ });
  for (const bad of ['-1', 'abc', -2, '5 parsecs']) {
    t.throws(() => new RateSource({ rampUpTime: bad }), { code: 'INVALID_OPTION', message: /option rampUpTime/ }, `rampUpTime ${bad}`);
  }
  t.throws(() => new RateSource({ rowsPerSec: 5 }), {
    code: 'UNKNOWN_OPTION',
    message: "Unknown option 'rowsPerSec' for the rate source. Note: did you mean 'rowsPerSecond'?",
  });
  t.throws(() => new RateSource({ zzzzzzzzzzzz: 1 }), {
    code: 'UNKNOWN_OPTION',
    message: "Unknown option 'zzzzzzzzzzzz' for the rate source. Note: the rate source accepts 'rowsPerSecond', 'numPartitions', 'rampUpTime'.",
  });
  const ok = new RateSource({ ROWSPERSECOND: '25', rampuptime: '1500 ms', checkpointLocation: '/tmp/x' });
  t.strictSame(ok.options, { rowsPerSecond: 25, numPartitions: 1, rampUpTimeSeconds: 1 });
  t.strictSame(new RateSource({ rampUpTime: '2 minutes' }).options.rampUpTimeSeconds, 120);
});
