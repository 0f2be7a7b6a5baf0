// encodeKey: Spark's grouping equality as string equality; compareValues: Spark's value order.
import t from 'tap';
import { encodeKey, encodeRow } from '../../operators/key-encoding';
import { encodeKey as fromAggregate } from '../../operators/streaming-aggregate';
import { compareNullable, compareValues } from '../../operators/value-order';

t.test('encodeKey groups as Spark does', async (t) => {
  t.equal(fromAggregate, encodeKey);
  t.equal(encodeKey([NaN]), encodeKey([0 / 0]));
  t.equal(encodeKey([-0]), encodeKey([0]));
  t.equal(encodeKey([null]), encodeKey([undefined]));
  t.not(encodeKey([null]), encodeKey(['null']));
  t.not(encodeKey([1]), encodeKey(['1']));
  t.not(encodeKey(['a,b']), encodeKey(['a', 'b']));
  t.not(encodeKey([true]), encodeKey(['true']));
  t.not(encodeKey([1n]), encodeKey([1]));
  t.equal(encodeKey([{ start: 0, end: 5 }, 'w']), encodeKey([{ end: 5, start: 0 }, 'w']));
  t.equal(encodeKey(['cat', { start: 0, end: 5000 }]), '"cat",{"end":5000,"start":0}');
  t.not(encodeKey([[1, 2]]), encodeKey([[1], 2]));
  t.equal(encodeKey([new Date(5)]), encodeKey([new Date(5)]));
  t.not(encodeKey([new Date(5)]), encodeKey([5]));
  t.equal(encodeKey([new Uint8Array([1, 2])]), encodeKey([Buffer.from([1, 2])]));
  t.equal(encodeKey([]), '');
  t.equal(encodeRow({ a: 1, b: 'x' }), encodeRow({ b: 'x', a: 1 }));
  t.not(encodeRow({ a: 1 }), encodeRow({ a: '1' }));
});

t.test('compareValues follows Spark ordering', async (t) => {
  t.same([3, NaN, -1, Infinity].sort(compareValues), [-1, 3, Infinity, NaN]);
  t.equal(compareValues(-0, 0), 0);
  t.equal(compareValues(NaN, NaN), 0);
  t.equal(compareValues(false, true), -1);
  t.equal(compareValues('a', 'b'), -1);
  t.equal(compareValues('ab', 'a'), 1);
  // UTF-8 order: an astral character (surrogate pair) sorts after U+FFFD
  t.equal(compareValues('\u{1F600}', '\uFFFD'), 1);
  t.equal(compareValues('\uFFFD', '\u{1F600}'), -1);
  t.equal(compareValues(2n, 3), -1);
  t.equal(compareValues(new Date(1), new Date(2)), -1);
  t.equal(compareValues([1, 2], [1, 3]), -1);
  t.equal(compareValues([1, 2], [1]), 1);
  t.equal(compareValues({ start: 0, end: 10 }, { start: 0, end: 5 }), 1);
  t.equal(compareNullable(null, 1, true), -1);
  t.equal(compareNullable(null, 1, false), 1);
  t.equal(compareNullable(undefined, null, true), 0);
});
