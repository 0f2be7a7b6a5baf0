// Turning user values into rows (primitives become { value }) and inferring a schema from rows.
import type { DataType, Field, Row, Schema } from '../../plan/types';

/**
 * A plain object stays as it is; anything else (number, string, boolean, bigint, Date, array,
 * null) becomes `{ value: v }`, as Spark's MemoryStream[Int] has the single column `value`.
 * @example toRow(3) // { value: 3 }
 */
export function toRow(v: unknown): Row {
  if (isPlainObject(v)) return v as Row;
  return { value: v };
}

/** True for `{…}` objects and Object.create(null) objects: values that are rows already. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Column names and types from a block of rows: names in first-seen order across the rows, each
 * type from its first non-null value ('any' when every value is null). Undefined for no rows.
 * @example inferSchema([{ a: 1 }]) // [{ name: 'a', type: 'number', nullable: false }]
 */
export function inferSchema(rows: readonly Row[]): Schema | undefined {
  if (rows.length === 0) return undefined;
  const types = new Map<string, DataType | undefined>();
  const nullable = new Set<string>();
  for (const row of rows) {
    for (const [name, v] of Object.entries(row)) {
      if (!types.has(name)) types.set(name, undefined);
      if (v === null || v === undefined) nullable.add(name);
      else if (types.get(name) === undefined) types.set(name, typeOfValue(v));
    }
  }
  for (const name of types.keys()) {
    if (rows.some((r) => !(name in r))) nullable.add(name);
  }
  const fields: Field[] = [];
  for (const [name, type] of types) fields.push({ name, type: type ?? 'any', nullable: nullable.has(name) });
  return fields;
}

/** The DataType of one non-null value. */
export function typeOfValue(v: unknown): DataType {
  switch (typeof v) {
    case 'number': return 'number';
    case 'bigint': return 'bigint';
    case 'string': return 'string';
    case 'boolean': return 'boolean';
    default: break;
  }
  if (v instanceof Date) return 'timestamp';
  if (Array.isArray(v)) return 'array';
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 2 && typeof v.start === 'number' && typeof v.end === 'number') return 'window';
    return 'struct';
  }
  return 'any';
}
