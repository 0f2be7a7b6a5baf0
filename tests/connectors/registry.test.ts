// The format registry: built-in sources and sinks, registration, UNKNOWN_FORMAT errors.
import t from 'tap';
import {
  createSink, createSource, createSourceFromSpec, registerSinkFormat, registerSourceFormat, sinkFormats, sourceFormats,
} from '../../connectors/registry';
import { RateSource } from '../../connectors/rate/rate-source';
import { MemorySource } from '../../connectors/memory/memory-source';
import { MemoryStreamData } from '../../connectors/memory/memory-stream-data';
import { LocalSource } from '../../connectors/memory/local-source';
import { MemorySink } from '../../connectors/sinks/memory-sink';
import { ConsoleSink } from '../../connectors/sinks/console-sink';
import { NoopSink } from '../../connectors/sinks/noop-sink';
import { MemoryTableCatalog } from '../../connectors/sinks/memory-table';

t.test('sources: rate by name (any case), memory and local from a handle', async (t) => {
  t.type(createSource('rate', { rowsPerSecond: 5 }), RateSource);
  t.type(createSource('RATE'), RateSource);
  const data = new MemoryStreamData<number>();
  t.type(createSourceFromSpec({ format: 'memory', options: {}, streaming: true, handle: data, identity: 'memory#0' }), MemorySource);
  t.type(createSource('local', {}, undefined, [{ a: 1 }]), LocalSource);
  t.throws(() => createSource('memory', {}), { code: 'SOURCE_NEEDS_HANDLE' }, 'format(memory) by name is a user error');
  t.throws(() => createSource('memory', {}, undefined, 42), { code: 'INVALID_SOURCE_HANDLE' });
  t.throws(() => createSource('rate', { rowsPerSecond: 'x' }), { code: 'INVALID_OPTION' });
  t.throws(() => createSource('rate', {}, [{ name: 'a', type: 'number' }]), {
    code: 'USER_SCHEMA_NOT_SUPPORTED',
    message: 'The rate source does not support a user-specified schema. Note: remove .schema(...); its schema is fixed.',
  });
});

t.test('unknown source format lists the known ones (internal formats hidden)', async (t) => {
  t.notOk(sourceFormats().includes('memory'));
  t.ok(sourceFormats().includes('rate'));
  t.throws(() => createSource('rat'), { code: 'UNKNOWN_FORMAT', message: /^Unknown source format 'rat'\. Note: did you mean 'rate'\? Known source formats: .*'rate'/ });
  t.throws(() => createSource('kafkaesque'), { code: 'UNKNOWN_FORMAT', message: /^Unknown source format 'kafkaesque'\. Note: known source formats are .*'rate'.*\.$/ });
});

t.test('registerSourceFormat adds a format', async (t) => {
  registerSourceFormat('TestGen', (options) => new RateSource(options));
  t.type(createSource('testgen', { rowsPerSecond: 2 }), RateSource);
  t.ok(sourceFormats().includes('testgen'));
});

t.test('sinks: memory needs a queryName and shares the session table', async (t) => {
  const cat = new MemoryTableCatalog();
  const ctx = { queryName: 'counts', memoryTable: (n: string) => cat.getOrCreate(n) };
  const sink = createSink('memory', { checkpointLocation: '/tmp/cp' }, ctx);
  t.type(sink, MemorySink);
  t.equal((sink as MemorySink).table, cat.get('counts'));
  t.throws(() => createSink('memory', {}, { memoryTable: ctx.memoryTable }), {
    code: 'QUERY_NAME_REQUIRED',
    message: "queryName must be specified for the memory sink. Note: add .queryName('name'), then read it with session.table('name').",
  });
  t.throws(() => createSink('memory', {}, { queryName: 'x' }), { code: 'NO_MEMORY_TABLES' });
  t.throws(() => createSink('memory', { numRows: 3 }, ctx), { code: 'UNKNOWN_OPTION' });
});

t.test('sinks: console prints through the context, noop, unknown format', async (t) => {
  const lines: string[] = [];
  const c = createSink('Console', { numRows: 2 }, { print: (l) => lines.push(l) });
  t.type(c, ConsoleSink);
  await c.open({ queryId: 'q', outputMode: 'append' });
  await c.commit(0);
  t.equal(lines[1], 'Batch: 0');
  t.type(createSink('noop'), NoopSink);
  t.strictSame(sinkFormats().filter((f) => ['console', 'memory', 'noop'].includes(f)), ['console', 'memory', 'noop']);
  t.throws(() => createSink('consol'), { code: 'UNKNOWN_FORMAT', message: /^Unknown sink format 'consol'\. Note: did you mean 'console'\?/ });
  registerSinkFormat('null', () => new NoopSink());
  t.type(createSink('NULL'), NoopSink);
});
