// Core value types shared by every layer above common/: rows, data types, schemas, output modes.

/** A row is a plain object. Batches are arrays of rows. */
export type Row = Record<string, unknown>;

export type DataType =
  | 'number'      // JS number (Spark int/long/double)
  | 'bigint'
  | 'string'
  | 'boolean'
  | 'timestamp'   // epoch milliseconds (number) inside the engine
  | 'date'        // epoch milliseconds at UTC midnight
  | 'window'      // { start: number, end: number }
  | 'array'
  | 'struct'
  | 'any';        // unknown at analysis time (user functions, untyped sources)

export interface Field {
  readonly name: string;
  readonly type: DataType;
  readonly nullable?: boolean;
}

/** Ordered column list. `undefined` where a plan node's output is opaque (map/flatMap results). */
export type Schema = readonly Field[];

export type OutputMode = 'append' | 'update' | 'complete';

export const OUTPUT_MODES: readonly OutputMode[] = ['append', 'update', 'complete'];

/** A window value: epoch ms, end exclusive. */
export interface WindowValue {
  start: number;
  end: number;
}

/** Watermark value before any event time has been seen. */
export const NO_WATERMARK = 0;
