// Arbitrary stateful processing: mapGroupsWithState / flatMapGroupsWithState (S50), timeouts, immer updates, Spark's rules.
import t, { type Test } from 'tap';
import { Session, MemoryStream, ManualClock, Trigger, TidemarkError, col, count, type GroupState } from '../../index';
import {
  testStream, AddData, CheckNewAnswer, StopStream, StartStream, AdvanceManualClock, AssertOnQuery, ExpectFailure,
  assertNumStateRows, type StreamAction,
} from '../../testing';

const session = () => new Session({ print: () => undefined, conf: { 'tidemark.shufflePartitions': 3 } });
const MODES = [false, true];

/** numRowsRemoved of the last progress. */
const assertRemoved = (n: number): StreamAction => AssertOnQuery((_q, ctx) => {
  const got = ctx.lastProgress?.stateOperators[0]?.numRowsRemoved;
  if (got !== n) throw new Error(`numRowsRemoved ${got}, expected ${n}`);
}, `numRowsRemoved == ${n}`);

/** S50's function: running count per key, removed when it reaches 3. */
function runningCount(key: string, rows: { value: string }[], state: GroupState<number>): { key: string; value: string }[] {
  const c = (state.getOption() ?? 0) + rows.length;
  if (c === 3) {
    state.remove();
    return [];
  }
  state.update(c);
  return [{ key, value: String(c) }];
}

t.test('S50 flatMapGroupsWithState, update, no timeout: running count up to 2', async (t) => {
  for (const restart of MODES) {
    const s = session();
    const input = new MemoryStream<string>(s);
    const df = input.toDF().groupByKey((r) => r.value).flatMapGroupsWithState('update', 'none', runningCount);
    await testStream(df, 'update', [
      AddData(input, 'a'), CheckNewAnswer(['a', '1']), assertNumStateRows(1, 1),
      AddData(input, 'a', 'b'), CheckNewAnswer(['a', '2'], ['b', '1']), assertNumStateRows(2, 2),
      StopStream, StartStream(),
      AddData(input, 'a', 'b'), CheckNewAnswer(['b', '2']), assertNumStateRows([1], [1], [0]), assertRemoved(1),
      StopStream, StartStream(),
      AddData(input, 'a', 'c'), CheckNewAnswer(['a', '1'], ['c', '1']), assertNumStateRows(3, 2),
    ], { restartAfterEveryCheck: restart });
    t.pass(`restart=${restart}`);
  }
});

t.test('S50 mapGroupsWithState variant returns "-1" at 3', async (t) => {
  for (const restart of MODES) {
    const s = session();
    const input = new MemoryStream<string>(s);
    const df = input.toDF().groupByKey((r) => r.value).mapGroupsWithState<number, { key: string; value: string }>((key, rows, state) => {
      const c = (state.getOption() ?? 0) + rows.length;
      if (c === 3) {
        state.remove();
        return { key, value: '-1' };
      }
      state.update(c);
      return { key, value: String(c) };
    });
    await testStream(df, 'update', [
      AddData(input, 'a'), CheckNewAnswer(['a', '1']), assertNumStateRows(1, 1),
      AddData(input, 'a', 'b'), CheckNewAnswer(['a', '2'], ['b', '1']), assertNumStateRows(2, 2),
      StopStream, StartStream(),
      AddData(input, 'a', 'b'), CheckNewAnswer(['a', '-1'], ['b', '2']), assertNumStateRows(1, 1), assertRemoved(1),
      StopStream, StartStream(),
      AddData(input, 'a', 'c'), CheckNewAnswer(['a', '1'], ['c', '1']), assertNumStateRows(3, 2),
      AssertOnQuery((_q, ctx) => {
        if (ctx.lastProgress?.stateOperators[0]?.operatorName !== 'flatMapGroupsWithState') throw new Error('operatorName');
      }),
    ], { restartAfterEveryCheck: restart });
    t.pass(`restart=${restart}`);
  }
});

t.test('S50 lazy-iterator variant: state updated once per value while the output is consumed', async (t) => {
  for (const restart of MODES) {
    const s = session();
    const input = new MemoryStream<string>(s);
    const df = input.toDF().groupByKey((r) => r.value).flatMapGroupsWithState<number, { key: string; value: string }>('update', 'none',
      function* (key, rows, state) {
        for (let i = 0; i < rows.length; i++) {
          const c = (state.getOption() ?? 0) + 1;
          if (c === 3) {
            state.remove();
            continue;
          }
          state.update(c);
          yield { key, value: String(c) };
        }
      });
    await testStream(df, 'update', [
      AddData(input, 'a', 'a', 'b'), CheckNewAnswer(['a', '1'], ['a', '2'], ['b', '1']),
      StopStream, StartStream(),
      AddData(input, 'a', 'b'), CheckNewAnswer(['b', '2']),
      StopStream, StartStream(),
      AddData(input, 'a', 'c'), CheckNewAnswer(['a', '1'], ['c', '1']),
    ], { restartAfterEveryCheck: restart });
    t.pass(`restart=${restart}`);
  }
});

t.test('processing-time timeout: a key times out after its duration and is called with no rows', async (t) => {
  for (const restart of MODES) {
    const s = session();
    const input = new MemoryStream<string>(s);
    const calls: string[] = [];
    const df = input.toDF().groupByKey((r) => r.value).flatMapGroupsWithState<number, { key: string; value: string }>('update', 'processingTime',
      (key, rows, state) => {
        calls.push(`${key}:${rows.length}:${state.hasTimedOut}@${state.getCurrentProcessingTimeMs()}`);
        if (state.hasTimedOut) {
          state.remove();
          return [{ key, value: '-1' }];
        }
        const c = (state.getOption() ?? 0) + rows.length;
        state.update(c);
        state.setTimeoutDuration('10 seconds');
        return [{ key, value: String(c) }];
      });
    // AdvanceManualClock(0) lets a restarted query's first trigger run before new data arrives
    await testStream(df, 'update', [
      StartStream({ trigger: Trigger.ProcessingTime('10 seconds'), clock: new ManualClock(0) }), AdvanceManualClock(10_000),
      AdvanceManualClock(0), AddData(input, 'a'), AdvanceManualClock(10_000), CheckNewAnswer(['a', '1']),
      AdvanceManualClock(0), AddData(input, 'b'), AdvanceManualClock(10_000), CheckNewAnswer(['b', '1']),
      AdvanceManualClock(0), AddData(input, 'c'), AdvanceManualClock(10_000), CheckNewAnswer(['c', '1'], ['a', '-1']), assertNumStateRows(2, 3), assertRemoved(1),
      AdvanceManualClock(0), AddData(input, 'b'), AdvanceManualClock(10_000), CheckNewAnswer(['b', '2']),
      AdvanceManualClock(0), AddData(input, 'd'), AdvanceManualClock(10_000), CheckNewAnswer(['d', '1'], ['c', '-1']),
      AdvanceManualClock(0), AddData(input, 'e'), AdvanceManualClock(10_000), CheckNewAnswer(['e', '1'], ['b', '-1']), assertNumStateRows(2, 3), assertRemoved(1),
    ], { restartAfterEveryCheck: restart });
    t.same(calls.filter((c) => c.includes('true')), ['a:0:true@40000', 'c:0:true@60000', 'b:0:true@70000'], 'each key timed out once, with no rows');
  }
});

t.test('event-time timeout fires once the watermark passes the timestamp', async (t) => {
  for (const restart of MODES) {
    const s = session();
    const input = new MemoryStream<{ key: string; t: number }>(s);
    const watermarks: number[] = [];
    const df = input.toDF().withColumn('ts', col('t').multiply(1000).cast('timestamp')).withWatermark('ts', '10 seconds')
      .groupByKey((r) => r.key).flatMapGroupsWithState<number, { key: string; value: number }>('update', 'eventTime', (key, rows, state) => {
        watermarks.push(state.getCurrentWatermarkMs());
        if (state.hasTimedOut) {
          state.remove();
          return [{ key, value: -1 }];
        }
        const c = (state.getOption() ?? 0) + rows.length;
        state.update(c);
        state.setTimeoutTimestamp(Math.max(...rows.map((r) => r.t * 1000)) + 5000);
        return [{ key, value: c }];
      });
    await testStream(df, 'update', [
      AddData(input, { key: 'a', t: 10 }), CheckNewAnswer(['a', 1]),
      AddData(input, { key: 'b', t: 30 }), CheckNewAnswer(['b', 1], ['a', -1]), assertNumStateRows(1, 2), assertRemoved(1),
      AddData(input, { key: 'b', t: 31 }), CheckNewAnswer(['b', 2]),
      AddData(input, { key: 'c', t: 60 }), CheckNewAnswer(['c', 1], ['b', -1]),
    ], { restartAfterEveryCheck: restart });
    t.ok(watermarks.includes(20_000), 'the function sees the eviction watermark');
  }
});

t.test('update(draft => ...) uses immer: the previous state object is never mutated', async (t) => {
  const s = session();
  const input = new MemoryStream<string>(s);
  const seen: { n: number; tags: string[] }[] = [];
  const df = input.toDF().groupByKey((r) => r.value).mapGroupsWithState<{ n: number; tags: string[] }, { key: string; n: number }>((key, rows, state) => {
    if (!state.exists) state.update({ n: 0, tags: [] });
    const before = state.get();
    seen.push(before);
    state.update((draft) => {
      draft.n += rows.length;
      draft.tags.push(`+${rows.length}`);
    });
    const after = state.get();
    if (after === before) throw new Error('immer returned the same object');
    return { key, n: after.n };
  });
  await testStream(df, 'update', [
    AddData(input, 'a', 'a'), CheckNewAnswer(['a', 2]),
    AddData(input, 'a'), CheckNewAnswer(['a', 3]),
  ]);
  t.same(seen[0], { n: 0, tags: [] }, 'the first state object kept its value');
  t.same(seen[1], { n: 2, tags: ['+2'] });
});

t.test('get() on absent state fails the query with GROUP_STATE_ABSENT', async (t) => {
  const s = session();
  const input = new MemoryStream<string>(s);
  const df = input.toDF().groupByKey((r) => r.value).mapGroupsWithState<number, number>((_k, _rows, state) => state.get());
  await testStream(df, 'update', [AddData(input, 'a'), ExpectFailure({ code: 'GROUP_STATE_ABSENT' })]);
  t.pass();
});

async function rejectsWith(t: Test, f: () => unknown, code: string): Promise<void> {
  try {
    await f();
  } catch (e) {
    t.type(e, TidemarkError);
    t.equal((e as TidemarkError).code, code, code);
    return;
  }
  t.fail(`expected ${code}`);
}

t.test("Spark's rules for [flat]mapGroupsWithState are coded analysis errors", async (t) => {
  const s = session();
  const input = new MemoryStream<string>(s);
  const keyed = () => input.toDF().groupByKey((r) => r.value);
  const mapped = () => keyed().mapGroupsWithState<number, { key: string; value: number }>((key, rows) => ({ key, value: rows.length }));
  const start = (df: { writeStream: any }, mode: string) => () => df.writeStream.outputMode(mode).format('memory').queryName(`q${Math.random()}`.replace('.', '')).start();
  await rejectsWith(t, start(mapped(), 'append'), 'STREAMING_MAP_GROUPS_WITH_STATE_OUTPUT_MODE');
  await rejectsWith(t, start(keyed().flatMapGroupsWithState('append', 'none', runningCount), 'update'), 'STREAMING_FLAT_MAP_GROUPS_WITH_STATE_OUTPUT_MODE');
  await rejectsWith(t, start(keyed().flatMapGroupsWithState('update', 'none', runningCount), 'append'), 'STREAMING_FLAT_MAP_GROUPS_WITH_STATE_OUTPUT_MODE');
  await rejectsWith(t, start(mapped().groupByKey((r) => r.key).mapGroupsWithState<number, number>((_k, rows) => rows.length), 'update'),
    'STREAMING_MULTIPLE_MAP_GROUPS_WITH_STATE');
  await rejectsWith(t, start(keyed().flatMapGroupsWithState('update', 'eventTime', runningCount), 'update'), 'GROUP_STATE_EVENT_TIME_TIMEOUT_NEEDS_WATERMARK');
  await rejectsWith(t, start(keyed().flatMapGroupsWithState('update', 'none', runningCount).groupBy('key').agg(count('*')), 'update'),
    'STREAMING_FLAT_MAP_GROUPS_WITH_STATE_OUTPUT_MODE');
  await rejectsWith(t, () => keyed().flatMapGroupsWithState('update', 'sometimes' as never, runningCount), 'GROUP_STATE_INVALID_TIMEOUT');
  t.equal(s.streams.active.length, 0, 'nothing started');
});

t.test('setTimeoutDuration needs the processingTime timeout', async (t) => {
  const s = session();
  const input = new MemoryStream<string>(s);
  const df = input.toDF().groupByKey((r) => r.value).flatMapGroupsWithState<number, number>('update', 'none', (_k, _rows, state) => {
    state.setTimeoutDuration(1000);
    return [];
  });
  await testStream(df, 'update', [AddData(input, 'a'), ExpectFailure({ code: 'GROUP_STATE_TIMEOUT_NOT_ENABLED' })]);
  t.pass();
});

t.test('a pending processing-time timeout does not spin no-data epochs; it fires once due', async (t) => {
  const s = new Session({ print: () => undefined });
  const input = new MemoryStream<string>(s);
  const clock = new ManualClock(1_000_000);
  const df = input.toDF().groupByKey((r) => r.value).flatMapGroupsWithState<number, { key: string; timedOut: boolean }>(
    'update', 'processingTime', (key, rows, state: GroupState<number>) => {
      if (state.hasTimedOut) {
        state.remove();
        return [{ key, timedOut: true }];
      }
      state.update((state.getOption() ?? 0) + rows.length);
      state.setTimeoutDuration('1 hour');
      return [{ key, timedOut: false }];
    });
  const q = await df.writeStream.outputMode('update').format('memory').queryName('pt_idle').clock(clock).start();
  input.addData('a');
  await q.processAllAvailable();
  await q.processAllAvailable();
  t.equal(q.recentProgress.length, 1, 'no no-data epochs while the timeout is an hour away');
  clock.advance(2 * 3_600_000);
  await q.processAllAvailable();
  await q.stop();
  t.same((await s.table<{ key: string; timedOut: boolean }>('pt_idle').collect()).map((r) => [r.key, r.timedOut]), [['a', false], ['a', true]]);
  t.equal(q.recentProgress.length, 2, 'one no-data epoch, for the due timeout');
});
