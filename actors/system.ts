// The actor system and typed actor references over nact: create a system, spawn, tell, stop.
import * as nact from 'nact';
import { TidemarkError } from '../common/errors';
import { type Logger, silentLogger } from '../common/logger';
import { adaptPersistenceEngine, type ActorPersistenceEngine } from './persistence-engine';
import { createCrashHandler, validateSupervisionPolicy, type SupervisionPolicy } from './supervision';

/**
 * The typed address of an actor that accepts messages of type `M`. It holds no state and stays valid
 * across restarts (nact resolves it by path); a message to a stopped actor is dropped.
 */
export interface ActorRef<M> {
  readonly name: string;
  /** Type-level only (never set): makes ActorRef<A> and ActorRef<B> different types. */
  readonly __message?: (msg: M) => void;
}

/** A running actor system: the root under which actors are spawned. */
export interface ActorSystem {
  readonly name: string;
  readonly logger: Logger;
  readonly stopped: boolean;
  /** Stops every actor (queued messages are dropped) and cancels pending restart back-offs. */
  stop(): void;
}

/** Where an actor can be spawned: at the root of a system or under another actor. */
export type ActorParent = ActorSystem | ActorRef<never>;

/** What a handler sees besides its state and message. */
export interface ActorCtx<M> {
  readonly self: ActorRef<M>;
  readonly name: string;
  /** `system://a/b`, for logs and errors. */
  readonly path: string;
  readonly system: ActorSystem;
}

/** Computes the next state from the current one and a message; a throw goes to the supervisor. */
export type ActorHandler<S, M> = (state: S, msg: M, ctx: ActorCtx<M>) => S | Promise<S>;

/**
 * Initial state: a value, or a function giving a fresh value (use it when handlers mutate state
 * in place, so that a restart does not start from the mutated object).
 */
export type InitialStateOption<S> = { initialState: S } | { initialStateFn: () => S };

export type SpawnOptions<S> = InitialStateOption<S> & { supervisor?: SupervisionPolicy };

export interface ActorSystemOptions {
  /** A nact persistence engine (see ActorPersistenceEngine); needed by persistent actors. */
  persistenceEngine?: unknown;
  name?: string;
  logger?: Logger;
  /** Policy for actors spawned without one; default: give up on the first failure and log it. */
  defaultSupervisor?: SupervisionPolicy;
}

/** The nact reference shape this module relies on (nact's typings hide it). */
interface NactRef {
  readonly name: string;
  readonly type: string;
  readonly system: { readonly name: string };
  readonly path: { readonly parts: readonly string[]; toString(): string };
}

const systems = new Map<string, SystemHandle>();
let systemCounter = 0;

/** @internal The one ActorSystem implementation; other actors/ files use its internals. */
export class SystemHandle implements ActorSystem {
  readonly root: NactRef;
  readonly defaultSupervisor: SupervisionPolicy;
  readonly engine: ActorPersistenceEngine | undefined;
  private isStopped = false;
  private readonly pendingDelays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  constructor(readonly name: string, readonly logger: Logger, engine: unknown, defaultSupervisor: SupervisionPolicy | undefined) {
    this.engine = engine === undefined ? undefined : adaptPersistenceEngine(engine, logger);
    this.defaultSupervisor = defaultSupervisor ?? {
      maxRestarts: 0,
      withinMs: 1,
      onGiveUp: (error, actorName) => logger.error('actor failed and was stopped', { actor: actorName, error }),
    };
    validateSupervisionPolicy(this.defaultSupervisor);
    const plugins: nact.Plugin[] = this.engine ? [nact.configurePersistence(this.engine as unknown as nact.PersistenceEngine)] : [];
    // nact reads the name from an object first argument (its typings say string, which it ignores).
    const start = nact.start as unknown as (first: { name: string }, ...plugins: nact.Plugin[]) => unknown;
    this.root = start({ name }, ...plugins) as NactRef;
  }

  get stopped(): boolean {
    return this.isStopped;
  }

  stop(): void {
    if (this.isStopped) return;
    this.isStopped = true;
    nact.stop(this.root as unknown as nact.Ref<never>);
    systems.delete(this.name);
    for (const d of this.pendingDelays) {
      clearTimeout(d.timer);
      d.resolve();
    }
    this.pendingDelays.clear();
  }

  /** Waits `ms`; resolves at once when the system stops, so no timer outlives it. */
  delay(ms: number): Promise<void> {
    if (this.isStopped) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        resolve,
        timer: setTimeout(() => {
          this.pendingDelays.delete(entry);
          resolve();
        }, ms),
      };
      this.pendingDelays.add(entry);
    });
  }
}

/**
 * Starts an actor system (nact `start`, with `configurePersistence(engine)` when given).
 * @example const system = createActorSystem({ name: 'query-1', persistenceEngine: engine });
 */
export function createActorSystem(opts: ActorSystemOptions = {}): ActorSystem {
  const name = opts.name ?? `tidemark-${++systemCounter}-${Math.random().toString(36).slice(2, 8)}`;
  if (systems.has(name)) {
    throw new TidemarkError(
      'ACTOR_SYSTEM_NAME_TAKEN',
      'user',
      `An actor system named "${name}" is already running. Note: stop it first or choose another name.`,
      { name },
    );
  }
  const handle = new SystemHandle(name, opts.logger ?? silentLogger, opts.persistenceEngine, opts.defaultSupervisor);
  systems.set(name, handle);
  return handle;
}

/** @internal The system that owns `parent`; throws ACTOR_SYSTEM_STOPPED when it is gone. */
export function systemOf(parent: ActorParent): SystemHandle {
  const handle = parent instanceof SystemHandle ? parent : systems.get((parent as unknown as NactRef).system?.name);
  if (handle === undefined || handle.stopped) {
    const what = parent instanceof SystemHandle ? `system "${parent.name}"` : `actor "${refPath(parent as ActorRef<never>)}"`;
    throw new TidemarkError(
      'ACTOR_SYSTEM_STOPPED',
      'internal',
      `Cannot spawn under ${what}: its actor system has stopped. Note: create a new actor system.`,
    );
  }
  return handle;
}

/** @internal The nact reference to spawn under. */
export function nactParentOf(parent: ActorParent): nact.Ref<never> {
  return (parent instanceof SystemHandle ? parent.root : parent) as unknown as nact.Ref<never>;
}

/** `system://a/b` for an actor reference. */
export function refPath(ref: ActorRef<never>): string {
  const r = ref as unknown as NactRef;
  return r.path ? r.path.toString() : String(r.name);
}

/** @internal Per-actor liveness, so that supervision neither restarts nor gives up after a deliberate stop. */
export interface ActorLife {
  stopped: boolean;
}
const lives = new WeakMap<object, ActorLife>();

/** @internal Builds nact spawn properties shared by plain and persistent actors. */
export function supervisionProps(system: SystemHandle, name: string, supervisor: SupervisionPolicy | undefined, life: ActorLife) {
  const policy = supervisor ?? system.defaultSupervisor;
  if (supervisor) validateSupervisionPolicy(supervisor);
  return {
    onCrash: createCrashHandler(policy, name, {
      isStopped: () => life.stopped || system.stopped,
      delay: (ms) => system.delay(ms),
      logger: system.logger,
    }),
    afterStop: () => {
      life.stopped = true;
    },
  };
}

/** @internal Runs a nact spawn, turning its plain Errors into coded ones, and records liveness. */
export function spawnChecked<M>(parent: ActorParent, name: string, life: ActorLife, doSpawn: () => unknown): ActorRef<M> {
  if (typeof name !== 'string' || !/^[a-z0-9-$_.+!*'(),]+$/i.test(name)) {
    throw new TidemarkError(
      'ACTOR_INVALID_NAME',
      'user',
      `Actor name ${JSON.stringify(name)} is not valid. Note: use letters, digits and - $ _ . + ! * ' ( ) , only.`,
      { name },
    );
  }
  let ref: unknown;
  try {
    ref = doSpawn();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/already exists/.test(message)) {
      throw new TidemarkError(
        'ACTOR_NAME_TAKEN',
        'internal',
        `An actor named "${name}" already runs under ${describeParent(parent)}. Note: stop it first or pick a unique name.`,
        { name, cause: e },
      );
    }
    throw new TidemarkError(
      'ACTOR_SPAWN_FAILED',
      'internal',
      `Spawning actor "${name}" under ${describeParent(parent)} failed: ${message}. Note: the parent may have stopped.`,
      { name, cause: e },
    );
  }
  lives.set(ref as object, life);
  return ref as ActorRef<M>;
}

function describeParent(parent: ActorParent): string {
  return parent instanceof SystemHandle ? `system "${parent.name}"` : `"${refPath(parent as ActorRef<never>)}"`;
}

/** @internal The handler context of an actor, built once per actor (it does not change). */
export function makeCtx<M>(self: ActorRef<M>, name: string, system: ActorSystem): ActorCtx<M> {
  return Object.freeze({ self, name, path: refPath(self as ActorRef<never>), system });
}

/**
 * Spawns an actor whose handler runs one message at a time, in arrival order. A throw goes to the
 * supervision policy (the system default when none is given).
 * @example const counter = spawnActor(system, 'counter', (n: number, msg: { add: number }) => n + msg.add, { initialState: 0 });
 */
export function spawnActor<S, M>(parent: ActorParent, name: string, handler: ActorHandler<S, M>, opts: SpawnOptions<S>): ActorRef<M> {
  const system = systemOf(parent);
  const life: ActorLife = { stopped: false };
  let self: ActorRef<M> | undefined;
  let ctx: ActorCtx<M> | undefined;
  const f = (state: S, msg: M): S | Promise<S> => handler(state, msg, (ctx ??= makeCtx(self as ActorRef<M>, name, system)));
  const initialStateFunc = 'initialStateFn' in opts ? opts.initialStateFn : () => opts.initialState;
  const props = { ...supervisionProps(system, name, opts.supervisor, life), initialStateFunc };
  const nactSpawn = nact.spawn as unknown as (p: nact.Ref<never>, fn: typeof f, n: string, pr: typeof props) => unknown;
  self = spawnChecked<M>(parent, name, life, () => nactSpawn(nactParentOf(parent), f, name, props));
  return self;
}

/**
 * Sends `msg` to `ref` without waiting. Messages from one sender arrive in the order sent; a message
 * to a stopped actor is dropped (nact semantics).
 */
export function tell<M>(ref: ActorRef<M>, msg: M): void {
  nact.dispatch(ref as unknown as nact.Ref<M>, msg);
}

/** Stops an actor and its children; queued messages are dropped and no supervision runs after it. */
export function stopActor(ref: ActorRef<never>): void {
  const life = lives.get(ref);
  if (life) life.stopped = true;
  nact.stop(ref as unknown as nact.Ref<never>);
}
