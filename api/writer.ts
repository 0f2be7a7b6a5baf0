// DataStreamWriter: how a streaming DataFrame is written (sink, output mode, trigger, checkpoint).
import { AnalysisError, closestName } from '../common/errors';
import type { LogicalPlan } from '../plan/logical';
import { OUTPUT_MODES, type OutputMode, type Row } from '../plan/types';
import type { ForeachWriter } from '../connectors/sinks/foreach-sink';
import { engine, type WriteSpec } from './engine';
import { SystemClock, type Clock } from './clock';
import { Trigger, type TriggerSpec } from './trigger';
import type { StreamingQuery } from './progress';
import type { SessionLike } from './session-like';
import { DataFrame } from './dataframe';

/**
 * Builder for a streaming query.
 * @example
 *   const q = await df.writeStream.outputMode('append').format('memory').queryName('t').start();
 */
export class DataStreamWriter<T> {
  private mode: OutputMode = 'append';
  private sinkFormat?: string;
  private name?: string;
  private opts: Record<string, unknown> = {};
  private trig: TriggerSpec = Trigger.ProcessingTime(0);
  private clk: Clock = new SystemClock();
  private batchFn?: (rows: Row[], batchId: number) => unknown;
  private writer?: ForeachWriter;

  constructor(private readonly session: SessionLike, private readonly plan: LogicalPlan) {}

  /** 'append' (default) | 'update' | 'complete'. */
  outputMode(mode: OutputMode | string): this {
    const m = String(mode).toLowerCase();
    if (!(OUTPUT_MODES as readonly string[]).includes(m)) {
      const near = closestName(m, OUTPUT_MODES);
      throw new AnalysisError('INVALID_OUTPUT_MODE',
        `Unknown output mode ${JSON.stringify(mode)}. Accepted output modes are 'append', 'complete', 'update'.${near ? ` Note: did you mean '${near}'?` : ' Note: pick one of them.'}`);
    }
    this.mode = m as OutputMode;
    return this;
  }

  /** Sink format: 'memory', 'console', 'noop' (files and brokers as they land). */
  format(fmt: string): this {
    this.sinkFormat = fmt;
    return this;
  }

  /** Query name: unique among active queries; the memory sink's table name. */
  queryName(name: string): this {
    this.name = name;
    return this;
  }

  option(key: string, value: unknown): this {
    this.opts[key] = value;
    return this;
  }

  options(values: Record<string, unknown>): this {
    Object.assign(this.opts, values);
    return this;
  }

  trigger(trigger: TriggerSpec): this {
    this.trig = trigger;
    return this;
  }

  /** Makes processing-time triggers, timeouts and timers follow this clock (ManualClock in tests). */
  clock(clock: Clock): this {
    this.clk = clock;
    return this;
  }

  /**
   * Calls `fn` with each epoch's output as a bounded DataFrame and the epoch id. A re-run epoch
   * after a crash passes the same id and rows.
   */
  foreachBatch(fn: (batch: DataFrame<T>, batchId: number) => unknown): this {
    const session = this.session;
    this.batchFn = (rows, batchId) => {
      const frame = new DataFrame<T>(session, {
        kind: 'source',
        source: { format: 'local', options: {}, streaming: false, handle: rows, identity: `foreachBatch#${batchId}` },
      });
      return fn(frame, batchId);
    };
    return this;
  }

  /** Calls a ForeachWriter (open/process/close) for the rows of each epoch. */
  foreach(writer: ForeachWriter): this {
    this.writer = writer;
    return this;
  }

  /** Validates the query and starts it. Rejects with an AnalysisError before anything runs. */
  async start(): Promise<StreamingQuery> {
    const format = this.batchFn || this.writer ? undefined : this.sinkFormat ?? 'memory';
    if (format === 'memory' && !this.name) {
      throw new AnalysisError('MEMORY_SINK_NEEDS_NAME',
        "The memory sink needs a query name: it is the table's name. Note: add .queryName('myTable') before start().");
    }
    const checkpointLocation = (this.opts.checkpointLocation as string | undefined) ?? undefined;
    const spec: WriteSpec = {
      plan: this.plan,
      outputMode: this.mode,
      format,
      options: { ...this.opts },
      queryName: this.name,
      checkpointLocation,
      trigger: this.trig,
      clock: this.clk,
      foreachBatch: this.batchFn,
      foreach: this.writer,
    };
    return engine().startQuery(this.session.context, spec);
  }
}
