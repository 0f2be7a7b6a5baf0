// Argument and format-version checks shared by the storage implementation.
import { TidemarkError } from '../common/errors';
import { corruptError, invalidNumberError, versionUnsupportedError } from './errors';
import { FORMAT_VERSION } from './keys';

/** Throws CHECKPOINT_CORRUPT for a malformed version, CHECKPOINT_VERSION_UNSUPPORTED for a newer one. */
export function checkFormatVersion(version: unknown, file: string): void {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw corruptError({ file }, `its format version ${JSON.stringify(version)} is not a positive integer`);
  }
  if (version > FORMAT_VERSION) throw versionUnsupportedError(file, version, FORMAT_VERSION);
}

/** `n` if it is an integer >= 0 (an epoch, seq or index), else CHECKPOINT_INVALID_ARGUMENT. */
export function index(what: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw invalidNumberError(`The ${what}`, n);
  return n;
}

/** `actorKey` if it is a usable journal key, else CHECKPOINT_INVALID_ARGUMENT. */
export function actor(actorKey: string): string {
  if (typeof actorKey !== 'string' || actorKey.length === 0 || actorKey.length > 500) {
    throw new TidemarkError(
      'CHECKPOINT_INVALID_ARGUMENT',
      'internal',
      `An actor key must be a non-empty string of at most 500 characters, got ${JSON.stringify(actorKey)}. ` +
        'Note: use the stable operator id and partition, e.g. "agg-3/p0".',
      { actorKey, retryable: false },
    );
  }
  return actorKey;
}
