// The shape of a scalar function in the registry, and small helpers the function modules share.
import type { Evaluator, Expr } from '../expr';
import type { DataType } from '../types';

/** What a function may need from the query at evaluation time. */
export interface FunctionContext {
  /** Trigger time of the running epoch (current_timestamp()); a function, so one closure serves every epoch. */
  batchTimestampMs(): number;
}

/**
 * One scalar function, by Spark's lower-case name.
 * - `eval` gets the argument values positionally (missing optional arguments are undefined);
 *   when `variadic`, it gets one array instead (reused across rows: never keep it).
 * - `nullSafe` false (the default): any null argument gives null without calling `eval`.
 * - `compile`, when present, replaces `eval`-based evaluation (constant folding, batch time).
 */
export interface ScalarFunction {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly returnType: (argTypes: readonly DataType[]) => DataType;
  readonly eval?: (...args: any[]) => unknown;
  readonly variadic?: boolean;
  readonly nullSafe?: boolean;
  readonly compile?: (args: readonly Evaluator[], exprs: readonly Expr[], ctx: FunctionContext) => Evaluator;
  /** One line for docs and error notes, e.g. 'substring(str, pos[, len])'. */
  readonly signature: string;
}

export type ReturnType = DataType | ((argTypes: readonly DataType[]) => DataType);

/** Builds a registry entry; `sig` is the documented call form, e.g. 'lpad(str, len[, pad])'. */
export function fn(
  sig: string,
  minArgs: number,
  maxArgs: number,
  returnType: ReturnType,
  evalFn: ((...args: any[]) => unknown) | undefined,
  opts: { variadic?: boolean; nullSafe?: boolean; compile?: ScalarFunction['compile'] } = {},
): ScalarFunction {
  const name = sig.slice(0, sig.indexOf('(')).trim();
  return Object.freeze({
    name,
    minArgs,
    maxArgs,
    returnType: typeof returnType === 'function' ? returnType : () => returnType,
    eval: evalFn,
    signature: sig,
    ...opts,
  });
}

/** Result type = the first argument's type. */
export const sameAsFirst = (t: readonly DataType[]): DataType => t[0] ?? 'any';

/** Result type = the first argument type that is known (coalesce, greatest). */
export const firstKnown = (t: readonly DataType[]): DataType => t.find((x) => x !== 'any') ?? 'any';
