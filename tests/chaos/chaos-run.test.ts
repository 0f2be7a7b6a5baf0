// Bounded chaos run (part of npm test): 20 process kills over the stateless and windowed example
// topologies, through the real CLI and through the library; nothing may be lost or duplicated.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runChaos } from '../../chaos/runner';

const ROOT = join(__dirname, '..', '..');

t.test('CLI: 10 process kills of the stateless topology, nothing lost or duplicated', async (t) => {
  // `node -r ts-node/register/transpile-only cli/tidemark.ts …`, entered through -e so that tap's ESM
  // hooks (which it adds to every child) leave the CommonJS loader in charge of the .ts files.
  const run = "require('./cli/tidemark.ts').main(process.argv.slice(1)).then((c) => process.exit(c))";
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', run, 'chaos', 'examples/chaos-stateless.ts', '--kills', '10', '--seed', '101', '--json'], {
    cwd: ROOT, encoding: 'utf8', timeout: 100_000, env: { ...process.env, TIDEMARK_FAILPOINTS: '' },
  });
  t.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  t.match(report, { topology: 'stateless', mode: 'process', seed: 101, ok: true, rowsLost: 0, rowsDuplicated: 0, rowsUnexpected: 0, inconsistentReplays: 0, failures: [] });
  t.equal(report.kills.total, 10);
  t.ok(report.rowsChecked >= report.referenceRows && report.referenceRows > 0, 'rows were checked');
  t.match(report.sequence, { gaps: 0, repeats: 0, outOfOrder: 0, invalid: 0 });
  t.ok(report.recoveries > 0 && report.recoveryMs.meanMs > 0 && report.recoveryMs.p99Ms >= report.recoveryMs.meanMs);
});

t.test('library: 10 process kills of the windowed topology (state recovered from journals and snapshots)', async (t) => {
  const report = await runChaos({ topologyPath: join(ROOT, 'examples/chaos-windowed.ts'), kills: 10, seed: 202 });
  t.match(report, { topology: 'windowed', ok: true, rowsLost: 0, rowsDuplicated: 0, rowsUnexpected: 0, inconsistentReplays: 0, failures: [] });
  t.equal(report.kills.total, 10);
  t.match(report.sequence, { keys: 4, gaps: 0, repeats: 0, outOfOrder: 0 });
  t.ok(report.referenceRows > 0);
});
