// The in-memory StateStore: a Map that remembers which keys changed since the last takeChanges().
import type { StateStore } from '../operator';

/** The changes of one epoch: what the runtime journals. Values are live references, not copies. */
export interface StateStoreChanges<V = unknown> {
  readonly puts: [string, V][];
  readonly deletes: string[];
}

/**
 * A Map-backed StateStore that tracks the keys put or deleted since the last `takeChanges()`.
 * Tracking costs one Set insertion per write; unchanged state is never copied.
 *
 * Values handed out by `get` and returned by `takeChanges` are the stored objects themselves:
 * encode them (msgpackr) before the next epoch mutates them.
 * @example
 * const s = new MapStateStore<number>();
 * s.put('a', 1); s.delete('b');
 * s.takeChanges(); // { puts: [['a', 1]], deletes: ['b'] }
 */
export class MapStateStore<V = unknown> implements StateStore<V> {
  private readonly map: Map<string, V>;
  private changed = new Set<string>();

  constructor(entries?: Iterable<readonly [string, V]>) {
    this.map = new Map<string, V>();
    if (entries) for (const [k, v] of entries) this.map.set(k, v);
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  put(key: string, value: V): void {
    this.map.set(key, value);
    this.changed.add(key);
  }

  delete(key: string): void {
    if (this.map.delete(key)) this.changed.add(key);
  }

  get size(): number {
    return this.map.size;
  }

  entries(): IterableIterator<[string, V]> {
    return this.map.entries();
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  /** True when something was put or deleted since the last `takeChanges()`. */
  hasChanges(): boolean {
    return this.changed.size > 0;
  }

  /**
   * The keys put (with their current value) and deleted since the last call, then forgets them.
   * A key put and later deleted in the same epoch appears only as a delete.
   */
  takeChanges(): StateStoreChanges<V> {
    const puts: [string, V][] = [];
    const deletes: string[] = [];
    for (const k of this.changed) {
      if (this.map.has(k)) puts.push([k, this.map.get(k) as V]);
      else deletes.push(k);
    }
    this.changed = new Set<string>();
    return { puts, deletes };
  }

  /** Forgets pending changes (after a restore or replay, nothing is new). */
  discardChanges(): void {
    this.changed.clear();
  }

  /**
   * Applies journaled changes (recovery replay). They are not tracked as new changes unless
   * `track` is true.
   */
  applyChanges(changes: StateStoreChanges<V>, track = false): void {
    for (const [k, v] of changes.puts) {
      this.map.set(k, v);
      if (track) this.changed.add(k);
    }
    for (const k of changes.deletes) {
      if (this.map.delete(k) && track) this.changed.add(k);
    }
  }

  /** Every entry, as [key, value] pairs referencing the stored values (encode before keeping). */
  snapshot(): [string, V][] {
    return Array.from(this.map.entries());
  }

  /** Replaces the whole content (restore from a snapshot); pending changes are dropped. */
  load(entries: Iterable<readonly [string, V]>): void {
    this.map.clear();
    for (const [k, v] of entries) this.map.set(k, v);
    this.changed.clear();
  }

  /**
   * Rough memory estimate in bytes (progress `memoryUsedBytes`): samples up to 32 entries and
   * scales, so it costs the same for any state size.
   */
  estimatedBytes(): number {
    const n = this.map.size;
    if (n === 0) return 0;
    let sampled = 0;
    let bytes = 0;
    for (const [k, v] of this.map) {
      bytes += 2 * k.length + 64 + roughSize(v, 0);
      if (++sampled >= 32) break;
    }
    return Math.round((bytes / sampled) * n);
  }
}

function roughSize(v: unknown, depth: number): number {
  if (v === null || v === undefined) return 8;
  switch (typeof v) {
    case 'number':
    case 'boolean':
      return 8;
    case 'bigint':
      return 16;
    case 'string':
      return 16 + 2 * v.length;
    case 'object': {
      if (depth > 4) return 32;
      if (ArrayBuffer.isView(v)) return 64 + v.byteLength;
      if (Array.isArray(v)) {
        let s = 32;
        for (let i = 0; i < v.length; i++) s += roughSize(v[i], depth + 1);
        return s;
      }
      let s = 48;
      for (const k in v as Record<string, unknown>) s += 8 + roughSize((v as Record<string, unknown>)[k], depth + 1);
      return s;
    }
    default:
      return 16;
  }
}
