// Triggers: when the next epoch of a streaming query runs.
import { parseDurationMs, type Duration } from '../common/duration';

export type TriggerSpec =
  | { readonly kind: 'processingTime'; readonly intervalMs: number }
  | { readonly kind: 'once' }
  | { readonly kind: 'availableNow' }
  | { readonly kind: 'continuous'; readonly intervalMs: number };

/**
 * Spark's Trigger factory.
 * @example df.writeStream.trigger(Trigger.ProcessingTime('1 second'))
 */
export const Trigger = {
  /** Run an epoch every interval (0 = as soon as the previous one finished and data is available). */
  ProcessingTime(interval: Duration): TriggerSpec {
    const intervalMs = parseDurationMs(interval, 'trigger interval');
    return Object.freeze({ kind: 'processingTime', intervalMs });
  },
  /** One epoch with everything available, then stop (no no-data epoch). */
  Once(): TriggerSpec {
    return Object.freeze({ kind: 'once' });
  },
  /** Everything available at start, possibly in several epochs (respecting read limits), then stop. */
  AvailableNow(): TriggerSpec {
    return Object.freeze({ kind: 'availableNow' });
  },
  /** Continuous processing with barriers injected every interval. */
  Continuous(interval: Duration): TriggerSpec {
    return Object.freeze({ kind: 'continuous', intervalMs: parseDurationMs(interval, 'trigger interval') });
  },
};
