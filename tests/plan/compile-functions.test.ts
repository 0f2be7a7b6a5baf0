// Every registered string, math and null function, through the public camelCase API and the compiler, with exact outputs.
import t from 'tap';
import * as F from '../../api/functions';
import { col, lit } from '../../api/functions';
import type { Column } from '../../api/column';
import { compileExpr } from '../../plan/compile';
import { checkArity, functionNames, lookupFunction, makeCall } from '../../plan/functions';
import type { Row } from '../../plan/types';

const ev = (c: Column<any, any>, row: Row = {}): unknown => compileExpr(c.expr)(row);
/** Evaluates a registered function by name on literal arguments. */
const call = (fn: string, ...args: unknown[]): unknown => compileExpr(makeCall(fn, args.map((a) => lit(a).expr)))({});

t.test('string functions', async (t) => {
  t.equal(ev(F.upper('s'), { s: 'abc' }), 'ABC');
  t.equal(ev(F.lower('s'), { s: 'AbC' }), 'abc');
  t.equal(ev(F.upper('s'), { s: null }), null);
  t.equal(ev(F.length('s'), { s: 'héllo' }), 5);
  t.equal(call('length', '😀a'), 2, 'characters are code points');
  t.equal(ev(F.concat('a', lit('-'), 'b'), { a: 'x', b: 1 }), 'x-1');
  t.equal(ev(F.concat('a', 'b'), { a: 'x', b: null }), null, 'concat is null if any input is null');
  t.same(call('concat', [1], [2, 3]), [1, 2, 3]);
  t.equal(ev(F.concatWs(',', 'a', 'b', 'c'), { a: 'x', b: null, c: 'z' }), 'x,z', 'concat_ws skips nulls');
  t.equal(ev(F.concatWs('/', 'a', 'b'), { a: ['p', null, 'q'], b: 'r' }), 'p/q/r', 'arrays are flattened');
  t.equal(call('concat_ws', null, 'a'), null);

  t.equal(ev(F.substring('s', 2, 3), { s: 'Spark SQL' }), 'par');
  t.equal(call('substring', 'Spark SQL', 0, 3), 'Spa', 'pos 0 is treated as 1');
  t.equal(call('substring', 'Spark SQL', -3), 'SQL', 'negative pos counts from the end');
  t.equal(call('substring', 'Spark SQL', -3, 2), 'SQ');
  t.equal(call('substring', 'Spark', 10, 2), '');
  t.equal(call('substring', 'Spark', 2, -1), '');
  t.equal(call('substring', 'Spark', -10, 7), 'Sp', 'a window before the start is clipped');
  t.equal(ev(col('s').substr(1, 2), { s: 'abc' }), 'ab');

  t.equal(ev(F.trim('s'), { s: '  a b \t' }), 'a b \t', 'trim removes spaces only, as Spark');
  t.equal(ev(F.ltrim('s'), { s: '  ab  ' }), 'ab  ');
  t.equal(ev(F.rtrim('s'), { s: '  ab  ' }), '  ab');
  t.equal(ev(F.trim('s', 'xy'), { s: 'xyaxbyx' }), 'axb');

  t.same(ev(F.split('s', ','), { s: 'a,b,,c,,' }), ['a', 'b', '', 'c', '', ''], 'trailing empty strings are kept');
  t.same(ev(F.split('s', ',', 2), { s: 'a,b,c' }), ['a', 'b,c'], 'limit keeps the rest in the last part');
  t.same(call('split', 'a1b22c', '[0-9]+'), ['a', 'b', 'c']);
  t.same(call('split', 'abc', ''), ['a', 'b', 'c']);
  t.same(call('split', '', ','), ['']);

  t.equal(ev(F.regexpExtract('s', '(\\d+)-(\\d+)', 2), { s: 'x 100-200 y' }), '200');
  t.equal(call('regexp_extract', 'abc', '(\\d+)', 1), '', 'no match → empty string');
  t.equal(call('regexp_extract', 'a', '(a)|(b)', 2), '', 'an unmatched group → empty string');
  t.equal(call('regexp_extract', '&channel_id=42&x', '(&|^)channel_id=([^&]*)', 2), '42');
  t.throws(() => call('regexp_extract', 'abc', '(a)', 3), { code: 'INVALID_REGEX_GROUP' });
  t.throws(() => call('rlike', 'abc', '(a'), { code: 'INVALID_REGEX' });
  t.equal(ev(F.regexpReplace('s', '(\\d+)', '<$1>'), { s: 'a1b22' }), 'a<1>b<22>');
  t.equal(call('regexp_replace', 'a.b', '\\.', '\\$'), 'a$b', 'Java escapes in the replacement');
  t.equal(call('regexp_replace', 'aaa', 'a', 'b', 2), 'abb', 'pos starts the search');

  t.equal(ev(F.lpad('s', 5, '*'), { s: 'hi' }), '***hi');
  t.equal(call('lpad', 'hi', 5, 'ab'), 'abahi');
  t.equal(call('lpad', 'hello', 3, '*'), 'hel', 'longer strings are truncated');
  t.equal(call('lpad', 'hi', 4), '  hi');
  t.equal(call('lpad', 'hi', 5, ''), 'hi');
  t.equal(call('lpad', 'hi', -1, '*'), '');
  t.equal(ev(F.rpad('s', 5, '*'), { s: 'hi' }), 'hi***');
  t.equal(call('rpad', 'hello', 2, '*'), 'he');

  t.equal(ev(F.instr('s', 'SQL'), { s: 'Spark SQL' }), 7);
  t.equal(call('instr', 'abc', 'z'), 0);
  t.equal(ev(F.initcap('s'), { s: 'sPARK sql-fun x' }), 'Spark Sql-fun X');
  t.equal(ev(F.reverse('s'), { s: 'Spark' }), 'krapS');
  t.same(call('reverse', [1, 2, 3]), [3, 2, 1]);
  t.equal(ev(F.repeat('s', 3), { s: 'ab' }), 'ababab');
  t.equal(call('repeat', 'ab', -1), '');
  t.equal(ev(F.translate('s', 'rnlt', '123'), { s: 'translate' }), '1a2s3ae', 'extra matching chars are deleted');
  t.equal(call('translate', 'aaa', 'aa', 'xy'), 'xxx', 'the first mapping of a character wins');
  t.equal(ev(F.splitPart('s', '.', 2), { s: 'a.b.c' }), 'b');
  t.equal(call('split_part', 'a.b.c', '.', -1), 'c');
  t.equal(call('split_part', 'a.b.c', '.', 5), '');
  t.equal(call('split_part', 'a.b', '', 1), 'a.b');
  t.throws(() => call('split_part', 'a.b', '.', 0), { code: 'INVALID_INDEX_OF_ZERO' });

  t.equal(ev(col('s').startsWith('Sp'), { s: 'Spark' }), true);
  t.equal(ev(col('s').endsWith('rk'), { s: 'Spark' }), true);
  t.equal(ev(col('s').contains('par'), { s: 'Spark' }), true);
  t.equal(ev(col('s').contains('x'), { s: null }), null);
  t.equal(ev(col('s').like('S%k'), { s: 'Spark' }), true);
  t.equal(ev(col('s').like('S_ark'), { s: 'Spark' }), true);
  t.equal(ev(col('s').like('s%'), { s: 'Spark' }), false);
  t.equal(ev(col('s').like('100\\%'), { s: '100%' }), true);
  t.equal(ev(col('s').like('a.c'), { s: 'abc' }), false, 'regex characters are literal in LIKE');
  t.equal(ev(col('s').ilike('s%'), { s: 'Spark' }), true);
  t.equal(ev(col('s').rlike('^S.a'), { s: 'Spark' }), true);
  t.equal(ev(col('s').rlike('(?i)spark'), { s: 'SPARK' }), true, 'inline (?i) flag');
  t.equal(ev(col('s').rlike('x'), { s: 'Spark' }), false);
});

t.test('math functions', async (t) => {
  t.equal(ev(F.abs('x'), { x: -3.5 }), 3.5);
  t.equal(call('abs', -5n), 5n);
  t.equal(ev(F.round('x'), { x: 2.5 }), 3, 'HALF_UP');
  t.equal(ev(F.round('x'), { x: -2.5 }), -3, 'HALF_UP rounds away from zero');
  t.equal(ev(F.round('x', 2), { x: 2.675 }), 2.68, 'on the decimal form, like Spark (JS toFixed gives 2.67)');
  t.equal(call('round', 1.005, 2), 1.01);
  t.equal(call('round', 1234.5678, -2), 1200);
  t.equal(call('round', 1e-7, 7), 1e-7);
  t.equal(call('round', 5, 2), 5);
  t.equal(ev(F.bround('x'), { x: 2.5 }), 2, 'HALF_EVEN');
  t.equal(call('bround', 3.5), 4);
  t.equal(call('bround', -2.5), -2);
  t.equal(call('bround', 0.125, 2), 0.12);
  t.equal(ev(F.floor('x'), { x: -1.5 }), -2);
  t.equal(ev(F.ceil('x'), { x: 1.2 }), 2);
  t.equal(call('floor', 3.14159, 2), 3.14);
  t.equal(ev(F.sqrt('x'), { x: 16 }), 4);
  t.ok(Number.isNaN(call('sqrt', -1) as number), 'sqrt of a negative is NaN, as in Spark');
  t.equal(ev(F.pow('x', 3), { x: 2 }), 8);
  t.equal(ev(F.pow(2, 'x'), { x: 10 }), 1024, 'a number argument is a literal');
  t.equal(ev(F.exp('x'), { x: 0 }), 1);
  t.equal(ev(F.log('x'), { x: Math.E }), 1);
  t.equal(ev(F.log(2, 'x'), { x: 8 }), 3);
  t.equal(call('log', 0), null, 'log of <= 0 is null');
  t.equal(call('log', 10, -1), null);
  t.equal(ev(F.log10('x'), { x: 1000 }), 3);
  t.equal(call('log10', -1), null);
  t.equal(call('ln', 1), 0);
  t.equal(call('log2', 8), 3);
  t.equal(call('cbrt', 27), 3);
  t.equal(ev(F.greatest('a', 'b', 'c'), { a: 1, b: null, c: 3 }), 3, 'greatest skips nulls');
  t.equal(ev(F.least('a', 'b'), { a: 'b', b: 'a' }), 'a');
  t.equal(ev(F.greatest('a', 'b'), { a: null, b: null }), null);
  t.equal(ev(F.signum('x'), { x: -7 }), -1);
  t.equal(call('signum', 0), 0);
  t.equal(ev(F.pmod('x', 3), { x: -7 }), 2);
  t.equal(call('pmod', 7, -3), 1);
  t.equal(call('pmod', 7, 0), null);
  t.equal(call('negative', 3), -3);
  t.equal(call('positive', 3), 3);
  t.equal(call('sqrt', 'x'), null, 'non-numeric input is null');
});

t.test('null functions', async (t) => {
  t.equal(ev(F.coalesce('a', 'b', lit(0)), { a: null, b: 2 }), 2);
  t.equal(ev(F.coalesce('a', 'b'), {}), null);
  t.equal(ev(F.nvl('a', 'b'), { a: null, b: 'd' }), 'd');
  t.equal(ev(F.ifnull('a', 'b'), { a: 'x', b: 'd' }), 'x');
  t.equal(call('nvl2', null, 1, 2), 2);
  t.equal(call('nvl2', 0, 1, 2), 1);
  t.equal(ev(F.nullif('a', 'b'), { a: 1, b: 1 }), null);
  t.equal(ev(F.nullif('a', 'b'), { a: 1, b: 2 }), 1);
  t.equal(ev(F.nullif('a', 'b'), { a: 1, b: null }), 1);
  t.equal(ev(F.isnan('a'), { a: NaN }), true);
  t.equal(ev(F.isnan('a'), { a: null }), false);
  t.equal(ev(col('a').isNaN(), { a: 1 }), false);
  t.equal(ev(F.isnull('a'), {}), true);
  t.equal(call('isnotnull', 1), true);
  t.equal(call('nanvl', NaN, 0), 0);
});

t.test('collections', async (t) => {
  t.equal(call('get', [1, 2, 3], 0), 1);
  t.equal(call('get', [1, 2, 3], 3), null);
  t.equal(call('element_at', [1, 2, 3], 1), 1);
  t.equal(call('element_at', [1, 2, 3], -1), 3);
  t.equal(call('size', [1, 2]), 2);
  t.equal(call('size', null), -1);
});

t.test('hash is Spark\'s Murmur3 with seed 42', async (t) => {
  t.equal(call('hash', 'Spark', [123], 2), -1321691492, 'the example in Spark\'s documentation');
  t.equal(ev(F.hash('a'), { a: 1 }), -559580957);
  t.equal(call('hash', null), 42, 'nulls leave the seed unchanged');
  t.equal(call('hash', 1.5), call('hash', 1.5));
  t.not(call('hash', 'a'), call('hash', 'b'));
});

t.test('registry: arity and unknown names', async (t) => {
  t.throws(() => makeCall('uper', []), { code: 'UNKNOWN_FUNCTION', message: 'Function "uper" does not exist. Note: did you mean "upper"?' });
  t.throws(() => makeCall('regexp_extarct', []), { code: 'UNKNOWN_FUNCTION', message: /did you mean "regexp_extract"/ });
  t.throws(() => checkArity('upper', 2), { code: 'WRONG_NUM_ARGS', message: 'Function "upper" takes 1 argument(s) but was given 2. Note: call it as upper(str).' });
  t.throws(() => checkArity('greatest', 1), { code: 'WRONG_NUM_ARGS', message: /takes at least 2 argument/ });
  t.throws(() => checkArity('substring', 1), { code: 'WRONG_NUM_ARGS', message: /takes 2 to 3 argument/ });
  t.equal(lookupFunction('SUBSTR').name, 'substring', 'names are case-insensitive, aliases resolve');
  t.equal(lookupFunction('power').name, 'pow');
  t.ok(functionNames().includes('date_format'));
});
