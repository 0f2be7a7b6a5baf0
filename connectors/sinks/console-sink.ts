// The console sink: prints each committed epoch as Spark does, through an injected print function.
import type { Row, Schema } from '../../plan/types';
import type { SinkContext, StreamSink } from '../types';
import { ConnectorOptions } from '../options';
import { EpochBuffer } from './epoch-buffer';
import { formatTable } from './table-format';

export { formatTable, formatValue, formatTimestamp } from './table-format';

export const CONSOLE_OPTIONS: readonly string[] = ['numRows', 'truncate'];

const RULE = '-------------------------------------------';

/** Writes one line (without its newline). */
export type PrintLine = (line: string) => void;

/** The default printer: stdout. The console sink and the CLI are the only places that print. */
export const stdoutPrint: PrintLine = (line) => {
  process.stdout.write(`${line}\n`);
};

/**
 * Debug output, at-least-once (a re-run epoch prints again). Options: numRows (default 20),
 * truncate (default true: cells cut at 20 characters). Each epoch prints
 * the rule, 'Batch: N', the rule, the table, then an empty line.
 * @example new ConsoleSink({ numRows: 5 }, (line) => lines.push(line))
 */
export class ConsoleSink implements StreamSink {
  readonly numRows: number;
  readonly truncate: boolean;
  private readonly buffer = new EpochBuffer();
  private schema: Schema | undefined;
  private lastCount = -1;

  constructor(options: Readonly<Record<string, unknown>> = {}, private readonly print: PrintLine = stdoutPrint) {
    const o = new ConnectorOptions('console sink', options, CONSOLE_OPTIONS);
    this.numRows = o.positiveInt('numRows', 20);
    this.truncate = o.boolean('truncate', true);
  }

  get description(): string {
    return `ConsoleSink[numRows=${this.numRows}, truncate=${this.truncate}]`;
  }

  async open(ctx: SinkContext): Promise<void> {
    this.schema = ctx.schema;
  }

  write(epoch: number, rows: Row[]): void {
    this.buffer.add(epoch, rows);
  }

  commit(epoch: number): void {
    const rows = this.buffer.take(epoch);
    this.lastCount = rows.length;
    this.print(RULE);
    this.print(`Batch: ${epoch}`);
    this.print(RULE);
    const text = formatTable(rows, this.numRows, this.truncate, this.schema);
    for (const line of text.slice(0, -1).split('\n')) this.print(line);
    this.print('');
  }

  abort(epoch: number): void {
    this.buffer.take(epoch);
  }

  lastEpochRowCount(): number {
    return this.lastCount;
  }
}
