// The record envelope: round trips of every supported type, checksum, truncation and version checks.
import t from 'tap';
import { Unpackr } from 'msgpackr';
import { decodeRecord, encodeRecord, encodeRecordWithVersion, pack, RECORD_VERSION } from '../../persistence/codec';

const site = { file: '/cp/data.mdb', record: 'offsets[7]', epoch: 7 };

t.test('records round-trip Maps, Sets, Dates, buffers, bigints and nested objects', async (t) => {
  const value = {
    epoch: 3,
    state: new Map<unknown, unknown>([
      ['k', { count: 1 }],
      [2, new Map([['inner', [1, 2]]])],
    ]),
    seen: new Set(['a', 'b']),
    at: new Date(1_700_000_000_000),
    bytes: Buffer.from([1, 2, 3]),
    big: 12345678901234567890n,
    list: [{ a: 1 }, { b: 'x' }, { a: 2 }],
    nothing: null,
    missing: undefined,
    float: 1.5,
    nan: NaN,
  };
  const back = decodeRecord(encodeRecord(value), site) as typeof value;
  t.same(back, value);
  t.ok(back.state instanceof Map);
  t.ok(back.state.get(2) instanceof Map);
  t.ok(back.seen instanceof Set);
  t.ok(back.at instanceof Date);
  t.ok((back.bytes as unknown) instanceof Uint8Array);
  t.equal(typeof back.big, 'bigint');
  t.ok('missing' in back);
});

t.test('objects with many shapes stay objects (records never fall back to Maps)', async (t) => {
  const value: Record<string, unknown> = {};
  for (let i = 0; i < 300; i++) value[`k${i}`] = { [`f${i}`]: i };
  const back = decodeRecord(encodeRecord(value), site) as Record<string, Record<string, number>>;
  t.same(back.k299, { f299: 299 });
  t.notOk(back.k299 instanceof Map);
});

t.test('each record is self-describing: a fresh decoder reads the second of two same-shape records', async (t) => {
  pack({ x: 1, y: [{ q: 1 }] });
  const second = pack({ x: 2, y: [{ q: 2 }] });
  t.same(new Unpackr({ mapsAsObjects: false, moreTypes: true }).unpack(second), { x: 2, y: [{ q: 2 }] });
});

t.test('the encoded buffer is a copy: later encodes do not change it', async (t) => {
  const first = encodeRecord({ a: 'first' });
  encodeRecord({ a: 'second, longer value' });
  t.same(decodeRecord(first, site), { a: 'first' });
});

t.test('a flipped bit anywhere is CHECKPOINT_CORRUPT naming the file, record and epoch', async (t) => {
  const good = encodeRecord({ epoch: 7, ranges: [{ start: 1, end: 2 }] });
  for (let i = 0; i < good.length; i++) {
    const bad = Buffer.from(good);
    bad[i] ^= 0x10;
    t.throws(() => decodeRecord(bad, site), { code: 'CHECKPOINT_CORRUPT', details: { epoch: 7 } }, `byte ${i}`);
  }
  t.throws(() => decodeRecord(good.subarray(0, 3), site), {
    code: 'CHECKPOINT_CORRUPT',
    message: /"\/cp\/data\.mdb" is corrupt at offsets\[7\] \(epoch 7\): the record is 3 bytes long/,
  });
  t.throws(() => decodeRecord(good.subarray(0, good.length - 1), site), { code: 'CHECKPOINT_CORRUPT' });
});

t.test('an intact record of an unknown version is CHECKPOINT_RECORD_VERSION', async (t) => {
  const err = t.throws(() => decodeRecord(encodeRecordWithVersion({ a: 1 }, RECORD_VERSION + 1), site), {
    code: 'CHECKPOINT_RECORD_VERSION',
    domain: 'user',
  }) as Error;
  t.match(err.message, /version 2; this tidemark reads version 1\. Note:/);
});

t.test('a checksummed body that is not msgpack is CHECKPOINT_CORRUPT', async (t) => {
  const bytes = encodeRecordWithVersion(0, RECORD_VERSION);
  const bad = Buffer.concat([bytes.subarray(0, 5), Buffer.from([0x92, 0x01])]); // an array of 2 holding 1 item
  const { crc32 } = await import('zlib');
  bad.writeUInt32LE(crc32(bad.subarray(4)) >>> 0, 0);
  t.throws(() => decodeRecord(bad, site), { code: 'CHECKPOINT_CORRUPT', message: /does not decode/ });
});
