// The closed loop's judgement: does a device draw what it is allowed? Pure and driver-neutral.
//
// A limit that goes down gets a grace period before it is held against the device (a car ramps
// down over seconds; a station applies a profile on its next cycle); one that goes up counts at
// once. So a measurement is judged against the highest limit in force at any moment of the grace
// window before it, and a ramp that moves every second still catches a device that ignores it.

export interface LimitChange {
  atMs: number;
  currentA: number;
}

export interface FollowPolicy {
  graceMs: number;
  toleranceA: number;
}

/** The most a device may legitimately draw at `atMs`; null when no limit was ever set. */
export function allowedA(history: readonly LimitChange[], atMs: number, graceMs: number): number | null {
  let allowed: number | null = null;
  for (let i = 0; i < history.length; i++) {
    const change = history[i]!;
    if (change.atMs > atMs) break;
    const next = history[i + 1];
    const inForceInWindow = next === undefined || next.atMs > atMs - graceMs;
    if (inForceInWindow) allowed = Math.max(allowed ?? 0, change.currentA);
  }
  return allowed;
}

export type FollowVerdict = { follows: boolean; allowedA: number; measuredA: number };

export function judgeFollowing(
  history: readonly LimitChange[],
  measuredA: number,
  atMs: number,
  policy: FollowPolicy,
): FollowVerdict | null {
  const allowed = allowedA(history, atMs, policy.graceMs);
  if (allowed === null) return null;
  return { follows: measuredA <= allowed + policy.toleranceA, allowedA: allowed, measuredA };
}

/** Drops changes that can no longer matter: keeps the one in force at the window's start and later ones. */
export function pruneHistory(history: LimitChange[], nowMs: number, graceMs: number): LimitChange[] {
  const windowStart = nowMs - graceMs;
  let first = 0;
  while (first + 1 < history.length && history[first + 1]!.atMs <= windowStart) first++;
  return first === 0 ? history : history.slice(first);
}
