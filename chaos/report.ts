// The chaos report: what a run did and found, as data (JSON) and as the text the CLI prints.
import { summarize, type Summary } from './stats';

export type ChaosMode = 'process' | 'actor' | 'both';

export interface ChaosReport {
  /** Format version of this JSON shape. */
  readonly v: 1;
  readonly topology: string;
  readonly topologyPath: string;
  readonly mode: ChaosMode;
  readonly seed: number;
  readonly kills: { readonly total: number; readonly timer: number; readonly failpoint: Readonly<Record<string, number>> };
  /** Incarnations after a kill that got back to a committed epoch (or finished). */
  readonly recoveries: number;
  /** Spawn of a restarted child to its first committed epoch. */
  readonly recoveryMs: Summary;
  readonly recoverySamplesMs: readonly number[];
  /** Injected task-actor faults (actor and both modes). */
  readonly actorFaults: number;
  /** Complete runs of the topology, each verified against the reference. */
  readonly rounds: number;
  /** Restarts that found an uncommitted epoch (offsets, no commit) and re-ran it. */
  readonly epochsReplayed: number;
  /** Epochs the sink received again (the re-run reached foreachBatch a second time). */
  readonly sinkRewrites: number;
  /** Replays that gave an epoch other rows than its earlier write (breaks foreachBatch's contract). */
  readonly inconsistentReplays: number;
  readonly referenceRows: number;
  readonly rowsChecked: number;
  readonly rowsLost: number;
  readonly rowsDuplicated: number;
  readonly rowsUnexpected: number;
  readonly sequence?: { readonly keys: number; readonly gaps: number; readonly repeats: number; readonly outOfOrder: number; readonly invalid: number };
  /** Child failures, hangs and broken invariants, each one line. */
  readonly failures: readonly string[];
  readonly examples: readonly string[];
  readonly elapsedMs: number;
  /** Where failing rounds were kept for inspection. */
  readonly keptDirs: readonly string[];
  readonly reproduce: string;
  readonly ok: boolean;
}

/** True when nothing was lost, duplicated, wrong or broken. */
export function reportOk(r: Omit<ChaosReport, 'ok'>): boolean {
  const seq = r.sequence;
  return r.rowsLost === 0 && r.rowsDuplicated === 0 && r.rowsUnexpected === 0 && r.inconsistentReplays === 0 &&
    r.failures.length === 0 && (!seq || (seq.gaps === 0 && seq.repeats === 0 && seq.outOfOrder === 0 && seq.invalid === 0));
}

const n = (x: number) => x.toLocaleString('en-US');
const ms = (x: number | undefined) => (x === undefined ? '-' : `${Math.round(x)} ms`);

/** The human-readable report. */
export function formatReport(r: ChaosReport): string {
  const fp = Object.entries(r.kills.failpoint).sort(([a], [b]) => a.localeCompare(b));
  const fpTotal = fp.reduce((s, [, c]) => s + c, 0);
  const fpText = fp.length ? `: ${fp.map(([k, c]) => `${k} ${c}`).join(', ')}` : '';
  const lines: [string, string][] = [
    ['kills', `${n(r.kills.total)} (timer ${n(r.kills.timer)}, failpoint ${n(fpTotal)}${fpText})`],
    ['recoveries', n(r.recoveries)],
    ['recovery time', `mean ${ms(r.recoveryMs.meanMs)}, p99 ${ms(r.recoveryMs.p99Ms)}, max ${ms(r.recoveryMs.maxMs)} (${r.recoveryMs.count} samples)`],
    ['actor faults', n(r.actorFaults)],
    ['rounds', `${n(r.rounds)} (each verified against the fault-free reference)`],
    ['epochs replayed', `${n(r.epochsReplayed)} after restarts (${n(r.sinkRewrites)} reached the sink again)${r.actorFaults ? `; each actor fault re-ran its epoch in-process` : ''}`],
    ['rows checked', `${n(r.rowsChecked)} (reference run: ${n(r.referenceRows)})`],
    ['rows lost', n(r.rowsLost)],
    ['rows duplicated', n(r.rowsDuplicated)],
    ['rows unexpected', n(r.rowsUnexpected)],
    ['replays differing', n(r.inconsistentReplays)],
  ];
  if (r.sequence) {
    const s = r.sequence;
    lines.push(['sequence check', `${n(s.keys)} keys: ${n(s.gaps)} gaps, ${n(s.repeats)} repeats, ${n(s.outOfOrder)} out of order${s.invalid ? `, ${n(s.invalid)} invalid rows` : ''}`]);
  } else {
    lines.push(['sequence check', 'none declared']);
  }
  lines.push(['result', `${r.ok ? 'PASS' : 'FAIL'} in ${(r.elapsedMs / 1000).toFixed(1)} s`]);
  const out = [`tidemark chaos: topology "${r.topology}" (${r.topologyPath}), mode ${r.mode}, seed ${r.seed}`];
  for (const [k, v] of lines) out.push(`  ${k.padEnd(18)} ${v}`);
  for (const f of r.failures) out.push(`  failure: ${f}`);
  for (const e of r.examples) out.push(`  example: ${e}`);
  for (const d of r.keptDirs) out.push(`  kept: ${d}`);
  out.push(`  reproduce          ${r.reproduce}`);
  return `${out.join('\n')}\n`;
}

/** Sums several reports (the soak runs many topologies). */
export function mergeReports(reports: readonly ChaosReport[], label: string): ChaosReport {
  const sum = (f: (r: ChaosReport) => number) => reports.reduce((s, r) => s + f(r), 0);
  const failpoint: Record<string, number> = {};
  for (const r of reports) for (const [k, c] of Object.entries(r.kills.failpoint)) failpoint[k] = (failpoint[k] ?? 0) + c;
  const samples = reports.flatMap((r) => r.recoverySamplesMs);
  const seqs = reports.map((r) => r.sequence).filter((s): s is NonNullable<ChaosReport['sequence']> => !!s);
  const merged: Omit<ChaosReport, 'ok'> = {
    v: 1,
    topology: label,
    topologyPath: reports.map((r) => r.topologyPath).join(', '),
    mode: reports[0]?.mode ?? 'process',
    seed: reports[0]?.seed ?? 0,
    kills: { total: sum((r) => r.kills.total), timer: sum((r) => r.kills.timer), failpoint },
    recoveries: sum((r) => r.recoveries),
    recoveryMs: summarize(samples),
    recoverySamplesMs: samples,
    actorFaults: sum((r) => r.actorFaults),
    rounds: sum((r) => r.rounds),
    epochsReplayed: sum((r) => r.epochsReplayed),
    sinkRewrites: sum((r) => r.sinkRewrites),
    inconsistentReplays: sum((r) => r.inconsistentReplays),
    referenceRows: sum((r) => r.referenceRows),
    rowsChecked: sum((r) => r.rowsChecked),
    rowsLost: sum((r) => r.rowsLost),
    rowsDuplicated: sum((r) => r.rowsDuplicated),
    rowsUnexpected: sum((r) => r.rowsUnexpected),
    sequence: seqs.length === 0 ? undefined : {
      keys: seqs.reduce((s, x) => s + x.keys, 0),
      gaps: seqs.reduce((s, x) => s + x.gaps, 0),
      repeats: seqs.reduce((s, x) => s + x.repeats, 0),
      outOfOrder: seqs.reduce((s, x) => s + x.outOfOrder, 0),
      invalid: seqs.reduce((s, x) => s + x.invalid, 0),
    },
    failures: reports.flatMap((r) => r.failures.map((f) => `${r.topology}: ${f}`)),
    examples: reports.flatMap((r) => r.examples.map((e) => `${r.topology}: ${e}`)),
    elapsedMs: sum((r) => r.elapsedMs),
    keptDirs: reports.flatMap((r) => r.keptDirs),
    reproduce: reports.map((r) => r.reproduce).join(' && '),
  };
  return { ...merged, ok: reports.every((r) => r.ok) && reportOk(merged) };
}
