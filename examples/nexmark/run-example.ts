// Command-line runner shared by the Nexmark examples: builds a query, runs it with a console or noop sink, prints progress.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { Session, Trigger, type DataFrame, type StreamingQuery } from '../../index';
import type { NexmarkQueryOptions } from './views';

/** A Nexmark query builder: `qN(session, options) => DataFrame`. */
export type NexmarkQuery = (session: Session, options?: NexmarkQueryOptions) => DataFrame<any>;

/**
 * Waits until a bounded query has committed every one of `events` events and the no-data epochs
 * that follow (which close windows). `processAllAvailable` drains only up to the offset the
 * source reports at the call (one maxEventsPerTrigger step, or what the `rate` allows), so it is
 * called until the source's committed end reaches `events`.
 * @throws the query's error when it stopped with one
 */
export async function runToEnd(query: StreamingQuery, events: number): Promise<void> {
  for (;;) {
    if (!query.isActive) {
      if (query.exception) throw query.exception;
      return;
    }
    await query.processAllAvailable();
    const end = query.lastProgress?.sources[0]?.endOffset;
    if (typeof end === 'number' && end >= events) return;
  }
}

function int(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer, got ${JSON.stringify(v)}.`);
    return n;
  };
}

interface ExampleArgs {
  events: number;
  rate?: number;
  firstEventRate?: number;
  maxEventsPerTrigger?: number;
  sink: string;
  checkpoint?: string;
  trigger: number;
  partitions: number;
}

/**
 * The `main` of examples/nexmark/qN.ts: `npx ts-node -T examples/nexmark/q1.ts --events 1000000`.
 * A bounded run (--events N) stops once everything is committed; an unbounded one (--events 0)
 * runs until Ctrl-C. Without --checkpoint it checkpoints in a temporary directory it deletes.
 */
export function runExample(name: string, build: NexmarkQuery, defaultSink: 'console' | 'noop', argv = process.argv): void {
  const program = new Command(`nexmark-${name}`)
    .description(`Runs Nexmark ${name} on tidemark over format('nexmark').`)
    .option('--events <n>', 'events to generate (0 = unbounded)', int('--events'), 1_000_000)
    .option('--rate <n>', 'wall-clock events per second (default: as fast as possible)', int('--rate'))
    .option('--first-event-rate <n>', 'events per second of event time (generator firstEventRate)', int('--first-event-rate'))
    .option('--max-events-per-trigger <n>', 'largest epoch, in events', int('--max-events-per-trigger'))
    .option('--sink <format>', "'console' or 'noop'", defaultSink)
    .option('--checkpoint <dir>', 'checkpoint location (default: a temporary directory, deleted at exit)')
    .option('--trigger <ms>', 'processing-time trigger interval in ms (0 = back to back)', int('--trigger'), 0)
    .option('--partitions <n>', 'tidemark.shufflePartitions', int('--partitions'), 1);
  program.parse(argv);
  run(name, build, program.opts<ExampleArgs>()).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}

async function run(name: string, build: NexmarkQuery, a: ExampleArgs): Promise<void> {
  const session = Session.builder().appName(`nexmark-${name}`).config('tidemark.shufflePartitions', Math.max(1, a.partitions)).getOrCreate();
  const temp = a.checkpoint === undefined ? mkdtempSync(join(tmpdir(), `nexmark-${name}-`)) : undefined;
  const checkpointLocation = a.checkpoint ?? join(temp!, 'checkpoint');
  const df = build(session, { events: a.events, rate: a.rate, firstEventRate: a.firstEventRate, maxEventsPerTrigger: a.maxEventsPerTrigger });
  let done = 0;
  session.streams.addListener({
    onQueryProgress({ progress: p }) {
      done += p.numInputRows;
      process.stdout.write(
        `[${name}] epoch ${p.batchId}: ${p.numInputRows} events in, ${p.sink.numOutputRows} rows out, ` +
          `${Math.round(p.processedRowsPerSecond)} events/s, ${p.durationMs.triggerExecution} ms` +
          `${p.eventTime.watermark ? `, watermark ${p.eventTime.watermark}` : ''}` +
          `${p.stateOperators.length > 0 ? `, state rows ${p.stateOperators.map((s) => s.numRowsTotal).join('/')}` : ''}\n`,
      );
    },
  });
  const t0 = process.hrtime.bigint();
  let query: StreamingQuery | undefined;
  const stop = async () => { await query?.stop(); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    query = await df.writeStream
      .outputMode('append')
      .format(a.sink)
      .option('checkpointLocation', checkpointLocation)
      .trigger(Trigger.ProcessingTime(a.trigger))
      .queryName(`nexmark_${name}`)
      .start();
    if (a.events > 0) {
      await runToEnd(query, a.events);
      await query.stop();
    } else {
      await query.awaitTermination();
    }
    const sec = Number(process.hrtime.bigint() - t0) / 1e9;
    process.stdout.write(`[${name}] ${done} events in ${sec.toFixed(2)} s: ${Math.round(done / sec)} events/s\n`);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    if (temp !== undefined) rmSync(temp, { recursive: true, force: true });
  }
}
