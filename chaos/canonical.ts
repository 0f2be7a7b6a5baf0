// Canonical text of an output row: equal rows give equal strings whatever their key order.

/**
 * A stable JSON-like encoding: object keys sorted, Dates as ISO strings, bigint and special
 * numbers spelled out, Maps and Sets as sorted entries. Used as the multiset key of a row.
 * @example canonicalRow({ b: 1, a: { end: 2, start: 1 } }) === '{"a":{"end":2,"start":1},"b":1}'
 */
export function canonicalRow(value: unknown): string {
  return encode(value);
}

function encode(v: unknown): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return Number.isFinite(v) ? (Object.is(v, -0) ? '0' : String(v)) : `#${String(v)}`;
    case 'bigint':
      return `${v}n`;
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      break;
    default:
      return `#${typeof v}`;
  }
  if (Array.isArray(v)) return `[${v.map(encode).join(',')}]`;
  if (v instanceof Date) return `#date:${Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString()}`;
  if (v instanceof Map) return `#map{${[...v.entries()].map(([k, x]) => `${encode(k)}:${encode(x)}`).sort().join(',')}}`;
  if (v instanceof Set) return `#set[${[...v].map(encode).sort().join(',')}]`;
  if (ArrayBuffer.isView(v)) return `#bytes:${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${encode(o[k])}`).join(',')}}`;
}
