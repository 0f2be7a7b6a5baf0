// Builds and validates window(...) and session_window(...) expression nodes (shared by the API and the parser).
import { AnalysisError } from '../common/errors';
import { type Duration, parseDurationMs } from '../common/duration';
import type { Expr } from './expr';

/**
 * A tumbling (slide omitted) or sliding window node. Sizes are durations ('10 seconds') or ms.
 * @throws AnalysisError INVALID_WINDOW_DURATION, INVALID_SLIDE_DURATION, SLIDE_LONGER_THAN_WINDOW, INVALID_WINDOW_START_TIME
 * @example makeWindow({ kind: 'col', name: 'ts' }, '10 seconds', '5 seconds')
 */
export function makeWindow(timeCol: Expr, windowDuration: Duration, slideDuration?: Duration, startTime?: Duration): Expr {
  const sizeMs = parseDurationMs(windowDuration, 'window duration');
  const slideMs = slideDuration === undefined ? sizeMs : parseDurationMs(slideDuration, 'slide duration');
  const startMs = startTime === undefined ? 0 : parseDurationMs(startTime, 'window start time');
  if (sizeMs <= 0) {
    throw new AnalysisError('INVALID_WINDOW_DURATION', `The window duration ${JSON.stringify(windowDuration)} must be greater than 0. ` +
      "Note: pass a positive interval such as '10 seconds'.", { windowDuration });
  }
  if (slideMs <= 0) {
    throw new AnalysisError('INVALID_SLIDE_DURATION', `The slide duration ${JSON.stringify(slideDuration)} must be greater than 0. ` +
      'Note: pass a positive interval, or omit it for a tumbling window.', { slideDuration });
  }
  if (slideMs > sizeMs) {
    throw new AnalysisError('SLIDE_LONGER_THAN_WINDOW', `The slide duration ${JSON.stringify(slideDuration)} must be less than or equal to ` +
      `the window duration ${JSON.stringify(windowDuration)}. Note: use a slide no longer than the window, or omit it for a tumbling window.`,
    { windowDuration, slideDuration });
  }
  if (Math.abs(startMs) >= slideMs) {
    throw new AnalysisError('INVALID_WINDOW_START_TIME', `The absolute value of the window start time ${JSON.stringify(startTime)} must be ` +
      `less than the slide duration (${slideMs} ms). Note: use an offset smaller than the slide, e.g. '15 minutes' for hourly windows.`,
    { startTime, slideMs });
  }
  return Object.freeze({ kind: 'window', timeCol, sizeMs, slideMs, startMs });
}

/**
 * A session window node with a fixed gap.
 * @throws AnalysisError INVALID_SESSION_GAP when the gap is not positive
 */
export function makeSessionWindow(timeCol: Expr, gapDuration: Duration): Expr {
  const gapMs = parseDurationMs(gapDuration, 'session gap duration');
  if (gapMs <= 0) {
    throw new AnalysisError('INVALID_SESSION_GAP', `The session gap ${JSON.stringify(gapDuration)} must be greater than 0. ` +
      "Note: pass a positive interval such as '5 minutes'.", { gapDuration });
  }
  return Object.freeze({ kind: 'sessionWindow', timeCol, gapMs });
}
