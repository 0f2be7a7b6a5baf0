// Integer offsets (Spark's LongOffset) as used by the memory, local and rate sources.
import { TidemarkError } from '../common/errors';
import type { Offset } from './types';

/**
 * Reads an offset that must be an integer >= `min`. A checkpoint written by another source can
 * hold something else: that fails with INVALID_OFFSET rather than reading garbage.
 * @example toLongOffset(3, 'MemoryStream') === 3
 */
export function toLongOffset(offset: Offset, source: string, min = -1): number {
  if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= min) return offset;
  throw new TidemarkError(
    'INVALID_OFFSET',
    'user',
    `Invalid offset ${JSON.stringify(offset)} for ${source}: it must be an integer >= ${min}. ` +
      'Note: the checkpoint was probably written by a different source; use a new checkpointLocation.',
    { offset },
  );
}

/** Checks start <= end for a range (start, end]. */
export function checkRange(start: number, end: number, source: string): void {
  if (start > end) {
    throw new TidemarkError(
      'INVALID_OFFSET_RANGE',
      'internal',
      `Invalid offset range (${start}, ${end}] for ${source}: the start is after the end. ` +
        'Note: this is a bug in the engine; please report it with the query and its checkpoint.',
      { start, end },
    );
  }
}
