// Credit gates: window, FIFO hand-over, reset, abort, and a 3-actor chain that never deadlocks.
import t from 'tap';
import { ask, CreditGate, createActorSystem, spawnActor, tell, type ActorRef } from '../../actors';

const turn = () => new Promise((r) => setImmediate(r));

t.test('credits are free up to the window, then senders wait', async (t) => {
  const gate = new CreditGate(2);
  t.equal(gate.acquire(), undefined);
  t.equal(gate.acquire(), undefined);
  t.equal(gate.inFlight, 2);
  const third = gate.acquire();
  t.type(third, Promise);
  t.equal(gate.waiting, 1);
  let granted = false;
  void third?.then(() => (granted = true));
  await turn();
  t.equal(granted, false);
  gate.release();
  await turn();
  t.equal(granted, true);
  t.equal(gate.inFlight, 2); // the credit passed straight to the waiter
  gate.release();
  gate.release();
  t.equal(gate.inFlight, 0);
});

t.test('waiting senders are granted in FIFO order, and a newcomer never overtakes them', async (t) => {
  const gate = new CreditGate(1);
  t.equal(gate.acquire(), undefined);
  const order: string[] = [];
  const wait = (name: string) => gate.acquire()?.then(() => order.push(name));
  const a = wait('a');
  const b = wait('b');
  gate.release(); // goes to a
  const c = wait('c'); // a credit is in flight for a, so c queues behind b
  t.type(c, Promise);
  await a;
  gate.release();
  await b;
  gate.release();
  await c;
  t.same(order, ['a', 'b', 'c']);
  t.equal(gate.inFlight, 1);
});

t.test('reset forgets lost credits and grants waiters up to the window', async (t) => {
  const gate = new CreditGate(2);
  gate.acquire();
  gate.acquire();
  const granted: number[] = [];
  const waits = [1, 2, 3].map((i) => gate.acquire()?.then(() => granted.push(i)));
  gate.reset();
  await Promise.all(waits.slice(0, 2));
  t.same(granted, [1, 2]);
  t.equal(gate.inFlight, 2);
  t.equal(gate.waiting, 1);
  gate.release();
  await waits[2];
  t.same(granted, [1, 2, 3]);
});

t.test('abort fails waiting and later acquires', async (t) => {
  const gate = new CreditGate(1);
  gate.acquire();
  const waiting = gate.acquire();
  const reason = new Error('edge closed');
  gate.abort(reason);
  await t.rejects(waiting as Promise<void>, reason);
  await t.rejects(gate.acquire() as Promise<void>, reason);
});

t.test('misuse is a coded error', async (t) => {
  t.throws(() => new CreditGate(0), { code: 'CREDIT_INVALID_WINDOW', message: 'Credit window 0 is not valid. Note: use a whole number of batches ≥ 1.' });
  t.throws(() => new CreditGate(1.5), { code: 'CREDIT_INVALID_WINDOW' });
  t.throws(() => new CreditGate(3).release(), { code: 'CREDIT_OVER_RELEASE', message: /0 credits in flight \(window 3\)\. Note: / });
});

type Batch = { kind: 'batch'; seq: number; items: number[]; release: () => void };
type Get = { kind: 'get'; replyTo: ActorRef<number[]> };

t.test('a sender blocked inside its handler resumes as its receiver releases: a 3-actor chain delivers in order', async (t) => {
  const system = createActorSystem();
  t.teardown(() => system.stop());
  const aToB = new CreditGate(1);
  const bToC = new CreditGate(2);
  let maxInFlightBC = 0;
  const sink = spawnActor(
    system,
    'c',
    async (seen: number[], msg: Batch | Get) => {
      if (msg.kind === 'get') {
        tell(msg.replyTo, seen);
        return seen;
      }
      maxInFlightBC = Math.max(maxInFlightBC, bToC.inFlight);
      for (let i = 0; i < msg.seq % 3; i++) await turn(); // a slow, uneven receiver
      msg.release();
      return [...seen, msg.seq];
    },
    { initialState: [] as number[] },
  );
  const middle = spawnActor(
    system,
    'b',
    async (count: number, msg: Batch) => {
      const wait = bToC.acquire();
      if (wait) await wait; // blocks this actor's handler until c releases
      tell(sink, { kind: 'batch', seq: msg.seq, items: msg.items.map((x) => x * 2), release: () => bToC.release() });
      msg.release();
      return count + 1;
    },
    { initialState: 0 },
  );
  const source = spawnActor(
    system,
    'a',
    async (_: number, msg: { n: number }) => {
      for (let seq = 0; seq < msg.n; seq++) {
        const wait = aToB.acquire();
        if (wait) await wait;
        tell(middle, { kind: 'batch', seq, items: [seq], release: () => aToB.release() });
      }
      return msg.n;
    },
    { initialState: 0 },
  );
  tell(source, { n: 60 });
  let seen: number[] = [];
  while (seen.length < 60) seen = await ask<number[], Batch | Get>(sink, (replyTo) => ({ kind: 'get', replyTo }), 2000);
  t.same(seen, Array.from({ length: 60 }, (_, i) => i));
  t.ok(maxInFlightBC <= 2, `at most the window in flight (saw ${maxInFlightBC})`);
  t.equal(aToB.inFlight, 0);
  t.equal(bToC.inFlight, 0);
});
