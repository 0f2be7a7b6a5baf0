// Chaos runs that must catch things: actor faults through the child, a deliberately faulty topology,
// and modules that are not topologies.
import t from 'tap';
import { join } from 'node:path';
import { runChaos } from '../../chaos/runner';

const ROOT = join(__dirname, '..', '..');

t.test('actor mode: faults in random task actors while the query keeps running; same output', async (t) => {
  const report = await runChaos({ topologyPath: join(ROOT, 'examples/chaos-windowed.ts'), kills: 5, seed: 303, mode: 'actor', actorFaultProbability: 0.01 });
  t.match(report, { mode: 'actor', ok: true, rowsLost: 0, rowsDuplicated: 0, rowsUnexpected: 0, failures: [], kills: { total: 0 } });
  t.ok(report.actorFaults >= 5, `${report.actorFaults} actor faults`);
});

t.test('the verifier catches lost and duplicated rows (a deliberately faulty topology)', async (t) => {
  const report = await runChaos({ topologyPath: join(ROOT, 'tests/chaos/fixtures/faulty-topology.ts'), kills: 1, seed: 404 });
  t.match(report, { ok: false, rowsLost: 1, rowsDuplicated: 1, rowsUnexpected: 0 });
  t.match(report.sequence, { gaps: 1, repeats: 1 });
  t.match(report.examples.join('\n'), /lost: \{"key":1,"seq":6,"value":13\}[^]*duplicated: \{"key":0,"seq":21,"value":42\}/);
  t.ok(report.keptDirs.length > 0, 'the failing round is kept for inspection');
});

t.test('a module that is not a topology, or no module at all, is a coded error', async (t) => {
  await t.rejects(runChaos({ topologyPath: join(ROOT, 'tests/chaos/fixtures/not-a-topology.ts'), seed: 1 }), { code: 'CHAOS_TOPOLOGY_INVALID' });
  await t.rejects(runChaos({ topologyPath: join(ROOT, 'tests/chaos/fixtures/missing.ts'), seed: 1 }), { code: 'CHAOS_TOPOLOGY_NOT_FOUND' });
});
