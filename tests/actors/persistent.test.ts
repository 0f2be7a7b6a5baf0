// Persistent actors: journal, replay after a restart and after a re-spawn, snapshots, failures.
import t from 'tap';
import {
  ask,
  createActorSystem,
  spawnPersistentActor,
  stopActor,
  tell,
  type ActorParent,
  type ActorRef,
  type PersistentActorCtx,
  type SupervisionPolicy,
} from '../../actors';
import { MemoryPersistenceEngine } from './memory-engine';

type Msg =
  | { kind: 'add'; n: number }
  | { kind: 'addTwice'; n: number }
  | { kind: 'fail' }
  | { kind: 'get'; replyTo: ActorRef<number> };
type Ev = { added: number };

const quietPolicy: SupervisionPolicy = { maxRestarts: 5, withinMs: 60_000, onGiveUp() {} };

function spawnCounter(parent: ActorParent, opts: { name?: string; key?: string; snapshotEvery?: number; supervisor?: SupervisionPolicy; applied?: Ev[] } = {}) {
  return spawnPersistentActor<number, Msg, Ev>(parent, {
    name: opts.name ?? 'counter',
    persistenceKey: opts.key ?? 'counter-1',
    initialState: () => 0,
    applyEvent: (n, e) => {
      opts.applied?.push(e);
      return n + e.added;
    },
    async handle(n, msg, ctx: PersistentActorCtx<number, Msg, Ev>) {
      switch (msg.kind) {
        case 'add':
          return ctx.persist({ added: msg.n });
        case 'addTwice':
          void ctx.persist({ added: msg.n });
          await ctx.persist({ added: msg.n });
          return ctx.state;
        case 'fail':
          throw new Error('handler failed');
        case 'get':
          tell(msg.replyTo, n);
          return n;
      }
    },
    snapshotEvery: opts.snapshotEvery,
    supervisor: opts.supervisor ?? quietPolicy,
  });
}
const get = (ref: ActorRef<Msg>) => ask<number, Msg>(ref, (replyTo) => ({ kind: 'get', replyTo }), 2000);

t.test('live events are applied with applyEvent and journalled in order', async (t) => {
  const engine = new MemoryPersistenceEngine();
  const system = createActorSystem({ persistenceEngine: engine });
  t.teardown(() => system.stop());
  const ref = spawnCounter(system);
  tell(ref, { kind: 'add', n: 1 });
  tell(ref, { kind: 'addTwice', n: 10 });
  tell(ref, { kind: 'add', n: 100 });
  t.equal(await get(ref), 121);
  t.same(engine.data('counter-1'), [{ added: 1 }, { added: 10 }, { added: 10 }, { added: 100 }]);
  t.same(engine.journal.get('counter-1')?.map((e) => e.sequenceNumber), [1, 2, 3, 4]);
});

t.test('after a crash the restarted actor recovers its state from the journal', async (t) => {
  const engine = new MemoryPersistenceEngine();
  const system = createActorSystem({ persistenceEngine: engine });
  t.teardown(() => system.stop());
  const applied: Ev[] = [];
  const ref = spawnCounter(system, { applied });
  tell(ref, { kind: 'add', n: 2 });
  tell(ref, { kind: 'add', n: 3 });
  tell(ref, { kind: 'fail' });
  tell(ref, { kind: 'add', n: 4 });
  t.equal(await get(ref), 9);
  // 2 live + 2 replayed after the reset + 1 live.
  t.same(applied, [{ added: 2 }, { added: 3 }, { added: 2 }, { added: 3 }, { added: 4 }]);
  t.equal(engine.reads, 2);
});

t.test('a re-spawned actor (same key) recovers, also in a new system on the same engine', async (t) => {
  const engine = new MemoryPersistenceEngine();
  const first = createActorSystem({ persistenceEngine: engine });
  const a = spawnCounter(first);
  tell(a, { kind: 'add', n: 5 });
  tell(a, { kind: 'add', n: 6 });
  t.equal(await get(a), 11);
  stopActor(a);
  const b = spawnCounter(first);
  t.equal(await get(b), 11);
  tell(b, { kind: 'add', n: 1 });
  t.equal(await get(b), 12);
  first.stop();

  const second = createActorSystem({ persistenceEngine: engine });
  t.teardown(() => second.stop());
  const c = spawnCounter(second, { name: 'another-name' });
  t.equal(await get(c), 12);
  const other = spawnCounter(second, { name: 'other', key: 'counter-2' });
  t.equal(await get(other), 0);
});

t.test('messages sent while recovering wait for recovery, then run in order', async (t) => {
  const engine = new MemoryPersistenceEngine();
  const system = createActorSystem({ persistenceEngine: engine });
  t.teardown(() => system.stop());
  const a = spawnCounter(system);
  tell(a, { kind: 'add', n: 3 });
  t.equal(await get(a), 3);
  stopActor(a);
  const b = spawnCounter(system);
  tell(b, { kind: 'add', n: 2 }); // queued before recovery has read the journal
  t.equal(await get(b), 5);
  t.same(engine.data('counter-1'), [{ added: 3 }, { added: 2 }]);
});

t.test('snapshots bound replay to the events after the latest snapshot', async (t) => {
  const engine = new MemoryPersistenceEngine();
  const system = createActorSystem({ persistenceEngine: engine });
  t.teardown(() => system.stop());
  const a = spawnCounter(system, { snapshotEvery: 3 });
  for (let n = 1; n <= 4; n++) tell(a, { kind: 'add', n });
  t.equal(await get(a), 10);
  t.same(engine.snapshots.get('counter-1')?.map((s) => [s.sequenceNumber, s.data]), [[3, 6]]);
  stopActor(a);
  const applied: Ev[] = [];
  const b = spawnCounter(system, { snapshotEvery: 3, applied });
  t.equal(await get(b), 10);
  t.same(applied, [{ added: 4 }]);
});

t.test('a snapshot codec stores state that is not plain data', async (t) => {
  const engine = new MemoryPersistenceEngine();
  const system = createActorSystem({ persistenceEngine: engine });
  t.teardown(() => system.stop());
  type M = { k: string } | { replyTo: ActorRef<[string, number][]> };
  const spawnMap = () =>
    spawnPersistentActor<Map<string, number>, M, { k: string }>(system, {
      name: 'map',
      persistenceKey: 'map',
      initialState: () => new Map(),
      applyEvent: (m, e) => new Map(m).set(e.k, (m.get(e.k) ?? 0) + 1),
      async handle(m, msg, ctx) {
        if ('k' in msg) return ctx.persist({ k: msg.k });
        tell(msg.replyTo, [...m.entries()]);
        return m;
      },
      snapshotEvery: 2,
      snapshotCodec: { encode: (m) => [...m.entries()], decode: (d) => new Map(d as [string, number][]) },
      supervisor: quietPolicy,
    });
  const a = spawnMap();
  for (const k of ['x', 'y', 'x']) tell(a, { k });
  const entries = (ref: ActorRef<M>) => ask<[string, number][], M>(ref, (replyTo) => ({ replyTo }), 2000);
  t.same(await entries(a), [['x', 2], ['y', 1]]);
  t.same(engine.snapshots.get('map')?.[0].data, [['x', 1], ['y', 1]]);
  stopActor(a);
  t.same(await entries(spawnMap()), [['x', 2], ['y', 1]]);
});

t.test('a failed journal write crashes the message; the restart leaves the event out', async (t) => {
  const engine = new MemoryPersistenceEngine();
  const system = createActorSystem({ persistenceEngine: engine });
  t.teardown(() => system.stop());
  const restarts: string[] = [];
  const ref = spawnCounter(system, { supervisor: { ...quietPolicy, onRestart: (e) => restarts.push((e as Error).message) } });
  tell(ref, { kind: 'add', n: 1 });
  t.equal(await get(ref), 1);
  engine.failNextPersist = new Error('disk full');
  tell(ref, { kind: 'add', n: 50 });
  t.equal(await get(ref), 1);
  t.same(restarts, ['disk full']);
  t.same(engine.data('counter-1'), [{ added: 1 }]);
});

t.test('a replay failure gives up at once with ACTOR_RECOVERY_FAILED', async (t) => {
  const engine = new MemoryPersistenceEngine();
  const system = createActorSystem({ persistenceEngine: engine });
  t.teardown(() => system.stop());
  const a = spawnCounter(system);
  tell(a, { kind: 'add', n: 1 });
  t.equal(await get(a), 1);
  stopActor(a);
  let restarted = false;
  const failure = await new Promise<unknown>((resolve) => {
    spawnPersistentActor<number, Msg, Ev>(system, {
      name: 'strict',
      persistenceKey: 'counter-1',
      initialState: () => 0,
      applyEvent: () => { throw new Error('unknown event version'); },
      handle: async (n) => n,
      supervisor: { maxRestarts: 5, withinMs: 60_000, onRestart: () => (restarted = true), onGiveUp: (e) => resolve(e) },
    });
  });
  t.match(failure, {
    code: 'ACTOR_RECOVERY_FAILED',
    message: 'Actor "strict" could not replay its journal "counter-1": applyEvent threw "unknown event version". Note: applyEvent must accept every event it ever persisted; fix it or migrate the journal.',
    details: { retryable: false },
  });
  t.equal(restarted, false);
});

t.test('persist after the handler has finished is refused', async (t) => {
  const system = createActorSystem({ persistenceEngine: new MemoryPersistenceEngine() });
  t.teardown(() => system.stop());
  let kept: PersistentActorCtx<number, { replyTo: ActorRef<string> }, Ev> | undefined;
  const ref = spawnPersistentActor<number, { replyTo: ActorRef<string> }, Ev>(system, {
    name: 'leaky',
    persistenceKey: 'leaky',
    initialState: () => 0,
    applyEvent: (n, e) => n + e.added,
    async handle(n, msg, ctx) {
      if (kept === undefined) {
        kept = ctx;
        tell(msg.replyTo, 'kept');
      } else {
        try {
          await kept.persist({ added: 1 });
          tell(msg.replyTo, 'persisted');
        } catch (e) {
          tell(msg.replyTo, (e as { code: string }).code);
        }
      }
      return n;
    },
    supervisor: quietPolicy,
  });
  const send = () => ask<string>(ref, (replyTo) => ({ replyTo }), 2000);
  t.equal(await send(), 'kept');
  t.equal(await send(), 'ACTOR_PERSIST_OUTSIDE_HANDLER');
});

t.test('engine and spec problems are coded errors', async (t) => {
  const plain = createActorSystem();
  t.teardown(() => plain.stop());
  t.throws(() => spawnCounter(plain), { code: 'ACTOR_NO_PERSISTENCE_ENGINE', message: /Note: pass persistenceEngine to createActorSystem\.$/ });
  t.throws(() => createActorSystem({ persistenceEngine: { events() { return []; } } }), {
    code: 'ACTOR_INVALID_PERSISTENCE_ENGINE',
    message: /lacks method\(s\) "persist", "latestSnapshot", "takeSnapshot"\. Note: /,
  });
  const system = createActorSystem({ persistenceEngine: new MemoryPersistenceEngine() });
  t.teardown(() => system.stop());
  t.throws(() => spawnCounter(system, { key: '' }), { code: 'ACTOR_INVALID_PERSISTENCE_KEY' });
  t.throws(() => spawnCounter(system, { snapshotEvery: 0 }), { code: 'ACTOR_INVALID_SNAPSHOT_EVERY' });
});

t.test('an engine whose events() is asynchronous fails recovery without retrying', async (t) => {
  const engine = new MemoryPersistenceEngine();
  const asyncEngine = {
    events: (key: string, offset: number) => Promise.resolve(engine.events(key, offset)),
    persist: engine.persist.bind(engine),
    latestSnapshot: engine.latestSnapshot.bind(engine),
    takeSnapshot: engine.takeSnapshot.bind(engine),
  };
  const system = createActorSystem({ persistenceEngine: asyncEngine });
  t.teardown(() => system.stop());
  const failure = await new Promise<unknown>((resolve) =>
    spawnCounter(system, { supervisor: { ...quietPolicy, onGiveUp: (e) => resolve(e) } }),
  );
  t.match(failure, { code: 'ACTOR_ENGINE_EVENTS_NOT_ARRAY', message: /returned a Promise instead of an array/ });
});
