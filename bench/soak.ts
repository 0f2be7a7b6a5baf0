// Chaos soak (`npm run soak`): 1,000 process kills (plus actor faults) across the example chaos topologies,
// each round verified against a fault-free run; prints every topology's report and the combined one.
// Usage: ts-node -T bench/soak.ts [--kills 1000] [--seed n] [--mode process|actor|both] [--json file]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProgressLine } from '../chaos/progress-line';
import { randomSeed } from '../chaos/prng';
import { formatReport, mergeReports, type ChaosMode, type ChaosReport } from '../chaos/report';
import { runChaos } from '../chaos/runner';

const TOPOLOGIES = ['examples/chaos-stateless.ts', 'examples/chaos-windowed.ts'];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const kills = Number(arg('kills') ?? 1000);
  const seed = Number(arg('seed') ?? randomSeed());
  const mode = (arg('mode') ?? 'both') as ChaosMode;
  const jsonFile = arg('json');
  const line = process.stderr.isTTY ? new ProgressLine(process.stderr, 500) : undefined;
  const reports: ChaosReport[] = [];
  for (let i = 0; i < TOPOLOGIES.length; i++) {
    const share = Math.floor(kills / TOPOLOGIES.length) + (i < kills % TOPOLOGIES.length ? 1 : 0);
    let lastLogged = -1;
    const report = await runChaos({
      topologyPath: join(__dirname, '..', TOPOLOGIES[i]),
      kills: share,
      seed: seed + i,
      mode,
      killsPerRound: 10,
      actorFaultProbability: 0.002,
      onProgress: (p) => {
        line?.update(p);
        if (!line && p.kills % 50 === 0 && p.kills !== lastLogged) {
          lastLogged = p.kills;
          process.stderr.write(`[soak ${p.topology}] kills ${p.kills}/${p.killsTarget}, rounds ${p.round}, ${Math.round(p.elapsedMs / 1000)} s\n`);
        }
      },
    });
    line?.done();
    process.stdout.write(formatReport(report));
    reports.push(report);
  }
  const all = mergeReports(reports, `soak over ${TOPOLOGIES.length} topologies`);
  process.stdout.write(`\n${formatReport(all)}`);
  if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify({ reports, all }, null, 2)}\n`);
  return all.ok ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(2);
});
