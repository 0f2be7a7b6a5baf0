// SortOperator and makeComparator: Spark's orderings, null placement, stability.
import t from 'tap';
import { OperatorHarness } from '../../operators/harness';
import { makeComparator, SortOperator } from '../../operators/sort';
import type { Row } from '../../plan/types';

const by = (k: string) => (r: Row) => r[k];

t.test('ascending: nulls first by default; descending: nulls last by default', async (t) => {
  const rows: Row[] = [{ n: 2 }, { n: null }, { n: NaN }, { n: -1 }, { n: undefined }];
  t.same([...rows].sort(makeComparator([{ eval: by('n'), ascending: true }])).map((r) => r.n), [null, undefined, -1, 2, NaN]);
  t.same([...rows].sort(makeComparator([{ eval: by('n'), ascending: false }])).map((r) => r.n), [NaN, 2, -1, null, undefined]);
  t.same([...rows].sort(makeComparator([{ eval: by('n'), ascending: true, nullsFirst: false }])).map((r) => r.n), [-1, 2, NaN, null, undefined]);
  t.same([...rows].sort(makeComparator([{ eval: by('n'), ascending: false, nullsFirst: true }])).map((r) => r.n), [null, undefined, NaN, 2, -1]);
});

t.test('several orders, ties keep input order', async (t) => {
  const rows: Row[] = [
    { k: 'b', v: 1, i: 0 }, { k: 'a', v: 2, i: 1 }, { k: 'b', v: 2, i: 2 }, { k: 'a', v: 2, i: 3 }, { k: 'b', v: 1, i: 4 },
  ];
  const sorted = [...rows].sort(makeComparator([{ eval: by('k'), ascending: true }, { eval: by('v'), ascending: false }]));
  t.same(sorted.map((r) => r.i), [1, 3, 2, 0, 4]);
});

t.test('SortOperator emits the whole epoch sorted at its end', async (t) => {
  const h = new OperatorHarness({ create: () => new SortOperator([{ eval: by('count'), ascending: false }]) });
  const r = h.processEpoch([[{ w: 'a', count: 1 }, { w: 'b', count: 3 }], [{ w: 'c', count: 2 }]]);
  t.same(r.rows.map((x) => x.w), ['b', 'c', 'a']);
  t.same(h.processEpoch([{ w: 'd', count: 1 }]).rows, [{ w: 'd', count: 1 }], 'nothing carried over between epochs');
  t.same(h.processEpoch([]).rows, []);
});

t.test('windows and strings sort by value', async (t) => {
  const rows: Row[] = [{ w: { start: 10, end: 20 } }, { w: { start: 0, end: 10 } }, { w: { start: 5, end: 15 } }];
  t.same([...rows].sort(makeComparator([{ eval: by('w'), ascending: true }])).map((r) => (r.w as { start: number }).start), [0, 5, 10]);
  const s: Row[] = [{ s: 'b' }, { s: 'B' }, { s: 'a' }, { s: '\u{1F600}' }, { s: '\uFFFD' }];
  t.same([...s].sort(makeComparator([{ eval: by('s'), ascending: true }])).map((r) => r.s), ['B', 'a', 'b', '\uFFFD', '\u{1F600}']);
});
