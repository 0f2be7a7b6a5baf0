// Trigger.AvailableNow and processAllAvailable take everything available, in several read-limited epochs.
import t from 'tap';
import { Session, Trigger, col } from '../../index';

t.test('AvailableNow drains a bounded source in read-limited epochs, then stops', async (t) => {
  const s = new Session({ print: () => undefined });
  const df = s.readStream.format('nexmark').option('events', 5000).option('maxEventsPerTrigger', 1000).load()
    .select(col('eventType'));
  const q = await df.writeStream.format('memory').queryName('an_nexmark').trigger(Trigger.AvailableNow()).start();
  await q.awaitTermination();
  t.equal((await s.table('an_nexmark').count()), 5000);
  t.same(q.recentProgress.filter((p) => p.numInputRows > 0).map((p) => p.numInputRows), [1000, 1000, 1000, 1000, 1000]);
});

t.test('processAllAvailable waits for everything available, not one read limit', async (t) => {
  const s = new Session({ print: () => undefined });
  const df = s.readStream.format('nexmark').option('events', 3000).option('maxEventsPerTrigger', 500).load().select(col('eventType'));
  const q = await df.writeStream.format('memory').queryName('paa_nexmark').start();
  await q.processAllAvailable();
  t.equal(await s.table('paa_nexmark').count(), 3000);
  await q.stop();
});
