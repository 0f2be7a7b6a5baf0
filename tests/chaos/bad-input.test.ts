// Bad input through the public API: invalid source options are coded errors at start(); a user function
// that throws fails the query with USER_FUNCTION_FAILED naming the task, the epoch and the function's error.
import t from 'tap';
import { count, MemoryStream, Session, type TidemarkError } from '../../index';
import { checkpointDir } from './rate-query';

async function failure(p: Promise<unknown> | (() => unknown)): Promise<TidemarkError | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
    return undefined;
  } catch (e) {
    return e as TidemarkError;
  }
}

t.test('the rate source rejects invalid options with coded user errors before anything runs', async (t) => {
  const s = new Session();
  const start = (options: Record<string, unknown>) =>
    failure(s.readStream.format('rate').options(options).load().writeStream.format('noop').start());
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ rowsPerSecond: -1 }, 'INVALID_OPTION', /Invalid value '-1' for option rowsPerSecond of the rate source: it must be a positive integer\. Note: /],
    [{ rowsPerSecond: 0 }, 'INVALID_OPTION', /'0' for option rowsPerSecond/],
    [{ rowsPerSecond: 'fast' }, 'INVALID_OPTION', /'fast' for option rowsPerSecond/],
    [{ numPartitions: 1.5 }, 'INVALID_OPTION', /'1.5' for option numPartitions/],
    [{ rampUpTime: 'soon' }, 'INVALID_OPTION', /'soon' for option rampUpTime/],
    [{ rowsPerSec: 5 }, 'UNKNOWN_OPTION', /Unknown option 'rowsPerSec' for the rate source\. Note: did you mean 'rowsPerSecond'\?/],
  ];
  for (const [options, code, message] of cases) {
    const err = await start(options);
    t.equal(err?.code, code, JSON.stringify(options));
    t.equal(err?.domain, 'user');
    t.match(err?.message, message);
  }
  t.same(s.streams.active, [], 'no query was started');
});

t.test('the memory sink rejects options it does not take; a memory table needs a name', async (t) => {
  const s = new Session();
  const input = new MemoryStream<number>(s);
  t.match(await failure(input.toDF().writeStream.format('memory').queryName('m1').option('bogus', 1).start()),
    { code: 'UNKNOWN_OPTION', domain: 'user', message: /Unknown option 'bogus' for the memory sink/ });
  t.match(await failure(input.toDF().writeStream.format('memory').start()), { code: 'MEMORY_SINK_NEEDS_NAME', domain: 'user' });
});

t.test("format('memory') on a reader is a user error, not an internal one", async (t) => {
  const s = new Session();
  const err = await failure(() => s.readStream.format('memory').load().writeStream.format('noop').start());
  t.equal(err?.domain, 'user');
  t.match(err?.message, /MemoryStream/);
});

t.test('a MemoryStream schema that is not a schema, or rows that break it, are refused', async (t) => {
  const s = new Session();
  t.ok(await failure(() => new MemoryStream<unknown>(s, { schema: 'nope' as never })), 'a schema must be a list of fields');
  const typed = new MemoryStream<{ a: unknown }>(s, { schema: [{ name: 'a', type: 'number', nullable: false }] });
  t.ok(await failure(() => typed.addData({ a: 'x' })), 'a string in a number column');
});

t.test('a throwing map lambda fails the query with USER_FUNCTION_FAILED (task, epoch, cause)', async (t) => {
  const s = new Session();
  const input = new MemoryStream<{ v: number }>(s);
  const q = await input.toDF()
    .map((r) => {
      if (r.v === 3) throw new Error('three is not allowed');
      return { v: r.v * 2 };
    })
    .writeStream.format('memory').queryName('user_fn_map').start();
  input.addData({ v: 1 });
  await q.processAllAvailable();
  input.addData({ v: 2 }, { v: 3 });
  const err = await failure(q.processAllAvailable());
  t.equal(err?.code, 'USER_FUNCTION_FAILED');
  t.equal(err?.domain, 'user');
  t.match(err?.details, { operatorId: 'source-0-stage0', epoch: 1 });
  t.equal((err?.cause as Error).message, 'three is not allowed');
  t.match(err?.message, /^A function in task source-0-stage0 threw during epoch 1: three is not allowed\. Note: /);
  t.equal(q.isActive, false, 'the query stopped (a user error is not retried)');
  t.equal((q.exception as TidemarkError).code, 'USER_FUNCTION_FAILED');
  await t.rejects(q.awaitTermination(), { code: 'USER_FUNCTION_FAILED' });
  t.same(await s.table('user_fn_map').collect(), [{ v: 2 }], 'epoch 0 committed; nothing of epoch 1');
});

t.test('a throwing filter after an aggregation names the aggregate partition task', async (t) => {
  const dir = checkpointDir(t);
  const run = async (rows: { k: number }[]) => {
    const s = new Session({ conf: { 'tidemark.shufflePartitions': 1 } });
    const input = new MemoryStream<{ k: number }>(s);
    const q = await input.toDF().groupBy('k').agg(count().alias('n'))
      .filter((r) => {
        if (r.n > 1) throw new RangeError(`count ${r.n} too high`);
        return true;
      })
      .writeStream.outputMode('update').format('memory').queryName('user_fn_filter').option('checkpointLocation', dir).start();
    input.addData(...rows);
    return failure(q.processAllAvailable());
  };
  const err = await run([{ k: 1 }, { k: 1 }]);
  t.equal(err?.code, 'USER_FUNCTION_FAILED');
  t.match(err?.details, { operatorId: /aggregate\/0$/, epoch: 0 });
  t.match(err?.message, /threw during epoch 0: count 2 too high/);
  t.ok(err?.cause instanceof RangeError);
});
