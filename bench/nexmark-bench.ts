// Nexmark benchmark: tidemark (checkpoint ≈ every second / one epoch), loop and RxJS baselines, interleaved; table + JSON.
//
//   npm run bench -- --query q1,q5 --events 1000000 --runs 5
//   npm run bench -- --latency --rate 100000 --query q1,q5
//
// How it measures (see BENCHMARKS.md):
// - Every (query, system, run) executes in a fresh child process forked from this one, and the
//   runs are interleaved: run 1 of every case, then run 2, ... so drift on the shared machine
//   hits all systems alike. A child first runs the same workload on a smaller warm-up prefix
//   (JIT), then times the full run.
// - Peak RSS is the child's `process.resourceUsage().maxRSS` (the kernel's high-water mark of
//   resident memory, warm-up included): one process per run keeps systems from inheriting each
//   other's heap, which sampling `process.memoryUsage().rss` in one shared process cannot. The
//   child's RSS before the run (Node + ts-node + modules) is reported as `baseRssBytes`.
// - tidemark with checkpointing: epochs back to back (ProcessingTime(0)) of maxEventsPerTrigger
//   events, sized from the last single-epoch run of the same query so that one epoch (and so one
//   checkpoint: offsets write-ahead, state journal, commit record in LMDB) takes about
//   --epoch-seconds. ProcessingTime('1 second') would not measure throughput: with a source whose
//   events are all available, it either caps the rate at maxEventsPerTrigger per second and idles,
//   or reads everything in one epoch.
// - tidemark without checkpointing: the engine always checkpoints, so this is one epoch over all
//   events (Trigger.Once, maxEventsPerTrigger = events) in a temporary checkpoint: one offsets
//   write and one commit, i.e. no checkpoint cost while running.
// - The sink is format('noop'); the loop and RxJS build the same output rows and checksum them.
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { Session, Trigger } from '../index';
import { BASELINE_QUERIES, type BaselineQuery } from './baselines/checksum';
import { runLoop } from './baselines/loop';
import { runRx, type RxQuery } from './baselines/rxjs';
import { NEXMARK_QUERIES } from '../examples/nexmark/queries';
import { runToEnd } from '../examples/nexmark/run-example';
import { printLatencyTable, runLatency, type LatencyResult, type LatencySpec } from './latency';

export type BenchSystem = 'tidemark' | 'loop' | 'rxjs';
const RX_QUERIES: readonly string[] = ['q0', 'q1', 'q2'];

interface ThroughputSpec {
  readonly kind: 'throughput';
  readonly query: BaselineQuery;
  readonly system: BenchSystem;
  readonly checkpointing: boolean;
  readonly events: number;
  readonly warmupEvents: number;
  readonly firstEventRate: number;
  readonly partitions: number;
  /** tidemark with checkpointing: events per epoch. */
  readonly maxEventsPerTrigger?: number;
}

interface ThroughputResult {
  readonly eventsPerSec: number;
  readonly seconds: number;
  /** User + system CPU seconds of the timed run (all threads: GC helpers too). */
  readonly cpuSeconds: number;
  readonly outputRows: number;
  readonly peakRssBytes: number;
  readonly baseRssBytes: number;
  readonly epochs?: number;
}

type ChildSpec = ThroughputSpec | LatencySpec;
const CHILD_ENV = 'TIDEMARK_NEXMARK_BENCH_CHILD';

// ---- in the child ----------------------------------------------------------------------------

async function runTidemark(spec: ThroughputSpec, events: number): Promise<{ outputRows: number; epochs: number }> {
  const session = new Session({ print: () => undefined, conf: { 'tidemark.shufflePartitions': spec.partitions } });
  const dir = mkdtempSync(join(tmpdir(), `tm-bench-${spec.query}-`));
  let outputRows = 0;
  let epochs = 0;
  session.streams.addListener({ onQueryProgress({ progress }) { outputRows += progress.sink.numOutputRows; epochs++; } });
  try {
    const perEpoch = spec.checkpointing ? Math.min(events, spec.maxEventsPerTrigger ?? events) : events;
    const df = NEXMARK_QUERIES[spec.query](session, { events, maxEventsPerTrigger: Math.max(1, perEpoch), firstEventRate: spec.firstEventRate });
    const q = await df.writeStream.outputMode('append').format('noop').option('checkpointLocation', join(dir, 'cp'))
      .trigger(spec.checkpointing ? Trigger.ProcessingTime(0) : Trigger.Once()).start();
    if (spec.checkpointing) {
      await runToEnd(q, events);
      await q.stop();
    } else {
      await q.awaitTermination();
    }
    return { outputRows, epochs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runSystem(spec: ThroughputSpec, events: number): Promise<{ outputRows: number; epochs?: number }> {
  const cfg = { firstEventRate: spec.firstEventRate };
  switch (spec.system) {
    case 'tidemark': return runTidemark(spec, events);
    case 'loop': return runLoop(spec.query, events, cfg);
    case 'rxjs': return runRx(spec.query as RxQuery, events, cfg);
  }
}

async function runThroughput(spec: ThroughputSpec): Promise<ThroughputResult> {
  const baseRssBytes = process.memoryUsage().rss;
  if (spec.warmupEvents > 0) await runSystem(spec, spec.warmupEvents);
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const r = await runSystem(spec, spec.events);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return {
    eventsPerSec: spec.events / seconds, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, outputRows: r.outputRows, epochs: r.epochs,
    peakRssBytes: process.resourceUsage().maxRSS * 1024, baseRssBytes,
  };
}

async function childMain(spec: ChildSpec): Promise<void> {
  const result = spec.kind === 'throughput' ? await runThroughput(spec) : await runLatency(spec);
  if (process.send) process.send(result);
  else process.stdout.write(`${JSON.stringify(result)}\n`);
}

// ---- in the parent ---------------------------------------------------------------------------

/** Runs one spec in a fresh Node process (ts-node, transpile only) and returns its result. */
function inChild<R>(spec: ChildSpec, nodeArgs: readonly string[]): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const child = fork(__filename, [], {
      execArgv: [...nodeArgs, '-r', 'ts-node/register/transpile-only'],
      env: { ...process.env, [CHILD_ENV]: JSON.stringify(spec) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: R | undefined;
    child.on('message', (m) => { result = m as R; });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result !== undefined) resolve(result);
      else reject(new Error(`benchmark child for ${JSON.stringify(spec)} exited with code ${code} without a result`));
    });
  });
}

interface Case {
  readonly query: BaselineQuery;
  readonly system: BenchSystem;
  readonly checkpointing: boolean;
  readonly runs: ThroughputResult[];
  /** tidemark with checkpointing: epoch sizes used. */
  readonly epochSizes: number[];
}

/** One line of bench/results/latest.json. */
export interface BenchRecord {
  query: string;
  system: BenchSystem;
  checkpointing: boolean;
  events: number;
  eventsPerSec: { median: number; min: number; max: number };
  peakRssBytes: number;
  baseRssBytes: number;
  outputRows: number;
  runs: number[];
  epochs?: number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function record(c: Case, events: number): BenchRecord {
  const eps = c.runs.map((r) => r.eventsPerSec);
  return {
    query: c.query, system: c.system, checkpointing: c.checkpointing, events,
    eventsPerSec: { median: median(eps), min: Math.min(...eps), max: Math.max(...eps) },
    peakRssBytes: Math.max(...c.runs.map((r) => r.peakRssBytes)),
    baseRssBytes: median(c.runs.map((r) => r.baseRssBytes)),
    outputRows: c.runs[c.runs.length - 1].outputRows,
    runs: eps.map((x) => Math.round(x)),
    ...(c.system === 'tidemark' ? { epochs: c.runs[c.runs.length - 1].epochs } : {}),
  };
}

const fmtRate = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e4 ? `${(x / 1e3).toFixed(0)}K` : `${(x / 1e3).toFixed(1)}K`);
const fmtMb = (b: number) => `${Math.round(b / 1048576)} MB`;

function table(records: readonly BenchRecord[]): string {
  const head = ['query', 'system', 'checkpoint', 'median ev/s', 'min–max ev/s', 'peak RSS', 'base RSS', '÷ loop', '÷ rxjs', 'epochs', 'rows out'];
  const lines: string[][] = [head];
  for (const r of records) {
    const loop = records.find((x) => x.query === r.query && x.system === 'loop');
    const rx = records.find((x) => x.query === r.query && x.system === 'rxjs');
    const ratio = (b: BenchRecord | undefined) => (b && r.system !== b.system ? (r.eventsPerSec.median / b.eventsPerSec.median).toFixed(3) : '');
    lines.push([
      r.query, r.system, r.system === 'tidemark' ? (r.checkpointing ? 'per epoch' : 'none') : '-',
      fmtRate(r.eventsPerSec.median), `${fmtRate(r.eventsPerSec.min)}–${fmtRate(r.eventsPerSec.max)}`,
      fmtMb(r.peakRssBytes), fmtMb(r.baseRssBytes), ratio(loop), ratio(rx), r.epochs === undefined ? '' : String(r.epochs), String(r.outputRows),
    ]);
  }
  const widths = head.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines.map((l) => l.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}

function int(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive integer, got ${JSON.stringify(v)}.`);
    return n;
  };
}

function queries(v: string): BaselineQuery[] {
  const qs = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const q of qs) {
    if (!(BASELINE_QUERIES as readonly string[]).includes(q)) {
      throw new InvalidArgumentError(`unknown query ${JSON.stringify(q)}; known: ${BASELINE_QUERIES.join(', ')} (q3, q4, q8 need joins).`);
    }
  }
  return qs as BaselineQuery[];
}

interface Args {
  query: BaselineQuery[];
  events: number;
  runs: number;
  warmup?: number;
  firstEventRate: number;
  partitions: number;
  epochSeconds: number;
  latency?: boolean;
  rate?: number;
  seconds: number;
  out: string;
  nodeArgs: string;
}

async function main(): Promise<void> {
  const a = new Command('nexmark-bench')
    .description('Nexmark on tidemark vs a plain loop and RxJS (see BENCHMARKS.md).')
    .option('--query <list>', 'comma-separated queries', queries, [...BASELINE_QUERIES])
    .option('--events <n>', 'events per run', int('--events'), 1_000_000)
    .option('--runs <n>', 'runs per case (interleaved)', int('--runs'), 5)
    .option('--warmup <n>', 'warm-up events before each timed run (default: events / 5, at most 200000)', int('--warmup'))
    .option('--first-event-rate <n>', 'generator events per second of event time', int('--first-event-rate'), 10_000)
    .option('--partitions <n>', 'tidemark.shufflePartitions (Node runs every task on one thread)', int('--partitions'), 1)
    .option('--epoch-seconds <s>', 'target epoch duration with checkpointing', Number, 1)
    .option('--latency', 'latency mode: tidemark at a fixed input rate, p50/p99/max end to end')
    .option('--rate <n>', 'latency mode: wall-clock input events per second', int('--rate'))
    .option('--seconds <n>', 'latency mode: seconds of input per query (q5/q7 close a window every 2 / 10 s)', int('--seconds'), 30)
    .option('--out <file>', 'results file', join(__dirname, 'results', 'latest.json'))
    .option('--node-args <args>', "extra node flags for the children, e.g. '--cpu-prof --cpu-prof-dir=prof'", '')
    .parse(process.argv)
    .opts<Args>();
  const nodeArgs = a.nodeArgs.split(' ').filter((s) => s !== '');
  const started = new Date().toISOString();
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  const header = `node ${process.version}, ${new Date().toISOString()}, command: npm run bench -- ${process.argv.slice(2).join(' ')}`;

  if (a.latency) {
    if (a.rate === undefined) throw new InvalidArgumentError('--latency needs --rate <events per second>.');
    const results: LatencyResult[] = [];
    for (const query of a.query) {
      const spec: LatencySpec = { kind: 'latency', query, rate: a.rate, seconds: a.seconds, partitions: a.partitions };
      results.push(await inChild<LatencyResult>(spec, nodeArgs));
    }
    process.stdout.write(`${header}\n${printLatencyTable(results)}\n`);
    writeFileSync(join(__dirname, 'results', 'latency-latest.json'), JSON.stringify(results, null, 2));
    return;
  }

  const warmupEvents = a.warmup ?? Math.min(200_000, Math.floor(a.events / 5));
  const cases: Case[] = [];
  for (const query of a.query) {
    // The single-epoch run comes first: the checkpointing run sizes its epochs from it.
    cases.push({ query, system: 'tidemark', checkpointing: false, runs: [], epochSizes: [] });
    cases.push({ query, system: 'tidemark', checkpointing: true, runs: [], epochSizes: [] });
    cases.push({ query, system: 'loop', checkpointing: false, runs: [], epochSizes: [] });
    if (RX_QUERIES.includes(query)) cases.push({ query, system: 'rxjs', checkpointing: false, runs: [], epochSizes: [] });
  }
  for (let run = 0; run < a.runs; run++) {
    for (const c of cases) {
      let maxEventsPerTrigger: number | undefined;
      if (c.system === 'tidemark' && c.checkpointing) {
        const single = cases.find((x) => x.query === c.query && x.system === 'tidemark' && !x.checkpointing)!;
        const eps = single.runs[single.runs.length - 1].eventsPerSec;
        maxEventsPerTrigger = Math.max(1000, Math.round(eps * a.epochSeconds));
        c.epochSizes.push(maxEventsPerTrigger);
      }
      const spec: ThroughputSpec = {
        kind: 'throughput', query: c.query, system: c.system, checkpointing: c.checkpointing, events: a.events,
        warmupEvents, firstEventRate: a.firstEventRate, partitions: a.partitions, maxEventsPerTrigger,
      };
      const r = await inChild<ThroughputResult>(spec, nodeArgs);
      c.runs.push(r);
      process.stderr.write(`run ${run + 1}/${a.runs} ${c.query} ${c.system}${c.system === 'tidemark' ? (c.checkpointing ? ' (checkpoint per epoch)' : ' (one epoch)') : ''}: ` +
        `${fmtRate(r.eventsPerSec)} events/s, peak RSS ${fmtMb(r.peakRssBytes)}${r.epochs !== undefined ? `, ${r.epochs} epochs` : ''}\n`);
    }
  }
  const records = cases.map((c) => record(c, a.events));
  process.stdout.write(`${header}\nevents=${a.events} runs=${a.runs} warmup=${warmupEvents} firstEventRate=${a.firstEventRate} partitions=${a.partitions}\n${table(records)}\n`);
  writeFileSync(a.out, JSON.stringify(records, null, 2));
  writeFileSync(join(__dirname, 'results', `nexmark-${started.replace(/[:.]/g, '-')}.json`), JSON.stringify({
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, node: process.version, started, warmupEvents, args: a,
    epochSizes: Object.fromEntries(cases.filter((c) => c.epochSizes.length > 0).map((c) => [c.query, c.epochSizes])),
    records,
  }, null, 2));
}

const childSpec = process.env[CHILD_ENV];
const entry = childSpec !== undefined ? childMain(JSON.parse(childSpec) as ChildSpec) : main();
entry.catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
