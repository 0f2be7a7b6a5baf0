// Expression helpers for the analyzer and planner: Spark output names, static types, walks and rewrites.
import { AnalysisError, closestName } from '../common/errors';
import { sqlTypeName } from './cast';
import type { BinaryOp, Expr } from './expr';
import { callType, prettyName } from './functions';
import type { DataType, Field, Schema } from './types';
import { toStr } from './values';

const OP_SQL: Readonly<Record<BinaryOp, string>> = {
  '+': '+', '-': '-', '*': '*', '/': '/', '%': '%', '==': '=', '!=': '!=', '<': '<', '<=': '<=', '>': '>',
  '>=': '>=', '<=>': '<=>', and: 'AND', or: 'OR',
};

/** Spark's name of a literal: its value as text ('NULL' for null). */
export function literalName(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Date) return `TIMESTAMP '${v.toISOString()}'`;
  return toStr(v);
}

/**
 * The output column name Spark gives an expression: col('a.b') → 'b', alias → its name,
 * count('*') → 'count(1)', a + b → '(a + b)', upper(a) → 'upper(a)', window → 'window'.
 * @example exprName({ kind: 'agg', fn: 'sum', args: [{ kind: 'col', name: 'price' }] }) === 'sum(price)'
 */
export function exprName(e: Expr): string {
  if (e.kind === 'col') {
    const dot = e.name.lastIndexOf('.');
    return dot < 0 ? e.name : e.name.slice(dot + 1);
  }
  return sqlOf(e);
}

/** Spark's SQL text of an expression, as it appears inside generated names. */
export function sqlOf(e: Expr): string {
  const s = sqlOf;
  switch (e.kind) {
    case 'col': return e.name;
    case 'star': return '*';
    case 'lit': return literalName(e.value);
    case 'binary': return e.op === '!=' ? `(NOT (${s(e.left)} = ${s(e.right)}))` : `(${s(e.left)} ${OP_SQL[e.op]} ${s(e.right)})`;
    case 'not': return `(NOT ${s(e.child)})`;
    case 'negate': return `(- ${s(e.child)})`;
    case 'isNull': return `(${s(e.child)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'in': return `(${s(e.child)} IN (${e.values.map(s).join(', ')}))`;
    case 'between': return `((${s(e.child)} >= ${s(e.lower)}) AND (${s(e.child)} <= ${s(e.upper)}))`;
    case 'cast': return `CAST(${s(e.child)} AS ${sqlTypeName(e.to)})`;
    case 'alias': return e.name;
    case 'getField': return `${s(e.child)}.${e.field}`;
    case 'case':
      return 'CASE' + e.branches.map(([c, v]) => ` WHEN ${s(c)} THEN ${s(v)}`).join('') +
        (e.otherwise !== undefined ? ` ELSE ${s(e.otherwise)}` : '') + ' END';
    case 'call': return `${prettyName(e.fn)}(${e.args.map(s).join(', ')})`;
    case 'agg': {
      if ((e.fn === 'count' && e.args.length === 0) || (e.args.length === 1 && e.args[0].kind === 'star')) return `${e.fn}(1)`;
      const distinct = e.distinct === true || e.fn === 'count_distinct';
      const name = e.fn === 'count_distinct' ? 'count' : e.fn;
      return `${name}(${distinct ? 'DISTINCT ' : ''}${e.args.map(s).join(', ')})`;
    }
    case 'window': return 'window';
    case 'sessionWindow': return 'session_window';
    case 'udf': return e.wholeRow ? e.name : `${e.name}(${e.args.map(s).join(', ')})`;
    case 'sortOrder': return `${s(e.child)} ${e.ascending ? 'ASC' : 'DESC'} NULLS ${e.nullsFirst ? 'FIRST' : 'LAST'}`;
  }
}

/** The direct sub-expressions of a node, in evaluation order. */
export function exprChildren(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'col': case 'star': case 'lit': return [];
    case 'binary': return [e.left, e.right];
    case 'not': case 'negate': case 'isNull': case 'cast': case 'alias': case 'getField': case 'sortOrder': return [e.child];
    case 'in': return [e.child, ...e.values];
    case 'between': return [e.child, e.lower, e.upper];
    case 'case': return [...e.branches.flatMap(([c, v]) => [c, v]), ...(e.otherwise !== undefined ? [e.otherwise] : [])];
    case 'call': case 'agg': case 'udf': return e.args;
    case 'window': case 'sessionWindow': return [e.timeCol];
  }
}

/** Rebuilds a node with new children (same order as exprChildren); returns `e` itself when nothing changed. */
export function withChildren(e: Expr, kids: readonly Expr[]): Expr {
  const old = exprChildren(e);
  if (old.length === kids.length && old.every((k, i) => k === kids[i])) return e;
  let n: Expr;
  switch (e.kind) {
    case 'col': case 'star': case 'lit': return e;
    case 'binary': n = { ...e, left: kids[0], right: kids[1] }; break;
    case 'not': case 'negate': case 'isNull': case 'cast': case 'alias': case 'getField': case 'sortOrder':
      n = { ...e, child: kids[0] }; break;
    case 'in': n = { ...e, child: kids[0], values: Object.freeze(kids.slice(1)) }; break;
    case 'between': n = { ...e, child: kids[0], lower: kids[1], upper: kids[2] }; break;
    case 'case': {
      const branches = e.branches.map((_, i) => Object.freeze([kids[2 * i], kids[2 * i + 1]] as const));
      n = { ...e, branches: Object.freeze(branches), ...(e.otherwise !== undefined ? { otherwise: kids[kids.length - 1] } : {}) };
      break;
    }
    case 'call': case 'agg': case 'udf': n = { ...e, args: Object.freeze([...kids]) } as Expr; break;
    case 'window': case 'sessionWindow': n = { ...e, timeCol: kids[0] }; break;
  }
  return Object.freeze(n);
}

/**
 * Rewrites an expression top-down: where `fn` returns an Expr it replaces the node (not visited further);
 * where it returns undefined the children are rewritten. Unchanged subtrees are shared.
 * @example mapExpr(e, (x) => (x.kind === 'col' && x.name === 'l.key' ? { kind: 'col', name: 'key' } : undefined))
 */
export function mapExpr(e: Expr, fn: (e: Expr) => Expr | undefined): Expr {
  const r = fn(e);
  if (r !== undefined) return r;
  const kids = exprChildren(e);
  if (kids.length === 0) return e;
  return withChildren(e, kids.map((k) => mapExpr(k, fn)));
}

/** Visits every node, parents first; return false from `visit` to skip a node's children. */
export function walkExpr(e: Expr, visit: (e: Expr) => boolean | void): void {
  if (visit(e) === false) return;
  for (const k of exprChildren(e)) walkExpr(k, visit);
}

function any(e: Expr, pred: (e: Expr) => boolean): boolean {
  let found = false;
  walkExpr(e, (x) => { if (found || pred(x)) { found = true; return false; } return true; });
  return found;
}

/** Column names the expression reads, in first-seen order (a whole-row udf reads everything: see usesWholeRow). */
export function referencedColumns(e: Expr): string[] {
  const out: string[] = [];
  walkExpr(e, (x) => { if (x.kind === 'col' && !out.includes(x.name)) out.push(x.name); });
  return out;
}

export const containsAgg = (e: Expr): boolean => any(e, (x) => x.kind === 'agg');
export const containsWindow = (e: Expr): boolean => any(e, (x) => x.kind === 'window' || x.kind === 'sessionWindow');
export const usesWholeRow = (e: Expr): boolean => any(e, (x) => (x.kind === 'udf' && x.wholeRow === true) || x.kind === 'star');

/** Finds a field by exact name, else by a unique case-insensitive match (Spark's default resolution). */
export function findField(schema: Schema, name: string): Field | undefined {
  const exact = schema.find((f) => f.name === name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  const ci = schema.filter((f) => f.name.toLowerCase() === lower);
  return ci.length === 1 ? ci[0] : undefined;
}

function columnType(name: string, schema: Schema | undefined): DataType {
  if (schema === undefined) return 'any';
  const f = findField(schema, name);
  if (f !== undefined) return f.type;
  const parts = name.split('.');
  const head = findField(schema, parts[0]);
  if (head?.type === 'window' && parts.length === 2 && (parts[1] === 'start' || parts[1] === 'end')) return 'timestamp';
  return 'any';
}

function litType(v: unknown): DataType {
  switch (typeof v) {
    case 'number': return 'number';
    case 'string': return 'string';
    case 'boolean': return 'boolean';
    case 'bigint': return 'bigint';
    default:
      if (v instanceof Date) return 'timestamp';
      if (Array.isArray(v)) return 'array';
      return v === null || v === undefined ? 'any' : 'struct';
  }
}

/**
 * The static type of an expression over `schema` ('any' where it cannot be known).
 * @example exprType({ kind: 'call', fn: 'upper', args: [...] }) === 'string'
 */
export function exprType(e: Expr, schema?: Schema): DataType {
  const t = (x: Expr): DataType => exprType(x, schema);
  switch (e.kind) {
    case 'col': return columnType(e.name, schema);
    case 'star': return 'struct';
    case 'lit': return litType(e.value);
    case 'binary': {
      if (['+', '-', '*', '/', '%'].includes(e.op)) {
        const l = t(e.left);
        const r = t(e.right);
        if (l === 'bigint' && r === 'bigint' && e.op !== '/') return 'bigint';
        if ((e.op === '+' || e.op === '-') && l === 'timestamp' && r !== 'timestamp') return 'timestamp';
        if (e.op === '+' && r === 'timestamp' && l !== 'timestamp') return 'timestamp';
        return 'number';
      }
      return 'boolean';
    }
    case 'not': case 'isNull': case 'in': case 'between': return 'boolean';
    case 'negate': return t(e.child) === 'bigint' ? 'bigint' : 'number';
    case 'cast': return e.to;
    case 'alias': case 'sortOrder': return t(e.child);
    case 'getField': return t(e.child) === 'window' && (e.field === 'start' || e.field === 'end') ? 'timestamp' : 'any';
    case 'case': {
      const vals = [...e.branches.map((b) => b[1]), ...(e.otherwise !== undefined ? [e.otherwise] : [])];
      return vals.map(t).find((x) => x !== 'any') ?? 'any';
    }
    case 'call': return callType(e.fn, e.args.map(t));
    case 'agg':
      switch (e.fn) {
        case 'count': case 'count_distinct': case 'approx_count_distinct': case 'sum': case 'avg': return 'number';
        case 'collect_list': case 'collect_set': return 'array';
        default: return e.args.length > 0 ? t(e.args[0]) : 'any';
      }
    case 'window': case 'sessionWindow': return 'window';
    case 'udf': return 'any';
  }
}

/**
 * Checks every column reference against `schema`. A name matching a field case-insensitively is
 * rewritten to the field's spelling; 'a.b' is kept when 'a' is a field (a nested read). Otherwise
 * `onUnknown` may return a replacement (e.g. for a join qualifier 'l.key'); if it does not,
 * throws AnalysisError UNKNOWN_COLUMN naming the available columns and the closest one.
 */
export function resolveColumns(
  e: Expr,
  schema: Schema,
  onUnknown?: (name: string, available: readonly string[]) => Expr | undefined,
): Expr {
  const names = schema.map((f) => f.name);
  return mapExpr(e, (x) => {
    if (x.kind !== 'col') return undefined;
    const f = findField(schema, x.name);
    if (f !== undefined) return f.name === x.name ? x : Object.freeze({ kind: 'col', name: f.name });
    const dot = x.name.indexOf('.');
    if (dot > 0 && findField(schema, x.name.slice(0, dot)) !== undefined) return x;
    const replaced = onUnknown?.(x.name, names);
    if (replaced !== undefined) return replaced;
    throw unknownColumn(x.name, names);
  });
}

/** The UNKNOWN_COLUMN error, for callers that check names themselves. */
export function unknownColumn(name: string, available: readonly string[]): AnalysisError {
  const near = closestName(name, available);
  return new AnalysisError('UNKNOWN_COLUMN', `Column "${name}" does not exist. Available: ${available.join(', ')}. ` +
    (near !== undefined ? `Note: did you mean "${near}"?` : 'Note: use one of the available columns, or add it with withColumn().'),
  { column: name, available: [...available], suggestion: near });
}
