// ask: replies, coded timeout, stopped actors, invalid timeouts.
import t from 'tap';
import { ask, createActorSystem, spawnActor, stopActor, tell, type ActorRef } from '../../actors';

type Msg = { q: string; replyTo: ActorRef<string> };

t.test('ask resolves with the reply', async (t) => {
  const system = createActorSystem();
  t.teardown(() => system.stop());
  const echo = spawnActor(system, 'echo', (s: number, m: Msg) => (tell(m.replyTo, m.q.toUpperCase()), s), { initialState: 0 });
  t.equal(await ask<string, Msg>(echo, (replyTo) => ({ q: 'hi', replyTo }), 1000), 'HI');
});

t.test('ask rejects with ACTOR_ASK_TIMEOUT when no reply comes', async (t) => {
  const system = createActorSystem({ name: 'ask-timeout' });
  t.teardown(() => system.stop());
  const mute = spawnActor(system, 'mute', (s: number, _m: Msg) => s, { initialState: 0 });
  await t.rejects(ask<string, Msg>(mute, (replyTo) => ({ q: 'hi', replyTo }), 20), {
    code: 'ACTOR_ASK_TIMEOUT',
    message: 'Actor "ask-timeout://mute" did not reply within 20 ms. Note: make sure its handler tells replyTo for every request, or raise timeoutMs.',
    details: { retryable: true },
  });
});

t.test('ask to a stopped actor rejects with ACTOR_NOT_FOUND', async (t) => {
  const system = createActorSystem();
  t.teardown(() => system.stop());
  const gone = spawnActor(system, 'gone', (s: number, _m: Msg) => s, { initialState: 0 });
  stopActor(gone);
  await t.rejects(ask<string, Msg>(gone, (replyTo) => ({ q: 'x', replyTo }), 1000), { code: 'ACTOR_NOT_FOUND' });
});

t.test('invalid timeouts and a throwing message factory reject', async (t) => {
  const system = createActorSystem();
  t.teardown(() => system.stop());
  const echo = spawnActor(system, 'e', (s: number, m: Msg) => (tell(m.replyTo, m.q), s), { initialState: 0 });
  await t.rejects(ask<string, Msg>(echo, (replyTo) => ({ q: 'x', replyTo }), 0), { code: 'ACTOR_ASK_INVALID_TIMEOUT' });
  await t.rejects(ask<string, Msg>(echo, (replyTo) => ({ q: 'x', replyTo }), Infinity), { code: 'ACTOR_ASK_INVALID_TIMEOUT' });
  await t.rejects(ask<string, Msg>(echo, () => { throw new Error('no message'); }, 1000), { message: 'no message' });
});
