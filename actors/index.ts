// The actor substrate's public surface: systems, typed refs, supervision, event sourcing, credits, ask.
export {
  createActorSystem,
  spawnActor,
  stopActor,
  tell,
  refPath,
  type ActorSystem,
  type ActorSystemOptions,
  type ActorRef,
  type ActorParent,
  type ActorCtx,
  type ActorHandler,
  type InitialStateOption,
  type SpawnOptions,
} from './system';
export {
  backoffDelayMs,
  createCrashHandler,
  isNonRetryable,
  validateSupervisionPolicy,
  type BackoffOptions,
  type SupervisionPolicy,
} from './supervision';
export {
  spawnPersistentActor,
  type PersistentActorCtx,
  type PersistentActorSpec,
  type SnapshotCodec,
} from './persistent';
export { type ActorPersistenceEngine, type JournalEvent, type JournalSnapshot } from './persistence-engine';
export { CreditGate } from './credits';
export { ask } from './query';
