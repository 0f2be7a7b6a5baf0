// foreach (ForeachWriter contract), foreachBatch, noop and collect sinks.
import t from 'tap';
import { ForeachSink, type ForeachWriter } from '../../connectors/sinks/foreach-sink';
import { ForeachBatchSink } from '../../connectors/sinks/foreach-batch-sink';
import { NoopSink } from '../../connectors/sinks/noop-sink';
import { CollectSink } from '../../connectors/sinks/collect-sink';
import type { Row } from '../../plan/types';

const ctx = { queryId: 'q', outputMode: 'append' as const };

function recorder(opts: { accept?: boolean; failOn?: unknown; openThrows?: boolean; async?: boolean } = {}) {
  const calls: string[] = [];
  const writer: ForeachWriter<Row> = {
    open(p, e) {
      calls.push(`open(${p},${e})`);
      if (opts.openThrows) throw new Error('open failed');
      return opts.async ? Promise.resolve(opts.accept ?? true) : (opts.accept ?? true);
    },
    process(row) {
      if (row.v === opts.failOn) throw new Error(`bad ${String(row.v)}`);
      calls.push(`process(${String(row.v)})`);
      return opts.async ? Promise.resolve() : undefined;
    },
    close(err) {
      calls.push(err === undefined ? 'close()' : `close(${(err as Error).message})`);
    },
  };
  return { calls, writer };
}

t.test('foreach: open per epoch, process every row, close after commit', async (t) => {
  for (const async of [false, true]) {
    const { calls, writer } = recorder({ async });
    const sink = new ForeachSink(writer);
    await sink.open(ctx);
    await sink.write(0, [{ v: 1 }, { v: 2 }]);
    await sink.write(0, [{ v: 3 }]);
    await sink.commit(0);
    await sink.commit(1);
    t.strictSame(calls, ['open(0,0)', 'process(1)', 'process(2)', 'process(3)', 'close()', 'open(0,1)', 'close()'], `async ${async}`);
    t.equal(sink.lastEpochRowCount(), 0);
  }
});

t.test('foreach: open returning false skips rows but close is still called', async (t) => {
  const { calls, writer } = recorder({ accept: false });
  const sink = new ForeachSink(writer, 2);
  await sink.write(5, [{ v: 1 }]);
  await sink.commit(5);
  t.strictSame(calls, ['open(2,5)', 'close()']);
});

t.test('foreach: a throwing process closes with the error, which propagates', async (t) => {
  const { calls, writer } = recorder({ failOn: 2 });
  const sink = new ForeachSink(writer);
  await t.rejects(sink.write(0, [{ v: 1 }, { v: 2 }, { v: 3 }]), { message: 'bad 2' });
  await sink.commit(0);
  t.strictSame(calls, ['open(0,0)', 'process(1)', 'close(bad 2)'], 'no second close, no more rows');
  await sink.write(0, [{ v: 1 }]);
  await sink.commit(0);
  t.strictSame(calls.slice(3), ['open(0,0)', 'process(1)', 'close()'], 'a re-run of the epoch opens again');
});

t.test('foreach: a throwing open gets no close', async (t) => {
  const { calls, writer } = recorder({ openThrows: true });
  const sink = new ForeachSink(writer);
  await t.rejects(sink.write(0, [{ v: 1 }]), { message: 'open failed' });
  t.strictSame(calls, ['open(0,0)']);
});

t.test('foreach: abort closes an open epoch with EPOCH_ABORTED', async (t) => {
  const errors: unknown[] = [];
  const sink = new ForeachSink({ process() {}, close(e) { errors.push(e); } });
  await sink.write(4, [{ v: 1 }]);
  sink.abort(4);
  await Promise.resolve();
  t.equal(errors.length, 1);
  t.match(errors[0], { code: 'EPOCH_ABORTED', message: /Epoch 4 was aborted/ });
  sink.abort(4);
  t.equal(errors.length, 1, 'closed once');
});

t.test('foreach: a writer with only process works', async (t) => {
  const seen: Row[] = [];
  const sink = new ForeachSink({ process: (r) => { seen.push(r); } });
  await sink.write(0, [{ v: 1 }]);
  await sink.commit(0);
  t.strictSame(seen, [{ v: 1 }]);
  t.equal(sink.lastEpochRowCount(), 1);
});

t.test('foreachBatch: one call per committed epoch, [] for an empty epoch, errors propagate', async (t) => {
  const calls: [Row[], number][] = [];
  const sink = new ForeachBatchSink(async (rows, id) => {
    if (id === 9) throw new Error('user failure');
    calls.push([rows, id]);
  });
  await sink.open(ctx);
  sink.write(0, [{ v: 1 }]);
  sink.write(0, [{ v: 2 }]);
  await sink.commit(0);
  await sink.commit(1);
  sink.write(2, [{ v: 'dropped' }]);
  sink.abort(2);
  sink.write(2, [{ v: 3 }]);
  await sink.commit(2);
  await sink.commit(2);
  t.strictSame(calls, [[[{ v: 1 }, { v: 2 }], 0], [[], 1], [[{ v: 3 }], 2], [[], 2]]);
  await t.rejects(sink.commit(9), { message: 'user failure' });
});

t.test('noop counts committed rows only', async (t) => {
  const sink = new NoopSink();
  sink.write(0, [{}, {}]);
  sink.commit(0);
  sink.write(1, [{}]);
  sink.abort(1);
  sink.commit(1);
  t.equal(sink.totalRows, 2);
  t.equal(sink.lastEpochRowCount(), 0);
  t.throws(() => new NoopSink({ foo: 1 }), { code: 'UNKNOWN_OPTION', message: 'Unknown option \'foo\' for the noop sink. Note: the noop sink takes no options.' });
});

t.test('collect keeps committed rows in order, once per epoch', async (t) => {
  const sink = new CollectSink();
  sink.write(0, [{ v: 1 }]);
  sink.commit(0);
  sink.write(1, [{ v: 2 }]);
  sink.abort(1);
  sink.write(1, [{ v: 3 }]);
  sink.commit(1);
  sink.write(1, [{ v: 3 }]);
  sink.commit(1);
  t.strictSame(sink.rows(), [{ v: 1 }, { v: 3 }]);
  t.equal(sink.count, 2);
});
