// The scalar function registry: Spark names → arity, result type and implementation (plan/fns/*).
import { AnalysisError, closestName } from '../common/errors';
import type { AggFn, Expr } from './expr';
import type { DataType } from './types';
import type { ScalarFunction } from './fns/define';
import { DATE_FUNCTIONS } from './fns/dates';
import { MATH_FUNCTIONS } from './fns/math';
import { MISC_FUNCTIONS } from './fns/misc';
import { STRING_FUNCTIONS } from './fns/strings';

export type { FunctionContext, ScalarFunction } from './fns/define';

const REGISTRY = new Map<string, ScalarFunction>();
for (const f of [...STRING_FUNCTIONS, ...MATH_FUNCTIONS, ...DATE_FUNCTIONS, ...MISC_FUNCTIONS]) REGISTRY.set(f.name, f);

/** Spark's other names for the same function. */
const ALIASES: Readonly<Record<string, string>> = {
  substr: 'substring', ucase: 'upper', lcase: 'lower', char_length: 'length', character_length: 'length',
  len: 'length', power: 'pow', ceiling: 'ceil', sign: 'signum', day: 'dayofmonth', regexp_like: 'rlike',
  regexp: 'rlike', starts_with: 'startswith', ends_with: 'endswith',
};

/** Aggregate functions by their SQL name (used by the parser and for "did you mean"). */
export const AGGREGATE_NAMES: Readonly<Record<string, AggFn>> = {
  count: 'count', sum: 'sum', avg: 'avg', mean: 'avg', min: 'min', max: 'max', first: 'first', last: 'last',
  first_value: 'first', last_value: 'last', collect_list: 'collect_list', collect_set: 'collect_set',
  approx_count_distinct: 'approx_count_distinct', count_distinct: 'count_distinct',
};

/** Function-like names that are planned into operators rather than evaluated per row. */
export const PLANNED_NAMES: readonly string[] = ['window', 'session_window'];

/** Spark's display names where they differ from the lower-case name (math functions print in upper case). */
const PRETTY: Readonly<Record<string, string>> = {
  floor: 'FLOOR', ceil: 'CEIL', ceiling: 'CEIL', sqrt: 'SQRT', cbrt: 'CBRT', exp: 'EXP', log10: 'LOG10', log2: 'LOG2',
  signum: 'SIGNUM', sign: 'SIGNUM', pow: 'POWER', power: 'POWER',
};

/** The name Spark prints for a call, e.g. 'FLOOR' for floor. */
export function prettyName(fn: string): string {
  return PRETTY[fn] ?? fn;
}

/** Every registered scalar function name (canonical names, then aliases). */
export function functionNames(): string[] {
  return [...REGISTRY.keys(), ...Object.keys(ALIASES)];
}

export function hasFunction(name: string): boolean {
  const n = name.toLowerCase();
  return REGISTRY.has(n) || n in ALIASES;
}

/**
 * The scalar function called `name` (case-insensitive, aliases allowed).
 * @throws AnalysisError UNKNOWN_FUNCTION naming the closest known function
 * @example lookupFunction('upper').returnType(['string']) === 'string'
 */
export function lookupFunction(name: string): ScalarFunction {
  const n = name.toLowerCase();
  const f = REGISTRY.get(ALIASES[n] ?? n);
  if (f !== undefined) return f;
  const candidates = [...functionNames(), ...Object.keys(AGGREGATE_NAMES), ...PLANNED_NAMES];
  const near = closestName(n, candidates);
  throw new AnalysisError('UNKNOWN_FUNCTION', `Function "${name}" does not exist. ` +
    (near !== undefined ? `Note: did you mean "${near}"?` : 'Note: see the list of supported functions in docs/API.md.'),
  { functionName: name, suggestion: near });
}

/**
 * Checks the number of arguments of a call.
 * @throws AnalysisError WRONG_NUM_ARGS quoting the expected signature
 */
export function checkArity(name: string, count: number): ScalarFunction {
  const f = lookupFunction(name);
  if (count < f.minArgs || count > f.maxArgs) {
    const expected = f.minArgs === f.maxArgs ? `${f.minArgs}` : f.maxArgs === Infinity ? `at least ${f.minArgs}` : `${f.minArgs} to ${f.maxArgs}`;
    throw new AnalysisError('WRONG_NUM_ARGS', `Function "${name}" takes ${expected} argument(s) but was given ${count}. ` +
      `Note: call it as ${f.signature}.`, { functionName: name });
  }
  return f;
}

/**
 * A frozen `call` node after checking the name and arity; the name is kept as written (lower case) for naming.
 * @example makeCall('upper', [{ kind: 'col', name: 'a' }])
 */
export function makeCall(name: string, args: readonly Expr[]): Expr {
  checkArity(name, args.length);
  return Object.freeze({ kind: 'call', fn: name.toLowerCase(), args: Object.freeze([...args]) });
}

/** Result type of a call given its argument types. */
export function callType(name: string, argTypes: readonly DataType[]): DataType {
  return lookupFunction(name).returnType(argTypes);
}
