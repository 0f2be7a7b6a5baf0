// Type tests on the real DataFrame<T>: row types flow through select/withColumn/map/groupBy, with negative cases.
// Checked by `tsc --noEmit` (part of npm test); the runtime assertion keeps tap running the file.
import t from 'tap';
import { Session, MemoryStream, col, lit, count, sum, window, type DataFrame } from '../../index';

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends (<X>() => X extends B ? 1 : 2) ? true : false;
function assertType<_T extends true>(): void {}

const s = new Session({ print: () => undefined });
const people = s.createDataFrame([{ name: 'a', age: 3, city: 'x' }]);

const picked = people.select('name', col('age'));
assertType<Equal<typeof picked, DataFrame<{ name: string; age: number }>>>();

const aliased = people.select(col('age').plus(1).alias('next'), 'city');
type AliasedRow = typeof aliased extends DataFrame<infer R> ? R : never;
assertType<Equal<AliasedRow['next'], number>>();
assertType<Equal<AliasedRow['city'], string>>();

const withAdult = people.withColumn('adult', col('age').geq(18));
type WithAdultRow = typeof withAdult extends DataFrame<infer R> ? R : never;
assertType<Equal<WithAdultRow['adult'], boolean>>();
assertType<Equal<WithAdultRow['name'], string>>();

const mapped = people.map((p) => ({ upper: p.name.toUpperCase(), age2: p.age * 2 }));
assertType<Equal<typeof mapped, DataFrame<{ upper: string; age2: number }>>>();
const prim = people.map((p) => p.age);
assertType<Equal<typeof prim, DataFrame<{ value: number }>>>();

const renamed = people.withColumnRenamed('city', 'town');
type RenamedRow = typeof renamed extends DataFrame<infer R> ? R : never;
assertType<Equal<RenamedRow['town'], string>>();
const dropped = people.drop('city');
type DroppedRow = typeof dropped extends DataFrame<infer R> ? R : never;
assertType<Equal<keyof DroppedRow, 'name' | 'age'>>();

const counts = people.groupBy('city').agg(count().alias('n'), sum('age').alias('total'));
type CountRow = typeof counts extends DataFrame<infer R> ? R : never;
assertType<Equal<CountRow['city'], string>>();
assertType<Equal<CountRow['n'], number>>();

const input = new MemoryStream<number>(s);
const stream = input.toDF();
assertType<Equal<typeof stream, DataFrame<{ value: number }>>>();
const windowed = stream.withColumn('ts', col('value').cast('timestamp')).groupBy(window(col('ts'), '5 seconds')).count();
type WindowedRow = typeof windowed extends DataFrame<infer R> ? R : never;
assertType<Equal<WindowedRow['window'], { start: number; end: number }>>();
assertType<Equal<WindowedRow['count'], number>>();

// Negative cases: each line must fail to compile.
// @ts-expect-error unknown column name
people.select('nmae');
// @ts-expect-error the filter lambda sees the typed row, which has no `salary`
people.where((p) => p.salary > 3);
// @ts-expect-error map results are typed: `upper` is a string
mapped.map((r) => r.upper.toFixed(2));
// @ts-expect-error a union needs the same row type
people.union(stream);
// @ts-expect-error dropDuplicates takes column names of the row
people.dropDuplicates(['nope']);
// @ts-expect-error lit keeps literal types: a string column has no plus-number result type
const bad: DataFrame<{ x: string }> = people.select(lit(1).alias('x'));

t.test('the type assertions above compile (tsc) and the frames build at runtime', async (t) => {
  t.equal(picked.isStreaming, false);
  t.equal(windowed.isStreaming, true);
  t.same(await picked.collect(), [{ name: 'a', age: 3 }]);
  t.ok(bad);
});
