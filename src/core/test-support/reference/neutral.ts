// The neutral conductor of a 3-phase 4-wire (tn) site. With power factor 1 on every phase (each
// current in phase with its phase voltage, an assumption: docs/algorithm-solver.md), the neutral
// carries the phasor sum I_N = I1 + a·I2 + a²·I3, a = e^{j120°}. Balanced 3-phase loads cancel;
// 1-phase loads and export on one phase do not. Currents are signed (import positive), so export
// (PV) on a phase enters with its sign.
import type { PhaseValues } from '../../../model/units.js';

const HALF_SQRT3 = Math.sqrt(3) / 2;

/** A phasor as [re, im]. */
export type Phasor = [number, number];

/** The phasor of per-phase currents (or per-amp coefficients) on L1, L2, L3. */
export function phasor(phaseA: PhaseValues): Phasor {
  const [i1, i2, i3] = phaseA;
  // a = -1/2 + j·√3/2, a² = -1/2 - j·√3/2.
  return [i1 - (i2 + i3) / 2, HALF_SQRT3 * (i2 - i3)];
}

/** |I_N| for per-phase currents on L1, L2, L3 (power factor 1). */
export function neutralCurrentA(phaseA: PhaseValues): number {
  const [re, im] = phasor(phaseA);
  return Math.hypot(re, im);
}

/**
 * How far t ≥ 0 one can move from z along w before |z + t·w| reaches capacityA: the larger root
 * of |w|²t² + 2·Re(z̄w)·t + |z|² − capacity² = 0. Infinity when w is 0; 0 when already at or
 * beyond the capacity and moving outwards.
 */
export function neutralReach(zRe: number, zIm: number, wRe: number, wIm: number, capacityA: number): number {
  const a = wRe * wRe + wIm * wIm;
  if (a <= 1e-18) return Infinity;
  const halfB = zRe * wRe + zIm * wIm;
  const c = zRe * zRe + zIm * zIm - capacityA * capacityA;
  if (c >= 0 && halfB >= 0) return 0;
  const disc = Math.max(0, halfB * halfB - a * c);
  return Math.max(0, (-halfB + Math.sqrt(disc)) / a);
}
