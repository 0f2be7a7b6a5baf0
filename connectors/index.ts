// The connectors' public surface: sources, sinks, the format registry and the table formatter.
export type { Offset, SourceContext, SourceMetadata, StreamSource, SinkContext, StreamSink } from './types';
export { MemoryStreamData } from './memory/memory-stream-data';
export { MemorySource } from './memory/memory-source';
export { LocalSource } from './memory/local-source';
export { toRow, inferSchema } from './memory/rows';
export { RateSource, parseRateOptions, valueAtSecond, RATE_SCHEMA } from './rate/rate-source';
export { MemoryTable, MemoryTableCatalog } from './sinks/memory-table';
export { MemorySink } from './sinks/memory-sink';
export { ConsoleSink, stdoutPrint, type PrintLine } from './sinks/console-sink';
export { formatTable, formatValue, formatTimestamp } from './sinks/table-format';
export { ForeachBatchSink, type ForeachBatchFunction } from './sinks/foreach-batch-sink';
export { ForeachSink, type ForeachWriter } from './sinks/foreach-sink';
export { NoopSink } from './sinks/noop-sink';
export { CollectSink } from './sinks/collect-sink';
export { ConnectorOptions, invalidOption, unknownOption, ENGINE_OPTIONS } from './options';
export {
  createSource, createSourceFromSpec, createSink, registerSourceFormat, registerSinkFormat,
  sourceFormats, sinkFormats, type SourceFactory, type SinkFactory, type SinkFactoryContext,
} from './registry';
