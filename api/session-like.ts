// What frames, readers and writers need of their Session (kept small to avoid an import cycle).
import type { SessionContext } from './engine';

export interface SessionLike {
  readonly context: SessionContext;
  /** Console output of show() and the console sink. */
  print(text: string): void;
}
