// Spark show() table text and the console sink's per-epoch output, compared as exact text.
import t from 'tap';
import { ConsoleSink, formatTable } from '../../connectors/sinks/console-sink';
import { formatTimestamp, formatValue } from '../../connectors/sinks/table-format';

t.test('formatTable: borders, right alignment, minimum width 3', async (t) => {
  t.equal(formatTable([{ value: 1, count: 2 }, { value: 10, count: 1 }], 20, true), [
    '+-----+-----+',
    '|value|count|',
    '+-----+-----+',
    '|    1|    2|',
    '|   10|    1|',
    '+-----+-----+',
    '',
  ].join('\n'));
  t.equal(formatTable([{ a: 1 }]), '+---+\n|  a|\n+---+\n|  1|\n+---+\n');
});

t.test('formatTable: truncation at 20 (or n) characters; false keeps whole cells, left-aligned', async (t) => {
  const rows = [{ s: 'abcdefghijklmnopqrstuvwxy', n: null }, { s: 'ab', n: [1, 2] }];
  t.equal(formatTable(rows, 20, true), [
    '+--------------------+------+',
    '|                   s|     n|',
    '+--------------------+------+',
    '|abcdefghijklmnopq...|  null|',
    '|                  ab|[1, 2]|',
    '+--------------------+------+',
    '',
  ].join('\n'));
  t.equal(formatTable(rows, 20, false), [
    '+-------------------------+------+',
    '|s                        |n     |',
    '+-------------------------+------+',
    '|abcdefghijklmnopqrstuvwxy|null  |',
    '|ab                       |[1, 2]|',
    '+-------------------------+------+',
    '',
  ].join('\n'));
  t.equal(formatTable([{ s: 'abcdef' }], 20, 3), '+---+\n|  s|\n+---+\n|abc|\n+---+\n');
  t.equal(formatTable([{ s: 'abcdef' }], 20, 5), '+-----+\n|    s|\n+-----+\n|ab...|\n+-----+\n');
});

t.test('formatTable: numRows limit and footer', async (t) => {
  const rows = [{ v: 1 }, { v: 2 }, { v: 3 }];
  t.equal(formatTable(rows, 1), '+---+\n|  v|\n+---+\n|  1|\n+---+\nonly showing top 1 row\n');
  t.equal(formatTable(rows, 2), '+---+\n|  v|\n+---+\n|  1|\n|  2|\n+---+\nonly showing top 2 rows\n');
  t.equal(formatTable(rows, 3), '+---+\n|  v|\n+---+\n|  1|\n|  2|\n|  3|\n+---+\n');
});

t.test('formatTable: empty input, schema order, timestamps and windows in UTC', async (t) => {
  t.equal(formatTable([], 20, true), '++\n||\n++\n++\n');
  const schema = [{ name: 'timestamp', type: 'timestamp' as const }, { name: 'value', type: 'number' as const }];
  t.equal(formatTable([], 20, true, schema), '+---------+-----+\n|timestamp|value|\n+---------+-----+\n+---------+-----+\n');
  t.equal(formatTable([{ value: 7, timestamp: Date.UTC(2024, 0, 2, 3, 4, 5, 250) }], 20, false, schema), [
    '+----------------------+-----+',
    '|timestamp             |value|',
    '+----------------------+-----+',
    '|2024-01-02 03:04:05.25|7    |',
    '+----------------------+-----+',
    '',
  ].join('\n'));
  t.equal(formatTable([{ window: { start: 0, end: 10_000 }, count: 2 }], 20, true), [
    '+--------------------+-----+',
    '|              window|count|',
    '+--------------------+-----+',
    '|{1970-01-01 00:00...|    2|',
    '+--------------------+-----+',
    '',
  ].join('\n'));
});

t.test('formatValue / formatTimestamp details', async (t) => {
  t.equal(formatTimestamp(0), '1970-01-01 00:00:00');
  t.equal(formatTimestamp(1), '1970-01-01 00:00:00.001');
  t.equal(formatTimestamp(100), '1970-01-01 00:00:00.1');
  t.equal(formatValue({ start: 0, end: 10_000 }, 'window'), '{1970-01-01 00:00:00, 1970-01-01 00:00:10}');
  t.equal(formatValue({ a: 1, b: 'x' }), '{1, x}');
  t.equal(formatValue(new Map([['k', 1]])), '{k -> 1}');
  t.equal(formatValue(new Uint8Array([1, 255])), '[01 FF]');
  t.equal(formatValue(new Date(0)), '1970-01-01 00:00:00');
  t.equal(formatValue(86_400_000, 'date'), '1970-01-02');
  t.equal(formatValue(12n), '12');
  t.equal(formatValue(undefined), 'null');
  t.equal(formatValue(true), 'true');
  t.equal(formatTable([{ s: 'a\nb' }]), '+----+\n|   s|\n+----+\n|a\\nb|\n+----+\n', 'control characters are escaped');
  t.equal(formatTable([{ s: '日本' }]), '+----+\n|   s|\n+----+\n|日本|\n+----+\n', 'full-width characters count twice');
});

t.test('ConsoleSink prints each committed epoch Spark-style', async (t) => {
  const lines: string[] = [];
  const sink = new ConsoleSink({}, (l) => lines.push(l));
  await sink.open({ queryId: 'q', outputMode: 'append' });
  sink.write(3, [{ value: 1 }]);
  sink.write(3, [{ value: 2 }]);
  sink.commit(3);
  t.strictSame(lines, [
    '-------------------------------------------',
    'Batch: 3',
    '-------------------------------------------',
    '+-----+',
    '|value|',
    '+-----+',
    '|    1|',
    '|    2|',
    '+-----+',
    '',
  ]);
  t.equal(sink.lastEpochRowCount(), 2);
  lines.length = 0;
  sink.write(4, [{ value: 9 }]);
  sink.abort(4);
  sink.commit(4);
  t.strictSame(lines.slice(3, 6), ['++', '||', '++'], 'an aborted epoch prints nothing of its rows');
  t.equal(sink.lastEpochRowCount(), 0);
});

t.test('ConsoleSink options numRows, truncate, and the schema from open', async (t) => {
  const lines: string[] = [];
  const sink = new ConsoleSink({ numRows: '1', truncate: 'false' }, (l) => lines.push(l));
  t.equal(sink.description, 'ConsoleSink[numRows=1, truncate=false]');
  await sink.open({ queryId: 'q', outputMode: 'complete', schema: [{ name: 'b', type: 'string' }, { name: 'a', type: 'number' }] });
  sink.write(0, [{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
  sink.commit(0);
  t.strictSame(lines.slice(3), ['+---+---+', '|b  |a  |', '+---+---+', '|x  |1  |', '+---+---+', 'only showing top 1 row', '']);
  t.throws(() => new ConsoleSink({ numRows: 0 }), { code: 'INVALID_OPTION' });
  t.throws(() => new ConsoleSink({ truncate: 'yes' }), {
    code: 'INVALID_OPTION',
    message: "Invalid value 'yes' for option truncate of the console sink: it must be true or false. Note: set truncate to true or false, or leave it out to use its default.",
  });
  t.throws(() => new ConsoleSink({ numrow: 5 }), { code: 'UNKNOWN_OPTION', message: /did you mean 'numRows'\?/ });
});
