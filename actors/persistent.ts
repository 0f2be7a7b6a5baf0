// Event-sourced actors over nact's spawnPersistent: handle live messages, journal events, replay them.
import * as nact from 'nact';
import { TidemarkError } from '../common/errors';
import type { SupervisionPolicy } from './supervision';
import {
  makeCtx,
  nactParentOf,
  spawnChecked,
  supervisionProps,
  systemOf,
  type ActorCtx,
  type ActorLife,
  type ActorParent,
  type ActorRef,
} from './system';

/** The handler context of a persistent actor. */
export interface PersistentActorCtx<S, M, E> extends ActorCtx<M> {
  /**
   * Applies `event` to the state with applyEvent (at once, so a bad event never reaches the
   * journal), then journals it; resolves to the state after the event once the write is done.
   * Only valid while the handler that received this context is running.
   */
  persist(event: E): Promise<S>;
  /** The state including every event persisted so far by this message. */
  readonly state: S;
}

/** Encodes state for a snapshot and back (e.g. a Map to entries); identity when omitted. */
export interface SnapshotCodec<S> {
  encode(state: S): unknown;
  decode(data: unknown): S;
}

export interface PersistentActorSpec<S, M, E> {
  name: string;
  /** Journal key: the same key after a restart or re-spawn recovers the same state. */
  persistenceKey: string;
  /** A fresh initial state (called on spawn and before every recovery). */
  initialState: () => S;
  /** Live messages only; returns the next state (usually the one ctx.persist resolved to). */
  handle(state: S, msg: M, ctx: PersistentActorCtx<S, M, E>): Promise<S>;
  /** Pure: used for journal replay AND for live persisted events, so both paths run the same code. */
  applyEvent(state: S, event: E): S;
  /** Snapshot after the message in which this many events have been persisted since the last one. */
  snapshotEvery?: number;
  snapshotCodec?: SnapshotCodec<S>;
  supervisor?: SupervisionPolicy;
}

/** The parts of nact's persistent context this module uses (nact's typings omit them). */
interface NactPersistentCtx {
  recovering?: boolean;
  persist(event: unknown): Promise<void>;
}

/**
 * Spawns an event-sourced actor. On spawn, restart and re-spawn it rebuilds its state from the
 * latest snapshot and the journal with applyEvent, then handles queued live messages in order.
 * A failure while replaying is not retried (replay is deterministic): the actor stops and the
 * policy's onGiveUp receives an ACTOR_RECOVERY_FAILED error; engine read errors are restarted.
 * @example
 * const counter = spawnPersistentActor(system, {
 *   name: 'counter', persistenceKey: 'counter', initialState: () => 0,
 *   applyEvent: (n, e: { add: number }) => n + e.add,
 *   handle: async (n, msg: { add: number }, ctx) => ctx.persist({ add: msg.add }),
 * });
 */
export function spawnPersistentActor<S, M, E>(parent: ActorParent, spec: PersistentActorSpec<S, M, E>): ActorRef<M> {
  const system = systemOf(parent);
  if (system.engine === undefined) {
    throw new TidemarkError(
      'ACTOR_NO_PERSISTENCE_ENGINE',
      'internal',
      `Persistent actor "${spec.name}" needs a persistence engine, but system "${system.name}" has none. ` +
        'Note: pass persistenceEngine to createActorSystem.',
      { name: spec.name },
    );
  }
  validateSpec(spec);
  const life: ActorLife = { stopped: false };
  let self: ActorRef<M> | undefined;
  let baseCtx: ActorCtx<M> | undefined;

  const replay = (state: S, event: E): S => {
    try {
      return spec.applyEvent(state, event);
    } catch (e) {
      throw new TidemarkError(
        'ACTOR_RECOVERY_FAILED',
        'internal',
        `Actor "${spec.name}" could not replay its journal "${spec.persistenceKey}": applyEvent threw ` +
          `${e instanceof Error ? `"${e.message}"` : JSON.stringify(e)}. ` +
          'Note: applyEvent must accept every event it ever persisted; fix it or migrate the journal.',
        { cause: e, retryable: false, persistenceKey: spec.persistenceKey },
      );
    }
  };

  const live = async (state: S, msg: M, nctx: NactPersistentCtx): Promise<S> => {
    const base = (baseCtx ??= makeCtx(self as ActorRef<M>, spec.name, system));
    let current = state;
    let open = true;
    const writes: Promise<void>[] = [];
    const ctx: PersistentActorCtx<S, M, E> = {
      self: base.self,
      name: base.name,
      path: base.path,
      system: base.system,
      get state() {
        return current;
      },
      persist(event: E): Promise<S> {
        if (!open) {
          throw new TidemarkError(
            'ACTOR_PERSIST_OUTSIDE_HANDLER',
            'internal',
            `Actor "${spec.name}" called persist after its handler finished. ` +
              'Note: call ctx.persist only inside handle (and await it) — never from a later callback.',
            { persistenceKey: spec.persistenceKey },
          );
        }
        current = spec.applyEvent(current, event);
        const after = current;
        const write = nctx.persist(event);
        writes.push(write);
        const result = write.then(() => after);
        result.catch(() => undefined); // the handler's own await sees the error; do not leak an unhandled one
        return result;
      },
    };
    try {
      const next = await spec.handle(state, msg, ctx);
      await Promise.all(writes);
      return next;
    } catch (e) {
      // Let every write settle before nact resets the actor and reads the journal again.
      await Promise.allSettled(writes);
      throw e;
    } finally {
      open = false;
    }
  };

  const f = (state: S, msg: unknown, nctx: NactPersistentCtx): S | Promise<S> =>
    nctx.recovering === true ? replay(state, msg as E) : live(state, msg as M, nctx);

  const codec = spec.snapshotCodec;
  const props = {
    ...supervisionProps(system, spec.name, spec.supervisor, life),
    initialStateFunc: () => spec.initialState(),
    ...(spec.snapshotEvery !== undefined ? { snapshotEvery: spec.snapshotEvery } : {}),
    ...(codec ? { snapshotEncoder: (s: S) => codec.encode(s), snapshotDecoder: (d: unknown) => codec.decode(d) } : {}),
  };
  const nactSpawnPersistent = nact.spawnPersistent as unknown as (
    p: nact.Ref<never>,
    fn: typeof f,
    key: string,
    n: string,
    pr: typeof props,
  ) => unknown;
  self = spawnChecked<M>(parent, spec.name, life, () =>
    nactSpawnPersistent(nactParentOf(parent), f, spec.persistenceKey, spec.name, props),
  );
  return self;
}

function validateSpec<S, M, E>(spec: PersistentActorSpec<S, M, E>): void {
  if (typeof spec.persistenceKey !== 'string' || spec.persistenceKey.length === 0) {
    throw new TidemarkError(
      'ACTOR_INVALID_PERSISTENCE_KEY',
      'user',
      `Persistent actor "${spec.name}" has persistenceKey ${JSON.stringify(spec.persistenceKey)}. ` +
        'Note: use a non-empty string that stays the same across restarts.',
      { name: spec.name },
    );
  }
  if (spec.snapshotEvery !== undefined && !(Number.isInteger(spec.snapshotEvery) && spec.snapshotEvery > 0)) {
    throw new TidemarkError(
      'ACTOR_INVALID_SNAPSHOT_EVERY',
      'user',
      `Persistent actor "${spec.name}" has snapshotEvery ${JSON.stringify(spec.snapshotEvery)}. ` +
        'Note: use a whole number of events > 0, or omit it to never snapshot.',
      { name: spec.name },
    );
  }
}
