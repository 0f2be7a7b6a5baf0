// Shared helpers for persistence tests: temporary checkpoint directories and storage factories.
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { openCheckpoint, type CheckpointStorage } from '../../persistence/storage';

/** The part of a tap test these helpers use. */
export interface Test {
  teardown(fn: () => unknown): void;
}

/** A fresh, not yet existing directory path under the OS temp dir, removed after the test. */
export function tempDir(t: Test, name = 'cp'): string {
  const base = mkdtempSync(join(tmpdir(), 'tidemark-persist-'));
  t.teardown(() => rmSync(base, { recursive: true, force: true }));
  return join(base, name);
}

export interface StorageKind {
  name: 'memory' | 'lmdb';
  /** Opens a fresh storage; closed after the test. */
  open(t: Test): Promise<CheckpointStorage>;
}

export const STORAGE_KINDS: StorageKind[] = [
  {
    name: 'memory',
    open: async (t) => {
      const s = await openCheckpoint(':memory:');
      t.teardown(() => s.close());
      return s;
    },
  },
  {
    name: 'lmdb',
    open: async (t) => {
      const s = await openCheckpoint(tempDir(t));
      t.teardown(() => s.close());
      return s;
    },
  },
];

export const offsets = (epoch: number, extra: Partial<{ watermarkMs: number }> = {}) => ({
  epoch,
  ranges: [{ start: { offset: epoch * 10 }, end: { offset: epoch * 10 + 10 } }],
  watermarkMs: extra.watermarkMs ?? epoch * 1000,
  batchTimestampMs: 1_700_000_000_000 + epoch,
  conf: { 'spark.sql.shuffle.partitions': '4' },
});
