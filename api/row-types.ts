// Type-level row inference for DataFrame<T>: what select/withColumn produce, and which column names are valid.
import type { Column } from './column';

declare const colRefBrand: unique symbol;

/**
 * Marker value type of `col(name)`: "the type of column P of the input row". It is resolved
 * against the frame's row type by SelectRow/ColumnValue, and survives alias(), so
 * `col('a').alias('b')` selects `{ b: T['a'] }`.
 */
export interface ColRef<P extends string = string> {
  readonly [colRefBrand]: P;
}

/** A column given by name or as a Column. */
export type ColumnLike = string | Column<any, any>;

/** Merges an intersection into one object type (for readable hovers). */
export type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** Last part of a dotted name: Spark names col('a.b') 'b'. */
export type LastPart<S extends string> = S extends `${string}.${infer R}` ? LastPart<R> : S;

/** The type at a (possibly dotted) column path of T; unknown when T does not say. */
export type PathValue<T, P extends string> =
  P extends keyof T ? T[P]
  : P extends `${infer H}.${infer R}` ? (H extends keyof T ? PathValue<NonNullable<T[H]>, R> : unknown)
  : unknown;

/** True when P names a column (or a nested field) of T; always true for an open row type. */
export type HasPath<T, P extends string> =
  unknown extends T ? true
  : string extends keyof T ? true
  : P extends '*' ? true
  : P extends keyof T ? true
  : P extends `${infer H}.${infer R}` ? (H extends keyof T ? HasPath<NonNullable<T[H]>, R> : false)
  : false;

/** Replaces ColRef markers inside a value type by the row's column types (also inside arrays). */
export type Resolve<T, V> =
  V extends ColRef<infer P> ? PathValue<T, P>
  : V extends readonly (infer E)[] ? (E extends ColRef<any> ? Resolve<T, E>[] : V)
  : V;

type RefsValid<T, V> = V extends ColRef<infer P> ? HasPath<T, P> : V extends readonly ColRef<infer Q>[] ? HasPath<T, Q> : true;

/**
 * C itself when it names columns of T, otherwise a string literal type that explains the mistake
 * (so the argument fails to type-check at the call site).
 */
export type ValidColumn<T, C> =
  C extends string ? (HasPath<T, C> extends true ? C : `Column "${C}" does not exist`)
  : C extends Column<infer V, any> ? (false extends RefsValid<T, V> ? 'Column refers to a column that does not exist' : C)
  : C;

/** ValidColumn applied to each element of a column list. */
export type ValidColumns<T, C extends readonly unknown[]> = { [K in keyof C]: ValidColumn<T, C[K]> };

/** The value type a column has over rows of T. */
export type ColumnValue<T, C> =
  C extends string ? PathValue<T, C>
  : C extends Column<infer V, any> ? Resolve<T, V>
  : unknown;

/** The output name of a column: a string 'a.b' is named 'b'. */
export type ColumnName<C> = C extends string ? LastPart<C> : C extends Column<any, infer N> ? N : string;

type Entry<T, C> =
  C extends '*' ? T
  : C extends string ? { [K in LastPart<C>]: PathValue<T, C> }
  : C extends Column<infer V, infer N> ? { [K in N]: Resolve<T, V> }
  : {};

type Entries<T, C extends readonly unknown[]> =
  C extends readonly [infer H, ...infer R] ? Entry<T, H> & Entries<T, R> : {};

/**
 * Row type of `select(...cols)` over rows of T: `'a'` or `col('a')` → `{ a: T['a'] }`,
 * `Column<V, N>` → `{ [N]: V }`, all merged into one object type.
 * @example SelectRow<{ a: number; b: string }, ['a', Column<boolean, 'ok'>]> = { a: number; ok: boolean }
 */
export type SelectRow<T, C extends readonly unknown[]> =
  number extends C['length'] ? Record<string, unknown> : Flatten<Entries<T, C>>;

/** Row type after `withColumn(N, value)`: replaces or adds column N. */
export type WithColumnRow<T, N extends string, V> = Flatten<Omit<T, N> & { [K in N]: V }>;

/** Row type after `withColumnRenamed(from, to)`. */
export type RenamedRow<T, From extends string, To extends string> =
  From extends keyof T ? Flatten<Omit<T, From> & { [K in To]: T[From] }> : T;

/** Row type after `drop(...names)`. */
export type DropRow<T, Names extends string> = Flatten<Omit<T, Names>>;

/** The JS value type of a literal as a column name (Spark names lit(1) '1'); string when not a literal type. */
export type LitName<V> =
  V extends null | undefined ? 'NULL'
  : V extends string ? (string extends V ? string : V)
  : V extends number ? (number extends V ? string : `${V}`)
  : V extends boolean ? (boolean extends V ? string : `${V}`)
  : string;

/** Widens literal types (lit(1) is a number column, not a column of the type 1). */
export type Widen<V> = V extends string ? string : V extends number ? number : V extends boolean ? boolean : V extends bigint ? bigint : V;

/** The value type of a method argument: a Column's value, or the plain value itself (widened). */
export type ArgValue<X> = X extends Column<infer V, any> ? V : Widen<X>;

/** Spark's name of a one-argument function/aggregate call when the argument is a column name. */
export type CallName<F extends string, A> = A extends string ? (string extends A ? string : `${F}(${A})`) : string;
