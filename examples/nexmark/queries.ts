// The Nexmark queries the engine runs today, by name (q3, q4, q8 wait for stream-stream joins).
import type { NexmarkQuery } from './run-example';
import { q0 } from './q0';
import { q1 } from './q1';
import { q2 } from './q2';
import { q5 } from './q5';
import { q7 } from './q7';

export const NEXMARK_QUERIES: Readonly<Record<'q0' | 'q1' | 'q2' | 'q5' | 'q7', NexmarkQuery>> = Object.freeze({ q0, q1, q2, q5, q7 });
