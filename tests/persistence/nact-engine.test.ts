// StoragePersistenceEngine under real nact persistent actors: persist, stop, re-spawn, recover; the horizon.
import t from 'tap';
import { configurePersistence, dispatch, query, spawnPersistent, start, stop, type Ref } from 'nact';
import { StoragePersistenceEngine, type NactPersistedSnapshot } from '../../persistence/nact-engine';
import { openCheckpoint, type CheckpointStorage } from '../../persistence/storage';
import { tempDir } from './helpers';

interface State {
  epoch: number;
  counts: Map<string, number>;
}
type AddEvent = { type: 'add'; epoch: number; key: string; n: number };
type Msg = AddEvent | { type: 'get'; sender: Ref<State> };
interface PersistCtx {
  recovering?: boolean;
  persist(e: unknown): Promise<void>;
}

/** Counts per key; persists every live 'add' before applying it. */
async function counter(state: State | undefined, msg: Msg, ctx: unknown): Promise<State> {
  const s = state ?? { epoch: -1, counts: new Map<string, number>() };
  if (msg.type === 'get') {
    dispatch(msg.sender, s);
    return s;
  }
  const c = ctx as PersistCtx;
  if (!c.recovering) await c.persist(msg);
  const counts = new Map(s.counts);
  counts.set(msg.key, (counts.get(msg.key) ?? 0) + msg.n);
  return { epoch: msg.epoch, counts };
}

/** Records snapshot writes, which nact does not await, so a test can wait for them. */
class TrackingEngine extends StoragePersistenceEngine {
  readonly snapshots: Promise<void>[] = [];
  override takeSnapshot(snapshot: NactPersistedSnapshot): Promise<void> {
    const p = super.takeSnapshot(snapshot);
    this.snapshots.push(p);
    return p;
  }
}

/** Starts a nact system on `engine`, spawns the counter under `key`, returns it and a stopper. */
function spawnCounter(engine: StoragePersistenceEngine, key: string, snapshotEvery?: number) {
  const system = start(configurePersistence(engine as never));
  const ref = spawnPersistent(system, counter, key, 'counter', snapshotEvery ? { snapshotEvery } : {}) as Ref<Msg>;
  const get = () => query(ref, (sender: Ref<State>) => ({ type: 'get' as const, sender }), 5000) as Promise<State>;
  const add = (epoch: number, k: string, n: number) => dispatch(ref, { type: 'add', epoch, key: k, n });
  return { get, add, stop: () => stop(system) };
}

async function reopen(t: Tap, dir: string, old?: CheckpointStorage): Promise<CheckpointStorage> {
  await old?.close();
  const s = await openCheckpoint(dir);
  t.teardown(() => s.close());
  return s;
}
type Tap = { teardown(fn: () => unknown): void };

t.test('a persistent actor recovers its state from LMDB after a stop and a process-like restart', async (t) => {
  const dir = tempDir(t);
  let storage = await reopen(t, dir);
  const first = spawnCounter(new StoragePersistenceEngine(storage), 'counter/p0');
  first.add(0, 'a', 1);
  first.add(0, 'b', 2);
  first.add(1, 'a', 10);
  t.same((await first.get()).counts, new Map([['a', 11], ['b', 2]]));
  first.stop();
  t.same(storage.readJournal('counter/p0', 0).map((e) => [e.seq, e.epoch]), [[1, 0], [2, 0], [3, 1]]);

  storage = await reopen(t, dir, storage);
  const second = spawnCounter(new StoragePersistenceEngine(storage), 'counter/p0');
  const recovered = await second.get();
  t.same(recovered, { epoch: 1, counts: new Map([['a', 11], ['b', 2]]) });
  second.add(2, 'b', 5);
  t.same((await second.get()).counts.get('b'), 7);
  second.stop();
  t.equal(storage.lastJournalSeq('counter/p0'), 4, 'sequence numbers continue after recovery');
});

t.test('snapshots holding Maps round-trip and recovery replays only the events after them', async (t) => {
  const dir = tempDir(t);
  let storage = await reopen(t, dir);
  const engine = new TrackingEngine(storage);
  const first = spawnCounter(engine, 'counter/p1', 2);
  for (let e = 0; e < 5; e++) first.add(e, `k${e % 2}`, 1);
  await first.get();
  await Promise.all(engine.snapshots);
  first.stop();
  const snap = storage.latestSnapshot('counter/p1');
  t.equal(snap?.seq, 4);
  t.ok((snap?.data as State).counts instanceof Map, 'the snapshot data holds a real Map');

  storage = await reopen(t, dir, storage);
  const events: number[] = [];
  const engine2 = new (class extends StoragePersistenceEngine {
    override events(key: string, offset: number) {
      const out = super.events(key, offset);
      events.push(...out.map((e) => e.sequenceNumber));
      return out;
    }
  })(storage);
  const second = spawnCounter(engine2, 'counter/p1', 2);
  const state = await second.get();
  second.stop();
  t.ok(state.counts instanceof Map);
  t.same(state.counts, new Map([['k0', 3], ['k1', 2]]));
  t.same(events, [5], 'only the event after the snapshot was replayed');
});

t.test('events and snapshots beyond the recovery horizon are not replayed, and re-running replaces them', async (t) => {
  const dir = tempDir(t);
  let storage = await reopen(t, dir);
  const engine = new TrackingEngine(storage);
  const first = spawnCounter(engine, 'counter/p2', 3);
  first.add(0, 'a', 1);
  first.add(1, 'a', 2);
  first.add(2, 'a', 4); // seq 3, epoch 2: snapshot at seq 3 with epoch 2
  first.add(3, 'a', 8);
  await first.get();
  await Promise.all(engine.snapshots);
  first.stop();

  storage = await reopen(t, dir, storage);
  const engine2 = new StoragePersistenceEngine(storage);
  engine2.setRecoveryHorizon(1);
  t.equal(engine2.recoveryHorizon, 1);
  const second = spawnCounter(engine2, 'counter/p2');
  t.same(await second.get(), { epoch: 1, counts: new Map([['a', 3]]) }, 'epochs 2 and 3 are hidden');
  second.add(2, 'a', 100); // epoch 2 re-run with different data: seq 3 again
  t.same((await second.get()).counts.get('a'), 103);
  second.stop();
  t.same(storage.readJournal('counter/p2', 0).map((e) => [e.seq, e.epoch]), [[1, 0], [2, 1], [3, 2]]);
  t.equal(storage.latestSnapshot('counter/p2'), undefined, 'the hidden snapshot went with the hidden tail');

  const engine3 = new StoragePersistenceEngine(storage);
  const third = spawnCounter(engine3, 'counter/p2');
  t.same((await third.get()).counts.get('a'), 103);
  third.stop();
});

t.test('the engine contract: sync events with limit, epoch required, real conflicts refused', async (t) => {
  const storage = await openCheckpoint(':memory:');
  const engine = new StoragePersistenceEngine(storage);
  const ev = (seq: number, data: unknown) => ({ data, sequenceNumber: seq, key: 'k', createdAt: 0, isDeleted: false, tags: [] });
  await engine.persist(ev(1, { epoch: 0, v: 'a' }));
  await engine.persist(ev(2, { epoch: 1, v: 'b' }));
  const all = engine.events('k', 0);
  t.ok(Array.isArray(all));
  t.same(all.map((e) => e.sequenceNumber), [1, 2]);
  t.same(engine.events('k', 0, 1).map((e) => e.data), [{ epoch: 0, v: 'a' }]);
  t.same(engine.events('k', 1).map((e) => e.sequenceNumber), [2]);
  await t.rejects(engine.persist(ev(3, { v: 'no epoch' })), { code: 'PERSIST_EPOCH_MISSING', message: /seq 3 has epoch undefined/ });
  await t.rejects(engine.takeSnapshot({ data: 'plain', sequenceNumber: 2, key: 'k', createdAt: 0 }), { code: 'PERSIST_EPOCH_MISSING' });
  await t.rejects(engine.persist(ev(2, { epoch: 1, v: 'dup' })), { code: 'JOURNAL_SEQ_CONFLICT' }, 'no horizon: nothing is hidden');
  engine.setRecoveryHorizon(1);
  await t.rejects(engine.persist(ev(2, { epoch: 1, v: 'dup' })), { code: 'JOURNAL_SEQ_CONFLICT' }, 'seq 2 is visible');
  t.equal(await engine.latestSnapshot('k'), undefined);
  await engine.takeSnapshot({ data: { epoch: 1 }, sequenceNumber: 2, key: 'k', createdAt: 0 });
  t.match(await engine.latestSnapshot('k'), { data: { epoch: 1 }, sequenceNumber: 2, key: 'k' });
  engine.setRecoveryHorizon(0);
  t.equal(await engine.latestSnapshot('k'), undefined, 'the snapshot is beyond the horizon');
  t.same(engine.events('k', 0).map((e) => e.sequenceNumber), [1]);
  await storage.close();
});
