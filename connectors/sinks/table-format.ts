// Spark's Dataset.show() text: an ASCII table with +---+ borders, cells truncated and right-aligned.
import type { DataType, Row, Schema } from '../../plan/types';
import { typeOfValue } from '../memory/rows';

/** Characters Spark counts as two columns wide (its `Utils.stringHalfWidth`). */
const FULL_WIDTH = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6]/g;

/**
 * Formats rows as Spark's `show(numRows, truncate)` does. `truncate` true means 20 characters, a
 * number sets the width, false or 0 keeps whole cells (then cells are left-aligned). More rows
 * than `numRows` add "only showing top N rows". Columns come from `schema` when given, else from
 * the keys of the shown rows in first-seen order. Timestamps (schema type 'timestamp', Date
 * values, window bounds) print as 'yyyy-MM-dd HH:mm:ss[.SSS]' in UTC. The text ends with "\n".
 * @example
 * formatTable([{ a: 1 }], 20, true) === '+---+\n|  a|\n+---+\n|  1|\n+---+\n'
 */
export function formatTable(rows: readonly Row[], numRows = 20, truncate: boolean | number = true, schema?: Schema): string {
  const n = Math.max(0, Math.floor(numRows));
  const width = truncate === true ? 20 : truncate === false ? 0 : Math.max(0, Math.floor(truncate));
  const shown = rows.slice(0, n);
  const columns = schema !== undefined ? schema.map((f) => ({ name: f.name, type: f.type })) : columnsOf(shown);

  const header = columns.map((c) => escapeMeta(c.name));
  const cells = shown.map((row) => columns.map((c) => truncateCell(escapeMeta(formatValue(row[c.name], c.type)), width)));

  const widths = header.map((h) => Math.max(3, halfWidth(h)));
  for (const r of cells) r.forEach((cell, i) => (widths[i] = Math.max(widths[i], halfWidth(cell))));

  const pad = (cell: string, i: number): string => {
    const fill = ' '.repeat(Math.max(0, widths[i] - halfWidth(cell)));
    return width > 0 ? fill + cell : cell + fill;
  };
  const line = (r: string[]): string => `|${r.map(pad).join('|')}|\n`;
  const sep = `+${widths.map((w) => '-'.repeat(w)).join('+')}+\n`;

  let out = sep + line(header) + sep;
  for (const r of cells) out += line(r);
  out += sep;
  if (rows.length > n) out += `only showing top ${n} ${n === 1 ? 'row' : 'rows'}\n`;
  return out;
}

/**
 * One cell's text: null as 'null', arrays as '[a, b]', structs as '{a, b}' (values only, as Spark
 * 3+), maps as '{k -> v}', bytes as '[0A FF]', timestamps as 'yyyy-MM-dd HH:mm:ss[.SSS]' (UTC).
 * @example formatValue({ start: 0, end: 10000 }, 'window') === '{1970-01-01 00:00:00, 1970-01-01 00:00:10}'
 */
export function formatValue(v: unknown, type: DataType = 'any'): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return formatTimestamp(v.getTime());
  if (type === 'timestamp' && typeof v === 'number') return formatTimestamp(v);
  if (type === 'date' && typeof v === 'number') return formatTimestamp(v).slice(0, 10);
  if (v instanceof Uint8Array) {
    return `[${Array.from(v, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ')}]`;
  }
  if (Array.isArray(v)) return `[${v.map((x) => formatValue(x)).join(', ')}]`;
  if (v instanceof Map) {
    return `{${[...v.entries()].map(([k, x]) => `${formatValue(k)} -> ${formatValue(x)}`).join(', ')}}`;
  }
  if (typeof v === 'object') {
    const effective = type === 'any' ? typeOfValue(v) : type;
    const o = v as Record<string, unknown>;
    if (effective === 'window') return `{${formatValue(o.start, 'timestamp')}, ${formatValue(o.end, 'timestamp')}}`;
    return `{${Object.values(o).map((x) => formatValue(x)).join(', ')}}`;
  }
  return String(v);
}

/** Epoch ms as 'yyyy-MM-dd HH:mm:ss' in UTC, plus '.SSS' without trailing zeros when not whole. */
export function formatTimestamp(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  const iso = d.toISOString(); // yyyy-MM-ddTHH:mm:ss.SSSZ (or ±yyyyyy for far years)
  const t = iso.indexOf('T');
  const date = iso.slice(0, t);
  const time = iso.slice(t + 1, t + 9);
  const frac = iso.slice(t + 10, t + 13).replace(/0+$/, '');
  return frac === '' ? `${date} ${time}` : `${date} ${time}.${frac}`;
}

function columnsOf(rows: readonly Row[]): { name: string; type: DataType }[] {
  const seen = new Set<string>();
  const cols: { name: string; type: DataType }[] = [];
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        cols.push({ name: k, type: 'any' });
      }
    }
  }
  return cols;
}

function truncateCell(s: string, width: number): string {
  if (width <= 0 || s.length <= width) return s;
  return width < 4 ? s.slice(0, width) : s.slice(0, width - 3) + '...';
}

function halfWidth(s: string): number {
  const m = s.match(FULL_WIDTH);
  return s.length + (m === null ? 0 : m.length);
}

/** Spark escapes control characters so that a cell stays on one line. */
function escapeMeta(s: string): string {
  return s
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\f/g, '\\f')
    .replace(/\x08/g, '\\b')
    .replace(/\x0B/g, '\\v')
    .replace(/\x07/g, '\\a');
}
