// StreamingQueryManager (session.streams): active queries, listeners, awaitAnyTermination.
import type { QueryHooks } from './engine';
import type { StreamingQuery, StreamingQueryListener } from './progress';

export class StreamingQueryManager {
  private readonly activeQueries = new Map<string, StreamingQuery>();
  private readonly listenerList: StreamingQueryListener[] = [];
  private terminatedWaiters: ((q: StreamingQuery) => void)[] = [];
  private lastTerminated: StreamingQuery | undefined;

  /** @internal what the engine calls */
  readonly hooks: QueryHooks = {
    isNameActive: (name) => [...this.activeQueries.values()].some((q) => q.name === name),
    started: (q) => { this.activeQueries.set(q.id, q); },
    listeners: () => this.listenerList,
    terminated: (q) => {
      if (this.activeQueries.get(q.id) === q) this.activeQueries.delete(q.id);
      this.lastTerminated = q;
      const waiters = this.terminatedWaiters;
      this.terminatedWaiters = [];
      for (const w of waiters) w(q);
    },
  };

  /** The queries running now. */
  get active(): StreamingQuery[] {
    return [...this.activeQueries.values()];
  }

  get(id: string): StreamingQuery | undefined {
    return this.activeQueries.get(id);
  }

  addListener(listener: StreamingQueryListener): void {
    this.listenerList.push(listener);
  }

  removeListener(listener: StreamingQueryListener): void {
    const i = this.listenerList.indexOf(listener);
    if (i >= 0) this.listenerList.splice(i, 1);
  }

  listListeners(): StreamingQueryListener[] {
    return [...this.listenerList];
  }

  /** Resolves when any query terminates (rejects with its error); false on timeout. */
  awaitAnyTermination(timeoutMs?: number): Promise<boolean> {
    if (this.lastTerminated) return settle(this.lastTerminated);
    return new Promise<boolean>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = (q: StreamingQuery) => {
        if (timer) clearTimeout(timer);
        settle(q).then(resolve, reject);
      };
      this.terminatedWaiters.push(waiter);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.terminatedWaiters = this.terminatedWaiters.filter((w) => w !== waiter);
          resolve(false);
        }, timeoutMs);
      }
    });
  }

  /** Forgets past terminations so awaitAnyTermination waits for a new one. */
  resetTerminated(): void {
    this.lastTerminated = undefined;
  }
}

function settle(q: StreamingQuery): Promise<boolean> {
  return q.exception ? Promise.reject(q.exception) : Promise.resolve(true);
}
