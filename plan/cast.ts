// CAST semantics (Spark non-ANSI: an invalid value becomes null) and the SQL type names cast accepts.
import { AnalysisError, closestName } from '../common/errors';
import { floorToDay, formatDate, formatTimestampDefault, toTimestampMs } from './datetime';
import type { DataType } from './types';
import { isNull, toNumber, toStr } from './values';

/** Spark and tidemark type names → DataType. 'bigint' is tidemark's JS BigInt; Spark's long is 'long'. */
const TYPE_NAMES: Readonly<Record<string, DataType>> = {
  number: 'number', int: 'number', integer: 'number', long: 'number', short: 'number', smallint: 'number',
  tinyint: 'number', byte: 'number', double: 'number', float: 'number', real: 'number', decimal: 'number',
  numeric: 'number', dec: 'number',
  bigint: 'bigint',
  string: 'string', varchar: 'string', char: 'string', text: 'string',
  boolean: 'boolean', bool: 'boolean',
  timestamp: 'timestamp', timestamp_ntz: 'timestamp', timestamp_ltz: 'timestamp',
  date: 'date', window: 'window', array: 'array', struct: 'struct', any: 'any',
};

/** Type names accepted by cast() and CAST(x AS type), as a TypeScript union. */
export type CastTypeName =
  | DataType | 'int' | 'integer' | 'long' | 'short' | 'smallint' | 'tinyint' | 'byte' | 'double' | 'float'
  | 'real' | 'decimal' | 'varchar' | 'char' | 'text' | 'bool' | 'timestamp_ntz' | 'timestamp_ltz';

/**
 * Resolves a type name (case-insensitive; 'decimal(10,2)' and 'varchar(20)' lose their parameters).
 * @throws AnalysisError UNKNOWN_DATA_TYPE with the closest name
 * @example parseTypeName('LONG') === 'number'
 */
export function parseTypeName(name: string): DataType {
  const key = name.trim().toLowerCase().replace(/\s*\(.*\)\s*$/, '');
  const t = TYPE_NAMES[key];
  if (t !== undefined) return t;
  const near = closestName(key, Object.keys(TYPE_NAMES));
  throw new AnalysisError('UNKNOWN_DATA_TYPE', `Unknown data type "${name}". ` +
    (near !== undefined ? `Note: did you mean "${near}"?` : `Note: use one of ${Object.keys(TYPE_NAMES).join(', ')}.`), { typeName: name });
}

const TRUE_STRINGS = new Set(['t', 'true', 'y', 'yes', '1']);
const FALSE_STRINGS = new Set(['f', 'false', 'n', 'no', '0']);

function toBool(v: unknown): boolean | null {
  switch (typeof v) {
    case 'boolean': return v;
    case 'number': return Number.isNaN(v) ? null : v !== 0;
    case 'bigint': return v !== 0n;
    case 'string': {
      const s = v.trim().toLowerCase();
      return TRUE_STRINGS.has(s) ? true : FALSE_STRINGS.has(s) ? false : null;
    }
    default: return null;
  }
}

function toBigInt(v: unknown): bigint | null {
  if (typeof v === 'bigint') return v;
  const n = toNumber(v);
  if (n === null || !Number.isFinite(n)) return null;
  return BigInt(Math.trunc(n));
}

function toStringFrom(from: DataType | undefined): (v: unknown) => string | null {
  if (from === 'timestamp') return (v) => { const t = toTimestampMs(v); return t === null ? toStr(v) : formatTimestampDefault(t); };
  if (from === 'date') return (v) => { const t = toTimestampMs(v); return t === null ? toStr(v) : formatDate(t); };
  return (v) => {
    if (v instanceof Date) return formatTimestampDefault(v.getTime());
    return toStr(v);
  };
}

/**
 * A null-propagating converter to `to`. `from` (the child's static type) picks the rendering of
 * timestamps and dates as strings. Timestamps stay epoch ms when cast to number.
 * @example castFunction('number')('12') === 12; castFunction('timestamp')('1970-01-01T00:00:01Z') === 1000
 */
export function castFunction(to: DataType, from?: DataType): (v: unknown) => unknown {
  let f: (v: unknown) => unknown;
  switch (to) {
    case 'number': f = (v) => (typeof v === 'number' ? v : toNumber(v)); break;
    case 'bigint': f = toBigInt; break;
    case 'string': f = toStringFrom(from); break;
    case 'boolean': f = toBool; break;
    case 'timestamp': f = toTimestampMs; break;
    case 'date': f = (v) => { const t = toTimestampMs(v); return t === null ? null : floorToDay(t); }; break;
    default: return (v) => (isNull(v) ? null : v);
  }
  return (v) => (v === null || v === undefined ? null : f(v));
}

/** Spark's SQL name of a type, as it appears in CAST(... AS TYPE) column names. */
export function sqlTypeName(t: DataType): string {
  switch (t) {
    case 'number': return 'DOUBLE';
    case 'bigint': return 'BIGINT';
    default: return t.toUpperCase();
  }
}
