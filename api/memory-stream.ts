// MemoryStream<T>: an in-memory, replayable streaming source for tests and embedding.
import { MemoryStreamData } from '../connectors/memory/memory-stream-data';
import type { Schema } from '../plan/types';
import { DataFrame, type MapRow } from './dataframe';
import type { SessionLike } from './session-like';

let nextId = 0;

/**
 * A stream you feed by hand. Each addData call is one unit that a single epoch takes whole.
 * Primitive values become rows `{ value }`, as Spark's MemoryStream[Int].
 * @example const input = new MemoryStream<number>(session); input.addData(1, 2, 3);
 */
export class MemoryStream<T> {
  /** @internal */
  readonly data: MemoryStreamData<T>;
  readonly id: number;

  constructor(private readonly session: SessionLike, options: { schema?: Schema } = {}) {
    this.id = nextId++;
    this.data = new MemoryStreamData<T>(options.schema);
  }

  /** Appends one block (possibly empty); returns its offset (0 for the first block). */
  addData(...rows: T[]): number {
    return this.data.addData(rows);
  }

  toDF(): DataFrame<MapRow<T>> {
    return new DataFrame<MapRow<T>>(this.session, {
      kind: 'source',
      source: {
        format: 'memory',
        options: {},
        streaming: true,
        handle: this.data,
        schema: this.data.schema(),
        identity: `memory#${this.id}`,
      },
    });
  }

  /** Same as toDF (Spark's toDS). */
  toDS(): DataFrame<MapRow<T>> {
    return this.toDF();
  }
}
