// Turns Expr trees into row closures, built once per query, with Spark's (non-ANSI) null semantics.
import { TidemarkError } from '../common/errors';
import { castFunction } from './cast';
import type { BinaryOp, Evaluator, Expr } from './expr';
import { exprType } from './expr-util';
import { checkArity, type FunctionContext } from './functions';
import type { Row, Schema } from './types';
import { compareValues, isNull, toNumber, valuesEqual } from './values';

export type { Evaluator } from './expr';

/** What compiled closures may read from the running query. */
export interface CompileContext {
  /** Trigger time of the current epoch, for current_timestamp(); read per row, so one closure serves all epochs. */
  batchTimestampMs?: () => number;
  /** Input schema, when known: lets casts render timestamp and date columns as Spark does. */
  schema?: Schema;
}

/**
 * Compiles an expression into `(row) => value`. Null (or a missing field) propagates through
 * arithmetic, comparisons and most functions; and/or are three-valued; x / 0 and x % 0 are null.
 * @example compileExpr(col('a') + 1)({ a: 2 }) === 3
 */
export function compileExpr(e: Expr, ctx: CompileContext = {}): Evaluator {
  const fctx: FunctionContext = { batchTimestampMs: ctx.batchTimestampMs ?? Date.now };
  return compile(e, ctx, fctx);
}

/**
 * Compiles a condition: true keeps the row, false and null drop it (as in a Spark filter).
 * @example compilePredicate(isNull(col('a')))({}) === true
 */
export function compilePredicate(e: Expr, ctx: CompileContext = {}): (row: Row) => boolean {
  const f = compileExpr(e, ctx);
  return (row) => f(row) === true;
}

function compile(e: Expr, ctx: CompileContext, fctx: FunctionContext): Evaluator {
  const c = (x: Expr): Evaluator => compile(x, ctx, fctx);
  switch (e.kind) {
    case 'col': return compileColumn(e.name);
    case 'lit': {
      const v = e.value === undefined ? null : e.value;
      return () => v;
    }
    case 'alias': return c(e.child);
    case 'sortOrder': return c(e.child);
    case 'binary': return compileBinary(e.op, c(e.left), c(e.right));
    case 'not': {
      const a = c(e.child);
      return (row) => { const v = a(row); return isNull(v) ? null : !v; };
    }
    case 'negate': {
      const a = c(e.child);
      return (row) => {
        const v = a(row);
        if (typeof v === 'number') return -v;
        if (typeof v === 'bigint') return -v;
        const n = isNull(v) ? null : toNumber(v);
        return n === null ? null : -n;
      };
    }
    case 'isNull': {
      const a = c(e.child);
      return e.negated ? (row) => !isNull(a(row)) : (row) => isNull(a(row));
    }
    case 'in': return compileIn(c(e.child), e.values, c);
    case 'between': {
      const ge = compileBinary('>=', c(e.child), c(e.lower));
      const le = compileBinary('<=', c(e.child), c(e.upper));
      return compileBinary('and', ge, le);
    }
    case 'cast': {
      const a = c(e.child);
      const conv = castFunction(e.to, exprType(e.child, ctx.schema));
      return (row) => conv(a(row));
    }
    case 'getField': {
      const a = c(e.child);
      const field = e.field;
      return (row) => {
        const v = a(row);
        if (v === null || typeof v !== 'object') return null;
        const r = (v as Record<string, unknown>)[field];
        return r === undefined ? null : r;
      };
    }
    case 'case': {
      const conds = e.branches.map((b) => c(b[0]));
      const vals = e.branches.map((b) => c(b[1]));
      const other = e.otherwise === undefined ? () => null : c(e.otherwise);
      const n = conds.length;
      return (row) => {
        for (let i = 0; i < n; i++) if (conds[i](row) === true) return vals[i](row);
        return other(row);
      };
    }
    case 'call': return compileCall(e.fn, e.args, e.args.map(c), fctx);
    case 'udf': {
      const fn = e.fn;
      if (e.wholeRow) return (row) => fn(row);
      const args = e.args.map(c);
      if (args.length === 1) { const a = args[0]; return (row) => fn(a(row)); }
      if (args.length === 2) { const [a, b] = args; return (row) => fn(a(row), b(row)); }
      return (row) => fn(...args.map((a) => a(row)));
    }
    case 'star': case 'agg': case 'window': case 'sessionWindow':
      throw new TidemarkError('EXPR_NOT_COMPILABLE', 'internal', `A "${e.kind}" expression reached the row compiler. ` +
        'Note: this is a planner bug: aggregates and windows must be planned into operators and stars expanded before compiling.', { exprKind: e.kind });
  }
}

/** 'a' reads row.a; 'a.b' reads row['a.b'] when present, else the nested field row.a.b. Missing → null. */
export function compileColumn(name: string): Evaluator {
  const dot = name.indexOf('.');
  if (dot < 0) return (row) => { const v = row[name]; return v === undefined ? null : v; };
  const parts = name.split('.');
  return (row) => {
    const flat = row[name];
    if (flat !== undefined) return flat;
    let o: unknown = row;
    for (let i = 0; i < parts.length; i++) {
      if (o === null || typeof o !== 'object') return null;
      o = (o as Record<string, unknown>)[parts[i]];
    }
    return o === undefined ? null : o;
  };
}

function arith(op: BinaryOp, a: unknown, b: unknown): unknown {
  if (isNull(a) || isNull(b)) return null;
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    switch (op) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/': return b === 0n ? null : Number(a) / Number(b);
      default: return b === 0n ? null : a % b;
    }
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (x === null || y === null) return null;
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': return y === 0 ? null : x / y;
    default: return y === 0 ? null : x % y;
  }
}

function cmp(a: unknown, b: unknown): number | null {
  if (isNull(a) || isNull(b)) return null;
  return compareValues(a, b);
}

function eq(a: unknown, b: unknown): boolean | null {
  if (isNull(a) || isNull(b)) return null;
  return valuesEqual(a, b);
}

/** One closure per operator, with a fast path for two plain numbers. */
function compileBinary(op: BinaryOp, l: Evaluator, r: Evaluator): Evaluator {
  switch (op) {
    case '+': return (row) => { const a = l(row), b = r(row); return typeof a === 'number' && typeof b === 'number' ? a + b : arith(op, a, b); };
    case '-': return (row) => { const a = l(row), b = r(row); return typeof a === 'number' && typeof b === 'number' ? a - b : arith(op, a, b); };
    case '*': return (row) => { const a = l(row), b = r(row); return typeof a === 'number' && typeof b === 'number' ? a * b : arith(op, a, b); };
    case '/': return (row) => { const a = l(row), b = r(row); return typeof a === 'number' && typeof b === 'number' && b !== 0 ? a / b : arith(op, a, b); };
    case '%': return (row) => { const a = l(row), b = r(row); return typeof a === 'number' && typeof b === 'number' && b !== 0 ? a % b : arith(op, a, b); };
    case '==': return (row) => {
      const a = l(row), b = r(row);
      return typeof a === typeof b && (typeof a === 'string' || (typeof a === 'number' && a === a)) ? a === b : eq(a, b);
    };
    case '!=': return (row) => {
      const a = l(row), b = r(row);
      if (typeof a === typeof b && (typeof a === 'string' || (typeof a === 'number' && a === a))) return a !== b;
      const v = eq(a, b);
      return v === null ? null : !v;
    };
    case '<=>': return (row) => {
      const a = l(row), b = r(row);
      const an = isNull(a), bn = isNull(b);
      return an || bn ? an && bn : valuesEqual(a, b);
    };
    case '<': return (row) => { const a = l(row), b = r(row); if (typeof a === 'number' && typeof b === 'number' && a === a && b === b) return a < b; const c = cmp(a, b); return c === null ? null : c < 0; };
    case '<=': return (row) => { const a = l(row), b = r(row); if (typeof a === 'number' && typeof b === 'number' && a === a && b === b) return a <= b; const c = cmp(a, b); return c === null ? null : c <= 0; };
    case '>': return (row) => { const a = l(row), b = r(row); if (typeof a === 'number' && typeof b === 'number' && a === a && b === b) return a > b; const c = cmp(a, b); return c === null ? null : c > 0; };
    case '>=': return (row) => { const a = l(row), b = r(row); if (typeof a === 'number' && typeof b === 'number' && a === a && b === b) return a >= b; const c = cmp(a, b); return c === null ? null : c >= 0; };
    case 'and': return (row) => {
      const a = l(row);
      if (a === false) return false;
      const b = r(row);
      if (b === false) return false;
      return isNull(a) || isNull(b) ? null : true;
    };
    case 'or': return (row) => {
      const a = l(row);
      if (a === true) return true;
      const b = r(row);
      if (b === true) return true;
      return isNull(a) || isNull(b) ? null : false;
    };
  }
}

/** x IN (...): true if found; null if x is null, or not found and the list holds a null; else false. */
function compileIn(child: Evaluator, values: readonly Expr[], c: (x: Expr) => Evaluator): Evaluator {
  const allLits = values.every((v) => v.kind === 'lit');
  if (allLits) {
    const lits = values.map((v) => (v as { value: unknown }).value);
    const hasNull = lits.some(isNull);
    const set = new Set(lits.filter((v) => !isNull(v)));
    const types = new Set([...set].map((v) => typeof v));
    const onlyType = types.size === 1 ? [...types][0] : undefined;
    return (row) => {
      const v = child(row);
      if (isNull(v)) return null;
      if (set.has(v)) return true;
      if (typeof v !== onlyType || (typeof v === 'number' && Number.isNaN(v)) || typeof v === 'object') {
        for (const x of set) if (valuesEqual(v, x)) return true;
      }
      return hasNull ? null : false;
    };
  }
  const evs = values.map(c);
  return (row) => {
    const v = child(row);
    if (isNull(v)) return null;
    let sawNull = false;
    for (const ev of evs) {
      const x = ev(row);
      if (isNull(x)) sawNull = true;
      else if (valuesEqual(v, x)) return true;
    }
    return sawNull ? null : false;
  };
}

function compileCall(name: string, exprs: readonly Expr[], args: Evaluator[], fctx: FunctionContext): Evaluator {
  const f = checkArity(name, args.length);
  if (f.compile !== undefined) return f.compile(args, exprs, fctx);
  const ev = f.eval!;
  const safe = f.nullSafe === true;
  const n = args.length;
  if (f.variadic) {
    const buf = new Array<unknown>(n);
    return (row) => {
      for (let i = 0; i < n; i++) {
        const v = args[i](row);
        if (!safe && isNull(v)) return null;
        buf[i] = v;
      }
      return ev(buf);
    };
  }
  switch (n) {
    case 0: return () => ev();
    case 1: {
      const [a] = args;
      return safe ? (row) => ev(a(row)) : (row) => { const x = a(row); return isNull(x) ? null : ev(x); };
    }
    case 2: {
      const [a, b] = args;
      return safe ? (row) => ev(a(row), b(row)) : (row) => {
        const x = a(row);
        if (isNull(x)) return null;
        const y = b(row);
        return isNull(y) ? null : ev(x, y);
      };
    }
    default:
      return (row) => {
        const vs = new Array<unknown>(n);
        for (let i = 0; i < n; i++) {
          const v = args[i](row);
          if (!safe && isNull(v)) return null;
          vs[i] = v;
        }
        return ev(...vs);
      };
  }
}
