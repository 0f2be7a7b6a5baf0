// Nexmark latency mode of the benchmark: tidemark at a fixed wall-clock input rate, end-to-end latency in an HDR histogram.
//
// Input: format('nexmark') with `rate` = R events per second of wall time: event n becomes
// available at the source at start + n/R, where start is the source's start time (its first read
// of the trigger clock, recorded by the clock below). With firstEventRate = R as well, an event's
// dateTime - baseTime equals its availability time - start (to the millisecond), so the arrival
// time of what a result row depends on is computable from the row:
// - q0, q1, q2: the bid itself (q2 keeps dateTime for this: its Flink output has only auction, price);
// - q5, q7: the first event of event time windowEnd + 4 s, i.e. the input that lets the watermark
//   pass the window's end (q7: window of the bid's dateTime). A micro-batch engine closes it in
//   the epoch after the one that read that input.
// "Leaving the sink" is the ForeachWriter's close(), called when the epoch commits at the sink.
// Results that depend on input of the first --warmup seconds are not recorded (startup, JIT).
import { build } from 'hdr-histogram-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session, SystemClock, Trigger, col, type DataFrame, type StreamingQuery } from '../index';
import { resolveNexmarkConfig } from '../connectors/nexmark/config';
import type { BaselineQuery } from './baselines/checksum';
import { NEXMARK_QUERIES } from '../examples/nexmark/queries';
import { NEXMARK_WATERMARK_DELAY } from '../examples/nexmark/q5';
import { runToEnd } from '../examples/nexmark/run-example';
import { bids, nexmarkEvents, type NexmarkQueryOptions } from '../examples/nexmark/views';
import type { Row } from '../plan/types';

export interface LatencySpec {
  readonly kind: 'latency';
  readonly query: BaselineQuery;
  /** Wall-clock input events per second. */
  readonly rate: number;
  /** Seconds of input. */
  readonly seconds: number;
  readonly partitions: number;
  /** Seconds of input whose results are not recorded; default min(3, seconds / 4). */
  readonly warmupSeconds?: number;
}

export interface LatencyResult {
  readonly query: string;
  readonly rate: number;
  readonly seconds: number;
  /** Result rows recorded in the histogram. */
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  readonly epochs: number;
  /** Input events / (time of the last commit - start): below `rate` when the engine fell behind. */
  readonly achievedRate: number;
  readonly peakRssBytes: number;
}

/** The system clock, remembering its first reading: the nexmark source takes it as its start time. */
class StartRecordingClock extends SystemClock {
  firstMs: number | undefined;
  override now(): number {
    const t = Date.now();
    if (this.firstMs === undefined) this.firstMs = t;
    return t;
  }
}

const WATERMARK_DELAY_MS = 4000;
const Q7_WINDOW_MS = 10_000;

/** Event time (ms since baseTime) of the input a result row waits for. */
function dependsOnEventTime(query: BaselineQuery, row: Row, baseTime: number): number {
  switch (query) {
    case 'q0': case 'q1': case 'q2':
      return (row.dateTime as number) - baseTime;
    case 'q5':
      return (row.windowEnd as number) + WATERMARK_DELAY_MS - baseTime;
    case 'q7':
      return Math.floor((row.dateTime as number) / Q7_WINDOW_MS) * Q7_WINDOW_MS + Q7_WINDOW_MS + WATERMARK_DELAY_MS - baseTime;
  }
}

function latencyQuery(query: BaselineQuery, session: Session, opts: NexmarkQueryOptions): DataFrame<any> {
  if (query === 'q2') {
    return bids(nexmarkEvents(session, opts)).where(col('auction').mod(123).eq(0)).select(col('auction'), col('price'), col('dateTime'));
  }
  return NEXMARK_QUERIES[query](session, opts);
}

/** Runs one query at `rate` for `seconds` and returns its latency figures (in the benchmark's child process). */
export async function runLatency(spec: LatencySpec): Promise<LatencyResult> {
  if (NEXMARK_WATERMARK_DELAY !== '4 seconds') throw new Error('latency.ts assumes the 4 s watermark delay of examples/nexmark/q5.ts');
  const events = spec.rate * spec.seconds;
  const warmupMs = 1000 * (spec.warmupSeconds ?? Math.min(3, spec.seconds / 4));
  const baseTime = resolveNexmarkConfig().baseTime;
  const histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
  const clock = new StartRecordingClock();
  const session = new Session({ print: () => undefined, conf: { 'tidemark.shufflePartitions': spec.partitions } });
  const dir = mkdtempSync(join(tmpdir(), `tm-latency-${spec.query}-`));
  let pending: number[] = [];
  let lastCommitMs = 0;
  let epochs = 0;
  session.streams.addListener({ onQueryProgress() { epochs++; } });
  let q: StreamingQuery | undefined;
  try {
    const df = latencyQuery(spec.query, session, { events, rate: spec.rate, firstEventRate: spec.rate });
    q = await df.writeStream.outputMode('append').option('checkpointLocation', join(dir, 'cp'))
      .trigger(Trigger.ProcessingTime(0)).clock(clock)
      .foreach({
        process(row: Row) {
          const t = dependsOnEventTime(spec.query, row, baseTime);
          if (t >= warmupMs) pending.push(t);
        },
        close() {
          const nowMs = performance.timeOrigin + performance.now();
          lastCommitMs = nowMs;
          const start = clock.firstMs ?? 0;
          for (const t of pending) histogram.recordValue(Math.max(1, Math.round((nowMs - (start + t)) * 1000)));
          pending = [];
        },
      })
      .start();
    await runToEnd(q, events);
    await q.stop();
  } finally {
    if (q?.isActive) await q.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const elapsedSec = (lastCommitMs - (clock.firstMs ?? lastCommitMs)) / 1000;
  const ms = (us: number) => us / 1000;
  return {
    query: spec.query, rate: spec.rate, seconds: spec.seconds, count: histogram.totalCount,
    p50Ms: ms(histogram.getValueAtPercentile(50)), p99Ms: ms(histogram.getValueAtPercentile(99)), maxMs: ms(histogram.maxValue),
    meanMs: ms(histogram.mean), epochs, achievedRate: elapsedSec > 0 ? events / elapsedSec : 0,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

/** The latency table. */
export function printLatencyTable(results: readonly LatencyResult[]): string {
  const head = ['query', 'rate ev/s', 'achieved ev/s', 'results', 'p50 ms', 'p99 ms', 'max ms', 'mean ms', 'epochs', 'peak RSS'];
  const lines = [head, ...results.map((r) => [
    r.query, String(r.rate), String(Math.round(r.achievedRate)), String(r.count), r.p50Ms.toFixed(1), r.p99Ms.toFixed(1),
    r.maxMs.toFixed(1), r.meanMs.toFixed(1), String(r.epochs), `${Math.round(r.peakRssBytes / 1048576)} MB`,
  ])];
  const widths = head.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines.map((l) => l.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}
