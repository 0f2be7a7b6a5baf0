// testStream: Spark's StreamTest DSL for tidemark queries (add data, check answers, stop, restart, clock, failures).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, type Clock } from '../api/clock';
import type { DataFrame } from '../api/dataframe';
import type { MemoryStream } from '../api/memory-stream';
import type { StreamingQuery, StreamingQueryProgress } from '../api/progress';
import type { TriggerSpec } from '../api/trigger';
import { TidemarkError } from '../common/errors';
import type { MemoryTable } from '../connectors/sinks/memory-table';
import type { OutputMode, Row } from '../plan/types';
import type { StreamExecution } from '../runtime/stream-execution';

/** An expected row: an object (compared by column) or a tuple of values in column order. */
export type ExpectedRow = Row | readonly unknown[] | string | number | boolean | null;

export type StreamAction =
  | { readonly kind: 'addData'; readonly blocks: readonly { stream: MemoryStream<any>; rows: readonly unknown[] }[] }
  | { readonly kind: 'checkAnswer'; readonly rows: readonly ExpectedRow[]; readonly scope: 'all' | 'new' | 'last'; readonly sorted?: boolean }
  | { readonly kind: 'stop' }
  | { readonly kind: 'start'; readonly trigger?: TriggerSpec; readonly clock?: Clock; readonly conf?: Record<string, string | number | boolean> }
  | { readonly kind: 'advanceClock'; readonly ms: number }
  | { readonly kind: 'expectFailure'; readonly code?: string; readonly messageIncludes?: string }
  | { readonly kind: 'assert'; readonly check: (q: StreamingQuery, ctx: AssertContext) => void | Promise<void>; readonly description: string };

export interface AssertContext {
  /** Progresses since the previous state assertion (for sums of updated/removed/dropped). */
  readonly progressSinceLastAssert: readonly StreamingQueryProgress[];
  /** The last progress of the test (across restarts), or null. */
  readonly lastProgress: StreamingQueryProgress | null;
  /** Every progress of the test, across restarts. */
  readonly allProgress: readonly StreamingQueryProgress[];
  readonly table: MemoryTable;
}

/** One block per stream, all landing in one epoch when passed together. */
export function AddData<T>(stream: MemoryStream<T>, ...rows: T[]): StreamAction {
  return { kind: 'addData', blocks: [{ stream, rows }] };
}
/** Appends to several streams atomically: one epoch sees them all. */
export function MultiAddData(...pairs: [MemoryStream<any>, unknown[]][]): StreamAction {
  return { kind: 'addData', blocks: pairs.map(([stream, rows]) => ({ stream, rows })) };
}
/** The whole sink (every batch; complete mode: the current table) equals rows, as a multiset. */
export function CheckAnswer(...rows: ExpectedRow[]): StreamAction {
  return { kind: 'checkAnswer', rows, scope: 'all' };
}
/** The rows written since the previous check equal rows. */
export function CheckNewAnswer(...rows: ExpectedRow[]): StreamAction {
  return { kind: 'checkAnswer', rows, scope: 'new' };
}
/** The last batch written equals rows (in order when sorted). */
export function CheckLastBatch(...rows: ExpectedRow[]): StreamAction {
  return { kind: 'checkAnswer', rows, scope: 'last' };
}
export function CheckLastBatchSorted(...rows: ExpectedRow[]): StreamAction {
  return { kind: 'checkAnswer', rows, scope: 'last', sorted: true };
}
export const StopStream: StreamAction = { kind: 'stop' };
export function StartStream(opts: { trigger?: TriggerSpec; clock?: Clock; conf?: Record<string, string | number | boolean> } = {}): StreamAction {
  return { kind: 'start', ...opts };
}
export function AdvanceManualClock(ms: number): StreamAction {
  return { kind: 'advanceClock', ms };
}
/** The query must terminate with an error (with this code, if given). */
export function ExpectFailure(opts: { code?: string; messageIncludes?: string } = {}): StreamAction {
  return { kind: 'expectFailure', ...opts };
}
export function AssertOnQuery(check: (q: StreamingQuery, ctx: AssertContext) => void | Promise<void>, description = 'assertOnQuery'): StreamAction {
  return { kind: 'assert', check, description };
}

/**
 * Spark's assertNumStateRows: `total` is numRowsTotal of the last progress; `updated` (and
 * `droppedByWatermark`) are sums over the progresses since the previous assertion. Arrays are per
 * state operator, nearest the sink first.
 */
export function assertNumStateRows(total: number | number[], updated: number | number[], droppedByWatermark?: number | number[]): StreamAction {
  return AssertOnQuery((_q, ctx) => {
    const last = ctx.lastProgress;
    if (!last) throw new Error('no progress yet');
    const totals = last.stateOperators.map((s) => s.numRowsTotal);
    const sums = (f: (s: StreamingQueryProgress['stateOperators'][number]) => number) =>
      last.stateOperators.map((_, i) => ctx.progressSinceLastAssert.reduce((n, p) => n + (p.stateOperators[i] ? f(p.stateOperators[i]) : 0), 0));
    expectEqual('numRowsTotal', totals, ([] as number[]).concat(total));
    expectEqual('numRowsUpdated', sums((s) => s.numRowsUpdated), ([] as number[]).concat(updated));
    if (droppedByWatermark !== undefined) {
      expectEqual('numRowsDroppedByWatermark', sums((s) => s.numRowsDroppedByWatermark), ([] as number[]).concat(droppedByWatermark));
    }
  }, `assertNumStateRows(${JSON.stringify(total)}, ${JSON.stringify(updated)}${droppedByWatermark !== undefined ? `, ${JSON.stringify(droppedByWatermark)}` : ''})`);
}

/** Spark's assertEventStats on the last progress with input rows, in seconds since the epoch. */
export function assertEventStats(minS: number, maxS: number, avgS: number, watermarkS: number): StreamAction {
  return AssertOnQuery((_q, ctx) => {
    const p = [...ctx.allProgress].reverse().find((x) => x.numInputRows > 0);
    if (!p) throw new Error('no progress with input rows');
    const iso = (s: number) => new Date(s * 1000).toISOString();
    expectEqual('eventTime', p.eventTime, { avg: iso(avgS), max: iso(maxS), min: iso(minS), watermark: iso(watermarkS) });
  }, `assertEventStats(${minS}, ${maxS}, ${avgS}, ${watermarkS})`);
}

export interface TestStreamOptions {
  /** Insert StopStream + StartStream after every check (Arroyo/Spark "restart" mode). */
  readonly restartAfterEveryCheck?: boolean;
  readonly trigger?: TriggerSpec;
  readonly clock?: Clock;
  readonly checkpointLocation?: string;
}

function expectEqual(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)} but got ${JSON.stringify(actual)}`);
  }
}

/** Canonical text of a row for multiset comparison: tuples compare by value order. */
function canon(row: unknown, asTuple: boolean): string {
  if (asTuple && row !== null && typeof row === 'object' && !Array.isArray(row)) return canonValue(Object.values(row));
  return canonValue(row);
}
function canonValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonValue).join(',')}]`;
  if (v instanceof Date) return `t${v.getTime()}`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonValue((v as Row)[k])}`).join(',')}}`;
  }
  return v === undefined ? 'null' : JSON.stringify(v);
}

function compareRows(actual: readonly Row[], expected: readonly ExpectedRow[], sorted: boolean): string | undefined {
  const tuple = expected.length > 0 && expected.every((e) => Array.isArray(e) || typeof e !== 'object' || e === null);
  const wrap = (e: ExpectedRow) => (Array.isArray(e) || e === null || typeof e !== 'object' ? ([] as unknown[]).concat(e as never) : e);
  const a = actual.map((r) => canon(r, tuple));
  const e = expected.map((r) => canon(wrap(r), tuple));
  const as = sorted ? a : [...a].sort();
  const es = sorted ? e : [...e].sort();
  if (JSON.stringify(as) === JSON.stringify(es)) return undefined;
  return `expected ${sorted ? '' : '(any order) '}[${es.join(', ')}]\n   actual [${as.join(', ')}]`;
}

let tableCounter = 0;

/**
 * Runs a StreamTest-style script against a streaming DataFrame, writing to a memory sink.
 * A failure throws an Error that lists the steps with a marker on the one that diverged, the sink
 * and the last progress.
 * @example
 *   await testStream(df, 'update', [AddData(input, 1, 2), CheckLastBatch([1, 1], [2, 1]), StopStream, StartStream()]);
 */
export async function testStream<T>(df: DataFrame<T>, outputMode: OutputMode, actions: readonly StreamAction[], options: TestStreamOptions = {}): Promise<void> {
  const steps: StreamAction[] = [];
  for (const a of actions) {
    steps.push(a);
    if (options.restartAfterEveryCheck && a.kind === 'checkAnswer') steps.push(StopStream, StartStream());
  }
  const name = `testStream_${process.pid}_${tableCounter++}`;
  const ownDir = !options.checkpointLocation;
  const checkpoint = options.checkpointLocation ?? (await mkdtemp(join(tmpdir(), 'tidemark-test-')));
  let query: StreamingQuery | undefined;
  let trigger = options.trigger;
  let clock = options.clock;
  let conf: Record<string, string | number | boolean> = {};
  let lastCheckedEpoch = -1;
  let assertFrom = 0;
  let progressCount = 0;
  const allProgress: StreamingQueryProgress[] = [];
  let table: MemoryTable | undefined;
  let failedAsExpected = false;

  const start = async () => {
    const session = (df as unknown as { session: { context: { memoryTable(n: string, c: boolean): MemoryTable | undefined; conf: Map<string, string> } } }).session;
    const saved = new Map(session.context.conf);
    for (const [k, v] of Object.entries(conf)) session.context.conf.set(k, String(v));
    let w = df.writeStream.outputMode(outputMode).format('memory').queryName(name).option('checkpointLocation', checkpoint);
    if (trigger) w = w.trigger(trigger);
    if (clock) w = w.clock(clock);
    try {
      query = await w.start();
    } finally {
      session.context.conf.clear();
      for (const [k, v] of saved) session.context.conf.set(k, v);
    }
    table = session.context.memoryTable(name, false);
    progressCount = 0;
  };
  const syncProgress = () => {
    if (!query) return;
    const recent = query.recentProgress;
    for (const p of recent.slice(progressCount)) allProgress.push(p);
    progressCount = recent.length;
  };
  const settle = async () => {
    if (!query || !query.isActive) return;
    if (clock?.manual) await (query as StreamExecution).waitIdle();
    else await query.processAllAvailable();
    syncProgress();
  };

  let i = 0;
  try {
    // As in Spark, a leading StartStream starts the query with its options; otherwise it starts at once.
    if (steps[0]?.kind !== 'start') await start();
    for (i = 0; i < steps.length; i++) {
      const step = steps[i];
      switch (step.kind) {
        case 'addData':
          for (const b of step.blocks) b.stream.addData(...b.rows);
          break;
        case 'checkAnswer': {
          await settle();
          if (query?.exception) throw query.exception;
          const t = table!;
          let rows: Row[];
          if (step.scope === 'all') rows = t.rows();
          else if (step.scope === 'last') rows = t.lastBatch();
          else {
            rows = [];
            for (const [epoch, b] of t.batches) if (epoch > lastCheckedEpoch) rows.push(...b);
          }
          lastCheckedEpoch = t.latestEpoch;
          const diff = compareRows(rows, step.rows, step.sorted === true);
          if (diff) throw new Error(`answer mismatch: ${diff}`);
          break;
        }
        case 'stop':
          syncProgress();
          await query?.stop();
          if (query?.exception) throw query.exception;
          break;
        case 'start':
          failedAsExpected = false;
          if (step.trigger) trigger = step.trigger;
          if (step.clock) clock = step.clock;
          conf = step.conf ?? {};
          await start();
          break;
        case 'advanceClock': {
          if (!(clock instanceof ManualClock)) throw new Error('AdvanceManualClock needs StartStream({ clock: new ManualClock() })');
          await (query as StreamExecution).waitIdle();
          clock.advance(step.ms);
          await (query as StreamExecution).waitIdle();
          syncProgress();
          break;
        }
        case 'expectFailure': {
          let failed: unknown;
          try {
            await query!.awaitTermination();
          } catch (e) {
            failed = e;
          }
          if (!failed) throw new Error('expected the query to fail, but it terminated normally');
          failedAsExpected = true;
          if (step.code && !(failed instanceof TidemarkError && failed.code === step.code)) {
            throw new Error(`expected failure code ${step.code} but got ${(failed as TidemarkError).code ?? String(failed)}`);
          }
          if (step.messageIncludes && !String((failed as Error).message).includes(step.messageIncludes)) {
            throw new Error(`expected failure message to include ${JSON.stringify(step.messageIncludes)}: ${(failed as Error).message}`);
          }
          break;
        }
        case 'assert': {
          await settle();
          await step.check(query!, {
            progressSinceLastAssert: allProgress.slice(assertFrom),
            lastProgress: allProgress.length ? allProgress[allProgress.length - 1] : null,
            allProgress,
            table: table!,
          });
          assertFrom = allProgress.length;
          break;
        }
      }
    }
    await query?.stop();
    if (query?.exception && !failedAsExpected) throw query.exception;
  } catch (e) {
    await query?.stop().catch(() => undefined);
    throw new Error(describeFailure(steps, i, e, table, query), { cause: e });
  } finally {
    if (ownDir) await rm(checkpoint, { recursive: true, force: true });
  }
}

function describeStep(s: StreamAction): string {
  switch (s.kind) {
    case 'addData': return `AddData(${s.blocks.map((b) => JSON.stringify(b.rows)).join(' | ')})`;
    case 'checkAnswer': return `${s.scope === 'all' ? 'CheckAnswer' : s.scope === 'new' ? 'CheckNewAnswer' : 'CheckLastBatch'}(${s.rows.map((r) => JSON.stringify(r)).join(', ')})`;
    case 'stop': return 'StopStream';
    case 'start': return 'StartStream';
    case 'advanceClock': return `AdvanceManualClock(${s.ms})`;
    case 'expectFailure': return `ExpectFailure(${s.code ?? ''})`;
    case 'assert': return s.description;
  }
}

function describeFailure(steps: readonly StreamAction[], failedAt: number, e: unknown, table: MemoryTable | undefined, q: StreamingQuery | undefined): string {
  const lines = [`testStream failed at step ${failedAt + 1}: ${e instanceof Error ? e.message : String(e)}`, '== Steps =='];
  steps.forEach((s, i) => lines.push(`${i === failedAt ? '=> ' : '   '}${describeStep(s)}`));
  if (table) {
    lines.push('== Sink ==');
    for (const [epoch, rows] of table.batches) lines.push(`  batch ${epoch}: ${JSON.stringify(rows)}`);
  }
  if (q?.lastProgress) lines.push('== Last progress ==', JSON.stringify(q.lastProgress));
  if (q) lines.push('== Plan ==', q.explain());
  return lines.join('\n');
}
