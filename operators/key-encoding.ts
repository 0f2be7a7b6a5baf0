// Stable string encoding of grouping keys: equal keys (Spark's grouping equality) give equal strings.

/**
 * Encodes key values into the string that names their state entry. Spark's grouping rules:
 * all NaNs are one group, -0 groups with 0, null and undefined are the same (null) group,
 * 1 and '1' differ. Objects (windows, structs) are encoded with sorted field names, so
 * `{start, end}` and `{end, start}` are the same key.
 * @example encodeKey(['cat', { start: 0, end: 5000 }]) === '"cat",{"end":5000,"start":0}'
 */
export function encodeKey(values: readonly unknown[]): string {
  if (values.length === 1) return encodeValue(values[0]);
  let s = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) s += ',';
    s += encodeValue(values[i]);
  }
  return s;
}

/** Encodes one value; self-delimiting, so concatenations with ',' stay unambiguous. */
export function encodeValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (Number.isNaN(v)) return 'NaN';
      return v === 0 ? '0' : String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return `${v}n`;
    case 'undefined':
      return 'null';
    case 'object':
      return v === null ? 'null' : encodeObject(v);
    default:
      // functions and symbols cannot be grouped on meaningfully; keep them distinct by text
      return `?${JSON.stringify(String(v))}`;
  }
}

function encodeObject(v: object): string {
  if (v instanceof Date) return `D${v.getTime()}`;
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) s += ',';
      s += encodeValue(v[i]);
    }
    return s + ']';
  }
  if (ArrayBuffer.isView(v)) {
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    return `B"${Buffer.from(bytes).toString('base64')}"`;
  }
  if (v instanceof Map) {
    return `M${encodeValue(Array.from(v.entries()).map(([k, x]) => [encodeValue(k), x]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)))}`;
  }
  const o = v as Record<string, unknown>;
  const names = Object.keys(o);
  // fast path for window values, the most common object key
  if (names.length === 2 && typeof o.start === 'number' && typeof o.end === 'number') {
    return `{"end":${encodeValue(o.end)},"start":${encodeValue(o.start)}}`;
  }
  if (names.length > 1) names.sort();
  let s = '{';
  for (let i = 0; i < names.length; i++) {
    if (i > 0) s += ',';
    s += JSON.stringify(names[i]) + ':' + encodeValue(o[names[i]]);
  }
  return s + '}';
}

/**
 * Encodes a whole row as a key (dropDuplicates() with no columns): columns sorted by name, so
 * two rows with the same columns and values are one key whatever their property order.
 */
export function encodeRow(row: Record<string, unknown>): string {
  return encodeObject(row);
}
