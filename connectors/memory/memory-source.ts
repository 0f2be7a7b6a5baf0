// StreamSource over a MemoryStreamData: offsets are block indexes, -1 before the first block.
import type { Row, Schema } from '../../plan/types';
import type { Offset, SourceContext, StreamSource } from '../types';
import { checkRange, toLongOffset } from '../long-offset';
import type { MemoryStreamData } from './memory-stream-data';

/**
 * Replayable: (start, end] always yields blocks start+1..end. Every block added when
 * `latestOffset` is asked is taken whole by that epoch.
 * @example
 * const src = new MemorySource(data);
 * await src.read(-1, src.latestOffset(-1), (rows) => out.push(...rows), 1000);
 */
export class MemorySource implements StreamSource {
  readonly replayable = true;

  /** @param name shown in progress: 'MemoryStream[value]' by default. */
  constructor(private readonly data: MemoryStreamData<unknown>, private readonly name?: string) {}

  get description(): string {
    if (this.name !== undefined) return this.name;
    const cols = this.schema()?.map((f) => f.name).join(',') ?? '';
    return `MemoryStream[${cols}]`;
  }

  schema(): Schema | undefined {
    return this.data.schema();
  }

  async open(_ctx: SourceContext): Promise<void> {
    // Nothing to persist: the data lives in the process, offsets in the engine's offset log.
  }

  initialOffset(): Offset {
    return -1;
  }

  latestOffset(_start: Offset): Offset {
    return this.data.latestOffset();
  }

  async read(start: Offset, end: Offset, emit: (rows: Row[]) => void | Promise<void>, batchSize: number): Promise<void> {
    const s = toLongOffset(start, this.description);
    const e = toLongOffset(end, this.description);
    checkRange(s, e, this.description);
    const rows = this.data.rowsBetween(s, e);
    const size = Math.max(1, Math.floor(batchSize));
    for (let i = 0; i < rows.length; i += size) await emit(rows.slice(i, i + size));
  }

  /** Blocks are kept: tests replay committed ranges after a restart. */
  commit(_end: Offset): void {}

  /** True when the range holds no block (a block with no rows still counts: an epoch runs for it). */
  isEmptyRange(start: Offset, end: Offset): boolean {
    return toLongOffset(start, this.description) >= toLongOffset(end, this.description);
  }

  onDataAvailable(listener: () => void): () => void {
    return this.data.onData(listener);
  }

  /** Resolves when a block after `afterOffset` exists (see MemoryStreamData.waitForData). */
  waitForData(afterOffset?: Offset): Promise<void> {
    return this.data.waitForData(afterOffset === undefined ? undefined : toLongOffset(afterOffset, this.description));
  }
}
