// A bounded source over a fixed row array (createDataFrame): one range (-1, 0] holds every row.
import type { Row, Schema } from '../../plan/types';
import type { Offset, SourceContext, StreamSource } from '../types';
import { checkRange, toLongOffset } from '../long-offset';
import { inferSchema, toRow } from './rows';

/**
 * Offsets: -1 before the data, 0 after it. Primitive values become `{ value: v }` rows.
 * @example new LocalSource([{ a: 1 }, { a: 2 }]).latestOffset(-1) === 0
 */
export class LocalSource implements StreamSource {
  readonly replayable = true;
  /** Never grows: a batch query reads (-1, 0] once. */
  readonly bounded = true;
  readonly description: string;
  private readonly rows: readonly Row[];
  private readonly givenSchema: Schema | undefined;

  constructor(values: readonly unknown[], schema?: Schema) {
    this.rows = values.map(toRow);
    this.givenSchema = schema ?? inferSchema(this.rows);
    const cols = this.givenSchema?.map((f) => f.name).join(',') ?? '';
    this.description = `LocalRelation[${cols}]`;
  }

  schema(): Schema | undefined {
    return this.givenSchema;
  }

  async open(_ctx: SourceContext): Promise<void> {}

  initialOffset(): Offset {
    return -1;
  }

  latestOffset(_start: Offset): Offset {
    return 0;
  }

  async read(start: Offset, end: Offset, emit: (rows: Row[]) => void | Promise<void>, batchSize: number): Promise<void> {
    const s = toLongOffset(start, this.description);
    const e = toLongOffset(end, this.description);
    checkRange(s, e, this.description);
    if (!(s < 0 && e >= 0)) return;
    const size = Math.max(1, Math.floor(batchSize));
    for (let i = 0; i < this.rows.length; i += size) await emit(this.rows.slice(i, i + size));
  }

  isEmptyRange(start: Offset, end: Offset): boolean {
    return toLongOffset(start, this.description) >= toLongOffset(end, this.description);
  }
}
