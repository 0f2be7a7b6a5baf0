// Named failpoints in the epoch protocol and persistence: off by default (one boolean test), armed by tests and `tidemark chaos`.

import { TidemarkError } from './errors';

/** What an armed failpoint does when hit. */
export type FailpointAction =
  /** SIGKILL this process (a crash at exactly this point). */
  | 'crash'
  /** Throw an InjectedFault (the engine treats it as a recoverable actor fault). */
  | 'throw';

export interface FailpointRule {
  readonly action: FailpointAction;
  /** Fire on the n-th hit (1-based); default 1. */
  readonly onHit?: number;
  /** Fire with this probability on every hit (after onHit is reached, if both given). */
  readonly probability?: number;
  /** Only hits whose detail (e.g. a task key) contains this string. */
  readonly detailIncludes?: string;
  /** Keep firing after the first time; default false (fire once). */
  readonly repeat?: boolean;
}

/** The failpoints the engine defines. */
export const FAILPOINTS = [
  'epoch.afterOffsetsWrite',
  'epoch.beforeCommitRecord',
  'sink.midWrite',
  'sink.beforeCommit',
  'journal.beforeWrite',
  'journal.midWrite',
  'snapshot.during',
  'task.handle',
] as const;
export type FailpointName = (typeof FAILPOINTS)[number];

/** An error thrown by an armed 'throw' failpoint; recoverable by design. */
export class InjectedFault extends Error {
  readonly injected = true;
  constructor(readonly failpoint: string, readonly detail?: string) {
    super(`injected fault at failpoint ${failpoint}${detail ? ` (${detail})` : ''}`);
    this.name = 'InjectedFault';
  }
}

let enabled = false;
const rules = new Map<string, FailpointRule & { hits: number; fired: boolean; fires: number }>();
let random: () => number = Math.random;

/** True when at least one failpoint is armed (the engine's hot paths test only this). */
export function failpointsEnabled(): boolean {
  return enabled;
}

/**
 * Marks a failpoint; does nothing unless armed. Call sites: `if (failpointsEnabled()) failpoint('x')`
 * in hot paths, or `failpoint('x')` elsewhere (it returns at once when nothing is armed).
 */
export function failpoint(name: FailpointName, detail?: string): void {
  if (!enabled) return;
  const rule = rules.get(name);
  if (!rule || (rule.fired && !rule.repeat)) return;
  if (rule.detailIncludes && !(detail ?? '').includes(rule.detailIncludes)) return;
  rule.hits++;
  if (rule.hits < (rule.onHit ?? 1)) return;
  if (rule.probability !== undefined && random() >= rule.probability) return;
  rule.fired = true;
  rule.fires++;
  if (rule.action === 'crash') process.kill(process.pid, 'SIGKILL');
  throw new InjectedFault(name, detail);
}

/** Arms a failpoint. */
export function armFailpoint(name: FailpointName, rule: FailpointRule): void {
  rules.set(name, { ...rule, hits: 0, fired: false, fires: 0 });
  enabled = true;
}

/** How many times an armed failpoint has fired (0 when not armed). */
export function failpointFireCount(name: FailpointName): number {
  const r = rules.get(name);
  return r ? r.fires : 0;
}

/** Disarms every failpoint. */
export function resetFailpoints(): void {
  rules.clear();
  enabled = false;
}

/** Uses a seeded random source for probabilistic rules (reproducible chaos runs). */
export function setFailpointRandom(fn: () => number): void {
  random = fn;
}

/**
 * Arms failpoints from a spec string such as `epoch.afterOffsetsWrite=crash@3,task.handle=throw%0.01*`
 * (`@n`: n-th hit; `%p`: probability; trailing `*`: repeat). Used by the chaos tool through the
 * TIDEMARK_FAILPOINTS environment variable of the child process.
 */
export function armFromSpec(spec: string): void {
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([\w.]+)=(crash|throw)(?:@(\d+))?(?:%([\d.]+))?(\*)?$/.exec(part);
    if (!m || !(FAILPOINTS as readonly string[]).includes(m[1])) {
      throw new TidemarkError('INVALID_FAILPOINT_SPEC', 'user', `Invalid failpoint spec ${JSON.stringify(part)}. Note: use name=crash|throw[@hit][%probability][*] with a name among ${FAILPOINTS.join(', ')}.`);
    }
    armFailpoint(m[1] as FailpointName, {
      action: m[2] as FailpointAction,
      onHit: m[3] ? Number(m[3]) : undefined,
      probability: m[4] ? Number(m[4]) : undefined,
      repeat: m[5] === '*',
    });
  }
}

if (typeof process !== 'undefined' && process.env.TIDEMARK_FAILPOINTS) armFromSpec(process.env.TIDEMARK_FAILPOINTS);
