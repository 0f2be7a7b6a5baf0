// Session: the entry point (Spark's SparkSession): readers, createDataFrame, conf, streams.
import { AnalysisError, closestName } from '../common/errors';
import { silentLogger, type Logger } from '../common/logger';
import type { Row } from '../plan/types';
import { MemoryTable } from '../connectors/sinks/memory-table';
import { DataFrame } from './dataframe';
import type { SessionContext } from './engine';
import { StreamingQueryManager } from './query-manager';
import { DataFrameReader, DataStreamReader } from './reader';
import type { SessionLike } from './session-like';

/** Known configuration keys with their defaults and validators. */
export const CONF_DEFAULTS: Readonly<Record<string, string>> = {
  'tidemark.shufflePartitions': '4',
  'tidemark.multipleWatermarkPolicy': 'min',
  'tidemark.noDataMicroBatches': 'true',
  'tidemark.minBatchesToRetain': '100',
  'tidemark.snapshotEvery': '10',
  'tidemark.batchSize': '4096',
  'tidemark.maxInFlightBatches': '8',
  'tidemark.numRecentProgressUpdates': '100',
  'tidemark.maxActorRestarts': '3',
};

const VALIDATORS: Record<string, (v: string) => string | undefined> = {
  'tidemark.shufflePartitions': positiveInt,
  'tidemark.minBatchesToRetain': positiveInt,
  'tidemark.snapshotEvery': positiveInt,
  'tidemark.batchSize': positiveInt,
  'tidemark.maxInFlightBatches': positiveInt,
  'tidemark.numRecentProgressUpdates': positiveInt,
  'tidemark.maxActorRestarts': (v) => (/^\d+$/.test(v) ? undefined : 'a non-negative integer'),
  'tidemark.multipleWatermarkPolicy': (v) => (v === 'min' || v === 'max' ? undefined : "'min' or 'max'"),
  'tidemark.noDataMicroBatches': (v) => (v === 'true' || v === 'false' ? undefined : 'true or false'),
};

function positiveInt(v: string): string | undefined {
  return /^[1-9]\d*$/.test(v) ? undefined : 'a positive integer';
}

/** Runtime configuration (session.conf). Unknown `tidemark.*` keys are refused with the closest name. */
export class RuntimeConf {
  /** @internal */
  readonly values = new Map<string, string>(Object.entries(CONF_DEFAULTS));

  set(key: string, value: string | number | boolean): void {
    const v = String(value);
    if (key.startsWith('tidemark.')) {
      const check = VALIDATORS[key];
      if (!check) {
        const near = closestName(key, Object.keys(CONF_DEFAULTS));
        throw new AnalysisError('UNKNOWN_CONF',
          `Unknown configuration key ${JSON.stringify(key)}.${near ? ` Note: did you mean "${near}"?` : ` Note: known keys are ${Object.keys(CONF_DEFAULTS).join(', ')}.`}`);
      }
      const expected = check(v);
      if (expected) {
        throw new AnalysisError('INVALID_CONF',
          `Invalid value ${JSON.stringify(value)} for ${key}. Note: it must be ${expected}.`);
      }
    }
    this.values.set(key, v);
  }

  get(key: string, defaultValue?: string): string | undefined {
    return this.values.get(key) ?? defaultValue;
  }

  unset(key: string): void {
    if (key in CONF_DEFAULTS) this.values.set(key, CONF_DEFAULTS[key]);
    else this.values.delete(key);
  }
}

export interface SessionOptions {
  appName?: string;
  conf?: Record<string, string | number | boolean>;
  logger?: Logger;
  /** Where show() and the console sink print; defaults to stdout. */
  print?: (text: string) => void;
}

/**
 * The entry point.
 * @example const session = Session.builder().appName('demo').config('tidemark.shufflePartitions', 8).getOrCreate();
 */
export class Session implements SessionLike {
  readonly appName: string;
  readonly conf = new RuntimeConf();
  readonly streams = new StreamingQueryManager();
  private readonly tables = new Map<string, MemoryTable>();
  private readonly logger: Logger;
  private readonly printer: (text: string) => void;
  /** @internal */
  readonly context: SessionContext;

  constructor(options: SessionOptions = {}) {
    this.appName = options.appName ?? 'tidemark';
    this.logger = options.logger ?? silentLogger;
    this.printer = options.print ?? ((text) => { process.stdout.write(text.endsWith('\n') ? text : `${text}\n`); });
    for (const [k, v] of Object.entries(options.conf ?? {})) this.conf.set(k, v);
    const tables = this.tables;
    const printer = this.printer;
    this.context = {
      print: (line) => printer(line),
      conf: this.conf.values,
      logger: this.logger,
      hooks: this.streams.hooks,
      memoryTable(name, create) {
        let t = tables.get(name);
        if (!t && create) {
          t = new MemoryTable(name);
          tables.set(name, t);
        }
        return t;
      },
    };
  }

  static builder(): SessionBuilder {
    return new SessionBuilder();
  }

  /** Reads streams: `session.readStream.format('rate').load()`. */
  get readStream(): DataStreamReader {
    return new DataStreamReader(this);
  }

  /** Reads bounded tables with the same connectors. */
  get read(): DataFrameReader {
    return new DataFrameReader(this);
  }

  /** A bounded DataFrame over rows (primitives become `{ value }`). */
  createDataFrame<T>(rows: readonly T[]): DataFrame<T extends object ? T : { value: T }> {
    const wrapped = rows.map((r) => (r !== null && typeof r === 'object' ? r : { value: r })) as Row[];
    return new DataFrame(this, {
      kind: 'source',
      source: { format: 'local', options: {}, streaming: false, handle: wrapped, identity: 'local' },
    });
  }

  /** A bounded DataFrame over a memory sink's table (complete mode: the latest result). */
  table<T = Row>(name: string): DataFrame<T> {
    const t = this.tables.get(name);
    if (!t) {
      const near = closestName(name, [...this.tables.keys()]);
      throw new AnalysisError('TABLE_NOT_FOUND',
        `Table or view not found: ${JSON.stringify(name)}.${near ? ` Note: did you mean "${near}"?` : ' Note: start a query with .format(\'memory\').queryName(name) first.'}`);
    }
    return new DataFrame<T>(this, {
      kind: 'source',
      source: { format: 'local', options: {}, streaming: false, handle: t, identity: `table:${name}` },
    });
  }

  /** @internal */
  print(text: string): void {
    this.printer(text);
  }

  /** Stops every active query. */
  async stop(): Promise<void> {
    await Promise.all(this.streams.active.map((q) => q.stop()));
  }
}

export class SessionBuilder {
  private options: SessionOptions & { conf: Record<string, string | number | boolean> } = { conf: {} };

  appName(name: string): this {
    this.options.appName = name;
    return this;
  }
  config(key: string, value: string | number | boolean): this {
    this.options.conf[key] = value;
    return this;
  }
  logger(logger: Logger): this {
    this.options.logger = logger;
    return this;
  }
  print(fn: (text: string) => void): this {
    this.options.print = fn;
    return this;
  }
  getOrCreate(): Session {
    return new Session(this.options);
  }
}
