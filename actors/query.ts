// Request/reply with actors (nact query) with a required timeout and coded errors.
import * as nact from 'nact';
import { TidemarkError } from '../common/errors';
import { refPath, type ActorRef } from './system';

/**
 * Sends the message built by `makeMsg(replyTo)` and resolves with the first thing told to
 * `replyTo`. Rejects with ACTOR_ASK_TIMEOUT after `timeoutMs`, or ACTOR_NOT_FOUND when the actor
 * has stopped. Give both type arguments to have the message checked: `ask<number, CounterMsg>(…)`.
 * @example const n = await ask<number, CounterMsg>(counter, (replyTo) => ({ kind: 'get', replyTo }), 1000);
 */
export function ask<R, M = any>(ref: ActorRef<M>, makeMsg: (replyTo: ActorRef<R>) => M, timeoutMs: number): Promise<R> {
  const path = refPath(ref as ActorRef<never>);
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
    return Promise.reject(
      new TidemarkError(
        'ACTOR_ASK_INVALID_TIMEOUT',
        'internal',
        `ask("${path}") got timeoutMs ${JSON.stringify(timeoutMs)}. Note: pass a finite number of milliseconds > 0.`,
        { timeoutMs },
      ),
    );
  }
  const query = nact.query as unknown as (a: unknown, f: (r: unknown) => M, t: number) => Promise<R>;
  let pending: Promise<R>;
  try {
    pending = query(ref, (tmp) => makeMsg(tmp as ActorRef<R>), timeoutMs);
  } catch (e) {
    return Promise.reject(e); // makeMsg threw: keep ask's failures asynchronous
  }
  return pending.catch((e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    if (message === 'Query Timeout') {
      throw new TidemarkError(
        'ACTOR_ASK_TIMEOUT',
        'internal',
        `Actor "${path}" did not reply within ${timeoutMs} ms. ` +
          'Note: make sure its handler tells replyTo for every request, or raise timeoutMs.',
        { timeoutMs, cause: e, retryable: true },
      );
    }
    if (/stopped or never existed/.test(message)) {
      throw new TidemarkError(
        'ACTOR_NOT_FOUND',
        'internal',
        `Actor "${path}" has stopped or never existed, so it cannot reply. Note: ask a running actor.`,
        { cause: e },
      );
    }
    throw e;
  });
}
