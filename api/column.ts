// Column: an immutable, typed wrapper around an Expr, with Spark's Column methods.
import { AnalysisError } from '../common/errors';
import { type CastTypeName, parseTypeName } from '../plan/cast';
import type { BinaryOp, Expr } from '../plan/expr';
import { sqlOf } from '../plan/expr-util';
import { makeCall } from '../plan/functions';
import type { WindowValue } from '../plan/types';
import type { ArgValue, ColRef, ColumnLike, LastPart } from './row-types';

export type { ColumnLike } from './row-types';

/** The JS value type a cast produces. */
export type CastValue<T extends string> =
  T extends 'string' | 'varchar' | 'char' | 'text' ? string
  : T extends 'boolean' | 'bool' ? boolean
  : T extends 'bigint' ? bigint
  : T extends 'window' ? WindowValue
  : T extends 'array' ? unknown[]
  : T extends 'any' | 'struct' ? unknown
  : number;

/** The value type of field F of a value type V (a ColRef extends its path). */
export type FieldValue<V, F extends string> =
  V extends ColRef<infer P> ? ColRef<`${P}.${F}`>
  : V extends object ? (F extends keyof V ? V[F] : unknown)
  : unknown;

/** Spark's name of getField: the child's SQL text, a dot, the field. */
export type FieldName<V, N extends string, F extends string> =
  V extends ColRef<infer P> ? (LastPart<P> extends N ? `${P}.${F}` : `${N}.${F}`) : `${N}.${F}`;

/** Freezes a node: plan nodes are immutable. */
export function node<E extends Expr>(e: E): E {
  return Object.freeze(e);
}

/** A literal node; a Date becomes epoch ms (the engine's timestamp representation). */
export function litExpr(v: unknown): Expr {
  return node({ kind: 'lit', value: v instanceof Date ? v.getTime() : v === undefined ? null : v });
}

/**
 * The Expr of a column-like argument: a string is a column name ('*' is all columns), a Column
 * gives its expr, any other value is a literal.
 * @example toExpr('price') // { kind: 'col', name: 'price' }
 */
export function toExpr(c: ColumnLike | unknown): Expr {
  if (typeof c === 'string') return c === '*' ? node({ kind: 'star' }) : node({ kind: 'col', name: c });
  if (c instanceof Column) return c.expr;
  return litExpr(c);
}

/** The Expr of a value argument: a Column gives its expr; anything else (strings too) is a literal. */
export function valueExpr(v: unknown): Expr {
  return v instanceof Column ? v.expr : litExpr(v);
}

/**
 * A column expression. `V` is its value type (a ColRef while it is an input column not yet
 * resolved against a row type), `N` its output name.
 * @example col('price').multiply(2).alias('double')
 */
export class Column<V = unknown, N extends string = string> {
  /** Type-only: the value type. */
  declare readonly __value: V;
  /** Type-only: the output name. */
  declare readonly __name: N;
  readonly expr: Expr;

  constructor(expr: Expr) {
    this.expr = Object.isFrozen(expr) ? expr : Object.freeze(expr);
    Object.freeze(this);
  }

  private bin<R>(op: BinaryOp, other: unknown): Column<R, string> {
    return new Column(node({ kind: 'binary', op, left: this.expr, right: valueExpr(other) }));
  }

  plus(other: unknown): Column<number, string> { return this.bin('+', other); }
  minus(other: unknown): Column<number, string> { return this.bin('-', other); }
  multiply(other: unknown): Column<number, string> { return this.bin('*', other); }
  divide(other: unknown): Column<number, string> { return this.bin('/', other); }
  mod(other: unknown): Column<number, string> { return this.bin('%', other); }
  eq(other: unknown): Column<boolean, string> { return this.bin('==', other); }
  equalTo(other: unknown): Column<boolean, string> { return this.bin('==', other); }
  neq(other: unknown): Column<boolean, string> { return this.bin('!=', other); }
  notEqual(other: unknown): Column<boolean, string> { return this.bin('!=', other); }
  gt(other: unknown): Column<boolean, string> { return this.bin('>', other); }
  geq(other: unknown): Column<boolean, string> { return this.bin('>=', other); }
  lt(other: unknown): Column<boolean, string> { return this.bin('<', other); }
  leq(other: unknown): Column<boolean, string> { return this.bin('<=', other); }
  /** Null-safe equality (`<=>`): null <=> null is true, null <=> x is false. */
  eqNullSafe(other: unknown): Column<boolean, string> { return this.bin('<=>', other); }
  and(other: unknown): Column<boolean, string> { return this.bin('and', other); }
  or(other: unknown): Column<boolean, string> { return this.bin('or', other); }
  not(): Column<boolean, string> { return new Column(node({ kind: 'not', child: this.expr })); }
  negate(): Column<number, string> { return new Column(node({ kind: 'negate', child: this.expr })); }

  isNull(): Column<boolean, string> { return new Column(node({ kind: 'isNull', child: this.expr, negated: false })); }
  isNotNull(): Column<boolean, string> { return new Column(node({ kind: 'isNull', child: this.expr, negated: true })); }
  isNaN(): Column<boolean, string> { return new Column(makeCall('isnan', [this.expr])); }

  /** `x IN (values)`; also accepts one array of values. */
  isin(...values: unknown[]): Column<boolean, string> {
    const list = values.length === 1 && Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
    return new Column(node({ kind: 'in', child: this.expr, values: Object.freeze(list.map(valueExpr)) }));
  }

  /** `lower <= x AND x <= upper` (inclusive, like Spark). */
  between(lower: unknown, upper: unknown): Column<boolean, string> {
    return new Column(node({ kind: 'between', child: this.expr, lower: valueExpr(lower), upper: valueExpr(upper) }));
  }

  /** Spark's cast; type names like 'int', 'long', 'double' map to number, 'timestamp' to epoch ms. */
  cast<T extends CastTypeName>(type: T): Column<CastValue<T>, string> {
    return new Column(node({ kind: 'cast', child: this.expr, to: parseTypeName(type) }));
  }

  alias<A extends string>(name: A): Column<V, A> {
    const child = this.expr.kind === 'alias' ? this.expr.child : this.expr;
    return new Column(node({ kind: 'alias', child, name }));
  }

  as<A extends string>(name: A): Column<V, A> { return this.alias(name); }
  name<A extends string>(name: A): Column<V, A> { return this.alias(name); }

  /** Ascending sort key, nulls first (Spark's default). */
  asc(): Column<V, N> { return this.sort(true, true); }
  ascNullsFirst(): Column<V, N> { return this.sort(true, true); }
  ascNullsLast(): Column<V, N> { return this.sort(true, false); }
  /** Descending sort key, nulls last (Spark's default). */
  desc(): Column<V, N> { return this.sort(false, false); }
  descNullsFirst(): Column<V, N> { return this.sort(false, true); }
  descNullsLast(): Column<V, N> { return this.sort(false, false); }

  private sort(ascending: boolean, nullsFirst: boolean): Column<V, N> {
    const child = this.expr.kind === 'sortOrder' ? this.expr.child : this.expr;
    return new Column(node({ kind: 'sortOrder', child, ascending, nullsFirst }));
  }

  /** A field of a struct value, e.g. `col('window').getField('start')`. */
  getField<F extends string>(field: F): Column<FieldValue<V, F>, FieldName<V, N, F>> {
    return new Column(node({ kind: 'getField', child: this.expr, field }));
  }

  startsWith(prefix: unknown): Column<boolean, string> { return this.call('startswith', prefix); }
  endsWith(suffix: unknown): Column<boolean, string> { return this.call('endswith', suffix); }
  contains(other: unknown): Column<boolean, string> { return this.call('contains', other); }
  /** SQL LIKE: % matches any run of characters, _ one character. */
  like(pattern: unknown): Column<boolean, string> { return this.call('like', pattern); }
  ilike(pattern: unknown): Column<boolean, string> { return this.call('ilike', pattern); }
  /** Regex match anywhere in the string (Java regex syntax, run as a JS RegExp). */
  rlike(regex: unknown): Column<boolean, string> { return this.call('rlike', regex); }
  /** Substring from 1-based `startPos` of `length` characters. */
  substr(startPos: unknown, length: unknown): Column<string, string> {
    return new Column(makeCall('substring', [this.expr, valueExpr(startPos), valueExpr(length)]));
  }

  private call<R>(fn: string, ...args: unknown[]): Column<R, string> {
    return new Column(makeCall(fn, [this.expr, ...args.map(valueExpr)]));
  }

  /** Adds a branch to a column built by `when(...)`. */
  when<X>(condition: Column<any, any> | boolean, value: X): Column<V | ArgValue<X>, string> {
    const e = this.caseExpr('when');
    return new Column(node({ ...e, branches: Object.freeze([...e.branches, Object.freeze([valueExpr(condition), valueExpr(value)] as const)]) }));
  }

  /** The value when no branch of a `when(...)` column matches (null otherwise). */
  otherwise<X>(value: X): Column<V | ArgValue<X>, string> {
    const e = this.caseExpr('otherwise');
    if (e.otherwise !== undefined) {
      throw new AnalysisError('INVALID_CASE_EXPRESSION', 'otherwise() was called twice on the same when(...) column. ' +
        'Note: call otherwise() once, at the end of the chain.');
    }
    return new Column(node({ ...e, otherwise: valueExpr(value) }));
  }

  private caseExpr(method: string): Extract<Expr, { kind: 'case' }> {
    if (this.expr.kind !== 'case') {
      throw new AnalysisError('INVALID_CASE_EXPRESSION', `${method}() can only be applied on a column built by when(...), not on ${JSON.stringify(sqlOf(this.expr))}. ` +
        "Note: start the chain with when(condition, value), e.g. when(col('a').gt(1), 'big').otherwise('small').");
    }
    return this.expr;
  }

  /** Spark's SQL text of this column. */
  toString(): string {
    return sqlOf(this.expr);
  }
}
