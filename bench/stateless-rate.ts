// Issue-2 figure: rows/s of rate → select → filter → noop with a checkpoint each epoch, against a plain loop, same run.
// Usage: npx ts-node -T bench/stateless-rate.ts [rowsPerSecond=2000000] [seconds=8]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session, Trigger, col } from '../index';

async function engineRun(rowsPerSecond: number, seconds: number): Promise<{ rows: number; busyMs: number; epochs: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'tm-bench-'));
  const session = new Session({ print: () => undefined });
  const df = session.readStream.format('rate').option('rowsPerSecond', rowsPerSecond).load<{ timestamp: number; value: number }>()
    .select(col('value'), col('timestamp'), col('value').mod(7).alias('bucket'))
    .where(col('bucket').neq(3));
  const q = await df.writeStream.format('noop').option('checkpointLocation', dir).trigger(Trigger.ProcessingTime('1 second')).start();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  await q.stop();
  await rm(dir, { recursive: true, force: true });
  const ps = q.recentProgress.filter((p) => p.numInputRows > 0).slice(1); // skip the warm-up epoch
  return {
    rows: ps.reduce((n, p) => n + p.numInputRows, 0),
    busyMs: ps.reduce((n, p) => n + p.durationMs.triggerExecution, 0),
    epochs: ps.length,
  };
}

function loopRun(rows: number): { rows: number; ms: number; kept: number } {
  const start = Date.now();
  const t0 = performance.now();
  let kept = 0;
  const out: unknown[] = [];
  for (let v = 0; v < rows; v++) {
    const row = { timestamp: start + Math.floor((v * 1000) / 2_000_000), value: v };
    const projected = { value: row.value, timestamp: row.timestamp, bucket: row.value % 7 };
    if (projected.bucket !== 3) {
      out.push(projected);
      kept++;
      if (out.length === 4096) out.length = 0;
    }
  }
  return { rows, ms: performance.now() - t0, kept };
}

async function main(): Promise<void> {
  const rps = Number(process.argv[2] ?? 2_000_000);
  const seconds = Number(process.argv[3] ?? 8);
  const e = await engineRun(rps, seconds);
  const l = loopRun(Math.max(e.rows, 1_000_000));
  const engineRate = (e.rows * 1000) / e.busyMs;
  const loopRate = (l.rows * 1000) / l.ms;
  process.stdout.write(
    `tidemark rate→select→filter→noop, checkpoint each epoch: ${e.rows} rows in ${e.epochs} epochs, ${Math.round(engineRate).toLocaleString()} rows/s (busy time)\n` +
      `plain loop (same rows, same projection and filter):   ${Math.round(loopRate).toLocaleString()} rows/s\n` +
      `ratio tidemark ÷ loop: ${(engineRate / loopRate).toFixed(3)}\n`,
  );
}

main().catch((e) => { process.stderr.write(`${e.stack ?? e}\n`); process.exit(1); });
