// Frozen expression nodes: what Column wraps, what the analyzer checks, what compile.ts turns into closures.
import type { DataType, Row } from './types';

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | '==' | '!=' | '<' | '<=' | '>' | '>=' | '<=>'
  | 'and' | 'or';

export type AggFn =
  | 'count' | 'sum' | 'avg' | 'min' | 'max' | 'first' | 'last'
  | 'collect_list' | 'collect_set' | 'approx_count_distinct' | 'count_distinct';

export type Expr =
  /** A column reference; `name` may be qualified ('l.key') or a nested path resolved by the analyzer. */
  | { readonly kind: 'col'; readonly name: string }
  | { readonly kind: 'star' }
  | { readonly kind: 'lit'; readonly value: unknown }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'not'; readonly child: Expr }
  | { readonly kind: 'negate'; readonly child: Expr }
  | { readonly kind: 'isNull'; readonly child: Expr; readonly negated: boolean }
  | { readonly kind: 'in'; readonly child: Expr; readonly values: readonly Expr[] }
  | { readonly kind: 'between'; readonly child: Expr; readonly lower: Expr; readonly upper: Expr }
  | { readonly kind: 'cast'; readonly child: Expr; readonly to: DataType }
  | { readonly kind: 'alias'; readonly child: Expr; readonly name: string }
  | { readonly kind: 'getField'; readonly child: Expr; readonly field: string }
  | { readonly kind: 'case'; readonly branches: readonly (readonly [Expr, Expr])[]; readonly otherwise?: Expr }
  /** A scalar function from the function registry (plan/functions.ts), by Spark's name in lower case. */
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[] }
  /** An aggregate; only valid inside groupBy().agg(). */
  | { readonly kind: 'agg'; readonly fn: AggFn; readonly args: readonly Expr[]; readonly distinct?: boolean }
  /** window(timeCol, size, slide, start): one row per window the time falls in (explodes when sliding). */
  | { readonly kind: 'window'; readonly timeCol: Expr; readonly sizeMs: number; readonly slideMs: number; readonly startMs: number }
  | { readonly kind: 'sessionWindow'; readonly timeCol: Expr; readonly gapMs: number }
  /** A TypeScript function of the whole row (filter/map lambdas) or of argument values. */
  | { readonly kind: 'udf'; readonly name: string; readonly fn: (...args: any[]) => unknown; readonly args: readonly Expr[]; readonly wholeRow?: boolean }
  | { readonly kind: 'sortOrder'; readonly child: Expr; readonly ascending: boolean; readonly nullsFirst: boolean };

/** A compiled expression: evaluates against one row. */
export type Evaluator = (row: Row) => unknown;
