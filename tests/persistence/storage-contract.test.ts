// The CheckpointStorage contract, run identically against memory and LMDB storage.
import t from 'tap';
import { FORMAT_VERSION } from '../../persistence/keys';
import type { CheckpointMeta, JournalEntry } from '../../persistence/storage';
import { STORAGE_KINDS, offsets } from './helpers';

const meta: CheckpointMeta = {
  formatVersion: FORMAT_VERSION,
  queryId: 'q-1',
  createdAtMs: 1_700_000_000_000,
  planFingerprint: 'abc123',
  stateSignature: ['agg-1:count:key=string'],
  shufflePartitions: 4,
  conf: { 'spark.sql.shuffle.partitions': '4' },
};

const entry = (actorKey: string, seq: number, epoch: number, payload: unknown = { n: seq }): JournalEntry => ({
  actorKey,
  seq,
  epoch,
  payload,
});

for (const kind of STORAGE_KINDS) {
  t.test(`${kind.name}: meta, offsets and commits`, async (t) => {
    const s = await kind.open(t);
    t.equal(s.readMeta(), undefined);
    t.equal(s.latestOffsets(), undefined);
    t.equal(s.latestCommit(), undefined);
    await s.writeMeta(meta);
    t.same(s.readMeta(), meta);
    for (const e of [0, 1, 2, 10]) await s.writeOffsets(offsets(e));
    t.same(s.readOffsets(2), offsets(2));
    t.equal(s.readOffsets(3), undefined);
    t.same(s.latestOffsets(), offsets(10), 'numeric order, not string order');
    await s.writeCommit({ epoch: 0, nextWatermarkMs: 5 });
    await s.writeCommit({ epoch: 1, nextWatermarkMs: 7 });
    t.same(s.readCommit(1), { epoch: 1, nextWatermarkMs: 7 });
    t.same(s.latestCommit(), { epoch: 1, nextWatermarkMs: 7 });
    await s.writeOffsets(offsets(2, { watermarkMs: 99 }));
    t.equal(s.readOffsets(2)?.watermarkMs, 99, 'rewriting an epoch replaces it');
    t.same(s.stats(), { journalEntries: 0, snapshots: 0, offsets: 4, commits: 2 });
  });

  t.test(`${kind.name}: a write is visible once its promise resolves, not before`, async (t) => {
    const s = await kind.open(t);
    const pending = s.writeCommit({ epoch: 4, nextWatermarkMs: 0 });
    t.equal(s.readCommit(4), undefined);
    await pending;
    t.same(s.readCommit(4), { epoch: 4, nextWatermarkMs: 0 });
  });

  t.test(`${kind.name}: journal append, read, maxEpoch and lastJournalSeq`, async (t) => {
    const s = await kind.open(t);
    t.equal(s.lastJournalSeq('agg/p0'), 0);
    t.same(s.readJournal('agg/p0', 0), []);
    await s.appendJournal([entry('agg/p0', 1, 0), entry('agg/p1', 1, 0), entry('agg/p0', 2, 1)]);
    await s.appendJournal([entry('agg/p0', 3, 2, new Map([['k', 1]]))]);
    await s.appendJournal([]);
    t.equal(s.lastJournalSeq('agg/p0'), 3);
    t.equal(s.lastJournalSeq('agg/p1'), 1);
    t.equal(s.lastJournalSeq('agg/p'), 0, 'a key prefix is another actor');
    t.same(s.readJournal('agg/p0', 0).map((e) => e.seq), [1, 2, 3]);
    t.same(s.readJournal('agg/p0', 1).map((e) => e.seq), [2, 3]);
    t.same(s.readJournal('agg/p0', 0, 1).map((e) => e.seq), [1, 2], 'stops before epoch > maxEpoch');
    const [last] = s.readJournal('agg/p0', 2);
    t.same(last, { actorKey: 'agg/p0', seq: 3, epoch: 2, payload: new Map([['k', 1]]) });
    t.ok(last.payload instanceof Map);
    t.equal(s.stats().journalEntries, 4);
  });

  t.test(`${kind.name}: journal seqs must increase per actor`, async (t) => {
    const s = await kind.open(t);
    await s.appendJournal([entry('a', 1, 0), entry('a', 2, 0)]);
    await t.rejects(s.appendJournal([entry('a', 2, 1)]), { code: 'JOURNAL_SEQ_CONFLICT' });
    await t.rejects(s.appendJournal([entry('b', 1, 1), entry('b', 1, 1)]), { code: 'JOURNAL_SEQ_CONFLICT' });
    t.equal(s.lastJournalSeq('b'), 0, 'a rejected batch writes nothing');
    await t.rejects(s.appendJournal([entry('a', 0, 1)]), { code: 'CHECKPOINT_INVALID_ARGUMENT' });
    await t.rejects(s.appendJournal([entry('a', 3, -1)]), { code: 'CHECKPOINT_INVALID_ARGUMENT' });
    await t.rejects(s.appendJournal([entry('', 3, 1)]), { code: 'CHECKPOINT_INVALID_ARGUMENT' });
    await t.rejects(s.writeOffsets({ ...offsets(1), epoch: 1.5 }), { code: 'CHECKPOINT_INVALID_ARGUMENT' });
    t.throws(() => s.readJournal('a', -1), { code: 'CHECKPOINT_INVALID_ARGUMENT' });
  });

  t.test(`${kind.name}: discardAfterEpoch drops later journal entries and snapshots only`, async (t) => {
    const s = await kind.open(t);
    await s.appendJournal([entry('a', 1, 0), entry('a', 2, 1), entry('a', 3, 2), entry('b', 1, 2)]);
    await s.writeSnapshot({ actorKey: 'a', seq: 2, epoch: 1, data: 'a@1' });
    await s.writeSnapshot({ actorKey: 'b', seq: 1, epoch: 2, data: 'b@2' });
    await s.writeOffsets(offsets(2));
    await s.writeCommit({ epoch: 1, nextWatermarkMs: 0 });
    s.discardAfterEpoch(1);
    t.same(s.readJournal('a', 0).map((e) => e.seq), [1, 2]);
    t.same(s.readJournal('b', 0), []);
    t.equal(s.latestSnapshot('a')?.data, 'a@1');
    t.equal(s.latestSnapshot('b'), undefined);
    t.same(s.readOffsets(2), offsets(2), 'offsets stay: the epoch is re-run with them');
    t.same(s.stats(), { journalEntries: 2, snapshots: 1, offsets: 1, commits: 1 });
    await s.appendJournal([entry('a', 3, 2, 'again')]);
    t.equal(s.readJournal('a', 2)[0].payload, 'again');
  });

  t.test(`${kind.name}: truncateJournal drops an actor's tail and its snapshots`, async (t) => {
    const s = await kind.open(t);
    await s.appendJournal([entry('a', 1, 0), entry('a', 2, 1), entry('a', 3, 2), entry('b', 1, 0)]);
    await s.writeSnapshot({ actorKey: 'a', seq: 3, epoch: 2, data: 3 });
    s.truncateJournal('a', 2);
    t.same(s.readJournal('a', 0).map((e) => e.seq), [1]);
    t.equal(s.latestSnapshot('a'), undefined);
    t.equal(s.lastJournalSeq('b'), 1);
    s.discardAfterEpoch(0);
    t.equal(s.stats().journalEntries, 2, 'the epoch index holds no stale entries');
  });

  t.test(`${kind.name}: snapshots keep the newest 2, honour maxEpoch and replace a rewritten history`, async (t) => {
    const s = await kind.open(t);
    const state = new Map<string, unknown>([['k1', { count: 2, sum: 5 }], ['k2', new Set([1, 2])]]);
    await s.writeSnapshot({ actorKey: 'a', seq: 5, epoch: 1, data: { epoch: 1, state } });
    await s.writeSnapshot({ actorKey: 'a', seq: 9, epoch: 2, data: 'second' });
    await s.writeSnapshot({ actorKey: 'a', seq: 12, epoch: 3, data: 'third' });
    await s.writeSnapshot({ actorKey: 'b', seq: 1, epoch: 3, data: 'b' });
    t.equal(s.stats().snapshots, 3);
    t.same(s.latestSnapshot('a'), { actorKey: 'a', seq: 12, epoch: 3, data: 'third' });
    t.equal(s.latestSnapshot('a', 2)?.data, 'second');
    t.equal(s.latestSnapshot('a', 1), undefined, 'the oldest was dropped');
    await s.writeSnapshot({ actorKey: 'a', seq: 10, epoch: 3, data: 'rewritten' });
    t.same(s.latestSnapshot('a'), { actorKey: 'a', seq: 10, epoch: 3, data: 'rewritten' }, 'seq 12 was replaced');
    await s.writeSnapshot({ actorKey: 'c', seq: 3, epoch: 0, data: { epoch: 0, state } });
    const back = s.latestSnapshot('c')?.data as { state: Map<string, unknown> };
    t.ok(back.state instanceof Map);
    t.same([...back.state.keys()], ['k1', 'k2']);
    t.ok(back.state.get('k2') instanceof Set);
    await t.rejects(s.writeSnapshot({ actorKey: 'a', seq: -1, epoch: 0, data: 1 }), { code: 'CHECKPOINT_INVALID_ARGUMENT' });
  });

  t.test(`${kind.name}: source and sink metadata`, async (t) => {
    const s = await kind.open(t);
    t.equal(s.getSourceMeta(0, 'schema'), undefined);
    await s.putSourceMeta(0, 'schema', { fields: ['a'] });
    await s.putSourceMeta(1, 'schema', { fields: ['b'] });
    await s.putSinkMeta('lastBatch', 7);
    t.same(s.getSourceMeta(0, 'schema'), { fields: ['a'] });
    t.same(s.getSourceMeta(1, 'schema'), { fields: ['b'] });
    t.equal(s.getSinkMeta('lastBatch'), 7);
    t.equal(s.getSinkMeta('other'), undefined);
  });

  t.test(`${kind.name}: purgeBefore drops old offsets, commits and journal covered by snapshots`, async (t) => {
    const s = await kind.open(t);
    for (let e = 0; e < 5; e++) {
      await s.writeOffsets(offsets(e));
      await s.writeCommit({ epoch: e, nextWatermarkMs: e });
      await s.appendJournal([entry('a', e + 1, e), entry('b', e + 1, e)]);
    }
    await s.writeSnapshot({ actorKey: 'a', seq: 3, epoch: 2, data: 'a@2' });
    await s.writeSnapshot({ actorKey: 'b', seq: 4, epoch: 3, data: 'b@3' });
    await s.purgeBefore(3);
    t.equal(s.readOffsets(2), undefined);
    t.same(s.readOffsets(3), offsets(3));
    t.equal(s.readCommit(2), undefined);
    t.same(s.latestCommit(), { epoch: 4, nextWatermarkMs: 4 });
    t.same(s.readJournal('a', 0).map((e) => e.seq), [4, 5], 'a: covered by its epoch-2 snapshot');
    t.same(s.readJournal('b', 0).map((e) => e.seq), [1, 2, 3, 4, 5], "b: its snapshot is not older than epoch 3");
    t.same(s.stats(), { journalEntries: 7, snapshots: 2, offsets: 2, commits: 2 });
  });

  t.test(`${kind.name}: a closed storage refuses use`, async (t) => {
    const s = await kind.open(t);
    await s.close();
    await s.close();
    t.throws(() => s.readCommit(0), { code: 'CHECKPOINT_CLOSED' });
    await t.rejects(s.writeCommit({ epoch: 0, nextWatermarkMs: 0 }), { code: 'CHECKPOINT_CLOSED' });
  });
}
