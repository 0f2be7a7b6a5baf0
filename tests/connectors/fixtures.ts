// Test helpers for connector tests: an in-memory SourceMetadata and a settable clock.
import type { SourceContext, SourceMetadata } from '../../connectors/types';

export class InMemorySourceMetadata implements SourceMetadata {
  readonly data = new Map<string, unknown>();
  get(key: string): unknown {
    return this.data.get(key);
  }
  async put(key: string, value: unknown): Promise<void> {
    this.data.set(key, structuredClone(value));
  }
}

export class FakeClock {
  constructor(public ms: number) {}
  advance(ms: number): void {
    this.ms += ms;
  }
}

export function sourceContext(metadata: SourceMetadata, clock: FakeClock, sourceIndex = 0): SourceContext {
  return { sourceIndex, metadata, now: () => clock.ms };
}
