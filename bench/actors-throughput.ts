// Benchmark: messages/s through a 3-actor chain (a → b → c) with credits, for 1-row and 1,000-row messages.
// Run: npx ts-node -T bench/actors-throughput.ts [runs=5] [window=16]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreditGate, createActorSystem, spawnActor, tell, type ActorRef } from '../actors';

interface Batch {
  items: number[];
  release: (() => void) | undefined;
}

interface Case {
  label: string;
  rowsPerMsg: number;
  messages: number;
  credits: boolean;
}

/** One run: the driver pushes `messages` batches into a, which forwards to b, which forwards to c. */
async function runOnce(c: Case, window: number): Promise<number> {
  const system = createActorSystem();
  const gates = c.credits ? [new CreditGate(window), new CreditGate(window), new CreditGate(window)] : [];
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  let received = 0;
  const sink = spawnActor(system, 'c', (rows: number, msg: Batch) => {
    msg.release?.();
    if (++received === c.messages) done();
    return rows + msg.items.length;
  }, { initialState: 0 });
  const forwardTo = (next: ActorRef<Batch>, gate: CreditGate | undefined) =>
    async (n: number, msg: Batch): Promise<number> => {
      if (gate) {
        const wait = gate.acquire();
        if (wait) await wait;
      }
      tell(next, { items: msg.items, release: gate ? () => gate.release() : undefined });
      msg.release?.();
      return n + 1;
    };
  const b = spawnActor(system, 'b', forwardTo(sink, gates[2]), { initialState: 0 });
  const a = spawnActor(system, 'a', forwardTo(b, gates[1]), { initialState: 0 });
  const batch = Array.from({ length: c.rowsPerMsg }, (_, i) => i);
  const gate = gates[0];
  const release = gate ? () => gate.release() : undefined;
  const start = process.hrtime.bigint();
  for (let i = 0; i < c.messages; i++) {
    if (gate) {
      const wait = gate.acquire();
      if (wait) await wait;
    }
    tell(a, { items: batch, release });
  }
  await finished;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  system.stop();
  return c.messages / seconds;
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  const window = Number(process.argv[3] ?? 16);
  const cases: Case[] = [
    { label: '1-row, credits', rowsPerMsg: 1, messages: 100_000, credits: true },
    { label: '1-row, no credits', rowsPerMsg: 1, messages: 100_000, credits: false },
    { label: '1000-row, credits', rowsPerMsg: 1000, messages: 100_000, credits: true },
    { label: '1000-row, no credits', rowsPerMsg: 1000, messages: 100_000, credits: false },
  ];
  const results = [];
  await runOnce({ ...cases[0], messages: 20_000 }, window); // warm-up
  for (const c of cases) {
    const rates: number[] = [];
    // Interleaving would be fairer on a noisy machine, but each case is short; runs are per case.
    for (let r = 0; r < runs; r++) rates.push(await runOnce(c, window));
    const med = median(rates);
    results.push({ ...c, window, runs, msgsPerSecMedian: med, msgsPerSecMin: Math.min(...rates), msgsPerSecMax: Math.max(...rates), rowsPerSecMedian: med * c.rowsPerMsg });
  }
  const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${(x / 1e3).toFixed(0)}K`);
  console.log(`3-actor chain, window ${window}, ${runs} runs each (median, min–max)`);
  for (const r of results) {
    console.log(
      `${r.label.padEnd(22)} ${fmt(r.msgsPerSecMedian).padStart(7)} msgs/s (${fmt(r.msgsPerSecMin)}–${fmt(r.msgsPerSecMax)})  ${fmt(r.rowsPerSecMedian).padStart(8)} rows/s`,
    );
  }
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `actors-throughput-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify({ node: process.version, command: process.argv.join(' '), results }, null, 2));
  console.log(`results: ${file}`);
}

void main();
