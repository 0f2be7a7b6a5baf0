// MemoryStreamData / MemorySource / LocalSource: offsets, replay, schema inference, wake-ups.
import t from 'tap';
import { MemoryStreamData } from '../../connectors/memory/memory-stream-data';
import { MemorySource } from '../../connectors/memory/memory-source';
import { LocalSource } from '../../connectors/memory/local-source';
import type { Row } from '../../plan/types';
import { FakeClock, InMemorySourceMetadata, sourceContext } from './fixtures';

async function readAll(src: { read: MemorySource['read'] }, start: number, end: number, batchSize = 1000): Promise<Row[][]> {
  const batches: Row[][] = [];
  await src.read(start, end, (rows) => { batches.push(rows); }, batchSize);
  return batches;
}

t.test('addData returns block offsets from 0; an empty call still adds a block', async (t) => {
  const data = new MemoryStreamData<number>();
  t.equal(data.latestOffset(), -1);
  t.equal(data.addData([1, 2]), 0);
  t.equal(data.addData([]), 1);
  t.equal(data.addData([3]), 2);
  t.equal(data.latestOffset(), 2);
  t.strictSame(data.block(0), [{ value: 1 }, { value: 2 }]);
  t.strictSame(data.block(1), []);
});

t.test('primitives are wrapped as { value }; objects stay rows', async (t) => {
  const data = new MemoryStreamData<unknown>();
  data.addData(['a', true, null, [1], { k: 1 }]);
  t.strictSame(data.block(0), [{ value: 'a' }, { value: true }, { value: null }, { value: [1] }, { k: 1 }]);
});

t.test('schema is inferred from the first non-empty block, or given', async (t) => {
  const data = new MemoryStreamData<Row>();
  t.equal(data.schema(), undefined);
  data.addData([]);
  t.equal(data.schema(), undefined);
  data.addData([{ id: 1, name: null }, { id: 2, name: 'b', w: { start: 0, end: 10 } }]);
  data.addData([{ other: 'x' }]);
  t.strictSame(data.schema(), [
    { name: 'id', type: 'number', nullable: false },
    { name: 'name', type: 'string', nullable: true },
    { name: 'w', type: 'window', nullable: true },
  ]);
  const ints = new MemoryStreamData<number>();
  ints.addData([1]);
  t.strictSame(ints.schema(), [{ name: 'value', type: 'number', nullable: false }]);
  const given = new MemoryStreamData<Row>([{ name: 'a', type: 'string' }]);
  given.addData([{ a: 'x' }]);
  t.strictSame(given.schema(), [{ name: 'a', type: 'string' }]);
  t.throws(() => given.addData([{ a: 1 }]), { code: 'ROW_SCHEMA_MISMATCH' }, 'a row that breaks the given schema is refused');
  t.equal(given.numBlocks, 1, 'and nothing of it was added');
  t.throws(() => new MemoryStreamData<Row>('nope' as never), { code: 'INVALID_SCHEMA' });
});

t.test('MemorySource: initial -1, latest = last block, (start, end] replays blocks in order', async (t) => {
  const data = new MemoryStreamData<number>();
  const src = new MemorySource(data);
  await src.open(sourceContext(new InMemorySourceMetadata(), new FakeClock(0)));
  t.equal(src.initialOffset(), -1);
  t.equal(src.latestOffset(-1), -1);
  t.ok(src.isEmptyRange(-1, -1));
  data.addData([1, 2]);
  data.addData([3]);
  data.addData([]);
  data.addData([4, 5, 6]);
  t.equal(src.latestOffset(-1), 3);
  t.equal(src.description, 'MemoryStream[value]');
  t.strictSame((await readAll(src, -1, 1)).flat(), [{ value: 1 }, { value: 2 }, { value: 3 }]);
  t.strictSame((await readAll(src, 1, 3)).flat(), [{ value: 4 }, { value: 5 }, { value: 6 }]);
  t.strictSame(await readAll(src, 1, 2), [], 'a range of only an empty block emits nothing');
  t.notOk(src.isEmptyRange(1, 2), 'but it is not an empty range: an epoch runs for it');
  src.commit(1);
  t.strictSame((await readAll(src, -1, 3)).flat().map((r) => r.value), [1, 2, 3, 4, 5, 6], 'replay after commit');
  const again = new MemorySource(data);
  t.strictSame((await readAll(again, -1, 3)).flat().map((r) => r.value), [1, 2, 3, 4, 5, 6], 'a new source object replays too');
});

t.test('MemorySource: read honours batchSize', async (t) => {
  const data = new MemoryStreamData<number>();
  data.addData([1, 2, 3, 4, 5]);
  const src = new MemorySource(data);
  t.strictSame((await readAll(src, -1, 0, 2)).map((b) => b.map((r) => r.value)), [[1, 2], [3, 4], [5]]);
});

t.test('MemorySource: bad offsets fail with coded errors', async (t) => {
  const src = new MemorySource(new MemoryStreamData<number>());
  await t.rejects(src.read('x', 0, () => {}, 10), { code: 'INVALID_OFFSET' });
  await t.rejects(src.read(2, 1, () => {}, 10), { code: 'INVALID_OFFSET_RANGE' });
  await t.rejects(src.read(-2, 1, () => {}, 10), { code: 'INVALID_OFFSET' });
});

t.test('onDataAvailable and waitForData wake up on addData', async (t) => {
  const data = new MemoryStreamData<number>();
  const src = new MemorySource(data);
  let calls = 0;
  const off = src.onDataAvailable(() => calls++);
  data.addData([1]);
  t.equal(calls, 1);
  off();
  data.addData([2]);
  t.equal(calls, 1, 'unsubscribed');
  await src.waitForData(0); // block 1 exists: resolves at once
  let woke = false;
  const waiting = src.waitForData(1).then(() => { woke = true; });
  await Promise.resolve();
  t.equal(woke, false);
  data.addData([]);
  await waiting;
  t.equal(woke, true);
});

t.test('LocalSource: one range (-1, 0] with every row', async (t) => {
  const src = new LocalSource([{ a: 1 }, { a: 2 }, { a: 3 }]);
  t.equal(src.initialOffset(), -1);
  t.equal(src.latestOffset(-1), 0);
  t.equal(src.bounded, true);
  t.strictSame(src.schema(), [{ name: 'a', type: 'number', nullable: false }]);
  t.strictSame((await readAll(src, -1, 0, 2)).map((b) => b.map((r) => r.a)), [[1, 2], [3]]);
  t.strictSame(await readAll(src, 0, 0), []);
  t.ok(src.isEmptyRange(0, 0));
  const prim = new LocalSource([1, 2]);
  t.strictSame((await readAll(prim, -1, 0)).flat(), [{ value: 1 }, { value: 2 }]);
  t.strictSame(new LocalSource([], [{ name: 'x', type: 'string' }]).schema(), [{ name: 'x', type: 'string' }]);
});
