// The one error hierarchy of tidemark: every error carries a stable `code`, a `domain` and a fix.

/** Whose fault an error is: the user's input or code, something outside (disk, network), or ours. */
export type ErrorDomain = 'user' | 'external' | 'internal';

export interface ErrorDetails {
  /** Operator id inside the engine, when the error happened in an operator. */
  operatorId?: string;
  /** Epoch (batch id) in which the error happened. */
  epoch?: number;
  /** The original error, when this one wraps another. */
  cause?: unknown;
  /** Whether retrying the same action can help. */
  retryable?: boolean;
  [key: string]: unknown;
}

/**
 * Base of every tidemark error. `code` is stable and documented (docs/ERRORS.md); messages say
 * what is wrong, quote the value, and end with how to fix it.
 * @example throw new TidemarkError('UNKNOWN_COLUMN', 'user', 'Column "prise" does not exist. Note: did you mean "price"?')
 */
export class TidemarkError extends Error {
  readonly code: string;
  readonly domain: ErrorDomain;
  readonly details: ErrorDetails;
  override readonly cause?: unknown;

  constructor(code: string, domain: ErrorDomain, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'TidemarkError';
    this.code = code;
    this.domain = domain;
    this.details = details;
    if (details.cause !== undefined) this.cause = details.cause;
  }
}

/** An invalid plan, option or output mode: thrown before anything runs. */
export class AnalysisError extends TidemarkError {
  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(code, 'user', message, details);
    this.name = 'AnalysisError';
  }
}

/** A running query failed; `cause` holds the original error. */
export class StreamingQueryError extends TidemarkError {
  constructor(code: string, domain: ErrorDomain, message: string, details: ErrorDetails = {}) {
    super(code, domain, message, details);
    this.name = 'StreamingQueryError';
  }
}

/** A checkpoint directory that cannot be used as it is. */
export class CheckpointError extends TidemarkError {
  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(code, 'user', message, details);
    this.name = 'CheckpointError';
  }
}

/** Closest candidate by edit distance, for "did you mean" notes. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  return best !== undefined && bestDist <= Math.max(2, Math.floor(name.length / 2)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
