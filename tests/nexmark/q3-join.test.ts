// Nexmark q3 (a stream-stream inner join) equals a brute-force evaluation of its SQL over the same events.
import t from 'tap';
import { Session, Trigger } from '../../index';
import { q3 } from '../../examples/nexmark/q3';
import { generateEvent } from '../../connectors/nexmark/generator';
import { resolveNexmarkConfig } from '../../connectors/nexmark/config';
import { AUCTION, PERSON } from '../../connectors/nexmark/model';

t.test('q3 on 30k events, read in several epochs, equals the brute-force join', async (t) => {
  const events = 30_000;
  const cfg = resolveNexmarkConfig({});
  const people = new Map<number, { name: string; city: string; state: string }>();
  const sellers: { seller: number; id: number }[] = [];
  for (let e = 0; e < events; e++) {
    const ev = generateEvent(e, cfg);
    if (ev.eventType === PERSON && ['OR', 'ID', 'CA'].includes(ev.person!.state)) people.set(ev.person!.id, ev.person!);
    if (ev.eventType === AUCTION && ev.auction!.category === 10) sellers.push({ seller: ev.auction!.seller, id: ev.auction!.id });
  }
  const expected = sellers.filter((a) => people.has(a.seller)).map((a) => {
    const p = people.get(a.seller)!;
    return JSON.stringify([p.name, p.city, p.state, a.id]);
  }).sort();
  t.ok(expected.length > 10, `${expected.length} joined rows expected`);

  const s = new Session({ print: () => undefined, conf: { 'tidemark.shufflePartitions': 3 } });
  const q = await q3(s, { events, maxEventsPerTrigger: 4_000 }).writeStream.format('memory').queryName('q3_join').trigger(Trigger.AvailableNow()).start();
  await q.awaitTermination();
  const got = (await s.table<{ name: string; city: string; state: string; id: number }>('q3_join').collect())
    .map((r) => JSON.stringify([r.name, r.city, r.state, r.id])).sort();
  t.same(got, expected);
  t.equal(q.recentProgress.reduce((n, p) => n + p.numInputRows, 0), events, 'the shared source counts its rows once');
});
