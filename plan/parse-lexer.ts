// Tokens of Spark SQL expression text: identifiers, `quoted names`, 'strings', numbers and operators.

export type Token =
  | { type: 'ident'; text: string; pos: number; value?: undefined }
  | { type: 'quoted'; text: string; pos: number; value?: undefined }
  | { type: 'string'; text: string; pos: number; value?: undefined }
  | { type: 'number'; text: string; pos: number; value: number }
  | { type: 'op'; text: string; pos: number; value?: undefined }
  | { type: 'eof'; text: ''; pos: number; value?: undefined };

const OPS = ['<=>', '<=', '>=', '<>', '!=', '==', '||', '&&', '=', '<', '>', '+', '-', '*', '/', '%', '(', ')', ',', '.', '[', ']', '!'];
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', '0': '\0', Z: '\x1a' };
const NUMBER_RE = /^(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)(?:BD|[LlSsYyDdFf])?(?![A-Za-z0-9_])/;

/** Splits expression text into tokens; `fail(pos, message)` reports a lexical error (it throws). */
export function tokenize(sql: string, fail: (pos: number, msg: string) => never): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (/\s/.test(ch)) { i++; continue; }
    const start = i;
    if (ch === "'" || ch === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= sql.length) fail(start, `unterminated string starting with ${ch}`);
        const c = sql[i];
        if (c === '\\' && i + 1 < sql.length) { const n = sql[i + 1]; text += ESCAPES[n] ?? n; i += 2; continue; }
        if (c === ch) {
          if (sql[i + 1] === ch) { text += ch; i += 2; continue; }
          i++;
          break;
        }
        text += c;
        i++;
      }
      out.push({ type: 'string', text, pos: start });
      continue;
    }
    if (ch === '`') {
      let text = '';
      i++;
      for (;;) {
        if (i >= sql.length) fail(start, 'unterminated `quoted name`');
        if (sql[i] === '`') {
          if (sql[i + 1] === '`') { text += '`'; i += 2; continue; }
          i++;
          break;
        }
        text += sql[i++];
      }
      out.push({ type: 'quoted', text, pos: start });
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = NUMBER_RE.exec(sql.slice(i));
      if (m === null) fail(start, `invalid number near "${sql.slice(i, i + 10)}"`);
      const digits = m[0].replace(/(?:BD|[LlSsYyDdFf])$/, '');
      out.push({ type: 'number', text: m[0], pos: start, value: Number(digits) });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i))!;
      out.push({ type: 'ident', text: m[0], pos: start });
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => sql.startsWith(o, i));
    if (op === undefined) fail(start, `unexpected character "${ch}"`);
    out.push({ type: 'op', text: op, pos: start });
    i += op.length;
  }
  out.push({ type: 'eof', text: '', pos: sql.length });
  return out;
}
