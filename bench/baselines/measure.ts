// Prints the generator's speed and each baseline's (loop q0..q7, RxJS q0..q2), side by side in one run.
// Usage: npx ts-node -T bench/baselines/measure.ts [events=1000000] [runs=5]
// Writes bench/results/baselines-<time>.json. Never run as a test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_NEXMARK_CONFIG } from '../../connectors/nexmark/config';
import { generateEvent } from '../../connectors/nexmark/generator';
import { BASELINE_QUERIES } from './checksum';
import { runLoop } from './loop';
import { runRx, type RxQuery } from './rxjs';

interface Figure {
  name: string;
  eventsPerSec: number[];
  outputRows: number;
  checksum: number;
}

async function timed(fn: () => unknown): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const events = Number(process.argv[2] ?? 1_000_000);
  const runs = Number(process.argv[3] ?? 5);
  const cfg = DEFAULT_NEXMARK_CONFIG;
  const figures: Figure[] = [];
  const cases: { name: string; run: () => Promise<{ outputRows: number; checksum: number }> | { outputRows: number; checksum: number } }[] = [
    {
      name: 'generator',
      run: () => {
        let sum = 0;
        for (let i = 0; i < events; i++) sum = (sum + generateEvent(i, cfg).dateTime) % 1e9;
        return { outputRows: events, checksum: sum };
      },
    },
    ...BASELINE_QUERIES.map((q) => ({ name: `loop ${q}`, run: () => runLoop(q, events, cfg) })),
    ...(['q0', 'q1', 'q2'] as RxQuery[]).map((q) => ({ name: `rxjs ${q}`, run: () => runRx(q, events, cfg) })),
    { name: 'rxjs q1 from(iterable)', run: () => runRx('q1', events, cfg, { source: 'iterable' }) },
  ];
  // Interleave the cases run by run, so drift on a shared machine hits them all alike.
  for (const c of cases) figures.push({ name: c.name, eventsPerSec: [], outputRows: 0, checksum: 0 });
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < cases.length; i++) {
      let res: { outputRows: number; checksum: number } = { outputRows: 0, checksum: 0 };
      const sec = await timed(async () => { res = await cases[i].run(); });
      figures[i].eventsPerSec.push(events / sec);
      figures[i].outputRows = res.outputRows;
      figures[i].checksum = res.checksum;
    }
  }
  const lines = [`events=${events} runs=${runs} node=${process.version}`, 'case                      median ev/s     min–max ev/s            output rows  checksum'];
  for (const f of figures) {
    const m = median(f.eventsPerSec);
    const lo = Math.min(...f.eventsPerSec);
    const hi = Math.max(...f.eventsPerSec);
    lines.push(`${f.name.padEnd(25)} ${fmt(m).padStart(10)}   ${`${fmt(lo)}–${fmt(hi)}`.padStart(22)}   ${String(f.outputRows).padStart(10)}  ${f.checksum}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  const dir = join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `baselines-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
    JSON.stringify({ events, runs, node: process.version, command: process.argv.join(' '), figures }, null, 2));
}

function fmt(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${(x / 1e3).toFixed(0)}K`;
}

main().catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exitCode = 1;
});
