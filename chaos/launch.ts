// How to start the chaos child: which script, which loader for TypeScript, and the child process wrapper.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEvent, type ChildConfig, type ChildEvent } from './protocol';
import { defaultTsCacheDir, transpileCached } from './ts-hook';
import './ts-bootstrap'; // compiled into dist with this file; runs only as a process entry

/** 'cached': our caching transpile hook (fast restarts); 'ts-node': `-r ts-node/register/transpile-only`. */
export type TsLoader = 'cached' | 'ts-node';

export interface ChildCommand {
  readonly execPath: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** The child script and the loader, for the report. */
  readonly description: string;
}

const RUNNING_FROM_SOURCE = __filename.endsWith('.ts');
/** The package root: chaos/.. in a checkout, dist/chaos/../.. when compiled. */
export const PACKAGE_ROOT = RUNNING_FROM_SOURCE ? resolve(__dirname, '..') : resolve(__dirname, '..', '..');

/**
 * The command that runs one child incarnation. A TypeScript topology in a development checkout
 * runs under the TypeScript child, so the topology and the child load one copy of the engine.
 */
export function childCommand(topologyPath: string, loader: TsLoader = 'cached', cacheDir = defaultTsCacheDir()): ChildCommand {
  const tsTopology = /\.[cm]?ts$/.test(topologyPath);
  const srcChild = join(PACKAGE_ROOT, 'cli', 'chaos-child.ts');
  const useSource = RUNNING_FROM_SOURCE || (tsTopology && existsSync(srcChild));
  const script = useSource ? srcChild : join(__dirname, '..', 'cli', 'chaos-child.js');
  const needsTs = useSource || tsTopology;
  const args: string[] = ['--enable-source-maps'];
  const env: Record<string, string> = {};
  if (needsTs) {
    // Through a .js bootstrap, so that a test runner's ESM hooks cannot route the .ts entry to the ESM loader.
    args.push(asJavaScript('ts-bootstrap', cacheDir));
    if (loader === 'ts-node') {
      env.TIDEMARK_TS_REGISTER = require.resolve('ts-node/register/transpile-only', { paths: [PACKAGE_ROOT, process.cwd()] });
    } else {
      Object.assign(env, {
        TIDEMARK_TS_REGISTER: asJavaScript('ts-hook', cacheDir),
        TIDEMARK_TS_HOOK: '1',
        TIDEMARK_TS_CACHE: cacheDir,
        TIDEMARK_TS_RESOLVE_FROM: PACKAGE_ROOT,
      });
    }
  }
  args.push(script);
  return { execPath: process.execPath, args, env, description: `${script}${needsTs ? ` (${loader} TypeScript loader)` : ''}` };
}

/** A file of chaos/ as JavaScript: compiled next to this one in dist, transpiled into the cache from a checkout. */
function asJavaScript(name: 'ts-hook' | 'ts-bootstrap', cacheDir: string): string {
  if (!RUNNING_FROM_SOURCE) return join(__dirname, `${name}.js`);
  const source = join(__dirname, `${name}.ts`);
  const js = transpileCached(readFileSync(source, 'utf8'), source, cacheDir);
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `${name}-${createHash('sha1').update(js).digest('hex').slice(0, 12)}.js`);
  if (!existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, js);
    renameSync(tmp, file);
  }
  return file;
}

export interface RunningChild {
  readonly pid: number;
  readonly spawnedAtMs: number;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILLs the child (no-op once it exited). */
  kill(): void;
  /** The last few KB the child wrote to stderr. */
  stderrTail(): string;
}

const STDERR_TAIL_BYTES = 8192;

/**
 * Starts one child with `cfg` and calls `onEvent` for each event line, in order.
 * @example const c = spawnChild(childCommand(path), cfg, {}, (e) => log(e)); await c.exited;
 */
export function spawnChild(cmd: ChildCommand, cfg: ChildConfig, extraEnv: Record<string, string | undefined>, onEvent: (e: ChildEvent) => void): RunningChild {
  const env: Record<string, string | undefined> = { ...process.env, ...cmd.env, ...extraEnv };
  if (extraEnv.TIDEMARK_FAILPOINTS === undefined) delete env.TIDEMARK_FAILPOINTS;
  const proc: ChildProcess = spawn(cmd.execPath, [...cmd.args, JSON.stringify(cfg)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const spawnedAtMs = Date.now();
  let stderr = '';
  let pending = '';
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (chunk: string) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      const ev = parseEvent(line);
      if (ev) onEvent(ev);
    }
  });
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_BYTES);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
    let done = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      res({ code, signal });
    };
    proc.on('error', (e) => {
      stderr += `\n${e.message}`;
      finish(null, null);
    });
    // 'close' (not 'exit'): stdout is fully read, so no event line is lost.
    proc.on('close', finish);
  });
  return {
    pid: proc.pid ?? -1,
    spawnedAtMs,
    exited,
    kill: () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    },
    stderrTail: () => stderr,
  };
}
