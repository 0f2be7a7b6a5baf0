// The chaos verifier: multiset comparison against the reference, per-key sequence checks, canonical rows.
import t from 'tap';
import { canonicalRow } from '../../chaos/canonical';
import { checkSequences, compareMultisets, multisetOk, sequenceOk, type EpochOutput } from '../../chaos/verify';

const ep = (epoch: number, ...rows: Record<string, unknown>[]): EpochOutput => ({ epoch, rows });

t.test('canonicalRow ignores key order and spells out special values', async (t) => {
  t.equal(canonicalRow({ b: 1, a: { start: 1, end: 2 } }), '{"a":{"end":2,"start":1},"b":1}');
  t.equal(canonicalRow({ a: 1, b: 2 }), canonicalRow({ b: 2, a: 1 }));
  t.not(canonicalRow({ a: 1 }), canonicalRow({ a: '1' }));
  t.equal(canonicalRow({ n: null, u: undefined, x: NaN, i: -Infinity, z: -0 }), '{"i":#-Infinity,"n":null,"u":undefined,"x":#NaN,"z":0}');
  t.equal(canonicalRow([10n, new Date(0), true]), '[10n,#date:1970-01-01T00:00:00.000Z,true]');
  t.equal(canonicalRow(new Map([['b', 1], ['a', 2]])), canonicalRow(new Map([['a', 2], ['b', 1]])));
  t.equal(canonicalRow(new Set([2, 1])), '#set[1,2]');
  t.equal(canonicalRow(Buffer.from([1, 255])), '#bytes:01ff');
});

t.test('equal multisets pass whatever the epochs and order', async (t) => {
  const ref = [ep(0, { k: 1 }, { k: 2 }), ep(1, { k: 2 })];
  const act = [ep(0, { k: 2 }), ep(3, { k: 2 }, { k: 1 })];
  const r = compareMultisets(ref, act);
  t.same(r, { referenceRows: 3, actualRows: 3, rowsLost: 0, rowsDuplicated: 0, rowsUnexpected: 0, examples: { lost: [], duplicated: [], unexpected: [] } });
  t.ok(multisetOk(r));
});

t.test('lost, duplicated and unexpected rows are counted with multiplicity', async (t) => {
  const ref = [ep(0, { k: 1 }, { k: 2 }, { k: 2 }, { k: 3 })];
  const act = [ep(0, { k: 1 }, { k: 1 }, { k: 1 }, { k: 2 }, { k: 9 })];
  const r = compareMultisets(ref, act);
  t.match(r, { referenceRows: 4, actualRows: 5, rowsLost: 2, rowsDuplicated: 2, rowsUnexpected: 1 });
  t.same(r.examples, { lost: ['{"k":2}', '{"k":3}'], duplicated: ['{"k":1} ×2'], unexpected: ['{"k":9}'] });
  t.notOk(multisetOk(r));
});

t.test('sequence check: contiguous per key passes; order within an epoch does not matter', async (t) => {
  const out = [ep(0, { key: 'a', seq: 1 }, { key: 'b', seq: 0 }, { key: 'a', seq: 0 }), ep(1, { key: 'a', seq: 2 }, { key: 'b', seq: 1 })];
  const r = checkSequences(out, { keyColumn: 'key', seqColumn: 'seq' }, out);
  t.same(r, { keys: 2, gaps: 0, repeats: 0, outOfOrder: 0, invalid: 0, examples: [] });
  t.ok(sequenceOk(r));
});

t.test('sequence check finds gaps, repeats, reordering across epochs, lost heads and tails', async (t) => {
  const spec = { keyColumn: 'key', seqColumn: 'seq' };
  const ref = [ep(0, { key: 'a', seq: 0 }, { key: 'a', seq: 1 }, { key: 'a', seq: 2 }, { key: 'a', seq: 3 }, { key: 'b', seq: 0 }, { key: 'c', seq: 0 })];
  t.match(checkSequences([ep(0, { key: 'a', seq: 0 }, { key: 'a', seq: 2 }, { key: 'a', seq: 3 }), ep(1, { key: 'b', seq: 0 }, { key: 'c', seq: 0 })], spec, ref),
    { gaps: 1, repeats: 0, outOfOrder: 0, examples: ['key "a": jumped from 0 to 2'] });
  t.match(checkSequences([ep(0, { key: 'a', seq: 0 }, { key: 'a', seq: 1 }), ep(1, { key: 'a', seq: 1 }, { key: 'a', seq: 2 }, { key: 'a', seq: 3 }), ep(2, { key: 'b', seq: 0 }, { key: 'c', seq: 0 })], spec, ref),
    { gaps: 0, repeats: 1, outOfOrder: 0 });
  t.match(checkSequences([ep(0, { key: 'a', seq: 0 }, { key: 'a', seq: 2 }, { key: 'a', seq: 3 }), ep(1, { key: 'a', seq: 1 }, { key: 'b', seq: 0 }, { key: 'c', seq: 0 })], spec, ref),
    { outOfOrder: 1, repeats: 0 });
  const headTail = checkSequences([ep(0, { key: 'a', seq: 1 }, { key: 'a', seq: 2 }, { key: 'b', seq: 0 })], spec, ref);
  t.match(headTail, { gaps: 3, repeats: 0, outOfOrder: 0 });
  t.same(headTail.examples, ['key "a": starts at 1, expected 0', 'key "a": ends at 2, expected 3', 'key "c": no rows (expected sequence 0..0)']);
  t.notOk(sequenceOk(headTail));
});

t.test('rows without an integer sequence value are invalid', async (t) => {
  const r = checkSequences([ep(4, { key: 'a', seq: 0.5 }, { seq: 1 }, { key: 'a', seq: 0 })], { keyColumn: 'key', seqColumn: 'seq' });
  t.match(r, { invalid: 2, gaps: 0 });
  t.match(r.examples[0], /^invalid row in epoch 4: /);
  t.notOk(sequenceOk(r));
});
