// Entry of the chaos child process: `node [-r hook] cli/chaos-child.(ts|js) '<ChildConfig JSON>'` (started by `tidemark chaos`).
import { emitToStdout, errorEvent, runChild } from '../chaos/child';
import { CHILD_EXIT, type ChildConfig } from '../chaos/protocol';

async function main(): Promise<number> {
  let cfg: ChildConfig;
  try {
    cfg = JSON.parse(process.argv[2] ?? '') as ChildConfig;
  } catch {
    process.stderr.write(`chaos child: expected one JSON config argument, got ${JSON.stringify(process.argv[2])}\n`);
    return CHILD_EXIT.badConfig;
  }
  try {
    await runChild(cfg);
    return CHILD_EXIT.ok;
  } catch (e) {
    emitToStdout(errorEvent(e));
    process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    return CHILD_EXIT.queryFailed;
  }
}

main().then((code) => process.exit(code));
