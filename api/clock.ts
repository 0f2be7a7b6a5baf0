// Clocks: the system clock and ManualClock, which tests advance by hand.

/** A source of processing time, with a way to wait until a time arrives. */
export interface Clock {
  now(): number;
  /** Resolves when now() >= timeMs (or earlier if `cancel` is called). */
  waitUntil(timeMs: number, signal?: { cancelled: boolean; wake?: () => void }): Promise<void>;
  readonly manual: boolean;
}

export class SystemClock implements Clock {
  readonly manual = false;
  now(): number {
    return Date.now();
  }
  waitUntil(timeMs: number, signal?: { cancelled: boolean; wake?: () => void }): Promise<void> {
    const delay = timeMs - Date.now();
    if (delay <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, delay);
      if (signal) signal.wake = () => { clearTimeout(t); resolve(); };
    });
  }
}

/**
 * A clock that moves only when `advance` is called: processing-time triggers, timeouts and timers
 * follow it. Spark's StreamManualClock.
 * @example const clock = new ManualClock(0); df.writeStream.clock(clock)...; clock.advance(1000);
 */
export class ManualClock implements Clock {
  readonly manual = true;
  private timeMs: number;
  private waiters: { at: number; resolve: () => void }[] = [];
  private listeners = new Set<(timeMs: number) => void>();

  constructor(startMs = 0) {
    this.timeMs = startMs;
  }
  now(): number {
    return this.timeMs;
  }
  /** Moves time forward and wakes whatever waits for a time now reached. */
  advance(ms: number): void {
    this.setTime(this.timeMs + ms);
  }
  setTime(timeMs: number): void {
    this.timeMs = timeMs;
    const due = this.waiters.filter((w) => w.at <= timeMs);
    this.waiters = this.waiters.filter((w) => w.at > timeMs);
    for (const w of due) w.resolve();
    for (const l of this.listeners) l(timeMs);
  }
  /** Number of parties waiting on this clock (Spark's isStreamWaitingAt). */
  get waiting(): number {
    return this.waiters.length;
  }
  onAdvance(listener: (timeMs: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  waitUntil(timeMs: number, signal?: { cancelled: boolean; wake?: () => void }): Promise<void> {
    if (timeMs <= this.timeMs) return Promise.resolve();
    return new Promise((resolve) => {
      const w = { at: timeMs, resolve };
      this.waiters.push(w);
      if (signal) signal.wake = () => { this.waiters = this.waiters.filter((x) => x !== w); resolve(); };
    });
  }
}
