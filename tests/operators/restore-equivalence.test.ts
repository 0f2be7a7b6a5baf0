// Every stateful operator gives the same answers straight through, restored from a snapshot after
// every epoch, and rebuilt from its journal alone (Arroyo's three-way golden runs).
import t from 'tap';
import { Packr } from 'msgpackr';
import { DeduplicateOperator } from '../../operators/dedup';
import { OperatorHarness, type HarnessEpochResult } from '../../operators/harness';
import { LimitOperator } from '../../operators/limit';
import type { Operator, StateStore } from '../../operators/operator';
import { StreamingAggregateOperator } from '../../operators/streaming-aggregate';
import { WindowExpandOperator } from '../../operators/window-expand';
import type { OutputMode, Row } from '../../plan/types';

/** Deterministic input: 25 epochs of 40 rows, event times advancing with some late ones. */
function makeEpochs(): Row[][] {
  let seed = 12345;
  const rnd = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const epochs: Row[][] = [];
  for (let e = 0; e < 25; e++) {
    const rows: Row[] = [];
    for (let i = 0; i < 40; i++) {
      const ts = Math.floor(e * 4000 + rnd() * 6000 - (rnd() < 0.15 ? 15_000 : 0));
      rows.push({ ts, user: `u${Math.floor(rnd() * 12)}`, item: Math.floor(rnd() * 500), v: rnd() < 0.1 ? null : Math.floor(rnd() * 100) });
    }
    epochs.push(rows);
  }
  return epochs;
}

const expand = new WindowExpandOperator({ timeEval: (r) => r.ts, sizeMs: 10_000, slideMs: 5000 });

function aggregate(mode: OutputMode) {
  return (s: StateStore): Operator => new StreamingAggregateOperator({
    operatorId: '0-aggregate', outputMode: mode,
    keys: [{ name: 'window', eval: (r) => r.window }, { name: 'user', eval: (r) => r.user }],
    eventTimeKey: { name: 'window', kind: 'window' },
    aggs: [
      { name: 'n', fn: 'count', args: [] },
      { name: 'sum', fn: 'sum', args: [(r) => r.v] },
      { name: 'avg', fn: 'avg', args: [(r) => r.v] },
      { name: 'min', fn: 'min', args: [(r) => r.v] },
      { name: 'max', fn: 'max', args: [(r) => r.v] },
      { name: 'first', fn: 'first', args: [(r) => r.v] },
      { name: 'last', fn: 'last', args: [(r) => r.v] },
      { name: 'list', fn: 'collect_list', args: [(r) => r.v] },
      { name: 'set', fn: 'collect_set', args: [(r) => r.item] },
      { name: 'items', fn: 'approx_count_distinct', args: [(r) => r.item] },
    ],
  }, s);
}

type Restart = 'none' | 'snapshot' | 'journal';

/**
 * Spark's default-trigger loop (watermark delay 5 s): a data epoch, then a no-data epoch when the
 * watermark moved past the last eviction watermark (decided here, so every run has the same
 * epochs), restarting the operator after every epoch as asked.
 */
function run(create: (s: StateStore) => Operator, mode: OutputMode, prepare: (rows: Row[]) => Row[], restart: Restart, fail?: (msg: string) => void): HarnessEpochResult[] {
  let h = new OperatorHarness({ create, outputMode: mode });
  const empty = h.snapshot();
  const journal: HarnessEpochResult['changes'][] = [];
  const results: HarnessEpochResult[] = [];
  let wm = 0;
  let lastEviction = 0;
  const epoch = (rows: Row[]) => {
    const r = h.processEpoch(prepare(rows), { lateWatermarkMs: lastEviction, evictionWatermarkMs: wm });
    lastEviction = wm;
    results.push(r);
    journal.push(r.changes);
    if (restart === 'snapshot') h.restore(h.snapshot());
    if (restart === 'journal') {
      h = new OperatorHarness({ create, outputMode: mode });
      h.restore(empty, journal);
    }
  };
  for (const rows of makeEpochs()) {
    epoch(rows);
    wm = Math.max(wm, Math.max(...rows.map((r) => r.ts as number)) - 5000);
    const wanted = mode !== 'complete' && wm > lastEviction;
    if (restart === 'none' && fail && h.needsNoDataEpoch(wm) !== wanted) fail(`needsNoDataEpoch(${wm}) disagrees with Spark's rule`);
    if (wanted) epoch([]);
  }
  return results;
}

/** Outputs, metrics and state size of every epoch, comparable across runs. */
function summary(results: HarnessEpochResult[]) {
  return results.map((r) => ({ epoch: r.epoch, rows: r.rows, metrics: r.metrics, total: r.numRowsTotal, changes: r.changes }));
}

for (const mode of ['append', 'update', 'complete'] as OutputMode[]) {
  t.test(`aggregate (${mode}): straight = restored from snapshots = rebuilt from the journal`, async (t) => {
    const prepare = (rows: Row[]) => expand.process(rows);
    const straight = summary(run(aggregate(mode), mode, prepare, 'none', (m) => t.fail(m)));
    t.ok(straight.filter((e) => e.rows.length > 0).length > 5);
    t.same(summary(run(aggregate(mode), mode, prepare, 'snapshot')), straight);
    t.same(summary(run(aggregate(mode), mode, prepare, 'journal')), straight);
  });
}

t.test('dedup and limit: straight = restored', async (t) => {
  const dd = (s: StateStore) => new DeduplicateOperator({
    operatorId: 'd', keys: [{ name: 'user', eval: (r) => r.user }, { name: 'ts', eval: (r) => r.ts }],
    eventTime: { name: 'ts', eval: (r) => r.ts },
  }, s);
  const id = (rows: Row[]) => rows;
  const a = summary(run(dd, 'append', id, 'none'));
  t.same(summary(run(dd, 'append', id, 'snapshot')), a);
  t.same(summary(run(dd, 'append', id, 'journal')), a);
  const lim = (s: StateStore) => new LimitOperator({ operatorId: 'l', n: 100 }, s);
  const b = run(lim, 'append', id, 'none').flatMap((r) => r.rows);
  t.equal(b.length, 100);
  t.same(run(lim, 'append', id, 'snapshot').flatMap((r) => r.rows), b);
});

t.test('replaying every journaled change from empty rebuilds the live state', async (t) => {
  const h = new OperatorHarness({ create: aggregate('update'), outputMode: 'update' });
  let wm = 0;
  for (const rows of makeEpochs()) {
    h.processEpoch(expand.process(rows), { evictionWatermarkMs: wm });
    wm = Math.max(wm, Math.max(...rows.map((r) => r.ts as number)) - 5000);
  }
  const rebuilt = new OperatorHarness({ create: aggregate('update'), outputMode: 'update' });
  rebuilt.restore(new OperatorHarness({ create: aggregate('update') }).snapshot(), h.changes);
  t.same(rebuilt.stateEntries(), h.stateEntries());
  t.equal(rebuilt.epoch, h.epoch);
  t.ok(h.store.size > 0);
});

t.test('snapshots carry a format version', async (t) => {
  const h = new OperatorHarness({ create: aggregate('update') });
  const bad = new Packr({ useRecords: false }).pack({ v: 99, epoch: 0, evictionWm: 0, entries: [] });
  t.throws(() => h.restore(bad), { code: 'SNAPSHOT_VERSION_UNSUPPORTED' });
});
