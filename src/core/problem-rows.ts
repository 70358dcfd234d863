// Each device's row of loads in the solver's work (CSR, canonical order): its wiring's phase
// lines (its circuit first, then every circuit above it), then the budget lines it is on; and its
// phasor on the neutral. Rebuilt only when a wiring or a device's budget lines changed
// (problem.ts).
import { SOLAR_CANDIDATE, SOLAR_NONE, type PlanColumns } from './modes.js';
import type { CycleProblem } from './problem.js';
import type { Work } from './solver-work.js';

const HALF_SQRT3 = Math.sqrt(3) / 2;

const SOLAR = 1;
const CANDIDATE = 2;

/**
 * Which solar budget lines a device is on (the peak and external lines take every device), from
 * its plan's SOLAR_* code.
 */
export function solarMask(solar: number): number {
  return (solar !== SOLAR_NONE ? SOLAR : 0) | (solar === SOLAR_CANDIDATE ? CANDIDATE : 0);
}

/** Every device's row of loads (CSR, canonical order) and its phasor on the neutral. */
export function buildRows(
  cp: CycleProblem,
  plans: PlanColumns,
  peakLine: number,
  externalLine: number,
  surplusLine: number,
  startLine: number,
  voltageV: number,
): void {
  const w = cp.work;
  const { loadStart, loadLine, loadCoef, input } = w;
  const nw = w.neutral;
  let k = 0;
  for (let c = 0; c < w.n; c++) {
    const i = input[c]!;
    const wiring = plans.planWiring[i]!;
    const mask = solarMask(plans.planSolar[i]!);
    loadStart[c] = k;
    const rowLoads = wiring.loads;
    for (let j = 0; j < rowLoads.length; j++) {
      const load = rowLoads[j]!;
      loadLine[k] = load.line;
      loadCoef[k] = load.coefficient;
      k++;
    }
    const budgetCoef = wiring.wattsPerA / voltageV;
    if (peakLine >= 0) k = addLoad(w, k, peakLine, budgetCoef);
    if (externalLine >= 0) k = addLoad(w, k, externalLine, budgetCoef);
    if (surplusLine >= 0 && (mask & SOLAR) !== 0) k = addLoad(w, k, surplusLine, budgetCoef);
    if (startLine >= 0 && (mask & CANDIDATE) !== 0) k = addLoad(w, k, startLine, budgetCoef);
    if (nw) {
      const phaseA = wiring.phaseA;
      // The phasor of its per-amp phase currents (neutral.ts phasor(), inlined: this runs per device).
      nw.vRe[c] = phaseA ? phaseA[0] - (phaseA[1] + phaseA[2]) / 2 : 0;
      nw.vIm[c] = phaseA ? HALF_SQRT3 * (phaseA[1] - phaseA[2]) : 0;
    }
    cp.rowWiring[c] = wiring;
    cp.rowPhaseLines[c] = rowLoads.length;
    cp.rowMask[c] = mask;
  }
  loadStart[w.n] = k;
  cp.rowsValid = true;
}

function addLoad(w: Work, k: number, line: number, coefficient: number): number {
  w.loadLine[k] = line;
  w.loadCoef[k] = coefficient;
  return k + 1;
}
