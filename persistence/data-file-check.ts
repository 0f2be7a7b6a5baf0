// Checks an LMDB data file before opening it: LMDB crashes the process (SIGBUS/SIGSEGV) on truncated files.
import { spawnSync } from 'child_process';
import { closeSync, openSync, readSync, statSync } from 'fs';
import { join } from 'path';
import { corruptError } from './errors';
import { DATA_FILE, DB, DB_NAMES, MAX_DBS } from './keys';

// LMDB meta page layout (64-bit builds, data version 2), see mdb.c MDB_page_header and MDB_meta.
const PAGE_HEADER = 24;
const MAGIC = 0xbeefc0de;
const DATA_VERSION = 2;
const OFF_MAGIC = PAGE_HEADER;
const OFF_VERSION = PAGE_HEADER + 4;
const OFF_PSIZE = PAGE_HEADER + 24; // mm_dbs[FREE_DBI].md_pad
const OFF_FREE_ROOT = PAGE_HEADER + 64;
const OFF_MAIN_ROOT = PAGE_HEADER + 112;
const OFF_LAST_PG = PAGE_HEADER + 120;
const OFF_TXNID = PAGE_HEADER + 128;
const META_BYTES = PAGE_HEADER + 136;
const P_INVALID = 0xffffffffffffffffn;

export type VerifyMode = 'quick' | 'full';

interface Meta {
  psize: number;
  freeRoot: bigint;
  mainRoot: bigint;
  lastPg: bigint;
  txnid: bigint;
}

/**
 * Verifies `dir`/data.mdb enough that opening it cannot crash: it exists, has two valid meta pages,
 * and its roots and last page lie inside the file. When the last page lies beyond the end (LMDB
 * allows that for pages freed before being written) — or always with mode 'full' — every record is
 * read in a child process, so a crash there becomes CHECKPOINT_CORRUPT instead of killing us.
 */
export function checkDataFile(dir: string, mode: VerifyMode = 'quick'): void {
  const file = join(dir, DATA_FILE);
  let size: number;
  try {
    size = statSync(file).size;
  } catch (cause) {
    throw corruptError({ file, cause }, 'the data file is missing');
  }
  if (size === 0) throw corruptError({ file }, 'the data file is empty (0 bytes)');
  const meta0 = readMeta(file, 0, size);
  if (meta0 === 'unknown-version') return probeOrSkip(dir, file, mode);
  const meta1 = readMeta(file, meta0.psize, size);
  if (meta1 === 'unknown-version') return probeOrSkip(dir, file, mode);
  const newest = meta1.txnid > meta0.txnid ? meta1 : meta0;
  const pages = BigInt(Math.floor(size / newest.psize));
  for (const [name, root] of [['free-page', newest.freeRoot], ['main', newest.mainRoot]] as const) {
    if (root !== P_INVALID && root >= pages) {
      throw corruptError({ file }, `it is truncated: its ${name} tree root is page ${root}, but the file has ${pages} pages`);
    }
  }
  if (mode === 'full' || newest.lastPg + 1n > pages) probe(dir, file);
}

function readMeta(file: string, offset: number, size: number): Meta | 'unknown-version' {
  const page = offset === 0 ? 0 : 1;
  if (size < offset + META_BYTES) {
    throw corruptError({ file }, `it is truncated to ${size} bytes, too short for LMDB meta page ${page}`);
  }
  const buf = Buffer.alloc(META_BYTES);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, META_BYTES, offset);
  } finally {
    closeSync(fd);
  }
  if (buf.readUInt32LE(OFF_MAGIC) !== MAGIC) {
    throw corruptError({ file }, `LMDB meta page ${page} has a bad magic number (not an LMDB file, or damaged)`);
  }
  if (buf.readUInt32LE(OFF_VERSION) !== DATA_VERSION) return 'unknown-version';
  const psize = buf.readUInt32LE(OFF_PSIZE);
  if (psize < 512 || psize > 65536 || (psize & (psize - 1)) !== 0) {
    throw corruptError({ file }, `LMDB meta page ${page} has an invalid page size ${psize}`);
  }
  if (page === 0 && size < 2 * psize) {
    throw corruptError({ file }, `it is truncated to ${size} bytes, shorter than its two ${psize}-byte meta pages`);
  }
  return {
    psize,
    freeRoot: buf.readBigUInt64LE(OFF_FREE_ROOT),
    mainRoot: buf.readBigUInt64LE(OFF_MAIN_ROOT),
    lastPg: buf.readBigUInt64LE(OFF_LAST_PG),
    txnid: buf.readBigUInt64LE(OFF_TXNID),
  };
}

function probeOrSkip(dir: string, file: string, mode: VerifyMode): void {
  // A data version this check does not know: leave the structure to LMDB unless asked for a full check.
  if (mode === 'full') probe(dir, file);
}

/**
 * Reads every record of every database in a child process (it dies, not us, if the file is damaged)
 * and checks each record's crc32 (codec.ts envelope; epoch-index values are empty).
 */
const PROBE_SCRIPT = `
const [lmdbPath, dir, maxDbs, ...names] = process.argv.slice(1);
const { crc32 } = require('zlib');
const { open } = require(lmdbPath);
const env = open({ path: dir, readOnly: true, maxDbs: Number(maxDbs) });
let bytes = 0;
for (const name of names) {
  const db = env.openDB({ name, encoding: 'binary', create: false });
  if (!db) continue; // not created yet
  for (const { key, value } of db.getRange({})) {
    bytes += value.length;
    if (name === '${DB.epochIndex}' && value.length === 0) continue;
    if (value.length < 5 || value.readUInt32LE(0) !== crc32(value.subarray(4)) >>> 0) {
      const k = (Array.isArray(key) ? key : [key]).map((x) => JSON.stringify(x)).join(', ');
      process.stdout.write('bad ' + name + '[' + k + ']');
      process.exit(3);
    }
  }
}
process.stdout.write('ok ' + bytes);
`;

function probe(dir: string, file: string): void {
  const result = spawnSync(
    process.execPath,
    ['-e', PROBE_SCRIPT, require.resolve('lmdb'), dir, String(MAX_DBS), ...DB_NAMES],
    { encoding: 'utf8', timeout: 10 * 60_000, windowsHide: true },
  );
  if (result.status === 0 && result.stdout.startsWith('ok')) return;
  if (result.status === 3 && result.stdout.startsWith('bad ')) {
    throw corruptError({ file, record: result.stdout.slice(4) }, "the record's checksum does not match");
  }
  const why =
    result.signal !== null
      ? `reading it crashed LMDB with ${result.signal} (the file is truncated or damaged)`
      : `LMDB cannot read it (${firstLine(result.stderr) || result.error?.message || `exit code ${result.status}`})`;
  throw corruptError({ file }, why);
}

function firstLine(s: string | undefined): string {
  const lines = (s ?? '').split('\n').map((l) => l.trim());
  return lines.find((l) => l.startsWith('Error')) ?? lines.find((l) => l.length > 0) ?? '';
}
