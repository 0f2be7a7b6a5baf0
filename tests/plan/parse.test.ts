// SQL expression parser: the same Expr as the Column API builds, Spark names, precedence, and PARSE_ERROR positions.
import t from 'tap';
import {
  col, count, countDistinct, expr, lit, sum, upper, when, window, sessionWindow, avg, coalesce,
} from '../../api/functions';
import type { Column } from '../../api/column';
import { compileExpr } from '../../plan/compile';
import { exprName, sqlOf } from '../../plan/expr-util';
import { parseExpr } from '../../plan/parse';
import { AnalysisError } from '../../common/errors';

const run = (sql: string, row: Record<string, unknown> = {}): unknown => compileExpr(parseExpr(sql))(row);

t.test('parses to the same Expr as the Column API', async (t) => {
  const same = (sql: string, c: Column<any, any>): void => { t.same(parseExpr(sql), c.expr, sql); };
  same('a', col('a'));
  same('a + 1', col('a').plus(1));
  same('a.b', col('a.b'));
  same('`a b`', col('a b'));
  same('`a``b`', col('a`b'));
  same("'it''s'", lit("it's"));
  same("'a\\'b'", lit("a'b"));
  same('"dq"', lit('dq'));
  same('1.5e3', lit(1500));
  same('10L', lit(10));
  same('-3', lit(-3));
  same('-a', col('a').negate());
  same('NULL', lit(null));
  same('true AND NOT false', lit(true).and(lit(false).not()));
  same('a = 1 OR b <> 2', col('a').eq(1).or(col('b').neq(2)));
  same('a == 1 AND b != 2', col('a').eq(1).and(col('b').neq(2)));
  same('a <=> b', col('a').eqNullSafe(col('b')));
  same('a IS NULL', col('a').isNull());
  same('a is not null', col('a').isNotNull());
  same('a IN (1, 2, 3)', col('a').isin(1, 2, 3));
  same('a NOT IN (1)', col('a').isin(1).not());
  same('a BETWEEN 1 AND 10', col('a').between(1, 10));
  same('a NOT BETWEEN 1 AND 10', col('a').between(1, 10).not());
  same("s LIKE 'a%'", col('s').like('a%'));
  same("s NOT LIKE 'a%'", col('s').like('a%').not());
  same("s RLIKE '^a'", col('s').rlike('^a'));
  same('upper(name)', upper('name'));
  same('UPPER(name) AS n', upper('name').alias('n'));
  same('price * 2 doubled', col('price').multiply(2).alias('doubled'));
  same('x AS `my col`', col('x').alias('my col'));
  same('CAST(a AS INT)', col('a').cast('int'));
  same('cast(a as decimal(10, 2))', col('a').cast('number'));
  same('CASE WHEN a > 1 THEN \'big\' WHEN a > 0 THEN \'small\' ELSE \'none\' END',
    when(col('a').gt(1), 'big').when(col('a').gt(0), 'small').otherwise('none'));
  same('CASE a WHEN 1 THEN \'one\' END', when(col('a').eq(1), 'one'));
  same('count(*)', count());
  same('count(a)', count('a'));
  same('count(DISTINCT a)', countDistinct('a'));
  same('sum(price) AS total', sum('price').alias('total'));
  same('mean(price)', avg('price'));
  same('coalesce(a, 0)', coalesce('a', lit(0)));
  same("window(ts, '10 seconds')", window('ts', '10 seconds'));
  same("window(ts, '10 seconds', '5 seconds')", window('ts', '10 seconds', '5 seconds'));
  same("session_window(ts, '5 minutes')", sessionWindow('ts', '5 minutes'));
  same('window.start', col('window.start'));
  same('*', expr('*'));
  t.same(parseExpr('*'), { kind: 'star' });
});

t.test('intervals are millisecond literals', async (t) => {
  const same = (sql: string, c: Column<any, any>): void => { t.same(parseExpr(sql), c.expr, sql); };
  t.equal(run('interval 10 seconds'), 10_000);
  t.equal(run("INTERVAL '5 minutes'"), 300_000);
  t.equal(run("interval '10' second"), 10_000);
  t.equal(run('interval 1 hour 30 minutes'), 5_400_000);
  t.equal(run('ts + interval 1 second', { ts: 1000 }), 2000);
  same('ts + interval 10 seconds', col('ts').plus(10_000));
});

t.test('precedence and associativity', async (t) => {
  t.equal(exprName(parseExpr('a + b * c - d')), '((a + (b * c)) - d)');
  t.equal(exprName(parseExpr('a - b - c')), '((a - b) - c)');
  t.equal(exprName(parseExpr('(a + b) * c')), '((a + b) * c)');
  t.equal(exprName(parseExpr('a OR b AND c')), '(a OR (b AND c))');
  t.equal(exprName(parseExpr('NOT a = b AND c')), '((NOT (a = b)) AND c)');
  t.equal(exprName(parseExpr('a + 1 > b * 2')), '((a + 1) > (b * 2))');
  t.equal(exprName(parseExpr('-a * b')), '((- a) * b)');
  t.equal(exprName(parseExpr("a || '-' || b")), 'concat(concat(a, -), b)');
  t.equal(run('1 + 2 * 3 % 4'), 3);
  t.equal(run('a BETWEEN 1 AND 3 AND b', { a: 2, b: true }), true);
  t.equal(run('a IS NOT DISTINCT FROM b', { a: null, b: null }), true);
  t.equal(run('a IS DISTINCT FROM b', { a: null, b: 1 }), true);
});

t.test('evaluates parsed expressions', async (t) => {
  t.equal(run("CASE WHEN price > 100 THEN 'high' ELSE 'low' END", { price: 150 }), 'high');
  t.equal(run("regexp_extract(url, '(&|^)channel_id=([^&]*)', 2)", { url: 'a=1&channel_id=7' }), '7');
  t.equal(run('arr[1]', { arr: [10, 20] }), 20);
  t.equal(run("m['k']", { m: { k: 'v' } }), 'v');
  t.equal(run('current_timestamp') !== null, true);
  t.equal(run("date_format(ts, 'HH:mm')", { ts: 3_600_000 }), '01:00');
  t.equal(run('a.b.c', { a: { b: { c: 1 } } }), 1);
  t.equal(run('(w).start', { w: { start: 3 } }), 3);
});

t.test('Spark names of parsed expressions', async (t) => {
  const cases: [string, string][] = [
    ['count(*)', 'count(1)'], ['count(1)', 'count(1)'], ['sum(price)', 'sum(price)'], ['avg(price)', 'avg(price)'],
    ['upper(a)', 'upper(a)'], ['a + b', '(a + b)'], ['a = b', '(a = b)'], ['a != b', '(NOT (a = b))'],
    ['a.b', 'b'], ['x AS y', 'y'], ["window(ts, '1 minute')", 'window'], ["session_window(ts, '1 minute')", 'session_window'],
    ['floor(x)', 'FLOOR(x)'], ['a IS NULL', '(a IS NULL)'], ['a IN (1, 2)', '(a IN (1, 2))'], ['CAST(a AS STRING)', 'CAST(a AS STRING)'],
    ['a BETWEEN 1 AND 2', '((a >= 1) AND (a <= 2))'], ['count(DISTINCT a)', 'count(DISTINCT a)'], ['collect_list(a)', 'collect_list(a)'],
    ['NOT a', '(NOT a)'], ['null', 'NULL'], ['true', 'true'], ['1.5', '1.5'], ["'x'", 'x'], ['current_timestamp()', 'current_timestamp()'],
  ];
  for (const [sql, name] of cases) t.equal(exprName(parseExpr(sql)), name, sql);
  t.equal(sqlOf(parseExpr('a.b + 1')), '(a.b + 1)');
});

t.test('PARSE_ERROR quotes the text and the position', async (t) => {
  const bad: [string, number, RegExp][] = [
    ['a +* b', 3, /unexpected "\*"/],
    ['a +', 3, /unexpected end of expression/],
    ['(a + b', 6, /expected "\)" but found the end of the expression/],
    ["'abc", 0, /unterminated string/],
    ['a b c', 4, /unexpected "c"/],
    ['CASE END', 5, /expected WHEN/],
    ['CAST(a AS)', 9, /expected a type name/],
    ['CAST(a AS widget)', 10, /Unknown data type "widget"/],
    ['a # b', 2, /unexpected character "#"/],
    ['', 0, /empty/],
    ['sum(*)', 0, /only count\(\*\)/],
    ['upper(DISTINCT a)', 0, /DISTINCT is only allowed in aggregate/],
    ['a BETWEEN 1', 11, /expected AND/],
    ['interval', 0, /expected an interval value/],
    ['interval 5 fortnights', 0, /invalid interval/],
    ['x AS', 4, /expected a column alias/],
    ['`abc', 0, /unterminated `quoted name`/],
    ['select', 0, /.*/],
  ];
  for (const [sql, pos, msg] of bad) {
    try {
      const e = parseExpr(sql);
      if (sql === 'select') { t.same(e, { kind: 'col', name: 'select' }, 'non-reserved words are column names'); continue; }
      t.fail(`no error for ${JSON.stringify(sql)}`);
    } catch (err) {
      t.ok(err instanceof AnalysisError, sql);
      const e = err as AnalysisError;
      t.equal(e.code, 'PARSE_ERROR', sql);
      t.equal(e.details.position, pos, `${sql}: position`);
      t.match(e.message, msg, sql);
      t.ok(e.message.startsWith(`Cannot parse expression ${JSON.stringify(sql)} at position ${pos}: `), sql);
      t.match(e.message, /Note: /);
    }
  }
  t.throws(() => parseExpr('uper(a)'), { code: 'UNKNOWN_FUNCTION', message: /did you mean "upper"/ });
  t.throws(() => parseExpr('upper(a, b)'), { code: 'WRONG_NUM_ARGS' });
  t.throws(() => parseExpr("window(ts, '0 seconds')"), { code: 'INVALID_WINDOW_DURATION' });
  t.throws(() => parseExpr('window(ts, size)'), { code: 'PARSE_ERROR' });
});
