// An offer a device does not use (issue 3 "Priority, then max-min fairness"): a car at 80 %
// state of charge takes 4 A of 16 offered. After UNUSED_AFTER_S of drawing more than UNUSED_GAP_A
// below its setpoint, its target is capped at what it draws plus UNUSED_MARGIN_A (never under
// its minimum), so that the rest goes to others. When it draws up to its cap, the cap is lifted.

export const UNUSED_AFTER_S = 60;
export const UNUSED_GAP_A = 2;
export const UNUSED_MARGIN_A = 1;
/** Drawing within this of the cap means it wants more. */
export const GIVE_BACK_A = 0.5;

export interface OfferMemory {
  unusedSinceMs: number | null;
  unusedCapA: number | null;
}

/**
 * @param setpointA the setpoint in force (sent last cycle)
 * @param drawingA the largest measured phase current, null when the device reports none
 */
export function offerStep(
  memory: OfferMemory,
  setpointA: number,
  drawingA: number | null,
  minA: number,
  nowMs: number,
): OfferMemory {
  if (drawingA === null || setpointA <= 0) return { unusedSinceMs: null, unusedCapA: null };
  const cap = memory.unusedCapA;
  if (cap !== null) {
    if (drawingA >= cap - GIVE_BACK_A) return { unusedSinceMs: null, unusedCapA: null };
    return { unusedSinceMs: memory.unusedSinceMs, unusedCapA: Math.min(cap, capFor(drawingA, minA)) };
  }
  if (drawingA >= setpointA - UNUSED_GAP_A) return { unusedSinceMs: null, unusedCapA: null };
  const since = memory.unusedSinceMs ?? nowMs;
  if ((nowMs - since) / 1000 < UNUSED_AFTER_S) return { unusedSinceMs: since, unusedCapA: null };
  return { unusedSinceMs: since, unusedCapA: capFor(drawingA, minA) };
}

function capFor(drawingA: number, minA: number): number {
  return Math.max(minA, Math.ceil((drawingA + UNUSED_MARGIN_A) * 10) / 10);
}
