// The package entry: the public API, wired to the runtime engine.
import { registerEngine } from './api/engine';
import { TidemarkEngine } from './runtime/engine';
import './connectors/nexmark/register';

registerEngine(new TidemarkEngine());

export { Session, SessionBuilder, RuntimeConf, type SessionOptions } from './api/session';
export { DataFrame, type MapRow } from './api/dataframe';
export { GroupedData } from './api/grouped';
export { KeyValueGroupedData } from './api/key-value-grouped';
export type { GroupState, GroupStateTimeout } from './plan/logical';
export { MemoryStream } from './api/memory-stream';
export { DataStreamWriter } from './api/writer';
export { DataStreamReader, DataFrameReader } from './api/reader';
export { Trigger, type TriggerSpec } from './api/trigger';
export { ManualClock, SystemClock, type Clock } from './api/clock';
export { StreamingQueryManager } from './api/query-manager';
export type * from './api/progress';
export { Column } from './api/column';
export * from './api/functions';
export type { ColumnLike, SelectRow, WithColumnRow } from './api/row-types';
export { TidemarkError, AnalysisError, StreamingQueryError, CheckpointError, type ErrorDomain } from './common/errors';
export type { Logger } from './common/logger';
export type { Row, Schema, Field, DataType, OutputMode, WindowValue } from './plan/types';
export type { ForeachWriter } from './connectors/sinks/foreach-sink';
export { defineTopology, type ChaosTopology } from './chaos/topology';
