// Memory checkpoints: ':memory:' is fresh each time; 'memory:<name>' survives close and reopen.
import t from 'tap';
import { dropNamedMemoryCheckpoint } from '../../persistence/memory-storage';
import { openCheckpoint } from '../../persistence/storage';

t.test("':memory:' storages are independent", async (t) => {
  const a = await openCheckpoint(':memory:');
  const b = await openCheckpoint(':memory:');
  await a.writeCommit({ epoch: 1, nextWatermarkMs: 0 });
  t.equal(b.latestCommit(), undefined);
  await a.close();
  await b.close();
});

t.test("'memory:<name>' keeps its data across close and reopen until dropped", async (t) => {
  const loc = 'memory:restart-test';
  const first = await openCheckpoint(loc);
  t.equal(first.location, loc);
  await first.writeCommit({ epoch: 3, nextWatermarkMs: 9 });
  await first.appendJournal([{ actorKey: 'a', seq: 1, epoch: 3, payload: new Map([['k', 1]]) }]);
  await t.rejects(openCheckpoint(loc), { code: 'CHECKPOINT_IN_USE' });
  t.throws(() => dropNamedMemoryCheckpoint(loc), { code: 'CHECKPOINT_IN_USE' });
  await first.close();

  const second = await openCheckpoint(loc);
  t.same(second.latestCommit(), { epoch: 3, nextWatermarkMs: 9 });
  t.same(second.readJournal('a', 0)[0].payload, new Map([['k', 1]]));
  await second.close();

  t.equal(dropNamedMemoryCheckpoint(loc), true);
  const third = await openCheckpoint(loc);
  t.equal(third.latestCommit(), undefined, 'dropped: a fresh checkpoint');
  await third.close();
  t.equal(dropNamedMemoryCheckpoint(loc), true);
  t.equal(dropNamedMemoryCheckpoint(loc), false);
});
