// The one msgpackr codec for everything persisted, and the versioned, checksummed record envelope.
import { crc32 } from 'zlib';
import { Packr } from 'msgpackr';
import { corruptError, recordVersionError, type CorruptionSite } from './errors';

/**
 * Version of the record envelope and of the record bodies listed in keys.ts. A reader refuses a
 * record with another version (CHECKPOINT_RECORD_VERSION) rather than guess at its meaning.
 */
export const RECORD_VERSION = 1;

/** crc32 (uint32 LE) of everything after it | record version (uint8) | msgpack body. */
const CRC_BYTES = 4;
const HEADER_BYTES = CRC_BYTES + 1;

/**
 * Records (`useRecords`) keep objects compact and self-describing per message (no shared
 * structures to lose); `mapsAsObjects: false` brings Maps back as Maps; `moreTypes` adds Set,
 * Error, RegExp and typed arrays; `copyBuffers` detaches decoded binaries from LMDB's buffers.
 * Known loss: -0 comes back as 0.
 */
const packr = new Packr({ useRecords: true, mapsAsObjects: false, moreTypes: true, copyBuffers: true });

/** Plain msgpack encoding with the shared options (no envelope): for payloads that travel, not persist. */
export function pack(value: unknown): Buffer {
  return Buffer.from(packr.pack(value));
}

export function unpack(bytes: Uint8Array): unknown {
  return packr.unpack(bytes);
}

/**
 * Encodes `value` as a persisted record. The result is a fresh buffer (msgpackr reuses its own).
 * @example const bytes = encodeRecord({ epoch: 3, nextWatermarkMs: 0 });
 */
export function encodeRecord(value: unknown): Buffer {
  const body = packr.pack(value);
  const out = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  out[CRC_BYTES] = RECORD_VERSION;
  out.set(body, HEADER_BYTES);
  out.writeUInt32LE(crc32(out.subarray(CRC_BYTES)) >>> 0, 0);
  return out;
}

/**
 * Decodes a record written by encodeRecord. A short, checksum-failing or undecodable record throws
 * CHECKPOINT_CORRUPT naming `site`; an intact record of another version CHECKPOINT_RECORD_VERSION.
 */
export function decodeRecord(bytes: Uint8Array, site: CorruptionSite): unknown {
  if (bytes.length < HEADER_BYTES) {
    throw corruptError(site, `the record is ${bytes.length} bytes long, shorter than its ${HEADER_BYTES}-byte header`);
  }
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stored = view.readUInt32LE(0);
  const actual = crc32(view.subarray(CRC_BYTES)) >>> 0;
  if (stored !== actual) {
    throw corruptError(site, `the record's checksum is ${hex(actual)}, expected ${hex(stored)}`);
  }
  const version = view[CRC_BYTES];
  if (version !== RECORD_VERSION) throw recordVersionError(site, version, RECORD_VERSION);
  try {
    return packr.unpack(view.subarray(HEADER_BYTES));
  } catch (cause) {
    throw corruptError({ ...site, cause }, `the record does not decode (${(cause as Error).message})`);
  }
}

/** Builds an envelope with an arbitrary version byte: for tests of version handling only. */
export function encodeRecordWithVersion(value: unknown, version: number): Buffer {
  const out = encodeRecord(value);
  out[CRC_BYTES] = version;
  out.writeUInt32LE(crc32(out.subarray(CRC_BYTES)) >>> 0, 0);
  return out;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
