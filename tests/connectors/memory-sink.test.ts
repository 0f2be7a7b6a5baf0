// Memory sink and table: per-epoch buffering, idempotent commits, complete-mode replacement.
import t from 'tap';
import { MemorySink } from '../../connectors/sinks/memory-sink';
import { MemoryTable, MemoryTableCatalog } from '../../connectors/sinks/memory-table';
import type { OutputMode } from '../../plan/types';

async function sinkFor(table: MemoryTable, outputMode: OutputMode): Promise<MemorySink> {
  const sink = new MemorySink(table);
  await sink.open({ queryId: 'q', queryName: table.name, outputMode });
  return sink;
}

t.test('append: rows of each committed epoch are added; nothing shows before commit', async (t) => {
  const table = new MemoryTable('t');
  const sink = await sinkFor(table, 'append');
  t.equal(table.latestEpoch, -1);
  t.strictSame(table.lastBatch(), []);
  sink.write(0, [{ v: 1 }]);
  sink.write(0, [{ v: 2 }]);
  t.strictSame(table.rows(), []);
  sink.commit(0);
  sink.write(1, [{ v: 3 }]);
  sink.commit(1);
  t.strictSame(table.rows(), [{ v: 1 }, { v: 2 }, { v: 3 }]);
  t.strictSame(table.lastBatch(), [{ v: 3 }]);
  t.equal(table.latestEpoch, 1);
  t.strictSame([...table.batches.keys()], [0, 1]);
  t.equal(sink.description, 'MemorySink[t]');
  t.equal(sink.lastEpochRowCount(), 1);
});

t.test('an epoch <= latestEpoch is skipped: a replay after a crash adds nothing', async (t) => {
  const table = new MemoryTable('t');
  const sink = await sinkFor(table, 'append');
  sink.write(0, [{ v: 1 }]);
  sink.commit(0);
  sink.write(1, [{ v: 2 }]);
  sink.commit(1);
  const restarted = await sinkFor(table, 'append');
  restarted.write(1, [{ v: 2 }]);
  restarted.commit(1);
  restarted.write(0, [{ v: 1 }]);
  restarted.commit(0);
  t.strictSame(table.rows(), [{ v: 1 }, { v: 2 }]);
  t.equal(restarted.lastEpochRowCount(), 1, 'the skipped epoch still reports its rows');
  restarted.write(2, [{ v: 3 }]);
  restarted.commit(2);
  t.strictSame(table.rows(), [{ v: 1 }, { v: 2 }, { v: 3 }]);
});

t.test('an empty epoch is recorded as an empty last batch', async (t) => {
  const table = new MemoryTable('t');
  const sink = await sinkFor(table, 'update');
  sink.write(0, [{ v: 1 }]);
  sink.commit(0);
  sink.commit(1);
  t.strictSame(table.lastBatch(), []);
  t.strictSame(table.rows(), [{ v: 1 }], 'update mode is treated as append');
  t.equal(table.latestEpoch, 1);
});

t.test('complete mode replaces the table each epoch', async (t) => {
  const table = new MemoryTable('counts');
  const sink = await sinkFor(table, 'complete');
  sink.write(0, [{ k: 'a', n: 1 }]);
  sink.commit(0);
  sink.write(1, [{ k: 'a', n: 2 }, { k: 'b', n: 1 }]);
  sink.commit(1);
  t.strictSame(table.rows(), [{ k: 'a', n: 2 }, { k: 'b', n: 1 }]);
  t.strictSame([...table.batches.keys()], [1]);
  sink.write(1, [{ k: 'zzz', n: 0 }]);
  sink.commit(1);
  t.strictSame(table.rows(), [{ k: 'a', n: 2 }, { k: 'b', n: 1 }], 're-run epoch skipped in complete mode too');
});

t.test('abort drops the epoch buffer; a re-run commits only its new rows', async (t) => {
  const table = new MemoryTable('t');
  const sink = await sinkFor(table, 'append');
  sink.write(0, [{ v: 'partial' }]);
  sink.abort(0);
  sink.write(0, [{ v: 1 }]);
  sink.commit(0);
  t.strictSame(table.rows(), [{ v: 1 }]);
});

t.test('table: onCommit, clear, and rows() returns copies', async (t) => {
  const table = new MemoryTable('t');
  const seen: number[] = [];
  const off = table.onCommit((e) => seen.push(e));
  t.equal(table.addBatch(0, [{ v: 1 }], 'append'), true);
  t.equal(table.addBatch(0, [{ v: 1 }], 'append'), false);
  off();
  table.addBatch(1, [], 'append');
  t.strictSame(seen, [0]);
  table.rows().push({ v: 99 });
  table.lastBatch().push({ v: 99 });
  t.strictSame(table.rows(), [{ v: 1 }]);
  table.clear();
  t.equal(table.latestEpoch, -1);
  t.strictSame(table.rows(), []);
});

t.test('catalog: getOrCreate shares a table, replace starts a new one', async (t) => {
  const cat = new MemoryTableCatalog();
  t.equal(cat.get('a'), undefined);
  const a = cat.getOrCreate('a');
  t.equal(cat.getOrCreate('a'), a);
  const a2 = cat.replace('a');
  t.not(a2, a);
  t.equal(cat.get('a'), a2);
  t.strictSame(cat.names(), ['a']);
  t.equal(cat.drop('a'), true);
  t.equal(cat.get('a'), undefined);
});
