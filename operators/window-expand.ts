// WindowExpandOperator: one output row per time window an input row falls in (Spark's TimeWindowing).
import { AnalysisError } from '../common/errors';
import type { Evaluator } from '../plan/expr';
import type { Row, WindowValue } from '../plan/types';
import { isWindowValue, timestampMs } from './event-time';
import type { Operator } from './operator';

export interface WindowExpandOptions {
  /** The event time: a timestamp, or a window value (then `window.end - 1` is used, as window_time). */
  readonly timeEval: Evaluator;
  readonly sizeMs: number;
  /** Defaults to `sizeMs` (tumbling). */
  readonly slideMs?: number;
  /** Offset of the window alignment; |startMs| < slideMs. Defaults to 0. */
  readonly startMs?: number;
  /** Name of the added window column. Defaults to 'window'. */
  readonly outputName?: string;
}

/**
 * The windows `[start, start + size)` that contain `t`, latest first, exactly as Spark computes
 * them: `lastStart = t - ((t - startTime) mod slide)` (a non-negative remainder), then
 * `lastStart - i * slide` for `i < ceil(size / slide)`, keeping those that contain `t`.
 * @example windowsFor(7000, 10000, 5000, 0) // [{start: 5000, end: 15000}, {start: 0, end: 10000}]
 */
export function windowsFor(t: number, sizeMs: number, slideMs: number, startMs = 0): WindowValue[] {
  const out: WindowValue[] = [];
  const rem = (t - startMs) % slideMs;
  const lastStart = t - (rem < 0 ? rem + slideMs : rem);
  const n = Math.ceil(sizeMs / slideMs);
  for (let i = 0; i < n; i++) {
    const start = lastStart - i * slideMs;
    const end = start + sizeMs;
    if (start <= t && t < end) out.push({ start, end });
  }
  return out;
}

/** Checks Spark's window argument rules; throws an AnalysisError naming the bad value. */
export function validateWindow(sizeMs: number, slideMs: number, startMs: number): void {
  if (!(sizeMs > 0) || !Number.isFinite(sizeMs)) {
    throw new AnalysisError('INVALID_WINDOW_DURATION',
      `The window duration (${sizeMs} ms) must be greater than 0. Note: pass a positive duration such as '10 seconds'.`);
  }
  if (!(slideMs > 0) || !Number.isFinite(slideMs)) {
    throw new AnalysisError('INVALID_SLIDE_DURATION',
      `The slide duration (${slideMs} ms) must be greater than 0. Note: pass a positive duration, or omit it for tumbling windows.`);
  }
  if (slideMs > sizeMs) {
    throw new AnalysisError('INVALID_SLIDE_DURATION',
      `The slide duration (${slideMs} ms) must be less than or equal to the window duration (${sizeMs} ms). Note: use a slide no longer than the window.`);
  }
  if (!Number.isFinite(startMs) || Math.abs(startMs) >= slideMs) {
    throw new AnalysisError('INVALID_WINDOW_START',
      `The absolute value of the start time (${startMs} ms) must be less than the slide duration (${slideMs} ms). Note: use a start offset within one slide, e.g. startTime % slide.`);
  }
}

/**
 * Stateless: adds the window column to each row, one row per containing window (several for
 * sliding windows). Rows whose time is null are dropped, as Spark does.
 */
export class WindowExpandOperator implements Operator {
  readonly kind = 'windowExpand';
  private readonly timeEval: Evaluator;
  private readonly sizeMs: number;
  private readonly slideMs: number;
  private readonly startMs: number;
  private readonly name: string;

  constructor(options: WindowExpandOptions) {
    this.timeEval = options.timeEval;
    this.sizeMs = options.sizeMs;
    this.slideMs = options.slideMs ?? options.sizeMs;
    this.startMs = options.startMs ?? 0;
    this.name = options.outputName ?? 'window';
    validateWindow(this.sizeMs, this.slideMs, this.startMs);
  }

  process(rows: Row[]): Row[] {
    const out: Row[] = [];
    const { sizeMs, slideMs, startMs, name } = this;
    const tumbling = sizeMs === slideMs;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const v = this.timeEval(row);
      const t = isWindowValue(v) ? v.end - 1 : timestampMs(v);
      if (t === null) continue;
      if (tumbling) {
        const rem = (t - startMs) % slideMs;
        const start = t - (rem < 0 ? rem + slideMs : rem);
        out.push({ ...row, [name]: { start, end: start + sizeMs } });
        continue;
      }
      const ws = windowsFor(t, sizeMs, slideMs, startMs);
      for (let i = 0; i < ws.length; i++) out.push({ ...row, [name]: ws[i] });
    }
    return out;
  }
}
