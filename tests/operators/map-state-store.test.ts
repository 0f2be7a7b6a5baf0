// MapStateStore: per-epoch change tracking, replay and snapshots.
import t from 'tap';
import { Packr } from 'msgpackr';
import { MapStateStore } from '../../operators/state/map-state-store';
import { MapStateStore as TestingStore } from '../../operators/testing/map-state-store';

t.test('tracks puts and deletes since the last takeChanges', async (t) => {
  const s = new MapStateStore<number>();
  s.put('a', 1);
  s.put('b', 2);
  s.put('a', 3);
  t.equal(s.size, 2);
  t.ok(s.hasChanges());
  t.same(s.takeChanges(), { puts: [['a', 3], ['b', 2]], deletes: [] });
  t.notOk(s.hasChanges());
  t.same(s.takeChanges(), { puts: [], deletes: [] });
  s.delete('a');
  s.delete('missing');
  s.put('c', 4);
  s.delete('c');
  t.same(s.takeChanges(), { puts: [], deletes: ['a', 'c'] });
  t.same([...s.keys()], ['b']);
  t.same([...s.entries()], [['b', 2]]);
  t.equal(s.get('b'), 2);
  t.equal(s.has('a'), false);
});

t.test('changes hold the stored objects themselves (no copies)', async (t) => {
  const s = new MapStateStore<{ n: number }>();
  const v = { n: 1 };
  s.put('k', v);
  const { puts } = s.takeChanges();
  t.equal(puts[0][1], v);
});

t.test('applyChanges replays a journal without tracking it; snapshot/load round-trip', async (t) => {
  const live = new MapStateStore<number>();
  const journal = [];
  live.put('a', 1); live.put('b', 2);
  journal.push(live.takeChanges());
  live.delete('a'); live.put('c', 3);
  journal.push(live.takeChanges());
  const packr = new Packr({ useRecords: false });
  const replayed = new MapStateStore<number>();
  for (const c of journal) replayed.applyChanges(packr.unpack(packr.pack(c)));
  t.same([...replayed.entries()].sort(), [...live.entries()].sort());
  t.notOk(replayed.hasChanges());
  replayed.applyChanges({ puts: [['d', 4]], deletes: ['b'] }, true);
  t.same(replayed.takeChanges(), { puts: [['d', 4]], deletes: ['b'] });

  const copy = new MapStateStore<number>(live.snapshot());
  t.same(copy.snapshot(), live.snapshot());
  copy.load([['z', 9]]);
  t.same(copy.snapshot(), [['z', 9]]);
  t.notOk(copy.hasChanges());
  copy.put('y', 1);
  copy.discardChanges();
  t.notOk(copy.hasChanges());
});

t.test('estimatedBytes grows with the state and is 0 when empty', async (t) => {
  const s = new MapStateStore<unknown>();
  t.equal(s.estimatedBytes(), 0);
  s.put('a', { k: ['x'], a: [1, [1, 2, 3]] });
  const one = s.estimatedBytes();
  t.ok(one > 0);
  for (let i = 0; i < 100; i++) s.put(`k${i}`, { k: ['x'], a: [1, [1, 2, 3]] });
  t.ok(s.estimatedBytes() > 50 * one);
});

t.test('the testing path re-exports the same class', async (t) => {
  t.equal(TestingStore, MapStateStore);
});
