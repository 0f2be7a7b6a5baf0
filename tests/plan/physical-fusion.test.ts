// Physical planning fuses consecutive projections into one (with the second's names kept).
import t from 'tap';
import { fuseProjections } from '../../plan/physical';
import { exprName } from '../../plan/expr-util';
import { compileExpr } from '../../plan/compile';
import type { Expr } from '../../plan/expr';

const col = (name: string): Expr => ({ kind: 'col', name });
const alias = (child: Expr, name: string): Expr => ({ kind: 'alias', child, name });

t.test('the second projection reads the first one\'s expressions', async (t) => {
  const first = [alias({ kind: 'getField', child: col('bid'), field: 'price' }, 'price'), col('k')];
  const second: Expr[] = [col('k'), { kind: 'binary', op: '*', left: col('price'), right: { kind: 'lit', value: 2 } }, alias(col('price'), 'p')];
  const fused = fuseProjections(first, second)!;
  t.same(fused.map(exprName), ['k', '(price * 2)', 'p']);
  const row = { bid: { price: 21 }, k: 'a' };
  t.same(fused.map((e) => compileExpr(e)(row)), ['a', 42, 21]);
});

t.test('no fusion across a star, a whole-row function or an unknown column', async (t) => {
  t.equal(fuseProjections([{ kind: 'star' }], [col('a')]), undefined);
  t.equal(fuseProjections([col('a')], [col('b')]), undefined);
  t.equal(fuseProjections([col('a')], [{ kind: 'udf', name: 'f', fn: (r: unknown) => r, args: [], wholeRow: true }]), undefined);
});
