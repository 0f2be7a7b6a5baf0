// Generated evaluators agree with the closure compiler on random expressions and random values.
import t from 'tap';
import { generateEvaluators } from '../../plan/codegen';
import { compileExpr } from '../../plan/compile';
import type { BinaryOp, Expr } from '../../plan/expr';

let seed = 7;
const rand = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const VALUES: unknown[] = [0, -0, 1, -3, 2.5, NaN, Infinity, null, undefined, 'a', 'b', '10', true, false, { x: 1 }, { x: null }];
const OPS: BinaryOp[] = ['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', 'and', 'or', '<=>'];

function randomExpr(depth: number): Expr {
  const r = rand();
  if (depth === 0 || r < 0.25) return pick<Expr>([{ kind: 'col', name: 'a' }, { kind: 'col', name: 'b' }, { kind: 'lit', value: pick([1, 0, 'a', true, null, 2.5]) }, { kind: 'getField', child: { kind: 'col', name: 'o' }, field: 'x' }]);
  if (r < 0.35) return { kind: 'not', child: randomExpr(depth - 1) };
  if (r < 0.4) return { kind: 'alias', child: randomExpr(depth - 1), name: 'z' };
  return { kind: 'binary', op: pick(OPS), left: randomExpr(depth - 1), right: randomExpr(depth - 1) };
}

const same = (x: unknown, y: unknown) => Object.is(x, y) || (x === 0 && y === 0) || JSON.stringify(x) === JSON.stringify(y);

t.test('codegen equals compileExpr', async (t) => {
  let checked = 0;
  for (let i = 0; i < 400; i++) {
    const e = randomExpr(3);
    const gen = generateEvaluators([e])[0];
    let slow: ((r: Record<string, unknown>) => unknown) | undefined;
    try { slow = compileExpr(e); } catch { continue; }
    for (let j = 0; j < 20; j++) {
      const row = { a: pick(VALUES), b: pick(VALUES), o: pick(VALUES) };
      let want: unknown; let got: unknown; let wantErr = false; let gotErr = false;
      try { want = slow(row); } catch { wantErr = true; }
      try { got = gen(row); } catch { gotErr = true; }
      if (wantErr !== gotErr || (!wantErr && !same(got, want))) {
        t.fail(`${JSON.stringify(e)} on ${JSON.stringify(row)}: ${String(got)} != ${String(want)}`);
        return;
      }
      checked++;
    }
  }
  t.ok(checked > 4000, `${checked} evaluations agree`);
});
