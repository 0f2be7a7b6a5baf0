// Issue-3 figure: events/s of a 1,000-key windowed count over the rate source (checkpoint each epoch) vs a plain loop.
// Usage: npx ts-node -T bench/windowed-rate.ts [rowsPerSecond=1000000] [seconds=8]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session, Trigger, col, count, window } from '../index';

async function engineRun(rowsPerSecond: number, seconds: number) {
  const dir = await mkdtemp(join(tmpdir(), 'tm-bench-w-'));
  const session = new Session({ print: () => undefined, conf: { 'tidemark.shufflePartitions': 4 } });
  const df = session.readStream.format('rate').option('rowsPerSecond', rowsPerSecond).load<{ timestamp: number; value: number }>()
    .withWatermark('timestamp', '1 second')
    .groupBy(window(col('timestamp'), '1 second'), col('value').mod(1000).alias('key'))
    .agg(count('*').alias('n'));
  const q = await df.writeStream.outputMode('append').format('noop').option('checkpointLocation', dir).trigger(Trigger.ProcessingTime('1 second')).start();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  await q.stop();
  await rm(dir, { recursive: true, force: true });
  const ps = q.recentProgress.filter((p) => p.numInputRows > 0).slice(1);
  const state = q.lastProgress?.stateOperators[0];
  return {
    rows: ps.reduce((n, p) => n + p.numInputRows, 0),
    busyMs: ps.reduce((n, p) => n + p.durationMs.triggerExecution, 0),
    epochs: ps.length,
    stateRows: state?.numRowsTotal ?? 0,
  };
}

function loopRun(rows: number, rowsPerSecond: number) {
  const t0 = performance.now();
  const start = Date.now();
  const state = new Map<string, number>();
  let emitted = 0;
  let wm = 0;
  for (let v = 0; v < rows; v++) {
    const ts = start + Math.floor((v * 1000) / rowsPerSecond);
    const ws = ts - (ts % 1000);
    const key = `${ws}|${v % 1000}`;
    state.set(key, (state.get(key) ?? 0) + 1);
    if (v % rowsPerSecond === rowsPerSecond - 1) {
      wm = ts - 1000;
      for (const [k, n] of state) {
        if (Number(k.slice(0, k.indexOf('|'))) + 1000 <= wm) { state.delete(k); emitted += n > 0 ? 1 : 0; }
      }
    }
  }
  return { rows, ms: performance.now() - t0, emitted };
}

async function main() {
  const rps = Number(process.argv[2] ?? 1_000_000);
  const seconds = Number(process.argv[3] ?? 8);
  const e = await engineRun(rps, seconds);
  const l = loopRun(Math.max(e.rows, 1_000_000), rps);
  const er = (e.rows * 1000) / e.busyMs;
  const lr = (l.rows * 1000) / l.ms;
  process.stdout.write(
    `tidemark 1,000-key 1 s windowed count (append, checkpoint each epoch): ${e.rows} events in ${e.epochs} epochs, ${Math.round(er).toLocaleString()} events/s (busy time), state rows at end ${e.stateRows}\n` +
      `plain loop (Map per window|key, same eviction): ${Math.round(lr).toLocaleString()} events/s\n` +
      `ratio tidemark ÷ loop: ${(er / lr).toFixed(3)}\n`,
  );
}
main().catch((e) => { process.stderr.write(`${e.stack ?? e}\n`); process.exit(1); });
