// Summary statistics of recovery times: count, mean, percentiles (nearest rank), max.

export interface Summary {
  readonly count: number;
  /** undefined when there are no samples. */
  readonly meanMs: number | undefined;
  readonly p50Ms: number | undefined;
  readonly p99Ms: number | undefined;
  readonly maxMs: number | undefined;
}

/**
 * The nearest-rank percentile (the smallest sample with at least p% of samples at or below it).
 * @example percentile([1, 2, 3, 4], 50) === 2
 */
export function percentile(samples: readonly number[], p: number): number | undefined {
  if (samples.length === 0) return undefined;
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)];
}

export function mean(samples: readonly number[]): number | undefined {
  if (samples.length === 0) return undefined;
  let total = 0;
  for (const s of samples) total += s;
  return total / samples.length;
}

/** @example summarize([10, 20, 30]).meanMs === 20 */
export function summarize(samples: readonly number[]): Summary {
  return {
    count: samples.length,
    meanMs: mean(samples),
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    maxMs: samples.length === 0 ? undefined : Math.max(...samples),
  };
}
