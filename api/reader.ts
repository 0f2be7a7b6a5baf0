// DataStreamReader (session.readStream) and DataFrameReader (session.read).
import type { Schema } from '../plan/types';
import type { Row } from '../plan/types';
import { DataFrame } from './dataframe';
import type { SessionLike } from './session-like';

abstract class ReaderBase<Self> {
  protected fmt = '';
  protected opts: Record<string, unknown> = {};
  protected userSchema?: Schema;
  constructor(protected readonly session: SessionLike) {}

  /** The source format: 'rate', 'nexmark', 'memory', ... */
  format(fmt: string): Self {
    this.fmt = fmt;
    return this as unknown as Self;
  }
  option(key: string, value: unknown): Self {
    this.opts[key] = value;
    return this as unknown as Self;
  }
  options(values: Record<string, unknown>): Self {
    Object.assign(this.opts, values);
    return this as unknown as Self;
  }
  schema(schema: Schema): Self {
    this.userSchema = schema;
    return this as unknown as Self;
  }
  protected frame<T>(streaming: boolean, path?: string): DataFrame<T> {
    const options = path === undefined ? { ...this.opts } : { ...this.opts, path };
    return new DataFrame<T>(this.session, {
      kind: 'source',
      source: { format: this.fmt, options, streaming, schema: this.userSchema, identity: `${this.fmt}` },
    });
  }
}

/**
 * Reads a stream.
 * @example session.readStream.format('rate').option('rowsPerSecond', 100).load()
 */
export class DataStreamReader extends ReaderBase<DataStreamReader> {
  load<T = Row>(path?: string): DataFrame<T> {
    return this.frame<T>(true, path);
  }
}

/** Reads a bounded table with the same connectors, as one epoch. */
export class DataFrameReader extends ReaderBase<DataFrameReader> {
  load<T = Row>(path?: string): DataFrame<T> {
    return this.frame<T>(false, path);
  }
}
