// Spark SQL expression text → Expr, for expr() and selectExpr(): a small hand-written Pratt parser.
// Hand-written because the grammar needed is small (one expression, ~10 precedence levels), it must produce our own
// Expr nodes and coded errors with positions, and no SQL parser library is installed or mandated.
import { AnalysisError } from '../common/errors';
import { parseDurationMs } from '../common/duration';
import { parseTypeName } from './cast';
import type { Expr } from './expr';
import { AGGREGATE_NAMES, makeCall } from './functions';
import { type Token, tokenize } from './parse-lexer';
import { makeSessionWindow, makeWindow } from './window-spec';

const KEYWORDS = new Set(['and', 'or', 'not', 'as', 'is', 'in', 'between', 'like', 'ilike', 'rlike', 'regexp', 'case', 'when', 'then',
  'else', 'end', 'cast', 'null', 'true', 'false', 'interval', 'distinct', 'escape', 'from', 'div']);

const COMPARISON: Readonly<Record<string, '==' | '!=' | '<' | '<=' | '>' | '>=' | '<=>'>> = {
  '=': '==', '==': '==', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=', '<=>': '<=>',
};

// Binding powers, loosest first.
const BP_OR = 1, BP_AND = 2, BP_NOT = 3, BP_CMP = 4, BP_ADD = 5, BP_MUL = 6, BP_UNARY = 7;

const f = <E extends Expr>(e: E): E => Object.freeze(e);

/**
 * Parses one Spark SQL expression, optionally followed by `AS name` (or just `name`).
 * @throws AnalysisError PARSE_ERROR quoting the text and the position of the problem
 * @example parseExpr("price * 2 AS double") // alias(binary(*), 'double')
 */
export function parseExpr(sql: string): Expr {
  return new Parser(sql).parseTop();
}

class Parser {
  private readonly toks: Token[];
  private i = 0;

  constructor(private readonly sql: string) {
    this.toks = tokenize(sql, (pos, msg) => this.error(pos, msg));
  }

  parseTop(): Expr {
    if (this.peek().type === 'eof') this.error(0, 'the expression is empty');
    if (this.isOp('*') && this.peek(1).type === 'eof') return f({ kind: 'star' });
    const e = this.parse(0);
    let out = e;
    if (this.isKw('as')) {
      this.next();
      out = f({ kind: 'alias', child: e, name: this.aliasName() });
    } else if ((this.peek().type === 'ident' && !KEYWORDS.has(this.peek().text.toLowerCase())) || this.peek().type === 'quoted') {
      out = f({ kind: 'alias', child: e, name: this.aliasName() });
    }
    const t = this.peek();
    if (t.type !== 'eof') this.error(t.pos, `unexpected ${describe(t)}`);
    return out;
  }

  private aliasName(): string {
    const t = this.next();
    if (t.type === 'ident' || t.type === 'quoted' || t.type === 'string') return t.text;
    return this.error(t.pos, `expected a column alias after AS but found ${describe(t)}`);
  }

  // ---- token helpers
  private peek(k = 0): Token { return this.toks[Math.min(this.i + k, this.toks.length - 1)]; }
  private next(): Token { return this.toks[Math.min(this.i++, this.toks.length - 1)]; }
  private isKw(kw: string, k = 0): boolean { const t = this.peek(k); return t.type === 'ident' && t.text.toLowerCase() === kw; }
  private isOp(op: string, k = 0): boolean { const t = this.peek(k); return t.type === 'op' && t.text === op; }
  private expectOp(op: string): void {
    const t = this.next();
    if (t.type !== 'op' || t.text !== op) this.error(t.pos, `expected "${op}" but found ${describe(t)}`);
  }
  private expectKw(kw: string): void {
    const t = this.next();
    if (t.type !== 'ident' || t.text.toLowerCase() !== kw) this.error(t.pos, `expected ${kw.toUpperCase()} but found ${describe(t)}`);
  }

  private error(pos: number, msg: string): never {
    throw new AnalysisError('PARSE_ERROR', `Cannot parse expression ${JSON.stringify(this.sql)} at position ${pos}: ${msg}. ` +
      'Note: check the SQL syntax at that position; quote names with special characters in backticks (`my col`) and strings in single quotes.',
    { sql: this.sql, position: pos });
  }

  // ---- Pratt loop
  parse(minBp: number): Expr {
    let left = this.prefix();
    for (;;) {
      const t = this.peek();
      if (t.type === 'op') {
        const cmp = COMPARISON[t.text];
        if (cmp !== undefined && BP_CMP > minBp) { this.next(); left = f({ kind: 'binary', op: cmp, left, right: this.parse(BP_CMP) }); continue; }
        if ((t.text === '+' || t.text === '-') && BP_ADD > minBp) {
          this.next();
          left = f({ kind: 'binary', op: t.text, left, right: this.parse(BP_ADD) });
          continue;
        }
        if (t.text === '||' && BP_ADD > minBp) { this.next(); left = makeCall('concat', [left, this.parse(BP_ADD)]); continue; }
        if ((t.text === '*' || t.text === '/' || t.text === '%') && BP_MUL > minBp) {
          this.next();
          left = f({ kind: 'binary', op: t.text, left, right: this.parse(BP_MUL) });
          continue;
        }
        if (t.text === '&&' && BP_AND > minBp) { this.next(); left = f({ kind: 'binary', op: 'and', left, right: this.parse(BP_AND) }); continue; }
        if (t.text === '[') { this.next(); left = this.subscript(left); continue; }
        if (t.text === '.' && this.peek(1).type !== 'eof') {
          this.next();
          const field = this.next();
          if (field.type !== 'ident' && field.type !== 'quoted') this.error(field.pos, `expected a field name after "." but found ${describe(field)}`);
          left = left.kind === 'col' ? f({ kind: 'col', name: `${left.name}.${field.text}` }) : f({ kind: 'getField', child: left, field: field.text });
          continue;
        }
        break;
      }
      if (t.type !== 'ident') break;
      const kw = t.text.toLowerCase();
      if (kw === 'or' && BP_OR > minBp) { this.next(); left = f({ kind: 'binary', op: 'or', left, right: this.parse(BP_OR) }); continue; }
      if (kw === 'and' && BP_AND > minBp) { this.next(); left = f({ kind: 'binary', op: 'and', left, right: this.parse(BP_AND) }); continue; }
      if (BP_CMP <= minBp) break;
      if (kw === 'is') { left = this.isNull(left); continue; }
      const negated = kw === 'not';
      const op = negated ? this.peek(1).text.toLowerCase() : kw;
      if (!['in', 'between', 'like', 'ilike', 'rlike', 'regexp'].includes(op) || (negated && this.peek(1).type !== 'ident')) break;
      this.next();
      if (negated) this.next();
      let e: Expr;
      if (op === 'in') e = this.inList(left);
      else if (op === 'between') {
        const lower = this.parse(BP_CMP);
        this.expectKw('and');
        e = f({ kind: 'between', child: left, lower, upper: this.parse(BP_CMP) });
      } else {
        const pattern = this.parse(BP_CMP);
        const args = [left, pattern];
        if (this.isKw('escape')) { this.next(); args.push(this.parse(BP_CMP)); }
        e = makeCall(op === 'regexp' ? 'rlike' : op, args);
      }
      left = negated ? f({ kind: 'not', child: e }) : e;
    }
    return left;
  }

  private isNull(left: Expr): Expr {
    this.next();
    let negated = false;
    if (this.isKw('not')) { this.next(); negated = true; }
    if (this.isKw('distinct')) {
      this.next();
      this.expectKw('from');
      const eqns: Expr = f({ kind: 'binary', op: '<=>', left, right: this.parse(BP_CMP) });
      return negated ? eqns : f({ kind: 'not', child: eqns });
    }
    this.expectKw('null');
    return f({ kind: 'isNull', child: left, negated });
  }

  private inList(child: Expr): Expr {
    this.expectOp('(');
    const values: Expr[] = [];
    if (!this.isOp(')')) {
      do values.push(this.parse(0)); while (this.isOp(',') && this.next());
    }
    this.expectOp(')');
    return f({ kind: 'in', child, values: Object.freeze(values) });
  }

  private subscript(left: Expr): Expr {
    const idx = this.parse(0);
    this.expectOp(']');
    if (idx.kind === 'lit' && typeof idx.value === 'string') return f({ kind: 'getField', child: left, field: idx.value });
    return makeCall('get', [left, idx]);
  }

  // ---- prefix forms
  private prefix(): Expr {
    const t = this.next();
    switch (t.type) {
      case 'number': return f({ kind: 'lit', value: t.value });
      case 'string': return f({ kind: 'lit', value: t.text });
      case 'quoted': return f({ kind: 'col', name: t.text });
      case 'eof': return this.error(t.pos, 'unexpected end of expression');
      case 'op': {
        if (t.text === '(') { const e = this.parse(0); this.expectOp(')'); return e; }
        if (t.text === '-') {
          const e = this.parse(BP_UNARY);
          return e.kind === 'lit' && typeof e.value === 'number' ? f({ kind: 'lit', value: -e.value }) : f({ kind: 'negate', child: e });
        }
        if (t.text === '+') return this.parse(BP_UNARY);
        if (t.text === '!') return f({ kind: 'not', child: this.parse(BP_NOT) });
        return this.error(t.pos, `unexpected ${describe(t)}`);
      }
      case 'ident': return this.identifier(t);
    }
  }

  private identifier(t: Token): Expr {
    const kw = t.text.toLowerCase();
    if (this.isOp('(') && !KEYWORDS.has(kw)) return this.call(t);
    switch (kw) {
      case 'null': return f({ kind: 'lit', value: null });
      case 'true': return f({ kind: 'lit', value: true });
      case 'false': return f({ kind: 'lit', value: false });
      case 'not': return f({ kind: 'not', child: this.parse(BP_NOT) });
      case 'case': return this.caseExpr();
      case 'cast': return this.cast();
      case 'interval': return this.interval(t);
      case 'current_timestamp': case 'current_date': return makeCall(kw, []);
    }
    if (KEYWORDS.has(kw)) this.error(t.pos, `unexpected keyword ${t.text.toUpperCase()}`);
    return f({ kind: 'col', name: t.text });
  }

  private call(nameTok: Token): Expr {
    const name = nameTok.text.toLowerCase();
    this.expectOp('(');
    let distinct = false;
    if (this.isKw('distinct')) { this.next(); distinct = true; }
    const args: Expr[] = [];
    if (this.isOp('*') && (this.isOp(')', 1))) {
      this.next();
      if (name !== 'count') this.error(nameTok.pos, `${name}(*) is not allowed; only count(*) takes *`);
    } else if (!this.isOp(')')) {
      do args.push(this.parse(0)); while (this.isOp(',') && this.next());
    }
    this.expectOp(')');
    const agg = AGGREGATE_NAMES[name];
    if (agg !== undefined) return f({ kind: 'agg', fn: agg, args: Object.freeze(args), ...(distinct ? { distinct } : {}) });
    if (distinct) this.error(nameTok.pos, `DISTINCT is only allowed in aggregate functions, not in ${name}()`);
    if (name === 'window') {
      if (args.length < 2 || args.length > 4) this.error(nameTok.pos, 'window() takes 2 to 4 arguments: window(timeColumn, windowDuration[, slideDuration[, startTime]])');
      const [time, size, slide, start] = args;
      return makeWindow(time, this.duration(size, nameTok), slide === undefined ? undefined : this.duration(slide, nameTok),
        start === undefined ? undefined : this.duration(start, nameTok));
    }
    if (name === 'session_window') {
      if (args.length !== 2) this.error(nameTok.pos, 'session_window() takes 2 arguments: session_window(timeColumn, gapDuration)');
      return makeSessionWindow(args[0], this.duration(args[1], nameTok));
    }
    return makeCall(name, args);
  }

  private duration(e: Expr, at: Token): string | number {
    if (e.kind === 'lit' && (typeof e.value === 'string' || typeof e.value === 'number')) return e.value;
    return this.error(at.pos, 'window durations must be literals such as \'10 seconds\' or interval 10 seconds');
  }

  private caseExpr(): Expr {
    if (this.isKw('end')) this.error(this.peek().pos, 'expected WHEN but found "END"');
    const subject = this.isKw('when') ? undefined : this.parse(0);
    const branches: (readonly [Expr, Expr])[] = [];
    while (this.isKw('when')) {
      this.next();
      const cond = this.parse(0);
      this.expectKw('then');
      const value = this.parse(0);
      const test: Expr = subject === undefined ? cond : f({ kind: 'binary', op: '==', left: subject, right: cond });
      branches.push(Object.freeze([test, value] as const));
    }
    if (branches.length === 0) this.error(this.peek().pos, `expected WHEN but found ${describe(this.peek())}`);
    let otherwise: Expr | undefined;
    if (this.isKw('else')) { this.next(); otherwise = this.parse(0); }
    this.expectKw('end');
    return f({ kind: 'case', branches: Object.freeze(branches), ...(otherwise !== undefined ? { otherwise } : {}) });
  }

  private cast(): Expr {
    this.expectOp('(');
    const child = this.parse(0);
    this.expectKw('as');
    const t = this.next();
    if (t.type !== 'ident') this.error(t.pos, `expected a type name but found ${describe(t)}`);
    let typeName = t.text;
    if (this.isOp('(')) {
      while (!this.isOp(')') && this.peek().type !== 'eof') this.next();
      this.expectOp(')');
      typeName += '()';
    }
    this.expectOp(')');
    let to;
    try { to = parseTypeName(typeName); } catch (e) { this.error(t.pos, (e as Error).message.replace(/\. Note:.*$/, '')); }
    return f({ kind: 'cast', child, to });
  }

  /** `interval 10 seconds`, `interval '10 seconds'`, `interval 1 hour 30 minutes`, `interval '10' second` → ms literal. */
  private interval(start: Token): Expr {
    let text = '';
    for (;;) {
      const t = this.peek();
      if (t.type === 'number' || (t.type === 'op' && t.text === '-' && this.peek(1).type === 'number')) {
        if (t.type === 'op') { this.next(); text += '-'; }
        text += String(this.next().value) + ' ';
        const unit = this.next();
        if (unit.type !== 'ident') this.error(unit.pos, `expected an interval unit (seconds, minutes, ...) but found ${describe(unit)}`);
        text += unit.text + ' ';
      } else if (t.type === 'string') {
        this.next();
        text += t.text + ' ';
        if (this.peek().type === 'ident' && !KEYWORDS.has(this.peek().text.toLowerCase()) && !this.isOp('(', 1)) text += this.next().text + ' ';
      } else break;
    }
    if (text === '') this.error(start.pos, `expected an interval value after INTERVAL but found ${describe(this.peek())}`);
    try {
      return f({ kind: 'lit', value: parseDurationMs(text.trim(), 'interval') });
    } catch {
      return this.error(start.pos, `invalid interval ${JSON.stringify(text.trim())}`);
    }
  }
}

function describe(t: Token): string {
  return t.type === 'eof' ? 'the end of the expression' : `"${t.text}"`;
}
