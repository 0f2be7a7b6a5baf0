// The global watermark: per-withWatermark values combined by the min/max policy (Spark's WatermarkTracker).
import type { EventTimeSummary } from './task-report';

export type WatermarkPolicy = 'min' | 'max';

/**
 * Each watermark operator's value is max(event time seen) − delay, never moving back; an operator
 * that has seen no data counts as 0 (so under 'min' nothing moves until every input has data). The
 * global watermark never decreases. Only the global value survives a restart, as in Spark.
 * @example const t = new WatermarkTracker([10000], 'min'); t.observe([{ watermarkIndex: 0, max: 15000, ... }]); t.advance() === 5000
 */
export class WatermarkTracker {
  private readonly perOperator: (number | undefined)[];
  private globalMs: number;

  constructor(private readonly delaysMs: readonly number[], private readonly policy: WatermarkPolicy, initialMs = 0) {
    this.perOperator = delaysMs.map(() => undefined);
    this.globalMs = initialMs;
  }

  get currentMs(): number {
    return this.globalMs;
  }

  get hasWatermarks(): boolean {
    return this.delaysMs.length > 0;
  }

  /** Folds one epoch's event-time stats (from every source task) into the per-operator values. */
  observe(stats: readonly EventTimeSummary[]): void {
    for (const s of stats) {
      if (s.count === 0) continue;
      const candidate = s.max - this.delaysMs[s.watermarkIndex];
      const prev = this.perOperator[s.watermarkIndex];
      if (prev === undefined || candidate > prev) this.perOperator[s.watermarkIndex] = candidate;
    }
  }

  /** Computes the global watermark after an epoch; returns the new value. */
  advance(): number {
    if (this.perOperator.length === 0) return this.globalMs;
    const values = this.perOperator.map((v) => v ?? 0);
    const chosen = this.policy === 'min' ? Math.min(...values) : Math.max(...values);
    if (chosen > this.globalMs) this.globalMs = chosen;
    return this.globalMs;
  }
}
