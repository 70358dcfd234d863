// Currents as phasors. Every load is made of branches: one conductor pair it draws its current
// through. On a tn network a branch is a phase to neutral; on an it network (3x230 V, no neutral)
// a 1-phase load sits between two lines, so its current leaves on one and returns on the other.
// A 3-phase branch draws a balanced current on all three lines (star on tn, delta on it: either
// way the line currents are in phase with the star voltages for a resistive load).
// A branch's coupling is what 1 A through it at power factor 1 adds to each line: (re, im) for L1,
// L2, L3, against L1's star voltage at angle 0, L2 at −120°, L3 at +120° (rotation L1-L2-L3).

/** Unit star voltage of each site phase. */
export const STAR_RE = [1, -0.5, -0.5] as const;
export const STAR_IM = [0, -Math.sqrt(3) / 2, Math.sqrt(3) / 2] as const;

/** Six numbers: re, im for L1, L2, L3. */
export type Coupling = Float64Array;

/** Phase to neutral on site phase p (tn). */
export function lineToNeutral(p: number): Coupling {
  const c = new Float64Array(6);
  c[2 * p] = STAR_RE[p as 0]!;
  c[2 * p + 1] = STAR_IM[p as 0]!;
  return c;
}

/** Between lines a and b (it): in phase with the voltage U_a − U_b, out on a and back on b. */
export function lineToLine(a: number, b: number): Coupling {
  const re = STAR_RE[a as 0]! - STAR_RE[b as 0]!;
  const im = STAR_IM[a as 0]! - STAR_IM[b as 0]!;
  const norm = Math.hypot(re, im);
  const c = new Float64Array(6);
  c[2 * a] = re / norm;
  c[2 * a + 1] = im / norm;
  c[2 * b] = -re / norm;
  c[2 * b + 1] = -im / norm;
  return c;
}

/** A balanced 3-phase branch: each line carries the branch current in phase with its star voltage. */
export function threePhase(): Coupling {
  const c = new Float64Array(6);
  for (let p = 0; p < 3; p++) {
    c[2 * p] = STAR_RE[p as 0]!;
    c[2 * p + 1] = STAR_IM[p as 0]!;
  }
  return c;
}

/**
 * The branches of a load listed on site phases `phases` (0..2): on tn one branch per phase (a
 * 3-phase load as one balanced branch); on it a 1-phase load between its two lines, a 3-phase one
 * balanced. `drawPhases` < phases.length draws on the first ones only (a 1-phase car on a
 * 3-phase charger).
 */
export function branchesFor(
  network: 'tn' | 'it',
  phases: readonly number[],
  drawPhases = phases.length,
): Coupling[] {
  if (phases.length === 3 && drawPhases >= 3) return [threePhase()];
  if (network === 'it') return [lineToLine(phases[0]!, phases[1] ?? phases[0]!)];
  return phases.slice(0, Math.max(1, drawPhases)).map(lineToNeutral);
}

/**
 * Active power of 1 A through each branch kind at power factor 1, W: V on tn, V between lines on
 * it, 3·V on tn 3-phase, √3·V on it 3-phase (the allocator's wattsPerA).
 */
export function wattsPerBranchA(network: 'tn' | 'it', voltageV: number, coupling: Coupling): number {
  let lines = 0;
  for (let p = 0; p < 3; p++) if (coupling[2 * p] !== 0 || coupling[2 * p + 1] !== 0) lines++;
  if (lines === 3) return network === 'it' ? Math.sqrt(3) * voltageV : 3 * voltageV;
  return voltageV;
}

/** Adds `currentA` through a branch at power factor cos φ (lagging) into per-line re/im sums at `at`. */
export function addBranch(
  re: Float64Array,
  im: Float64Array,
  at: number,
  coupling: Coupling,
  currentA: number,
  cosPhi: number,
): void {
  if (currentA === 0) return;
  if (cosPhi === 1) {
    for (let p = 0; p < 3; p++) {
      re[at + p]! += currentA * coupling[2 * p]!;
      im[at + p]! += currentA * coupling[2 * p + 1]!;
    }
    return;
  }
  // Lagging: the current phasor turns by −φ.
  const sinPhi = Math.sqrt(1 - cosPhi * cosPhi);
  for (let p = 0; p < 3; p++) {
    const cr = coupling[2 * p]!;
    const ci = coupling[2 * p + 1]!;
    re[at + p]! += currentA * (cr * cosPhi + ci * sinPhi);
    im[at + p]! += currentA * (ci * cosPhi - cr * sinPhi);
  }
}

/** The neutral current of lines with these phasors (tn 4-wire: minus their sum), A. */
export function neutralA(re: Float64Array, im: Float64Array, at: number): number {
  const x = re[at]! + re[at + 1]! + re[at + 2]!;
  const y = im[at]! + im[at + 1]! + im[at + 2]!;
  return Math.sqrt(x * x + y * y); // not Math.hypot: ten times the cost, for a scaling amps never need
}

/** The active component of line p's current against its star voltage, A (import positive). */
export function activeA(re: Float64Array, im: Float64Array, at: number, p: number): number {
  return re[at + p]! * STAR_RE[p as 0]! + im[at + p]! * STAR_IM[p as 0]!;
}
