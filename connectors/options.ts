// Reading and validating a connector's string-keyed options, with coded errors that name the fix.
import { AnalysisError, closestName } from '../common/errors';
import { parseDurationMs } from '../common/duration';

/** Options every connector accepts and ignores: the writer/reader passes them to all formats. */
export const ENGINE_OPTIONS: readonly string[] = ['checkpointLocation', 'path', 'queryName'];

/**
 * Options given by a user to one connector. Names are matched case-insensitively, as Spark's
 * CaseInsensitiveStringMap does; unknown names fail with UNKNOWN_OPTION and the closest valid one.
 * @example
 * const o = new ConnectorOptions('rate source', { rowsPerSecond: '10' }, ['rowsPerSecond']);
 * o.positiveInt('rowsPerSecond', 1) === 10
 */
export class ConnectorOptions {
  private readonly values = new Map<string, unknown>();

  /** @param what how messages name the connector, e.g. 'rate source', 'console sink'. */
  constructor(readonly what: string, options: Readonly<Record<string, unknown>>, readonly known: readonly string[]) {
    const ignored = new Set(ENGINE_OPTIONS.map((n) => n.toLowerCase()));
    const canonical = new Map(known.map((n) => [n.toLowerCase(), n]));
    for (const [name, value] of Object.entries(options)) {
      const lower = name.toLowerCase();
      const known = canonical.get(lower);
      if (known !== undefined) {
        if (value !== undefined) this.values.set(known, value);
      } else if (!ignored.has(lower)) {
        throw unknownOption(what, name, this.known);
      }
    }
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  raw(name: string): unknown {
    return this.values.get(name);
  }

  /** An integer > 0 (a number or a string of digits). */
  positiveInt(name: string, dflt: number): number {
    return this.integer(name, dflt, 1, 'a positive integer');
  }

  /** An integer >= 0. */
  nonNegativeInt(name: string, dflt: number): number {
    return this.integer(name, dflt, 0, 'a non-negative integer');
  }

  /** true/false, or the strings 'true'/'false' in any case. */
  boolean(name: string, dflt: boolean): boolean {
    if (!this.values.has(name)) return dflt;
    const v = this.values.get(name);
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      const s = v.trim().toLowerCase();
      if (s === 'true') return true;
      if (s === 'false') return false;
    }
    throw invalidOption(this.what, name, v, 'true or false');
  }

  /**
   * A non-negative duration in whole seconds, truncated as Spark's `timeStringAsSec` does: a bare
   * number (or string of digits) means seconds; '5s', '2 minutes', '1500 ms' are converted.
   */
  durationSeconds(name: string, dflt: number): number {
    if (!this.values.has(name)) return dflt;
    const v = this.values.get(name);
    const bad = () => invalidOption(this.what, name, v, "a non-negative duration such as 5, '5s' or '1 minute' (a bare number means seconds)");
    let seconds: number;
    if (typeof v === 'number') {
      seconds = v;
    } else if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) {
      seconds = Number(v);
    } else if (typeof v === 'string') {
      try {
        seconds = parseDurationMs(v) / 1000;
      } catch {
        throw bad();
      }
    } else {
      throw bad();
    }
    if (!Number.isFinite(seconds) || seconds < 0) throw bad();
    return Math.floor(seconds);
  }

  private integer(name: string, dflt: number, min: number, what: string): number {
    if (!this.values.has(name)) return dflt;
    const v = this.values.get(name);
    let n: number;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) n = Number(v);
    else throw invalidOption(this.what, name, v, what);
    if (!Number.isSafeInteger(n) || n < min) throw invalidOption(this.what, name, v, what);
    return n;
  }
}

/** INVALID_OPTION: quotes the value and says what the option must be. */
export function invalidOption(what: string, name: string, value: unknown, mustBe: string): AnalysisError {
  return new AnalysisError(
    'INVALID_OPTION',
    `Invalid value '${quote(value)}' for option ${name} of the ${what}: it must be ${mustBe}. ` +
      `Note: set ${name} to ${mustBe}, or leave it out to use its default.`,
    { option: name, value },
  );
}

/** UNKNOWN_OPTION: names the closest valid option, or lists them all. */
export function unknownOption(what: string, name: string, known: readonly string[]): AnalysisError {
  const near = closestName(name, known);
  const note = near !== undefined
    ? `did you mean '${near}'?`
    : known.length > 0
      ? `the ${what} accepts ${known.map((k) => `'${k}'`).join(', ')}.`
      : `the ${what} takes no options.`;
  return new AnalysisError('UNKNOWN_OPTION', `Unknown option '${name}' for the ${what}. Note: ${note}`, { option: name });
}

function quote(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return `${value}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
