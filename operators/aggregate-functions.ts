// Accumulators for Spark's aggregate functions; their states are plain data the runtime journals.
import { TidemarkError } from '../common/errors';
import type { AggFn, Evaluator } from '../plan/expr';
import type { Row } from '../plan/types';
import { hllAdd, hllEstimate, hllInit, hllMerge, hllPrecisionFor, HLL_DEFAULT_PRECISION, type HllState } from './hyperloglog';
import { encodeValue } from './key-encoding';
import { compareValues } from './value-order';

/**
 * One aggregate function. `update` and `merge` may mutate the state they are given and must
 * return the new state; states are plain data (numbers, arrays, objects) so msgpackr can journal
 * them. `result` never returns a value that later updates would mutate.
 */
export interface Accumulator<S = any> {
  init(): S;
  /** Adds one input value (already known not to be skipped by the caller's null rule). */
  update(s: S, v: unknown): S;
  merge(a: S, b: S): S;
  result(s: S): unknown;
}

export interface AccumulatorOptions {
  /** Aggregate only distinct input values (sum(DISTINCT x)); batch only in Spark. */
  distinct?: boolean;
  /** first/last: skip nulls (Spark's ignoreNulls argument). */
  ignoreNulls?: boolean;
  /** approx_count_distinct: maximum relative standard deviation (default: 2^12 registers). */
  rsd?: number;
}

const count: Accumulator<number> = {
  init: () => 0,
  update: (s, v) => (v === null || v === undefined ? s : s + 1),
  merge: (a, b) => a + b,
  result: (s) => s,
};

const sum: Accumulator<number | bigint | null> = {
  init: () => null,
  update: (s, v) => {
    const x = numeric(v);
    if (x === null) return s;
    if (s === null) return x;
    if (typeof s === 'bigint' && typeof x === 'bigint') return s + x;
    return Number(s) + Number(x);
  },
  merge: (a, b) => (b === null ? a : sum.update(a, b)),
  result: (s) => s,
};

/** avg state: [sum, count]. */
const avg: Accumulator<[number, number]> = {
  init: () => [0, 0],
  update: (s, v) => {
    const x = numeric(v);
    if (x === null) return s;
    s[0] += Number(x);
    s[1] += 1;
    return s;
  },
  merge: (a, b) => {
    a[0] += b[0];
    a[1] += b[1];
    return a;
  },
  result: (s) => (s[1] === 0 ? null : s[0] / s[1]),
};

function extreme(sign: 1 | -1): Accumulator<unknown> {
  const acc: Accumulator<unknown> = {
    init: () => null,
    update: (s, v) => {
      if (v === null || v === undefined) return s;
      return s === null || sign * compareValues(v, s) > 0 ? v : s;
    },
    merge: (a, b) => acc.update(a, b),
    result: (s) => s,
  };
  return acc;
}

/** first/last state: [] before any value, [value] after (the value may be null). */
function firstOrLast(last: boolean, ignoreNulls: boolean): Accumulator<unknown[]> {
  return {
    init: () => [],
    update: (s, v) => {
      if (ignoreNulls && (v === null || v === undefined)) return s;
      if (s.length === 0 || last) return [v === undefined ? null : v];
      return s;
    },
    merge: (a, b) => (b.length === 0 ? a : a.length === 0 || last ? b.slice() : a),
    result: (s) => (s.length === 0 ? null : s[0]),
  };
}

const collectList: Accumulator<unknown[]> = {
  init: () => [],
  update: (s, v) => {
    if (v !== null && v !== undefined) s.push(v);
    return s;
  },
  merge: (a, b) => {
    for (const v of b) a.push(v);
    return a;
  },
  result: (s) => s.slice(),
};

/** collect_set state: encoded value → value, in first-seen order ('k' prefix keeps keys non-numeric). */
const distinctValues: Omit<Accumulator<Record<string, unknown>>, 'result'> = {
  init: () => ({}),
  update: (s, v) => {
    if (v === null || v === undefined) return s;
    const k = 'k' + encodeValue(v);
    if (!(k in s)) s[k] = v;
    return s;
  },
  merge: (a, b) => {
    for (const k in b) if (!(k in a)) a[k] = b[k];
    return a;
  },
};

const collectSet: Accumulator<Record<string, unknown>> = { ...distinctValues, result: (s) => Object.values(s) };

function approxCountDistinct(p: number): Accumulator<HllState> {
  return {
    init: () => hllInit(p),
    update: (s, v) => (v === null || v === undefined ? s : hllAdd(s, v)),
    merge: (a, b) => hllMerge(a, b),
    result: (s) => hllEstimate(s),
  };
}

/**
 * Wraps an accumulator so that it sees each distinct value once. State: encoded value → value
 * (plain object); the inner result is computed from the distinct values when asked.
 */
function distinctOf(inner: Accumulator): Accumulator<Record<string, unknown>> {
  return {
    ...distinctValues,
    result: (s) => {
      let st = inner.init();
      for (const k in s) st = inner.update(st, s[k]);
      return inner.result(st);
    },
  };
}

/**
 * The accumulator for an aggregate function.
 * @example
 * const acc = createAccumulator('sum');
 * acc.result([1, 2, null].reduce((s, v) => acc.update(s, v), acc.init())) === 3
 */
export function createAccumulator(fn: AggFn, options: AccumulatorOptions = {}): Accumulator {
  const base = baseAccumulator(fn, options);
  return options.distinct && fn !== 'count_distinct' && fn !== 'approx_count_distinct' && fn !== 'collect_set'
    ? distinctOf(base)
    : base;
}

function baseAccumulator(fn: AggFn, options: AccumulatorOptions): Accumulator {
  switch (fn) {
    case 'count': return count;
    case 'count_distinct': return distinctOf(count);
    case 'sum': return sum;
    case 'avg': return avg;
    case 'min': return extreme(-1);
    case 'max': return extreme(1);
    case 'first': return firstOrLast(false, options.ignoreNulls === true);
    case 'last': return firstOrLast(true, options.ignoreNulls === true);
    case 'collect_list': return collectList;
    case 'collect_set': return collectSet;
    case 'approx_count_distinct':
      return approxCountDistinct(options.rsd === undefined ? HLL_DEFAULT_PRECISION : hllPrecisionFor(options.rsd));
    default:
      throw new TidemarkError('UNKNOWN_AGGREGATE_FUNCTION', 'internal',
        `Unknown aggregate function ${JSON.stringify(fn)}. Note: use one of count, sum, avg, min, max, first, last, collect_list, collect_set, approx_count_distinct, count_distinct.`);
  }
}

/** An aggregate bound to its argument evaluators: reads its input value from a row. */
export interface BoundAggregate {
  readonly fn: AggFn;
  readonly accumulator: Accumulator;
  /** Folds one row into the state; returns the new state. */
  update(s: unknown, row: Row): unknown;
}

/**
 * Binds an aggregate to its arguments. count with no argument is count(*) (every row counts);
 * with several arguments a row counts only when all of them are non-null (Spark's count(a, b)),
 * and count(DISTINCT a, b) counts distinct tuples.
 * @example bindAggregate('count', []).update(0, { x: null }) === 1
 */
export function bindAggregate(fn: AggFn, args: readonly Evaluator[], options: AccumulatorOptions = {}): BoundAggregate {
  options = withLiteralOptions(fn, args, options);
  const accumulator = createAccumulator(fn, options);
  let update: (s: unknown, row: Row) => unknown;
  if (args.length === 0) {
    if (fn !== 'count') {
      throw new TidemarkError('AGGREGATE_ARGUMENT_MISSING', 'internal',
        `Aggregate ${fn}() needs an argument. Note: pass the column to aggregate, e.g. ${fn}(col('x')).`);
    }
    update = (s) => accumulator.update(s, 1);
  } else if (args.length === 1) {
    const a = args[0];
    update = (s, row) => accumulator.update(s, a(row));
  } else if (fn === 'count' || fn === 'count_distinct') {
    update = (s, row) => {
      const vs = args.map((a) => a(row));
      if (vs.some((v) => v === null || v === undefined)) return s;
      return accumulator.update(s, fn === 'count' && !options.distinct ? 1 : vs);
    };
  } else {
    // extra arguments are options (first(x, ignoreNulls), approx_count_distinct(x, rsd)), read once at bind time
    const a = args[0];
    update = (s, row) => accumulator.update(s, a(row));
  }
  return { fn, accumulator, update };
}

/** Reads literal option arguments: first/last(x, ignoreNulls), approx_count_distinct(x, rsd). */
function withLiteralOptions(fn: AggFn, args: readonly Evaluator[], options: AccumulatorOptions): AccumulatorOptions {
  if (args.length < 2) return options;
  if (fn === 'first' || fn === 'last') {
    const v = args[1]({});
    if (typeof v !== 'boolean') {
      throw new TidemarkError('INVALID_AGGREGATE_ARGUMENT', 'user',
        `${fn}() takes ignoreNulls as a literal boolean, got ${JSON.stringify(v)}. Note: write ${fn}(col('x'), true).`);
    }
    return { ...options, ignoreNulls: v };
  }
  if (fn === 'approx_count_distinct') {
    const v = args[1]({});
    if (typeof v !== 'number') {
      throw new TidemarkError('INVALID_AGGREGATE_ARGUMENT', 'user',
        `approx_count_distinct() takes the relative standard deviation as a literal number, got ${JSON.stringify(v)}. Note: write approx_count_distinct(col('x'), 0.05).`);
    }
    return { ...options, rsd: v };
  }
  return options;
}

/** Spark's implicit cast for sum/avg input: numbers, bigints, numeric strings; anything else is null. */
function numeric(v: unknown): number | bigint | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return v;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return null;
    const x = Number(t);
    return Number.isNaN(x) && t !== 'NaN' ? null : x;
  }
  if (typeof v === 'boolean') return null;
  if (v instanceof Date) return v.getTime();
  return null;
}

