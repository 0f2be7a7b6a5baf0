// Actor system basics: ordering, typed refs, spawn errors, children, fresh state on restart.
import t from 'tap';
import {
  ask,
  createActorSystem,
  spawnActor,
  stopActor,
  tell,
  refPath,
  type ActorRef,
} from '../../actors';

type Msg = { kind: 'item'; n: number } | { kind: 'get'; replyTo: ActorRef<number[]> };

t.test('messages to one actor are handled one at a time, in the order sent', async (t) => {
  const system = createActorSystem();
  t.teardown(() => system.stop());
  let running = 0;
  let maxRunning = 0;
  const ref = spawnActor(
    system,
    'ordered',
    async (seen: number[], msg: Msg) => {
      if (msg.kind === 'get') {
        tell(msg.replyTo, seen);
        return seen;
      }
      running++;
      maxRunning = Math.max(maxRunning, running);
      // Uneven async work per message: a later message must still wait for an earlier one.
      for (let i = 0; i < (msg.n * 7) % 5; i++) await Promise.resolve();
      running--;
      return [...seen, msg.n];
    },
    { initialState: [] as number[] },
  );
  for (let n = 0; n < 300; n++) tell(ref, { kind: 'item', n });
  const seen = await ask<number[], Msg>(ref, (replyTo) => ({ kind: 'get', replyTo }), 5000);
  t.same(seen, Array.from({ length: 300 }, (_, i) => i));
  t.equal(maxRunning, 1);
});

t.test('refs are typed by message', async (t) => {
  const system = createActorSystem();
  t.teardown(() => system.stop());
  const ref = spawnActor(system, 'typed', (s: number, m: { add: number }) => s + m.add, { initialState: 0 });
  tell(ref, { add: 1 });
  // @ts-expect-error a message of another type is rejected
  tell(ref, { sub: 1 });
  const other: ActorRef<string> = spawnActor(system, 'str', (s: number) => s, { initialState: 0 });
  // @ts-expect-error refs of different message types do not mix
  const wrong: ActorRef<{ add: number }> = other;
  t.ok(wrong);
  t.equal(ref.name, 'typed');
  t.equal(refPath(ref), `${system.name}://typed`);
});

t.test('handlers see self, name, path and system; children spawn under a ref', async (t) => {
  const system = createActorSystem({ name: 'ctx-test' });
  t.teardown(() => system.stop());
  type PMsg = { kind: 'spawn' } | { kind: 'who'; replyTo: ActorRef<string> };
  const parent = spawnActor(
    system,
    'parent',
    (s: ActorRef<PMsg> | undefined, msg: PMsg, ctx) => {
      if (msg.kind === 'spawn') {
        return spawnActor(ctx.self, 'child', (c: number, m: PMsg, cctx) => {
          if (m.kind === 'who') tell(m.replyTo, `${cctx.path} in ${cctx.system.name}`);
          return c;
        }, { initialState: 0 });
      }
      if (s) tell(s, msg);
      return s;
    },
    { initialState: undefined as ActorRef<PMsg> | undefined },
  );
  tell(parent, { kind: 'spawn' });
  const who = await ask<string, PMsg>(parent, (replyTo) => ({ kind: 'who', replyTo }), 2000);
  t.equal(who, 'ctx-test://parent/child in ctx-test');
});

t.test('spawn errors are coded', async (t) => {
  const system = createActorSystem({ name: 'spawn-errors' });
  spawnActor(system, 'a', (s: number) => s, { initialState: 0 });
  t.throws(() => spawnActor(system, 'a', (s: number) => s, { initialState: 0 }), { code: 'ACTOR_NAME_TAKEN' });
  t.throws(() => spawnActor(system, 'a b', (s: number) => s, { initialState: 0 }), { code: 'ACTOR_INVALID_NAME' });
  t.throws(() => createActorSystem({ name: 'spawn-errors' }), {
    code: 'ACTOR_SYSTEM_NAME_TAKEN',
    message: /"spawn-errors" is already running\. Note: /,
  });
  system.stop();
  t.equal(system.stopped, true);
  t.throws(() => spawnActor(system, 'b', (s: number) => s, { initialState: 0 }), { code: 'ACTOR_SYSTEM_STOPPED' });
  // The name is free again once the system has stopped.
  createActorSystem({ name: 'spawn-errors' }).stop();
});

t.test('a stopped actor drops messages and its name can be reused', async (t) => {
  const system = createActorSystem();
  t.teardown(() => system.stop());
  const handled: string[] = [];
  const a = spawnActor(system, 'x', (s: number, m: string) => (handled.push(`old:${m}`), s), { initialState: 0 });
  stopActor(a);
  tell(a, 'dropped');
  const b = spawnActor(system, 'x', (s: number, m: { tag: string; replyTo: ActorRef<number> }) => {
    handled.push(`new:${m.tag}`);
    tell(m.replyTo, s);
    return s;
  }, { initialState: 7 });
  t.equal(await ask<number>(b, (replyTo) => ({ tag: 'ping', replyTo }), 2000), 7);
  t.same(handled, ['new:ping']);
});

t.test('initialStateFn gives a fresh state on every restart', async (t) => {
  const system = createActorSystem();
  t.teardown(() => system.stop());
  type M = { kind: 'put'; k: string } | { kind: 'boom' } | { kind: 'keys'; replyTo: ActorRef<string[]> };
  const ref = spawnActor(
    system,
    'mutable',
    (s: Map<string, number>, m: M) => {
      if (m.kind === 'put') s.set(m.k, 1);
      else if (m.kind === 'boom') throw new Error('boom');
      else tell(m.replyTo, [...s.keys()]);
      return s;
    },
    { initialStateFn: () => new Map<string, number>(), supervisor: { maxRestarts: 1, withinMs: 60_000, onGiveUp() {} } },
  );
  tell(ref, { kind: 'put', k: 'a' });
  tell(ref, { kind: 'boom' });
  tell(ref, { kind: 'put', k: 'b' });
  t.same(await ask<string[], M>(ref, (replyTo) => ({ kind: 'keys', replyTo }), 2000), ['b']);
});
