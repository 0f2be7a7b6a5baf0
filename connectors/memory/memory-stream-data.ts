// The blocks behind a MemoryStream: each addData call appends one block, whose index is its offset.
import { AnalysisError } from '../../common/errors';
import type { Row, Schema } from '../../plan/types';
import { inferSchema, toRow } from './rows';

/**
 * Appendable, replayable in-memory data for tests and embedding (Spark's MemoryStream). Offsets
 * are block indexes: the first `addData` returns 0; a call with no rows still adds a block, so
 * an epoch runs for it.
 * @example
 * const data = new MemoryStreamData<number>();
 * data.addData([1, 2]);     // 0: rows { value: 1 }, { value: 2 }
 * data.addData([]);         // 1: an empty block
 */
export class MemoryStreamData<T = unknown> {
  private readonly blocks: Row[][] = [];
  private readonly listeners = new Set<() => void>();
  private inferred: Schema | undefined;

  /** @param givenSchema the schema to report; inferred from the first non-empty block when absent. */
  constructor(private readonly givenSchema?: Schema) {
    if (givenSchema !== undefined) checkSchema(givenSchema);
  }

  /** Appends one block and returns its offset; with a given schema, every row must fit it. */
  addData(rows: readonly T[]): number {
    const block = rows.map(toRow);
    if (this.givenSchema) for (const row of block) checkRow(row, this.givenSchema);
    this.blocks.push(block);
    if (this.givenSchema === undefined && this.inferred === undefined) this.inferred = inferSchema(block);
    for (const l of [...this.listeners]) l();
    return this.blocks.length - 1;
  }

  /** Offset of the last block; -1 before any. */
  latestOffset(): number {
    return this.blocks.length - 1;
  }

  get numBlocks(): number {
    return this.blocks.length;
  }

  /** The rows of block `index` (a copy of the array; rows are shared). */
  block(index: number): Row[] {
    const b = this.blocks[index];
    return b === undefined ? [] : b.slice();
  }

  /** Rows of blocks start+1..end, in order: the range (start, end]. */
  rowsBetween(start: number, end: number): Row[] {
    const out: Row[] = [];
    const last = Math.min(end, this.blocks.length - 1);
    for (let i = Math.max(start + 1, 0); i <= last; i++) {
      for (const r of this.blocks[i]) out.push(r);
    }
    return out;
  }

  schema(): Schema | undefined {
    return this.givenSchema ?? this.inferred;
  }

  /** Calls `listener` after every addData; returns the function that unsubscribes it. */
  onData(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Resolves once a block after `afterOffset` exists: at once if it already does, otherwise on the
   * next addData. Without an argument, waits for the next addData.
   */
  waitForData(afterOffset?: number): Promise<void> {
    if (afterOffset !== undefined && this.latestOffset() > afterOffset) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.onData(() => {
        off();
        resolve();
      });
    });
  }
}

const CHECKED_TYPES: Record<string, (v: unknown) => boolean> = {
  number: (v) => typeof v === 'number',
  bigint: (v) => typeof v === 'bigint',
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  timestamp: (v) => typeof v === 'number' || v instanceof Date || (typeof v === 'string' && !Number.isNaN(Date.parse(v))),
  date: (v) => typeof v === 'number' || v instanceof Date || (typeof v === 'string' && !Number.isNaN(Date.parse(v))),
};
const DATA_TYPES = ['number', 'bigint', 'string', 'boolean', 'timestamp', 'date', 'window', 'array', 'struct', 'any'];

function checkSchema(schema: unknown): void {
  const ok = Array.isArray(schema) && schema.every((f) => f !== null && typeof f === 'object'
    && typeof (f as { name?: unknown }).name === 'string' && DATA_TYPES.includes((f as { type?: unknown }).type as string));
  if (!ok) {
    throw new AnalysisError('INVALID_SCHEMA',
      `A MemoryStream schema must be a list of fields { name, type }, got ${JSON.stringify(schema)}. Note: types are ${DATA_TYPES.join(', ')}; e.g. [{ name: 'value', type: 'number' }].`);
  }
}

function checkRow(row: Row, schema: Schema): void {
  for (const f of schema) {
    const v = row[f.name];
    if (v === null || v === undefined) {
      if (f.nullable === false) throw rowMismatch(row, f.name, 'a value (the field is not nullable)');
      continue;
    }
    const check = CHECKED_TYPES[f.type];
    if (check && !check(v)) throw rowMismatch(row, f.name, `a ${f.type}`);
  }
}

function rowMismatch(row: Row, field: string, expected: string): AnalysisError {
  return new AnalysisError('ROW_SCHEMA_MISMATCH',
    `Row ${JSON.stringify(row)} does not fit the MemoryStream's schema: field "${field}" needs ${expected}, got ${JSON.stringify(row[field])}. Note: fix the row, or the schema given to new MemoryStream(session, { schema }); nothing of this addData call was added.`,
    { field });
}
