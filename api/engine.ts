// The seam between api/ and runtime/: api describes what to run, the runtime (registered at load) runs it.
import type { LogicalPlan } from '../plan/logical';
import type { OutputMode, Row } from '../plan/types';
import type { Logger } from '../common/logger';
import type { MemoryTable } from '../connectors/sinks/memory-table';
import type { ForeachWriter } from '../connectors/sinks/foreach-sink';
import type { Clock } from './clock';
import type { TriggerSpec } from './trigger';
import type { StreamingQuery, StreamingQueryListener } from './progress';
import { TidemarkError } from '../common/errors';

/** What a writeStream...start() asks the engine to run. */
export interface WriteSpec {
  readonly plan: LogicalPlan;
  readonly outputMode: OutputMode;
  /** 'memory' | 'console' | 'noop' | ... ; undefined with foreachBatch / foreach. */
  readonly format?: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly queryName?: string;
  readonly checkpointLocation?: string;
  readonly trigger: TriggerSpec;
  readonly clock: Clock;
  readonly foreachBatch?: (rows: Row[], batchId: number) => unknown;
  readonly foreach?: ForeachWriter;
}

/** What the engine needs to know of the session that starts a query. */
export interface SessionContext {
  readonly conf: ReadonlyMap<string, string>;
  readonly logger: Logger;
  memoryTable(name: string, create: boolean): MemoryTable | undefined;
  /** Where console output goes (one line, no trailing newline). */
  print(line: string): void;
  /** Called by the engine as queries start, progress and end. */
  readonly hooks: QueryHooks;
}

export interface QueryHooks {
  isNameActive(name: string): boolean;
  started(q: StreamingQuery): void;
  listeners(): readonly StreamingQueryListener[];
  terminated(q: StreamingQuery): void;
}

export interface Engine {
  startQuery(session: SessionContext, spec: WriteSpec): Promise<StreamingQuery>;
  executeBatch(session: SessionContext, plan: LogicalPlan): Promise<Row[]>;
  explain(session: SessionContext, plan: LogicalPlan): string;
}

let registered: Engine | undefined;

/** Called once by the package entry (index.ts) with the runtime's engine. */
export function registerEngine(engine: Engine): void {
  registered = engine;
}

export function engine(): Engine {
  if (!registered) {
    throw new TidemarkError('ENGINE_NOT_REGISTERED', 'internal',
      'No execution engine is registered. Note: import from the package entry ("tidemark"), not from api/ directly.');
  }
  return registered;
}
