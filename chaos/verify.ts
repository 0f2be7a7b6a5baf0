// Checks a chaos run's output against the fault-free reference: multiset equality and per-key sequences.
import { canonicalRow } from './canonical';

/** What a topology's sink emitted in one epoch. */
export interface EpochOutput {
  readonly epoch: number;
  readonly rows: readonly Record<string, unknown>[];
}

/** A column that names a key and a column that numbers that key's rows 0, 1, 2, … without gaps. */
export interface SequenceSpec {
  readonly keyColumn: string;
  readonly seqColumn: string;
}

export interface MultisetResult {
  readonly referenceRows: number;
  readonly actualRows: number;
  /** Reference rows missing from the output (counting multiplicity). */
  readonly rowsLost: number;
  /** Extra copies of rows that the reference has. */
  readonly rowsDuplicated: number;
  /** Output rows that the reference does not have at all (wrong values). */
  readonly rowsUnexpected: number;
  /** A few canonical rows of each kind, for the report. */
  readonly examples: { lost: string[]; duplicated: string[]; unexpected: string[] };
}

export interface SequenceResult {
  readonly keys: number;
  /** Sequence numbers skipped (a gap inside a key's sequence, or a missing head or tail). */
  readonly gaps: number;
  /** Sequence numbers seen more than once. */
  readonly repeats: number;
  /** Sequence numbers that came after a larger one of the same key, in a later epoch. */
  readonly outOfOrder: number;
  /** Rows whose key or sequence value is missing or not an integer. */
  readonly invalid: number;
  readonly examples: string[];
}

const MAX_EXAMPLES = 5;

function counts(epochs: readonly EpochOutput[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of epochs) for (const r of e.rows) {
    const k = canonicalRow(r);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/**
 * Multiset comparison: the output must hold every reference row exactly as often as the
 * reference does, whatever the epochs they came in.
 * @example compareMultisets(ref, actual).rowsLost === 0
 */
export function compareMultisets(reference: readonly EpochOutput[], actual: readonly EpochOutput[]): MultisetResult {
  const ref = counts(reference);
  const act = counts(actual);
  let referenceRows = 0;
  let actualRows = 0;
  let rowsLost = 0;
  let rowsDuplicated = 0;
  let rowsUnexpected = 0;
  const examples = { lost: [] as string[], duplicated: [] as string[], unexpected: [] as string[] };
  const note = (list: string[], row: string, n: number) => {
    if (list.length < MAX_EXAMPLES) list.push(n > 1 ? `${row} ×${n}` : row);
  };
  for (const [row, n] of ref) {
    referenceRows += n;
    const a = act.get(row) ?? 0;
    if (a < n) {
      rowsLost += n - a;
      note(examples.lost, row, n - a);
    } else if (a > n) {
      rowsDuplicated += a - n;
      note(examples.duplicated, row, a - n);
    }
  }
  for (const [row, n] of act) {
    actualRows += n;
    if (!ref.has(row)) {
      rowsUnexpected += n;
      note(examples.unexpected, row, n);
    }
  }
  return { referenceRows, actualRows, rowsLost, rowsDuplicated, rowsUnexpected, examples };
}

interface KeySeq {
  key: string;
  seqs: number[];
}

/** Per key, the sequence numbers in output order: epochs ascending, sorted within an epoch. */
function sequences(epochs: readonly EpochOutput[], spec: SequenceSpec, invalid: { n: number; examples: string[] }): Map<string, KeySeq> {
  const out = new Map<string, KeySeq>();
  const sorted = [...epochs].sort((a, b) => a.epoch - b.epoch);
  for (const e of sorted) {
    const perEpoch = new Map<string, number[]>();
    for (const r of e.rows) {
      const seq = r[spec.seqColumn];
      if (!(spec.keyColumn in r) || typeof seq !== 'number' || !Number.isSafeInteger(seq)) {
        invalid.n++;
        if (invalid.examples.length < MAX_EXAMPLES) invalid.examples.push(`invalid row in epoch ${e.epoch}: ${canonicalRow(r)}`);
        continue;
      }
      const key = canonicalRow(r[spec.keyColumn]);
      let list = perEpoch.get(key);
      if (!list) perEpoch.set(key, (list = []));
      list.push(seq);
    }
    for (const [key, list] of perEpoch) {
      list.sort((a, b) => a - b);
      let ks = out.get(key);
      if (!ks) out.set(key, (ks = { key, seqs: [] }));
      for (const s of list) ks.seqs.push(s);
    }
  }
  return out;
}

/**
 * Flink's SemanticsCheckMapper applied to sink output: for every key, each sequence number must be
 * the previous one plus one. With a reference, each key must also start and end where the
 * reference's does (a lost head or tail is a gap too).
 * @example checkSequences(actual, { keyColumn: 'key', seqColumn: 'seq' }, reference).gaps === 0
 */
export function checkSequences(actual: readonly EpochOutput[], spec: SequenceSpec, reference?: readonly EpochOutput[]): SequenceResult {
  const invalid = { n: 0, examples: [] as string[] };
  const act = sequences(actual, spec, invalid);
  const ref = reference ? sequences(reference, spec, { n: 0, examples: [] }) : undefined;
  let gaps = 0;
  let repeats = 0;
  let outOfOrder = 0;
  const examples = invalid.examples;
  const note = (s: string) => {
    if (examples.length < MAX_EXAMPLES) examples.push(s);
  };
  const keys = new Set([...act.keys(), ...(ref?.keys() ?? [])]);
  for (const key of keys) {
    const seqs = act.get(key)?.seqs ?? [];
    const r = ref?.get(key)?.seqs;
    if (r && r.length > 0) {
      const first = r[0];
      const last = r[r.length - 1];
      if (seqs.length === 0) {
        gaps += last - first + 1;
        note(`key ${key}: no rows (expected sequence ${first}..${last})`);
        continue;
      }
      if (seqs[0] > first) {
        gaps += seqs[0] - first;
        note(`key ${key}: starts at ${seqs[0]}, expected ${first}`);
      }
      const max = Math.max(...seqs);
      if (max < last) {
        gaps += last - max;
        note(`key ${key}: ends at ${max}, expected ${last}`);
      }
    }
    const seen = new Set<number>();
    let prev: number | undefined;
    for (const s of seqs) {
      if (seen.has(s)) {
        repeats++;
        note(`key ${key}: sequence ${s} seen again after ${prev}`);
      } else if (prev !== undefined && s < prev) {
        outOfOrder++;
        note(`key ${key}: sequence ${s} came after ${prev}`);
      } else if (prev !== undefined && s > prev + 1) {
        gaps += s - prev - 1;
        note(`key ${key}: jumped from ${prev} to ${s}`);
      }
      seen.add(s);
      if (prev === undefined || s > prev) prev = s;
    }
  }
  return { keys: keys.size, gaps, repeats, outOfOrder, invalid: invalid.n, examples };
}

/** True when a sequence check found nothing wrong. */
export function sequenceOk(r: SequenceResult): boolean {
  return r.gaps === 0 && r.repeats === 0 && r.outOfOrder === 0 && r.invalid === 0;
}

/** True when the output equals the reference as a multiset. */
export function multisetOk(r: MultisetResult): boolean {
  return r.rowsLost === 0 && r.rowsDuplicated === 0 && r.rowsUnexpected === 0;
}
