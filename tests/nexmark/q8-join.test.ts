// Nexmark q8 (windowed aggregations joined on key and window) equals a brute-force evaluation of its SQL.
import t from 'tap';
import { Session, Trigger } from '../../index';
import { q8 } from '../../examples/nexmark/q8';
import { generateEvent } from '../../connectors/nexmark/generator';
import { resolveNexmarkConfig } from '../../connectors/nexmark/config';
import { AUCTION, PERSON } from '../../connectors/nexmark/model';

t.test('q8 on 40k events equals the brute-force join for the windows the final watermark closed', async (t) => {
  const events = 40_000;
  const cfg = resolveNexmarkConfig({ firstEventRate: 500 }); // 80 s of event time: several windows close
  const win = (ms: number) => ms - (ms % 10_000);
  const people = new Map<string, { id: number; name: string; start: number }>();
  const sellers = new Set<string>();
  let maxTime = 0;
  for (let e = 0; e < events; e++) {
    const ev = generateEvent(e, cfg);
    maxTime = Math.max(maxTime, ev.dateTime);
    if (ev.eventType === PERSON) {
      const p = ev.person!;
      people.set(`${p.id}|${p.name}|${win(p.dateTime)}`, { id: p.id, name: p.name, start: win(p.dateTime) });
    }
    if (ev.eventType === AUCTION) sellers.add(`${ev.auction!.seller}|${win(ev.auction!.dateTime)}`);
  }
  const watermark = maxTime - 4_000;
  const expected = [...people.values()]
    .filter((p) => p.start + 10_000 <= watermark && sellers.has(`${p.id}|${p.start}`))
    .map((p) => JSON.stringify([p.id, p.name, p.start])).sort();
  t.ok(expected.length > 5, `${expected.length} rows expected`);

  const s = new Session({ print: () => undefined, conf: { 'tidemark.shufflePartitions': 2 } });
  const q = await q8(s, { events, firstEventRate: 500, maxEventsPerTrigger: 5_000 }).writeStream.outputMode('append').format('memory').queryName('q8_join').trigger(Trigger.AvailableNow()).start();
  await q.awaitTermination();
  const got = (await s.table<{ id: number; name: string; starttime: number }>('q8_join').collect())
    .map((r) => JSON.stringify([r.id, r.name, r.starttime])).sort();
  t.same(got, expected);
});
