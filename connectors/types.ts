// The source and sink contracts every connector implements; the runtime drives them inside actors.
import type { OutputMode, Row, Schema } from '../plan/types';

/** Source offsets are JSON values, compared by their canonical JSON text. */
export type Offset = string | number | boolean | null | Offset[] | { [k: string]: Offset };

/** Small persisted key/value store per source (the `sources` database of the checkpoint). */
export interface SourceMetadata {
  get(key: string): unknown;
  put(key: string, value: unknown): Promise<void>;
}

export interface SourceContext {
  readonly sourceIndex: number;
  readonly metadata: SourceMetadata;
  /** The trigger clock (ManualClock in tests). */
  now(): number;
}

/** A streaming (or bounded) source. Replayable sources must return the same rows for the same range. */
export interface StreamSource {
  readonly description: string;
  readonly replayable: boolean;
  /** Output schema, when known before running. */
  schema(): Schema | undefined;
  /** Called once per run, before anything else; reads or writes the source's checkpoint metadata. */
  open(ctx: SourceContext): Promise<void>;
  /** Offset before any data (a range [initial, x) holds the first rows). */
  initialOffset(): Offset;
  /**
   * The end offset of the next epoch: everything available now, capped by the source's own
   * read limit (maxOffsetsPerTrigger, maxFilesPerTrigger).
   */
  latestOffset(start: Offset): Offset | Promise<Offset>;
  /**
   * Everything available now, ignoring the source's read limit (Spark's reportLatestOffset): the
   * target of Trigger.AvailableNow and processAllAvailable(). Defaults to latestOffset.
   */
  reportLatestOffset?(start: Offset): Offset | Promise<Offset>;
  /** Emits the rows of (start, end] in order, in batches of at most `batchSize` rows. */
  read(start: Offset, end: Offset, emit: (rows: Row[]) => void | Promise<void>, batchSize: number): Promise<void>;
  /** Everything up to `end` is committed: the source may discard it. */
  commit?(end: Offset): void | Promise<void>;
  /** True when (start, end] is empty. */
  isEmptyRange?(start: Offset, end: Offset): boolean;
  close?(): void | Promise<void>;
  /**
   * Push sources (MemoryStream): calls `listener` whenever new data may be available, so the
   * runtime can wake up instead of polling. Returns the function that unsubscribes it.
   */
  onDataAvailable?(listener: () => void): () => void;
}

export interface SinkContext {
  readonly queryId: string;
  readonly queryName?: string;
  readonly outputMode: OutputMode;
  /** The schema of the rows the sink will get, when known (console column order, timestamp display). */
  readonly schema?: Schema;
}

/**
 * A sink. `write` may be called many times within an epoch; `commit` ends it. Both may be called
 * again with the same epoch after a crash: a sink that promises exactly-once skips an epoch it has
 * already committed.
 */
export interface StreamSink {
  readonly description: string;
  open(ctx: SinkContext): Promise<void>;
  write(epoch: number, rows: Row[]): void | Promise<void>;
  commit(epoch: number): void | Promise<void>;
  /** Drop what was written for an epoch that did not commit (query failed mid-epoch). */
  abort?(epoch: number): void;
  close?(): void | Promise<void>;
  /** Number of rows committed for the last epoch (progress numOutputRows); -1 when unknown. */
  lastEpochRowCount?(): number;
}
