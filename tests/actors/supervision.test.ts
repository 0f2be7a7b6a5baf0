// Supervision: restarts within a window, give-up with the cause, back-off, deliberate stops.
import t from 'tap';
import {
  ask,
  backoffDelayMs,
  createActorSystem,
  createCrashHandler,
  spawnActor,
  stopActor,
  tell,
  type ActorRef,
  type SupervisionPolicy,
} from '../../actors';
import { TidemarkError } from '../../common/errors';
import type { Logger } from '../../common/logger';

type Msg = { kind: 'add'; n: number } | { kind: 'fail'; why: string } | { kind: 'get'; replyTo: ActorRef<number> };

const counter = (s: number, m: Msg): number => {
  if (m.kind === 'add') return s + m.n;
  if (m.kind === 'fail') throw new Error(m.why);
  tell(m.replyTo, s);
  return s;
};
const get = (ref: ActorRef<Msg>) => ask<number, Msg>(ref, (replyTo) => ({ kind: 'get', replyTo }), 2000);

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (msg: string) => void lines.push(`${level}: ${msg}`);
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

t.test('an actor that throws is restarted with its initial state, then given up after maxRestarts', async (t) => {
  const system = createActorSystem();
  t.teardown(() => system.stop());
  const restarts: string[] = [];
  let resolveGiveUp!: (v: { error: unknown; name: string }) => void;
  const gaveUp = new Promise<{ error: unknown; name: string }>((r) => (resolveGiveUp = r));
  const ref = spawnActor(system, 'flaky', counter, {
    initialState: 100,
    supervisor: {
      maxRestarts: 2,
      withinMs: 60_000,
      onRestart: (error, name, attempt) => restarts.push(`${name}#${attempt}:${(error as Error).message}`),
      onGiveUp: (error, name) => resolveGiveUp({ error, name }),
    },
  });
  tell(ref, { kind: 'add', n: 5 });
  t.equal(await get(ref), 105);
  tell(ref, { kind: 'fail', why: 'first' });
  // The failing message is dropped; later messages run against the restarted state.
  tell(ref, { kind: 'add', n: 1 });
  t.equal(await get(ref), 101);
  tell(ref, { kind: 'fail', why: 'second' });
  t.equal(await get(ref), 100);
  tell(ref, { kind: 'fail', why: 'third' });
  const { error, name } = await gaveUp;
  t.equal(name, 'flaky');
  t.equal((error as Error).message, 'third');
  t.same(restarts, ['flaky#1:first', 'flaky#2:second']);
  await t.rejects(get(ref), { code: 'ACTOR_NOT_FOUND' });
});

t.test('a non-retryable TidemarkError gives up at once', async (t) => {
  const system = createActorSystem();
  t.teardown(() => system.stop());
  const cause = new TidemarkError('BAD_THING', 'user', 'bad. Note: fix it.', { retryable: false });
  let restarted = false;
  const gaveUp = new Promise<unknown>((resolve) => {
    const ref = spawnActor(system, 'fatal', () => { throw cause; }, {
      initialState: 0,
      supervisor: { maxRestarts: 5, withinMs: 60_000, onRestart: () => (restarted = true), onGiveUp: (e) => resolve(e) },
    });
    tell(ref, 'go');
  });
  t.equal(await gaveUp, cause);
  t.equal(restarted, false);
});

t.test('the restart window forgets old restarts', async (t) => {
  let nowMs = 0;
  const given: unknown[] = [];
  const decisions = { stop: Symbol('stop'), reset: Symbol('reset') };
  const onCrash = createCrashHandler(
    { maxRestarts: 2, withinMs: 1000, nowMs: () => nowMs, onGiveUp: (e) => given.push(e) },
    'w',
    { isStopped: () => false, delay: () => Promise.resolve(), logger: recordingLogger() },
  );
  t.equal(await onCrash(undefined, 'e1', decisions), decisions.reset);
  nowMs = 500;
  t.equal(await onCrash(undefined, 'e2', decisions), decisions.reset);
  nowMs = 1000; // the restart at 0 has left the window
  t.equal(await onCrash(undefined, 'e3', decisions), decisions.reset);
  nowMs = 1200;
  t.equal(await onCrash(undefined, 'e4', decisions), decisions.stop);
  await new Promise((r) => setImmediate(r));
  t.same(given, ['e4']);
});

t.test('back-off grows exponentially up to the cap and is awaited before the restart', async (t) => {
  t.equal(backoffDelayMs(undefined, 3), 0);
  const b = { initialDelayMs: 5, maxDelayMs: 30 };
  t.same([1, 2, 3, 4, 5].map((a) => backoffDelayMs(b, a)), [5, 10, 20, 30, 30]);
  t.same([1, 2, 3].map((a) => backoffDelayMs({ ...b, multiplier: 3 }, a)), [5, 15, 30]);

  const delays: number[] = [];
  const decisions = { stop: Symbol('stop'), reset: Symbol('reset') };
  const onCrash = createCrashHandler({ maxRestarts: 3, withinMs: 60_000, backoff: b, onGiveUp() {} }, 'b', {
    isStopped: () => false,
    delay: (ms) => (delays.push(ms), Promise.resolve()),
    logger: recordingLogger(),
  });
  for (let i = 0; i < 3; i++) t.equal(await onCrash(undefined, new Error('x'), decisions), decisions.reset);
  t.same(delays, [5, 10, 20]);
});

t.test('a real actor restarts after its back-off delay', async (t) => {
  const system = createActorSystem();
  t.teardown(() => system.stop());
  const attempts: number[] = [];
  const ref = spawnActor(system, 'slow-restart', counter, {
    initialState: 0,
    supervisor: { maxRestarts: 3, withinMs: 60_000, backoff: { initialDelayMs: 2, maxDelayMs: 4 }, onRestart: (_e, _n, a) => attempts.push(a), onGiveUp() {} },
  });
  tell(ref, { kind: 'fail', why: 'a' });
  tell(ref, { kind: 'add', n: 3 });
  tell(ref, { kind: 'fail', why: 'b' });
  tell(ref, { kind: 'add', n: 4 });
  t.equal(await get(ref), 4);
  t.same(attempts, [1, 2]);
});

t.test('stopping during a back-off neither restarts nor gives up', async (t) => {
  const system = createActorSystem();
  let gaveUp = false;
  let restarts = 0;
  const ref = spawnActor(system, 's', counter, {
    initialState: 0,
    supervisor: { maxRestarts: 1, withinMs: 60_000, backoff: { initialDelayMs: 60_000, maxDelayMs: 60_000 }, onRestart: () => restarts++, onGiveUp: () => (gaveUp = true) },
  });
  const restarted = new Promise<void>((resolve) => {
    const check = () => (restarts > 0 ? resolve() : setImmediate(check));
    check();
  });
  tell(ref, { kind: 'fail', why: 'x' });
  await restarted; // now waiting in a 60 s back-off
  system.stop(); // must cancel the back-off timer, or this test would hang for a minute
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  t.equal(gaveUp, false);
  t.equal(restarts, 1);
});

t.test('a deliberately stopped actor is not reported as failed', async (t) => {
  const system = createActorSystem();
  t.teardown(() => system.stop());
  let gaveUp = false;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const ref = spawnActor(system, 'stopping', async () => { await gate; throw new Error('after stop'); }, {
    initialState: 0,
    supervisor: { maxRestarts: 0, withinMs: 1, onGiveUp: () => (gaveUp = true) },
  });
  tell(ref, 'go');
  await new Promise((r) => setImmediate(r));
  stopActor(ref);
  release();
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  t.equal(gaveUp, false);
});

t.test('without a policy, the system default gives up at once and logs through the injected logger', async (t) => {
  const logger = recordingLogger();
  const system = createActorSystem({ logger });
  t.teardown(() => system.stop());
  const ref = spawnActor(system, 'default', counter, { initialState: 0 });
  tell(ref, { kind: 'fail', why: 'oops' });
  while (logger.lines.length === 0) await new Promise((r) => setImmediate(r));
  await t.rejects(get(ref), { code: 'ACTOR_NOT_FOUND' });
  t.same(logger.lines, ['error: actor failed and was stopped']);
});

t.test('a throwing onGiveUp is logged, not left as an unhandled error', async (t) => {
  const logger = recordingLogger();
  const system = createActorSystem({ logger });
  t.teardown(() => system.stop());
  const ref = spawnActor(system, 'bad-callback', counter, {
    initialState: 0,
    supervisor: { maxRestarts: 0, withinMs: 1, onGiveUp: () => { throw new Error('callback broke'); } },
  });
  tell(ref, { kind: 'fail', why: 'x' });
  while (logger.lines.length === 0) await new Promise((r) => setImmediate(r));
  t.same(logger.lines, ['error: supervision callback onGiveUp threw']);
});

t.test('invalid policies are rejected with field, value and fix', async (t) => {
  const system = createActorSystem();
  t.teardown(() => system.stop());
  const spawnWith = (supervisor: SupervisionPolicy) => () => spawnActor(system, 'p', counter, { initialState: 0, supervisor });
  const base = { maxRestarts: 1, withinMs: 1000, onGiveUp() {} };
  t.throws(spawnWith({ ...base, maxRestarts: -1 }), {
    code: 'SUPERVISION_INVALID_POLICY',
    message: 'Supervision policy field "maxRestarts" is -1. Note: use a whole number ≥ 0 (0 gives up on the first failure).',
  });
  t.throws(spawnWith({ ...base, withinMs: 0 }), { code: 'SUPERVISION_INVALID_POLICY', message: /"withinMs" is 0/ });
  t.throws(spawnWith({ ...base, backoff: { initialDelayMs: 10, maxDelayMs: 5 } }), { message: /"backoff.maxDelayMs" is 5/ });
  t.throws(spawnWith({ ...base, backoff: { initialDelayMs: 1, maxDelayMs: 5, multiplier: 0.5 } }), { message: /"backoff.multiplier" is 0.5/ });
  t.throws(() => createActorSystem({ defaultSupervisor: { ...base, maxRestarts: 1.5 } }), { code: 'SUPERVISION_INVALID_POLICY' });
});
