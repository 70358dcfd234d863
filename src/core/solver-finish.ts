// The solver's last touches: the neutral top-up (room a lower class reopened on the neutral goes
// back to the higher classes) and each device's binding line for its reason.
import { EPS, neutralOver, nextUp, reach, violated, type Work } from './solver-work.js';
import type { WaterFill } from './water-fill.js';

const continuous = (w: Work, d: number) => w.stepA[d] === 0 && !w.levels[d];

/** Whether device d (on) could take its next allowed value, or any more current, right now. */
export function canRise(w: Work, d: number): boolean {
  const x = w.x[d]!;
  if (x >= w.top[d]! - EPS) return false;
  if (continuous(w, d)) return reach(w, d).deltaA > EPS;
  const next = nextUp(w, d, x);
  return !Number.isNaN(next) && violated(w, d, next - x) < 0;
}

/**
 * Fills again the devices of a class (on[from .. to)) that can rise now, gathered in `members`;
 * returns whether any could.
 */
export function topUp(
  w: Work,
  on: Int32Array,
  from: number,
  to: number,
  members: Int32Array,
  filler: WaterFill,
): boolean {
  let count = 0;
  for (let k = from; k < to; k++) if (canRise(w, on[k]!)) members[count++] = on[k]!;
  if (count > 0) filler.fill(members, count);
  return count > 0;
}

/**
 * The line that keeps an on device from its next allowed value now: the one recorded while filling
 * if it still does, else the first that does; -1 at its top.
 */
export function finalBinding(w: Work, d: number): number {
  const x = w.x[d]!;
  if (x >= w.top[d]! - EPS) return -1;
  const next = continuous(w, d) ? x + EPS * 10 : nextUp(w, d, x);
  if (Number.isNaN(next)) return -1;
  const recorded = w.binding[d]!;
  const first = violated(w, d, next - x);
  if (first < 0) return recorded;
  if (recorded >= 0 && recorded !== first && stillBlocks(w, d, recorded, next - x)) return recorded;
  return first;
}

function stillBlocks(w: Work, d: number, line: number, delta: number): boolean {
  if (w.neutral && line === w.neutral.line) {
    const nw = w.neutral;
    return neutralOver(nw, delta * nw.vRe[d]!, delta * nw.vIm[d]!);
  }
  for (let k = w.loadStart[d]!; k < w.loadStart[d + 1]!; k++) {
    if (w.loadLine[k] === line) return w.load[line]! + w.loadCoef[k]! * delta > w.capacity[line]! + EPS;
  }
  return false;
}
