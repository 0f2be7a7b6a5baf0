// A require hook for .ts files with an on-disk cache of transpiled output: chaos children start in
// a fraction of a second instead of the seconds ts-node spends loading TypeScript in every child.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bump when the transpile options change: part of every cache key. */
const HOOK_VERSION = 1;

/** Where transpiled files are cached (content-addressed, so sharing it between runs is safe). */
export function defaultTsCacheDir(): string {
  return process.env.TIDEMARK_TS_CACHE ?? join(tmpdir(), `tidemark-ts-cache-${process.getuid?.() ?? 'user'}`);
}

type Ts = typeof import('typescript');
let ts: Ts | undefined;

function typescript(): Ts {
  if (ts) return ts;
  const from = [process.env.TIDEMARK_TS_RESOLVE_FROM, process.cwd(), __dirname].filter((p): p is string => !!p);
  let path: string;
  try {
    path = require.resolve('typescript', { paths: from });
  } catch {
    throw new Error(`Cannot load TypeScript to run a .ts file (looked from ${from.join(', ')}). Note: install typescript, or compile the topology to .js.`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ts = require(path) as Ts;
  return ts;
}

/** Transpiles one file (like ts-node --transpile-only), reading and filling the cache. */
export function transpileCached(source: string, filename: string, cacheDir = defaultTsCacheDir()): string {
  const key = createHash('sha1').update(`${HOOK_VERSION}\0${filename}\0${source}`).digest('hex');
  const file = join(cacheDir, `${key}.js`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // not cached yet
  }
  const t = typescript();
  const out = t.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      module: t.ModuleKind.CommonJS,
      target: t.ScriptTarget.ES2022,
      esModuleInterop: true,
      inlineSourceMap: true,
      inlineSources: false,
    },
  }).outputText;
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, out);
  renameSync(tmp, file); // atomic: concurrent children never read half a file
  return out;
}

/** Registers the hook for .ts, .mts and .cts files in this process. */
export function registerTsHook(cacheDir = defaultTsCacheDir()): void {
  type Loader = (module: { _compile(code: string, filename: string): void }, filename: string) => void;
  const extensions = require.extensions as unknown as Record<string, Loader>;
  const loader: Loader = (module, filename) => {
    module._compile(transpileCached(readFileSync(filename, 'utf8'), filename, cacheDir), filename);
  };
  for (const ext of ['.ts', '.mts', '.cts']) extensions[ext] = loader;
}

// Loaded by the chaos child's bootstrap: register at once (the chaos launcher sets TIDEMARK_TS_HOOK),
// replacing any .ts handler already there (a coverage hook's would hand TypeScript to Node as is).
if (process.env.TIDEMARK_TS_HOOK === '1') registerTsHook();
