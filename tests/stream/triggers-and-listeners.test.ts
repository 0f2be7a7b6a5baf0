// Processing-time triggers on a ManualClock, listeners, status, stop/await semantics, backpressure.
import t from 'tap';
import { Session, MemoryStream, ManualClock, Trigger, col, count, type StreamingQueryListener } from '../../index';
import { testStream, AddData, CheckNewAnswer, AdvanceManualClock, StartStream, StopStream, AssertOnQuery } from '../../testing';
import { registerSinkFormat } from '../../connectors/registry';
import type { StreamSink } from '../../connectors/types';
import type { Row } from '../../plan/types';

const session = () => new Session({ print: () => undefined });

t.test('ProcessingTime trigger follows a ManualClock: data waits for the next tick', async (t) => {
  const s = session();
  const input = new MemoryStream<number>(s);
  const clock = new ManualClock(0);
  const epochs = (n: number) => AssertOnQuery((_q, ctx) => {
    if (ctx.allProgress.length !== n) throw new Error(`${ctx.allProgress.length} epochs, expected ${n}`);
  }, `epochs == ${n}`);
  await testStream(input.toDF().select(col('value').plus(1).alias('v')), 'append', [
    StartStream({ trigger: Trigger.ProcessingTime('10 seconds'), clock }),
    AddData(input, 1, 2),
    AdvanceManualClock(10_000), CheckNewAnswer(2, 3), epochs(1),
    AddData(input, 3),
    CheckNewAnswer(), epochs(1),
    AdvanceManualClock(5_000), CheckNewAnswer(),
    AdvanceManualClock(5_000), CheckNewAnswer(4), epochs(2),
    AdvanceManualClock(10_000), CheckNewAnswer(), epochs(2),
  ]);
  t.equal(clock.now(), 30_000);
});

t.test('batch timestamps follow the manual clock and are recorded in progress', async (t) => {
  const s = session();
  const input = new MemoryStream<number>(s);
  const clock = new ManualClock(1_000_000);
  await testStream(input.toDF(), 'append', [
    AddData(input, 1),
    AdvanceManualClock(1_000), CheckNewAnswer(1),
    StopStream,
  ], { trigger: Trigger.ProcessingTime('1 second'), clock });
  t.pass();
});

t.test('listeners see started, progress and terminated; status and lastProgress after stop', async (t) => {
  const s = session();
  const events: string[] = [];
  const listener: StreamingQueryListener = {
    onQueryStarted: (e) => events.push(`started:${e.name}`),
    onQueryProgress: (e) => events.push(`progress:${e.progress.batchId}`),
    onQueryTerminated: (e) => events.push(`terminated:${e.exception ?? 'none'}`),
  };
  s.streams.addListener(listener);
  const input = new MemoryStream<number>(s);
  const q = await input.toDF().writeStream.format('memory').queryName('listened').start();
  t.same(events, ['started:listened'], 'onQueryStarted before start() resolves');
  t.equal(s.streams.active.length, 1);
  t.equal(s.streams.get(q.id), q);
  input.addData(1);
  await q.processAllAvailable();
  t.equal(q.status.isTriggerActive, false);
  await q.stop();
  t.same(events, ['started:listened', 'progress:0', 'terminated:none']);
  t.equal(q.isActive, false);
  t.equal(q.status.message, 'Stopped');
  t.equal(q.lastProgress?.batchId, 0, 'lastProgress stays after stop');
  t.equal(await q.awaitTermination(), true);
  t.equal(s.streams.active.length, 0);
  s.streams.removeListener(listener);
  t.equal(s.streams.listListeners().length, 0);
});

t.test('a failing user function fails the query with its error, the operator and the epoch', async (t) => {
  const s = session();
  const input = new MemoryStream<number>(s);
  const q = await input.toDF().map((r) => {
    if (r.value === 3) throw new Error('three is not allowed');
    return r;
  }).writeStream.format('memory').queryName('fails').start();
  input.addData(1, 2);
  await q.processAllAvailable();
  input.addData(3);
  const err = await q.processAllAvailable().then(() => undefined, (e) => e);
  t.equal(err?.code, 'USER_FUNCTION_FAILED');
  t.match(err?.message, /three is not allowed/);
  t.equal(err?.details.epoch, 1);
  t.match(String(err?.details.operatorId), /source-0/);
  t.equal(q.exception, err);
  await t.rejects(q.awaitTermination());
  await t.rejects(s.streams.awaitAnyTermination());
  t.equal(q.isActive, false);
  t.match(q.status.message, /^Terminated with exception/);
});

t.test('awaitTermination with a timeout resolves false while the query runs', async (t) => {
  const s = session();
  const input = new MemoryStream<number>(s);
  const q = await input.toDF().groupBy('value').agg(count().alias('n')).writeStream.outputMode('complete').format('memory').queryName('await_t').start();
  t.equal(await q.awaitTermination(10), false);
  t.equal(await s.streams.awaitAnyTermination(10), false);
  await q.stop();
  t.equal(await s.streams.awaitAnyTermination(), true);
});

t.test('a slow sink applies backpressure: batches in flight stay bounded', async (t) => {
  let inFlight = 0;
  let maxInFlight = 0;
  let written = 0;
  const pending: (() => void)[] = [];
  registerSinkFormat('slowTest', () => {
    const sink: StreamSink = {
      description: 'SlowTestSink',
      async open() {},
      async write(_epoch: number, rows: Row[]) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise<void>((r) => pending.push(r));
        written += rows.length;
        inFlight--;
      },
      commit() {},
    };
    return sink;
  }, { internal: true });
  const s = new Session({ print: () => undefined, conf: { 'tidemark.batchSize': 10, 'tidemark.maxInFlightBatches': 2 } });
  const input = new MemoryStream<number>(s);
  input.addData(...Array.from({ length: 1000 }, (_, i) => i));
  let produced = 0;
  let maxAhead = 0;
  const q = await input.toDF().map((r) => { produced++; return r; }).writeStream.format('slowTest').start();
  const done = q.processAllAvailable();
  // Release writes one at a time; the source can never get more than the credit window ahead.
  while (written < 1000) {
    await new Promise((r) => setImmediate(r));
    maxAhead = Math.max(maxAhead, produced - written);
    pending.shift()?.();
  }
  await done;
  await q.stop();
  t.equal(written, 1000);
  t.equal(maxInFlight, 1, 'the sink task handles one batch at a time');
  // window (2) batches queued + one being written + one being produced, of 10 rows each
  t.ok(maxAhead <= 40, `the source ran at most ${maxAhead} rows ahead of the sink`);
});
