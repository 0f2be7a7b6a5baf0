// Generates straight-line JS for hot expressions (columns, fields, literals, arithmetic, comparisons, logic):
// V8 inlines it, where a tree of closures costs a call per node. Anything else falls back to compile.ts.
import { compileExpr, type CompileContext } from './compile';
import type { Evaluator, Expr } from './expr';

const IDENT = /^[A-Za-z_$][\w$]*$/;
const NUMERIC_OPS = new Set(['+', '-', '*', '<', '<=', '>', '>=']);

/** A piece of generated code plus the closures and temporaries it refers to. */
interface Gen {
  readonly fallbacks: Evaluator[];
  temps: number;
}

/**
 * Compiles expressions to one generated function each; semantics equal compileExpr's (the
 * generated code takes a fast path for numbers and booleans, and calls the compiled closure of
 * the same node for every other case).
 * @example generateEvaluators([col('a').plus(1).expr], {})[0]({ a: 1 }) === 2
 */
export function generateEvaluators(exprs: readonly Expr[], ctx?: CompileContext): Evaluator[] {
  return exprs.map((e) => {
    const g: Gen = { fallbacks: [], temps: 0 };
    const body = gen(e, g, ctx);
    const temps = Array.from({ length: g.temps }, (_, i) => `t${i}`);
    const src = `${temps.length ? `let ${temps.join(', ')};` : ''} return ${body};`;
    // eslint-disable-next-line no-new-func
    return new Function('fb', `return function generated(r) { ${src} };`)(g.fallbacks) as Evaluator;
  });
}

function fallback(e: Expr, g: Gen, ctx?: CompileContext): string {
  g.fallbacks.push(compileExpr(e, ctx));
  return `fb[${g.fallbacks.length - 1}](r)`;
}

function temp(g: Gen): string {
  return `t${g.temps++}`;
}

function gen(e: Expr, g: Gen, ctx?: CompileContext): string {
  switch (e.kind) {
    case 'alias':
      return gen(e.child, g, ctx);
    case 'col': {
      if (!IDENT.test(e.name)) return fallback(e, g, ctx);
      const t = temp(g);
      return `((${t} = r.${e.name}) === undefined ? null : ${t})`;
    }
    case 'getField': {
      if (!IDENT.test(e.field)) return fallback(e, g, ctx);
      const o = temp(g);
      const v = temp(g);
      return `((${o} = ${gen(e.child, g, ctx)}) === null || typeof ${o} !== 'object' ? null : ((${v} = ${o}.${e.field}) === undefined ? null : ${v}))`;
    }
    case 'lit': {
      const v = e.value;
      if (v === null || typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return JSON.stringify(v);
      return fallback(e, g, ctx);
    }
    case 'binary': {
      if (!isPure(e)) return fallback(e, g, ctx);
      const a = temp(g);
      const b = temp(g);
      const left = gen(e.left, g, ctx);
      const right = gen(e.right, g, ctx);
      const slow = fallback(e, g, ctx);
      // NaN takes the slow path: Spark orders NaN above every number and NaN = NaN is true.
      const numbers = `typeof (${a} = ${left}) === 'number' && typeof (${b} = ${right}) === 'number' && ${a} === ${a} && ${b} === ${b}`;
      if (NUMERIC_OPS.has(e.op)) return `(${numbers} ? ${a} ${e.op} ${b} : ${slow})`;
      if (e.op === '==') return `(${numbers} ? ${a} === ${b} : ${slow})`;
      if (e.op === '!=') return `(${numbers} ? ${a} !== ${b} : ${slow})`;
      if (e.op === '/' || e.op === '%') return `(${numbers} && ${b} !== 0 ? ${a} ${e.op} ${b} : ${slow})`;
      if (e.op === 'and' || e.op === 'or') {
        const bools = `typeof (${a} = ${left}) === 'boolean' && typeof (${b} = ${right}) === 'boolean'`;
        return `(${bools} ? ${a} ${e.op === 'and' ? '&&' : '||'} ${b} : ${slow})`;
      }
      return slow;
    }
    case 'not': {
      if (!isPure(e)) return fallback(e, g, ctx);
      const a = temp(g);
      return `(typeof (${a} = ${gen(e.child, g, ctx)}) === 'boolean' ? !${a} : ${fallback(e, g, ctx)})`;
    }
    default:
      return fallback(e, g, ctx);
  }
}

/** No user function below: re-evaluating the node in the slow path is safe. */
function isPure(e: Expr): boolean {
  switch (e.kind) {
    case 'udf': return false;
    case 'col': case 'lit': case 'star': return true;
    case 'binary': return isPure(e.left) && isPure(e.right);
    case 'alias': case 'not': case 'negate': case 'isNull': case 'cast': case 'getField': return isPure(e.child);
    case 'call': return e.args.every(isPure) && e.fn !== 'rand' && e.fn !== 'randn' && e.fn !== 'uuid';
    default: return false;
  }
}
