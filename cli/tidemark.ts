#!/usr/bin/env node
// The tidemark command line (commander): `tidemark chaos <topology module> [options]`.
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseDurationMs } from '../common/duration';
import { TidemarkError } from '../common/errors';
import { ProgressLine } from '../chaos/progress-line';
import { randomSeed } from '../chaos/prng';
import { formatReport, type ChaosMode } from '../chaos/report';
import { runChaos, type ChaosOptions } from '../chaos/runner';
import type { TsLoader } from '../chaos/launch';

/** Exit codes: 0 pass, 1 loss/duplication/failure found, 2 bad usage or a topology that cannot run. */
export const EXIT = { pass: 0, violations: 1, usage: 2 } as const;

export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Runs the chaos test (replaceable in tests). */
  readonly runChaos: typeof runChaos;
}

function integer(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`${name} must be an integer >= ${min}, got ${JSON.stringify(value)}.`);
    }
    return n;
  };
}

function probability(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n > 0 && n <= 1)) throw new InvalidArgumentError(`the fault rate must be a number in (0, 1], got ${JSON.stringify(value)}.`);
  return n;
}

function duration(value: string): number {
  try {
    return parseDurationMs(/^\d+$/.test(value) ? `${value} seconds` : value, '--duration');
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

export interface ChaosCliOptions {
  kills?: number;
  seed?: number;
  mode: ChaosMode;
  duration?: number;
  killsPerRound: number;
  faultRate: number;
  workdir?: string;
  keep?: boolean;
  json?: boolean;
  progress?: boolean;
  loader: TsLoader;
  hangTimeout: number;
}

/** Maps parsed command-line options to runner options. */
export function chaosOptions(topology: string, o: ChaosCliOptions): ChaosOptions {
  return {
    topologyPath: topology,
    kills: o.kills ?? (o.duration !== undefined ? Number.MAX_SAFE_INTEGER : 10),
    seed: o.seed ?? randomSeed(),
    mode: o.mode,
    durationMs: o.duration,
    killsPerRound: o.killsPerRound,
    actorFaultProbability: o.faultRate,
    workDir: o.workdir,
    keep: o.keep,
    loader: o.loader,
    hangTimeoutMs: o.hangTimeout,
  };
}

/** The program; `exitCode` receives the command's result. */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('tidemark')
    .description('tidemark: Spark Structured Streaming on Node.js, with chaos testing of your topologies')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();
  program
    .command('chaos')
    .description('Run a topology in a child process, SIGKILL it at random instants and at failpoints, restart it on its checkpoint, and verify its output against a fault-free run.')
    .argument('<topology>', 'module exporting a topology (docs/CHAOS.md), .ts or .js')
    .option('--kills <n>', 'process kills to make (actor mode: actor faults to inject); default 10, or unbounded with --duration', integer('--kills', 0))
    .option('--seed <n>', 'random seed (printed in the report; the same seed repeats the same plan)', integer('--seed', 0))
    .addOption(new Option('--mode <mode>', 'process: SIGKILL the child; actor: throw in random task actors; both').choices(['process', 'actor', 'both']).default('process'))
    .option('--duration <d>', "stop making kills after this long, e.g. '5 minutes' or 300 (seconds)", duration)
    .option('--kills-per-round <n>', 'kills before a round runs to completion and is verified; each round uses a fresh checkpoint', integer('--kills-per-round', 1), 5)
    .option('--fault-rate <p>', 'probability that a task-actor message throws (actor and both modes)', probability, 0.01)
    .option('--workdir <dir>', 'where checkpoints and outputs go (default: a temp dir, removed unless something failed)')
    .option('--keep', 'keep every round\'s checkpoint and output')
    .option('--json', 'print the report as JSON')
    .option('--no-progress', 'no live progress line')
    .addOption(new Option('--loader <loader>', 'how children load TypeScript').choices(['cached', 'ts-node']).default('cached'))
    .option('--hang-timeout <ms>', 'a child that says nothing for this long is a hang', integer('--hang-timeout', 1000), 60_000)
    .action(async (topology: string, o: ChaosCliOptions) => {
      const line = o.progress !== false && io.stderr.isTTY ? new ProgressLine(io.stderr) : undefined;
      try {
        const report = await io.runChaos({ ...chaosOptions(topology, o), onProgress: (p) => line?.update(p) });
        line?.done();
        io.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
        setExit(report.ok ? EXIT.pass : EXIT.violations);
      } catch (e) {
        line?.done();
        if (!(e instanceof TidemarkError)) throw e;
        io.stderr.write(`tidemark chaos: ${e.code}: ${e.message}\n`);
        setExit(EXIT.usage);
      }
    });
  return program;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, runChaos }): Promise<number> {
  let code: number = EXIT.pass;
  const program = buildProgram(io, (c) => { code = c; });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    const exitCode = (e as { exitCode?: number }).exitCode;
    if (typeof exitCode === 'number' && (e as { code?: string }).code?.startsWith('commander.')) {
      return exitCode === 0 ? EXIT.pass : EXIT.usage;
    }
    throw e;
  }
  return code;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
      process.exit(EXIT.usage);
    },
  );
}
