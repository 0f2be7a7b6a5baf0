// Credit-based backpressure for one edge between actors: at most `window` batches in flight, FIFO.
import { TidemarkError } from '../common/errors';

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Bounds the batches in flight on one edge. The sender calls `acquire()` before each send and
 * awaits it only when it returns a promise (no promise is made while credit is available); the
 * receiver calls `release()` once it has processed a batch — a direct call, not a message, since
 * the sender may be blocked inside its own handler. Credits go to waiting senders in FIFO order,
 * and a new acquire never overtakes a waiting one. Use credits on data edges of an acyclic graph
 * only (never on replies or control messages), so a blocked sender cannot wait on itself.
 * @example
 * const gate = new CreditGate(8);
 * const wait = gate.acquire(); if (wait) await wait; tell(next, batch); // sender
 * gate.release();                                                      // receiver, after processing
 */
export class CreditGate {
  readonly window: number;
  private used = 0;
  private waiters: Waiter[] = [];
  private head = 0;
  private abortedWith: { error: unknown } | undefined;

  constructor(window: number) {
    if (!Number.isInteger(window) || window < 1) {
      throw new TidemarkError(
        'CREDIT_INVALID_WINDOW',
        'user',
        `Credit window ${JSON.stringify(window)} is not valid. Note: use a whole number of batches ≥ 1.`,
        { window },
      );
    }
    this.window = window;
  }

  /** Credits held by senders and not yet released by the receiver. */
  get inFlight(): number {
    return this.used;
  }

  /** Senders waiting for a credit. */
  get waiting(): number {
    return this.waiters.length - this.head;
  }

  /** Takes a credit: undefined when one was free now, else a promise resolved when it is granted. */
  acquire(): Promise<void> | undefined {
    if (this.abortedWith) return Promise.reject(this.abortedWith.error);
    if (this.used < this.window && this.waiting === 0) {
      this.used++;
      return undefined;
    }
    return new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Returns a credit; the oldest waiting sender gets it. */
  release(): void {
    if (this.used === 0) {
      throw new TidemarkError(
        'CREDIT_OVER_RELEASE',
        'internal',
        `release() was called with 0 credits in flight (window ${this.window}). ` +
          'Note: release exactly once per acquired batch, after processing it.',
        { window: this.window },
      );
    }
    const next = this.shift();
    if (next) next.resolve(); // the credit passes straight to the waiter: inFlight is unchanged
    else this.used--;
  }

  /**
   * Forgets every credit in flight (the receiver restarted and will never release them) and grants
   * waiting senders, oldest first, up to the window.
   */
  reset(): void {
    this.used = 0;
    while (this.used < this.window) {
      const next = this.shift();
      if (!next) break;
      this.used++;
      next.resolve();
    }
  }

  /** Fails every waiting and every later acquire with `error` (the edge is shut down). */
  abort(error: unknown): void {
    this.abortedWith = { error };
    for (let w = this.shift(); w; w = this.shift()) w.reject(error);
  }

  private shift(): Waiter | undefined {
    if (this.head >= this.waiters.length) return undefined;
    const w = this.waiters[this.head++];
    if (this.head === this.waiters.length) {
      this.waiters = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.waiters.length) {
      this.waiters = this.waiters.slice(this.head);
      this.head = 0;
    }
    return w;
  }
}
