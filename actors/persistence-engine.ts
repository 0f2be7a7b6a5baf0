// The journal contract nact's persistent actors need, and a guard that adapts any engine to it.
import { TidemarkError } from '../common/errors';
import type { Logger } from '../common/logger';

/** One journalled event, as nact writes it (`data` is what the actor persisted). */
export interface JournalEvent {
  data: unknown;
  sequenceNumber: number;
  key: string;
  createdAt: number;
  isDeleted: boolean;
  tags: string[];
}

/** One state snapshot; events with sequenceNumber > this one's are replayed on top of it. */
export interface JournalSnapshot {
  data: unknown;
  sequenceNumber: number;
  key: string;
  createdAt: number;
}

/**
 * What a persistence engine must provide (nact 7.6.2's contract). `events` must return an array
 * synchronously (nact calls `.reduce` on it) holding the events of `key` with
 * sequenceNumber > offset, in order. persistence/nact-engine.ts implements it over LMDB.
 */
export interface ActorPersistenceEngine {
  events(key: string, offset: number, limit?: number, tags?: string[]): readonly JournalEvent[];
  persist(event: JournalEvent): Promise<unknown>;
  latestSnapshot(key: string): Promise<JournalSnapshot | undefined | null>;
  takeSnapshot(snapshot: JournalSnapshot): Promise<unknown>;
}

const METHODS = ['events', 'persist', 'latestSnapshot', 'takeSnapshot'] as const;

/**
 * Checks that `engine` has the four methods and wraps it so that a contract breach becomes a coded,
 * non-retryable error instead of a nact crash, and a failed snapshot write is logged (nact would
 * print it to the console) rather than lost: the journal still holds every event.
 */
export function adaptPersistenceEngine(engine: unknown, logger: Logger): ActorPersistenceEngine {
  const missing = METHODS.filter(
    (m) => typeof engine !== 'object' || engine === null || typeof (engine as Record<string, unknown>)[m] !== 'function',
  );
  if (missing.length > 0) {
    throw new TidemarkError(
      'ACTOR_INVALID_PERSISTENCE_ENGINE',
      'user',
      `The persistence engine lacks method(s) ${missing.map((m) => `"${m}"`).join(', ')}. ` +
        'Note: pass an object with events(key, offset) returning an array, persist(event), latestSnapshot(key) and takeSnapshot(snapshot).',
      { missing },
    );
  }
  const e = engine as ActorPersistenceEngine;
  return {
    events(key, offset, limit, tags) {
      const result: unknown = e.events(key, offset, limit, tags);
      if (!Array.isArray(result)) {
        throw new TidemarkError(
          'ACTOR_ENGINE_EVENTS_NOT_ARRAY',
          'internal',
          `The persistence engine's events("${key}", ${offset}) returned ${describe(result)} instead of an array. ` +
            'Note: nact reduces the result synchronously; read the journal with a synchronous range scan.',
          { persistenceKey: key, retryable: false },
        );
      }
      return result as JournalEvent[];
    },
    persist: (event) => Promise.resolve(e.persist(event)),
    latestSnapshot: (key) => Promise.resolve(e.latestSnapshot(key)),
    takeSnapshot(snapshot) {
      return Promise.resolve()
        .then(() => e.takeSnapshot(snapshot))
        .catch((error: unknown) => {
          logger.warn('snapshot write failed; recovery will replay the journal instead', {
            persistenceKey: snapshot.key,
            sequenceNumber: snapshot.sequenceNumber,
            error,
          });
        });
    },
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function') return 'a Promise';
  return typeof value;
}
