// Test helper: a rate query driven by a ManualClock, run for some virtual seconds on a checkpoint and stopped.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, Session, Trigger, type DataFrame } from '../../index';
import type { StreamingQuery } from '../../api/progress';

export const T0 = Date.UTC(2024, 0, 1);

export type RateRow = { timestamp: number; value: number };

export interface RateRun {
  /** Virtual seconds to run, one epoch each, starting after `fromSecond`. */
  seconds: number;
  fromSecond?: number;
  conf?: Record<string, string | number>;
  rowsPerSecond?: number;
  outputMode?: 'append' | 'update' | 'complete';
}

let counter = 0;

/** Starts the query (rejecting as start() does), runs it, stops it and returns every row it emitted. */
export async function runRate(dir: string, build: (rate: DataFrame<RateRow>) => DataFrame<any>, o: RateRun): Promise<Record<string, unknown>[]> {
  const session = new Session({ conf: o.conf });
  const from = o.fromSecond ?? 0;
  const clock = new ManualClock(T0 + from * 1000);
  const rate = session.readStream.format('rate').option('rowsPerSecond', o.rowsPerSecond ?? 10).load<RateRow>();
  const rows: Record<string, unknown>[] = [];
  const name = `rate_query_${++counter}`;
  const q: StreamingQuery = await build(rate).writeStream.outputMode(o.outputMode ?? 'append').queryName(name)
    .option('checkpointLocation', dir).trigger(Trigger.ProcessingTime(0)).clock(clock)
    .foreachBatch(async (batch) => { rows.push(...((await batch.collect()) as Record<string, unknown>[])); })
    .start();
  try {
    await q.processAllAvailable();
    for (let s = from + 1; s <= from + o.seconds; s++) {
      clock.setTime(T0 + s * 1000);
      await q.processAllAvailable();
    }
  } finally {
    await q.stop();
  }
  if (q.exception) throw q.exception;
  return rows;
}

/** A fresh temp directory for a checkpoint (not created), removed after the test. */
export function checkpointDir(t: { teardown(fn: () => unknown): void }): string {
  const base = mkdtempSync(join(tmpdir(), 'tidemark-chaos-cp-'));
  t.teardown(() => rmSync(base, { recursive: true, force: true }));
  return join(base, 'cp');
}
