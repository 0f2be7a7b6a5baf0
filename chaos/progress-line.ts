// The live progress line `tidemark chaos` keeps redrawing on stderr while it runs.
import type { ChaosProgress } from './runner';

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** @example formatProgress(p) === '[chaos stateless] 00:12 round 1 | kills 7/20 | recoveries 6 | actor faults 0 | epoch 31' */
export function formatProgress(p: ChaosProgress): string {
  const head = `[chaos ${p.topology}] ${clock(p.elapsedMs)}`;
  if (p.phase === 'reference') return `${head} fault-free reference run | epoch ${p.lastEpoch}`;
  return `${head} round ${p.round} | kills ${p.kills}/${p.killsTarget} | recoveries ${p.recoveries} | actor faults ${p.actorFaults} | epoch ${p.lastEpoch}`;
}

/** Redraws at most every `minIntervalMs` on a TTY stream, with \r; `done()` ends the line. */
export class ProgressLine {
  private lastMs = 0;
  private width = 0;

  constructor(private readonly out: NodeJS.WritableStream, private readonly minIntervalMs = 100) {}

  update(p: ChaosProgress, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastMs < this.minIntervalMs) return;
    this.lastMs = now;
    const text = formatProgress(p);
    this.out.write(`\r${text.padEnd(this.width)}`);
    this.width = text.length;
  }

  done(): void {
    if (this.width > 0) this.out.write('\n');
    this.width = 0;
  }
}
