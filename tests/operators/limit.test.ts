// LimitOperator: Spark's "streaming limit with state" and the per-epoch limit.
import t from 'tap';
import { OperatorHarness } from '../../operators/harness';
import { LimitOperator, LIMIT_STATE_KEY } from '../../operators/limit';
import type { Row } from '../../plan/types';

const vs = (...xs: number[]): Row[] => xs.map((value) => ({ value }));

t.test('streaming limit keeps a running count in state (limit(4) over {1,2},{3..6},{7..9})', async (t) => {
  const h = new OperatorHarness({ create: (s) => new LimitOperator({ operatorId: '0-globalLimit', n: 4 }, s) });
  let r = h.processEpoch(vs(1, 2));
  t.same(r.rows, vs(1, 2));
  t.equal(r.metrics.numRowsUpdated, 1);
  t.same(h.changes[0].puts, [[LIMIT_STATE_KEY, 2]]);
  h.restore(h.snapshot());
  r = h.processEpoch([vs(3, 4, 5), vs(6)]);
  t.same(r.rows, vs(3, 4));
  t.equal(r.numRowsTotal, 1);
  r = h.processEpoch(vs(7, 8, 9));
  t.same(r.rows, []);
  t.equal(r.metrics.numRowsUpdated, 0, 'nothing let through: state untouched');
  t.same(r.changes.puts, []);
  t.equal(h.operator.stateful!.operatorName, 'globalLimit');
});

t.test('per-epoch limit (complete mode, batch) keeps no state', async (t) => {
  const h = new OperatorHarness({ create: () => new LimitOperator({ operatorId: 'l', n: 2, perEpoch: true }) });
  t.equal(h.operator.stateful, undefined);
  t.same(h.processEpoch([vs(1), vs(2, 3)]).rows, vs(1, 2));
  t.same(h.processEpoch(vs(4, 5, 6)).rows, vs(4, 5));
  t.same(new OperatorHarness({ create: () => new LimitOperator({ operatorId: 'l', n: 0, perEpoch: true }) }).processEpoch(vs(1)).rows, []);
});

t.test('invalid limits', async (t) => {
  t.throws(() => new LimitOperator({ operatorId: 'l', n: -1, perEpoch: true }), { code: 'INVALID_LIMIT' });
  t.throws(() => new LimitOperator({ operatorId: 'l', n: 1.5, perEpoch: true }), { code: 'INVALID_LIMIT' });
  t.throws(() => new LimitOperator({ operatorId: 'l', n: 1 }), { code: 'INVALID_OPERATOR_OPTIONS' });
});
