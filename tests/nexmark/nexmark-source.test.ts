// format('nexmark'): options, offsets, rate pacing, replay, checkpoint metadata, registration.
import t from 'tap';
import { TidemarkError } from '../../common/errors';
import { DEFAULT_NEXMARK_CONFIG, eventIdAt, resolveNexmarkConfig } from '../../connectors/nexmark/config';
import { generateEvent } from '../../connectors/nexmark/generator';
import {
  NEXMARK_METADATA_KEY, NEXMARK_METADATA_VERSION, NexmarkSource, nexmarkSourceFactory, parseNexmarkOptions, registerNexmark,
} from '../../connectors/nexmark/nexmark-source';
import '../../connectors/nexmark/register';
import { createSource } from '../../connectors/registry';
import type { Offset, SourceContext, StreamSource } from '../../connectors/types';
import type { Row } from '../../plan/types';

class Metadata {
  readonly data = new Map<string, unknown>();
  get(key: string): unknown {
    return this.data.get(key);
  }
  async put(key: string, value: unknown): Promise<void> {
    this.data.set(key, structuredClone(value));
  }
}

function context(metadata: Metadata, clock: { ms: number }): SourceContext {
  return { sourceIndex: 0, metadata, now: () => clock.ms };
}

async function readAll(src: StreamSource, start: Offset, end: Offset, batchSize = 1000): Promise<{ rows: Row[]; batches: number[] }> {
  const rows: Row[] = [];
  const batches: number[] = [];
  await src.read(start, end, (b) => {
    batches.push(b.length);
    rows.push(...b);
  }, batchSize);
  return { rows, batches };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof TidemarkError ? e.code : `not a TidemarkError: ${String(e)}`;
  }
  return undefined;
}

t.test('options: defaults, strings accepted, case-insensitive names', async (t) => {
  const d = parseNexmarkOptions({});
  t.equal(d.events, 0);
  t.equal(d.maxEventsPerTrigger, 100_000);
  t.equal(d.rate, undefined);
  t.strictSame(d.config, DEFAULT_NEXMARK_CONFIG);
  const o = parseNexmarkOptions({
    EVENTS: '5000', firstEventRate: '2500.5', numPartitions: '2', outOfOrderGroupSize: 10, baseTime: '2020-01-01T00:00:00Z',
    maxEventsPerTrigger: 100, rate: '1000', flinkBidderQuirk: 'true', checkpointLocation: '/tmp/x',
  });
  t.equal(o.events, 5000);
  t.equal(o.config.firstEventRate, 2500.5);
  t.equal(o.config.numEventGenerators, 2);
  t.equal(o.config.outOfOrderGroupSize, 10);
  t.equal(o.config.baseTime, Date.UTC(2020, 0, 1));
  t.equal(o.maxEventsPerTrigger, 100);
  t.equal(o.rate, 1000);
  t.equal(o.config.flinkBidderQuirk, true);
  t.equal(parseNexmarkOptions({ baseTime: 12345 }).config.baseTime, 12345);
  t.equal(parseNexmarkOptions({ numEventGenerators: 3 }).config.numEventGenerators, 3);
});

t.test('options: coded errors that quote the value and end with a Note', async (t) => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ event: 10 }, 'UNKNOWN_OPTION', /Unknown option 'event'.*Note: did you mean 'events'\?/],
    [{ events: -1 }, 'INVALID_OPTION', /'-1' for option events/],
    [{ events: 'many' }, 'INVALID_OPTION', /'many' for option events/],
    [{ firstEventRate: 'fast' }, 'INVALID_OPTION', /'fast' for option firstEventRate/],
    [{ rate: 0 }, 'INVALID_OPTION', /'0' for option rate/],
    [{ maxEventsPerTrigger: 0 }, 'INVALID_OPTION', /maxEventsPerTrigger/],
    [{ baseTime: 'yesterday' }, 'INVALID_OPTION', /'yesterday' for option baseTime/],
    [{ outOfOrderGroupSize: 953 }, 'INVALID_OPTION', /'953' for option outOfOrderGroupSize/],
    [{ numPartitions: 2, numEventGenerators: 3 }, 'INVALID_OPTION', /numPartitions/],
  ];
  for (const [opts, code, msg] of cases) {
    try {
      new NexmarkSource(opts);
      t.fail(`accepted ${JSON.stringify(opts)}`);
    } catch (e) {
      t.equal((e as TidemarkError).code, code, JSON.stringify(opts));
      t.match((e as Error).message, msg);
      t.match((e as Error).message, /Note: .+/);
    }
  }
});

t.test('offsets count events; maxEventsPerTrigger and events cap each epoch', async (t) => {
  const src = new NexmarkSource({ events: 250, maxEventsPerTrigger: 100 });
  await src.open(context(new Metadata(), { ms: 0 }));
  t.equal(src.initialOffset(), 0);
  t.equal(src.latestOffset(0), 100);
  t.equal(src.latestOffset(100), 200);
  t.equal(src.latestOffset(200), 250);
  t.equal(src.latestOffset(250), 250);
  t.equal(src.isEmptyRange?.(250, 250), true);
  t.equal(src.isEmptyRange?.(200, 250), false);
  t.equal(codeOf(() => src.latestOffset('x')), 'INVALID_OFFSET');
  t.equal(src.replayable, true);
  t.match(src.description, /Nexmark\[events=250, firstEventRate=10000/);
  t.strictSame(src.schema()?.map((f) => f.name), ['eventType', 'person', 'auction', 'bid', 'dateTime']);
  const unbounded = new NexmarkSource({ maxEventsPerTrigger: 7 });
  await unbounded.open(context(new Metadata(), { ms: 0 }));
  t.equal(unbounded.latestOffset(1_000_000), 1_000_007);
});

t.test('rate paces by the trigger clock from the start time kept in the checkpoint', async (t) => {
  const clock = { ms: 5000 };
  const meta = new Metadata();
  const src = new NexmarkSource({ rate: 1000, maxEventsPerTrigger: 100_000 });
  await src.open(context(meta, clock));
  t.equal(src.latestOffset(0), 0);
  clock.ms = 6500;
  t.equal(src.latestOffset(0), 1500);
  clock.ms = 6000; // a clock going back does not take offsets back
  t.equal(src.latestOffset(1500), 1500);
  t.strictSame(meta.get(NEXMARK_METADATA_KEY), {
    v: NEXMARK_METADATA_VERSION, startTimeMs: 5000, config: { ...DEFAULT_NEXMARK_CONFIG },
  });
  // A restarted query keeps the original start time.
  clock.ms = 9000;
  const again = new NexmarkSource({ rate: 1000, maxEventsPerTrigger: 500 });
  await again.open(context(meta, clock));
  t.equal(again.latestOffset(1500), 2000, 'capped by maxEventsPerTrigger');
  t.equal(again.latestOffset(3800), 4000, 'capped by the rate: 4 s since the start');
});

t.test('read emits the events of (start, end] in batches, identical on replay', async (t) => {
  const src = new NexmarkSource({ events: 5000 });
  await src.open(context(new Metadata(), { ms: 0 }));
  const { rows, batches } = await readAll(src, 100, 2600, 1000);
  t.strictSame(batches, [1000, 1000, 500]);
  t.equal(rows.length, 2500);
  t.strictSame(rows[0], generateEvent(100, DEFAULT_NEXMARK_CONFIG));
  t.strictSame(rows[2499], generateEvent(2599, DEFAULT_NEXMARK_CONFIG));
  const replay = await readAll(src, 100, 2600, 333);
  t.strictSame(replay.rows, rows, 'a re-run epoch emits the same rows');
  t.strictSame((await readAll(src, 7, 7)).batches, []);
  await t.rejects(src.read(10, 5, () => {}, 10), { code: 'INVALID_OFFSET_RANGE' });
  // Async emits are awaited in order.
  const seen: number[] = [];
  await src.read(0, 30, async (b) => {
    await new Promise((r) => setImmediate(r));
    seen.push(b.length);
  }, 10);
  t.strictSame(seen, [10, 10, 10]);
});

t.test('out-of-order groups and event-time density come from the options', async (t) => {
  const src = new NexmarkSource({ outOfOrderGroupSize: 10, firstEventRate: 100, baseTime: 0 });
  await src.open(context(new Metadata(), { ms: 0 }));
  const cfg = resolveNexmarkConfig({ outOfOrderGroupSize: 10, firstEventRate: 100, baseTime: 0 });
  const { rows } = await readAll(src, 0, 20);
  t.strictSame(rows, Array.from({ length: 20 }, (_, p) => generateEvent(eventIdAt(p, cfg), cfg)));
  t.strictSame(rows.slice(0, 4).map((r) => r.dateTime), [0, 30, 60, 90]);
});

t.test('restarting with options that change the events fails; other options may change', async (t) => {
  const meta = new Metadata();
  await new NexmarkSource({ firstEventRate: 1000, events: 10 }).open(context(meta, { ms: 1 }));
  await new NexmarkSource({ firstEventRate: 1000, events: 20, maxEventsPerTrigger: 5, rate: 3 }).open(context(meta, { ms: 2 }));
  await t.rejects(new NexmarkSource({ firstEventRate: 2000 }).open(context(meta, { ms: 3 })), {
    code: 'SOURCE_OPTIONS_CHANGED',
    message: /"firstEventRate" is 2000 but the checkpoint was written with 1000.*Note: restore firstEventRate to 1000/,
  });
  const bad = new Metadata();
  await bad.put(NEXMARK_METADATA_KEY, { v: 99, startTimeMs: 0, config: {} });
  await t.rejects(new NexmarkSource({}).open(context(bad, { ms: 3 })), { code: 'INCOMPATIBLE_SOURCE_METADATA' });
});

t.test('registration and the factory', async (t) => {
  const registered: string[] = [];
  registerNexmark((format, factory) => {
    registered.push(format);
    t.type(factory({ events: 3 }), NexmarkSource);
  });
  t.strictSame(registered, ['nexmark']);
  t.equal(codeOf(() => nexmarkSourceFactory({}, [{ name: 'x', type: 'number' }])), 'USER_SCHEMA_NOT_SUPPORTED');
  t.equal(codeOf(() => nexmarkSourceFactory({ nope: 1 })), 'UNKNOWN_OPTION');
  // The side-effect module registers the format with the connectors registry.
  t.type(createSource('NexMark', { events: 3 }), NexmarkSource);
});
