// `tidemark chaos` command-line parsing, exit codes and output (the runner replaced by a stub).
import t from 'tap';
import { Writable } from 'node:stream';
import { TidemarkError } from '../../common/errors';
import type { ChaosReport } from '../../chaos/report';
import type { ChaosOptions } from '../../chaos/runner';
import { summarize } from '../../chaos/stats';
import { EXIT, main } from '../../cli/tidemark';

const passing: ChaosReport = {
  v: 1, topology: 'stateless', topologyPath: 'examples/chaos-stateless.ts', mode: 'process', seed: 9,
  kills: { total: 4, timer: 4, failpoint: {} }, recoveries: 4, recoveryMs: summarize([1, 2, 3, 4]), recoverySamplesMs: [1, 2, 3, 4],
  actorFaults: 0, rounds: 1, epochsReplayed: 1, sinkRewrites: 0, inconsistentReplays: 0, referenceRows: 5, rowsChecked: 5,
  rowsLost: 0, rowsDuplicated: 0, rowsUnexpected: 0, failures: [], examples: [], elapsedMs: 10, keptDirs: [], reproduce: 'x', ok: true,
};

function sink(): { stream: Writable; text: () => string } {
  let buf = '';
  return { stream: new Writable({ write(chunk, _enc, cb) { buf += String(chunk); cb(); } }), text: () => buf };
}

async function cli(argv: string[], result: ChaosReport | Error = passing) {
  const out = sink();
  const err = sink();
  const calls: ChaosOptions[] = [];
  const code = await main(argv, {
    stdout: out.stream,
    stderr: err.stream,
    runChaos: async (o) => {
      calls.push(o);
      if (result instanceof Error) throw result;
      return result;
    },
  });
  return { code, stdout: out.text(), stderr: err.text(), calls };
}

t.test('options reach the runner; a passing report prints and exits 0', async (t) => {
  const r = await cli(['chaos', 'examples/chaos-stateless.ts', '--kills', '20', '--seed', '42', '--mode', 'both', '--kills-per-round', '4', '--fault-rate', '0.02', '--workdir', '/tmp/w', '--keep', '--hang-timeout', '5000']);
  t.equal(r.code, EXIT.pass);
  t.match(r.calls[0], {
    topologyPath: 'examples/chaos-stateless.ts', kills: 20, seed: 42, mode: 'both', killsPerRound: 4,
    actorFaultProbability: 0.02, workDir: '/tmp/w', keep: true, hangTimeoutMs: 5000, loader: 'cached', durationMs: undefined,
  });
  t.match(r.stdout, /^tidemark chaos: topology "stateless"/);
  t.match(r.stdout, /result {13}PASS/);
});

t.test('defaults: 10 kills, process mode, a random seed; --duration alone means kill until time is up', async (t) => {
  const d = (await cli(['chaos', 'm.ts'])).calls[0];
  t.match(d, { kills: 10, mode: 'process', killsPerRound: 5, actorFaultProbability: 0.01, loader: 'cached', hangTimeoutMs: 60_000 });
  t.ok(Number.isSafeInteger(d.seed));
  t.match((await cli(['chaos', 'm.ts', '--duration', '2 minutes'])).calls[0], { durationMs: 120_000, kills: Number.MAX_SAFE_INTEGER });
  t.match((await cli(['chaos', 'm.ts', '--duration', '90'])).calls[0], { durationMs: 90_000 });
  t.match((await cli(['chaos', 'm.ts', '--duration', '90', '--kills', '3'])).calls[0], { durationMs: 90_000, kills: 3 });
});

t.test('--json prints the report as JSON', async (t) => {
  const r = await cli(['chaos', 'm.ts', '--json']);
  t.same(JSON.parse(r.stdout), JSON.parse(JSON.stringify(passing)));
});

t.test('a report with losses or failures exits 1', async (t) => {
  const r = await cli(['chaos', 'm.ts'], { ...passing, rowsLost: 3, ok: false });
  t.equal(r.code, EXIT.violations);
  t.match(r.stdout, /rows lost {10}3\n[^]*result {13}FAIL/);
});

t.test('bad usage exits 2 with a message', async (t) => {
  const cases: [string[], RegExp][] = [
    [['chaos'], /missing required argument 'topology'/],
    [['chaos', 'm.ts', '--mode', 'thread'], /Allowed choices are process, actor, both/],
    [['chaos', 'm.ts', '--kills', '-1'], /--kills must be an integer >= 0, got "-1"/],
    [['chaos', 'm.ts', '--kills', 'many'], /--kills must be an integer >= 0, got "many"/],
    [['chaos', 'm.ts', '--fault-rate', '2'], /the fault rate must be a number in \(0, 1\], got "2"/],
    [['chaos', 'm.ts', '--duration', 'soon'], /--duration/],
    [['chaos', 'm.ts', '--kills-per-round', '0'], /--kills-per-round must be an integer >= 1/],
    [['chaos', 'm.ts', '--loader', 'swc'], /Allowed choices are cached, ts-node/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ];
  for (const [argv, message] of cases) {
    const r = await cli(argv);
    t.equal(r.code, EXIT.usage, argv.join(' '));
    t.match(r.stderr, message);
    t.equal(r.calls.length, 0);
  }
});

t.test('--help exits 0 and documents the options', async (t) => {
  const r = await cli(['chaos', '--help']);
  t.equal(r.code, EXIT.pass);
  t.match(r.stdout, /--kills <n>[^]*--seed <n>[^]*--mode <mode>[^]*--duration <d>/);
});

t.test('a coded error from the runner (bad topology) exits 2 naming the code', async (t) => {
  const r = await cli(['chaos', 'nope.ts'], new TidemarkError('CHAOS_TOPOLOGY_NOT_FOUND', 'user', 'Cannot load the topology module nope.ts. Note: pass a path.'));
  t.equal(r.code, EXIT.usage);
  t.match(r.stderr, /^tidemark chaos: CHAOS_TOPOLOGY_NOT_FOUND: Cannot load the topology module nope.ts/);
});
