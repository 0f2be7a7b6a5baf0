// Source and sink formats by name: format('rate'), format('memory'), ... and registration of new ones.
import { AnalysisError, TidemarkError, closestName } from '../common/errors';
import type { SourceSpec } from '../plan/logical';
import type { Schema } from '../plan/types';
import type { StreamSink, StreamSource } from './types';
import { LocalSource } from './memory/local-source';
import { MemorySource } from './memory/memory-source';
import { MemoryStreamData } from './memory/memory-stream-data';
import { ConnectorOptions } from './options';
import { RateSource } from './rate/rate-source';
import { ConsoleSink, type PrintLine } from './sinks/console-sink';
import { MemorySink } from './sinks/memory-sink';
import type { MemoryTable } from './sinks/memory-table';
import { NoopSink } from './sinks/noop-sink';

/** Builds a source from the reader's options; `handle` is the in-process object of 'memory'/'local'. */
export type SourceFactory = (options: Readonly<Record<string, unknown>>, schema: Schema | undefined, handle: unknown) => StreamSource;

/** What a sink may need from the query and session that start it. */
export interface SinkFactoryContext {
  readonly queryName?: string;
  /** The session's memory table of that name, created when missing (memory sink). */
  readonly memoryTable?: (name: string) => MemoryTable;
  /** Where the console sink prints; stdout when absent. */
  readonly print?: PrintLine;
}

export type SinkFactory = (options: Readonly<Record<string, unknown>>, ctx: SinkFactoryContext) => StreamSink;

interface Entry<F> {
  readonly factory: F;
  /** Not a user-facing format name (needs a handle): left out of "known formats" notes. */
  readonly internal: boolean;
}

const sources = new Map<string, Entry<SourceFactory>>();
const sinks = new Map<string, Entry<SinkFactory>>();

/**
 * Makes `format(name)` available to readStream (names are case-insensitive). Registering a name
 * again replaces its factory.
 * @example registerSourceFormat('nexmark', (options) => new NexmarkSource(options))
 */
export function registerSourceFormat(name: string, factory: SourceFactory, opts: { internal?: boolean } = {}): void {
  sources.set(name.toLowerCase(), { factory, internal: opts.internal ?? false });
}

/** Makes `writeStream.format(name)` available (names are case-insensitive). */
export function registerSinkFormat(name: string, factory: SinkFactory, opts: { internal?: boolean } = {}): void {
  sinks.set(name.toLowerCase(), { factory, internal: opts.internal ?? false });
}

/** User-facing source format names, sorted. */
export function sourceFormats(): string[] {
  return publicNames(sources);
}

/** User-facing sink format names, sorted. */
export function sinkFormats(): string[] {
  return publicNames(sinks);
}

/**
 * A source for a format name; throws UNKNOWN_FORMAT (with the known ones) for any other name,
 * and the format's own option errors (INVALID_OPTION, UNKNOWN_OPTION).
 * @example createSource('rate', { rowsPerSecond: 10 })
 */
export function createSource(format: string, options: Readonly<Record<string, unknown>> = {}, schema?: Schema, handle?: unknown): StreamSource {
  const entry = sources.get(format.toLowerCase());
  if (entry === undefined) throw unknownFormat('source', format, sourceFormats());
  return entry.factory(options, schema, handle);
}

/** The source of a plan's source node. */
export function createSourceFromSpec(spec: SourceSpec): StreamSource {
  return createSource(spec.format, spec.options, spec.schema, spec.handle);
}

/**
 * A sink for a format name ('memory' | 'console' | 'noop' and registered ones); UNKNOWN_FORMAT
 * otherwise. foreach and foreachBatch are not formats: build ForeachSink / ForeachBatchSink.
 * @example createSink('memory', {}, { queryName: 'counts', memoryTable: (n) => catalog.getOrCreate(n) })
 */
export function createSink(format: string, options: Readonly<Record<string, unknown>> = {}, ctx: SinkFactoryContext = {}): StreamSink {
  const entry = sinks.get(format.toLowerCase());
  if (entry === undefined) throw unknownFormat('sink', format, sinkFormats());
  return entry.factory(options, ctx);
}

function publicNames<F>(m: Map<string, Entry<F>>): string[] {
  return [...m.entries()].filter(([, e]) => !e.internal).map(([n]) => n).sort();
}

function unknownFormat(kind: 'source' | 'sink', format: string, known: readonly string[]): AnalysisError {
  const near = closestName(format, known);
  const list = known.map((k) => `'${k}'`).join(', ');
  const note = near !== undefined ? `did you mean '${near}'? Known ${kind} formats: ${list}.` : `known ${kind} formats are ${list}.`;
  return new AnalysisError('UNKNOWN_FORMAT', `Unknown ${kind} format '${format}'. Note: ${note}`, { format });
}

function userSchemaNotSupported(format: string): AnalysisError {
  return new AnalysisError('USER_SCHEMA_NOT_SUPPORTED',
    `The ${format} source does not support a user-specified schema. Note: remove .schema(...); its schema is fixed.`,
    { format });
}

function badHandle(format: string, expected: string, handle?: unknown): TidemarkError {
  if (handle === undefined) {
    return new AnalysisError('SOURCE_NEEDS_HANDLE',
      `The '${format}' source cannot be opened by name from a reader: it reads ${expected} that lives in this process. Note: use new MemoryStream(session).toDF() for a stream, or session.createDataFrame(rows) for a table.`,
      { format });
  }
  return new TidemarkError('INVALID_SOURCE_HANDLE', 'internal',
    `The '${format}' source needs ${expected} as its handle. Note: this is a bug in the api layer; build it from a MemoryStream or createDataFrame.`,
    { format });
}

registerSourceFormat('rate', (options, schema) => {
  if (schema !== undefined) throw userSchemaNotSupported('rate');
  return new RateSource(options);
});

registerSourceFormat('memory', (_options, _schema, handle) => {
  if (!(handle instanceof MemoryStreamData)) throw badHandle('memory', 'the rows of a MemoryStream', handle);
  return new MemorySource(handle);
}, { internal: true });

registerSourceFormat('local', (_options, schema, handle) => {
  if (!Array.isArray(handle)) throw badHandle('local', 'an array of rows', handle);
  return new LocalSource(handle, schema);
}, { internal: true });

registerSinkFormat('memory', (options, ctx) => {
  new ConnectorOptions('memory sink', options, []);
  if (ctx.queryName === undefined || ctx.queryName === '') {
    throw new AnalysisError('QUERY_NAME_REQUIRED',
      "queryName must be specified for the memory sink. Note: add .queryName('name'), then read it with session.table('name').");
  }
  if (ctx.memoryTable === undefined) {
    throw new TidemarkError('NO_MEMORY_TABLES', 'internal',
      'The memory sink was created without access to the session\'s tables. Note: this is a bug in the runtime; pass memoryTable in the sink context.');
  }
  return new MemorySink(ctx.memoryTable(ctx.queryName));
});

registerSinkFormat('console', (options, ctx) => new ConsoleSink(options, ctx.print));
registerSinkFormat('noop', (options) => new NoopSink(options));
