// What one device could still get once the others have their targets: the least, over the lines
// it loads, of (capacity left + its own share) / its coefficient. Used for the numbers in
// "paused: 3.1 A available …" and for 1p/3p switching (the same question with other wiring).
// Reads the cycle's work (problem.ts): the device's own row and what lineTotals left per line.
import type { DevicePlan } from './modes.js';
import type { SwitchFit } from './phase-switch.js';
import type { CycleProblem } from './problem.js';
import type { DeviceWiring } from './topology.js';

export interface Headroom {
  availableA: number;
  /** The line that gives the least, or null when no line bounds it. */
  line: number | null;
}

/**
 * Into `out` (returned):
 * @param device the topology index
 * @param wiring the wiring whose phase lines to ask about (the device's own, or its other one)
 * @param budgetScale budget coefficients of the other wiring relative to the present one
 * @param withSurplus include the solar surplus lines
 */
export function headroom(
  cp: CycleProblem,
  device: number,
  currentA: number,
  wiring: DeviceWiring,
  budgetScale: number,
  withSurplus: boolean,
  out: Headroom,
): Headroom {
  const { loadStart, loadLine, loadCoef } = cp.work;
  const remaining = cp.remainingA;
  const kinds = cp.kinds;
  const c = cp.canon[device]!;
  const from = loadStart[c]!;
  const to = loadStart[c + 1]!;
  let availableA = Infinity;
  let bound: number | null = null;
  // Its own wiring's loads open its row, in order, each of coefficient 1 (topology.ts wiring()):
  // its share on each is right there, and the wiring object need not be read (a cache miss per
  // device at 10,000 devices). Another wiring's lines come from its typed array.
  const phaseLines = cp.rowWiring[c] === null ? 0 : cp.rowPhaseLines[c]!;
  if (cp.rowWiring[c] === wiring) {
    for (let k = from; k < from + phaseLines; k++) {
      const line = loadLine[k]!;
      const a = remaining[line]! + currentA * loadCoef[k]!;
      if (a < availableA) {
        availableA = a;
        bound = line;
      }
    }
  } else {
    const lines = wiring.loadLines;
    for (let j = 0; j < lines.length; j++) {
      const line = lines[j]!;
      let ownCoefficient = 0;
      for (let m = from; m < to; m++) {
        if (loadLine[m] === line) {
          ownCoefficient = loadCoef[m]!;
          break;
        }
      }
      const a = remaining[line]! + currentA * ownCoefficient;
      if (a < availableA) {
        availableA = a;
        bound = line;
      }
    }
  }
  // Then its own budget lines, after the row's phase lines.
  const budgetFrom = from + phaseLines;
  for (let k = budgetFrom; k < to; k++) {
    const line = loadLine[k]!;
    let coefficient = loadCoef[k]!;
    const kind = kinds[line];
    if (kind === 'peak' || kind === 'external') coefficient *= budgetScale;
    else if (!(withSurplus && (kind === 'surplus' || kind === 'surplusStart'))) continue;
    if (coefficient <= 0) continue;
    // A line appears once in a row: its own coefficient is the row's.
    const a = (remaining[line]! + currentA * loadCoef[k]!) / coefficient;
    if (a < availableA) {
      availableA = a;
      bound = line;
    }
  }
  out.availableA = availableA;
  out.line = bound;
  return out;
}

const probe: Headroom = { availableA: 0, line: null };

/**
 * For a charger that can switch phases: whether its minimum fits with three phases and with one,
 * given what the others take, into `out`. pv and minpv devices also need the surplus to cover that
 * minimum (so a surplus between 1.4 and 4.1 kW at 6 A means one phase). Null when it cannot switch.
 */
export function switchFit(
  /** The charger's configured (3-phase) wiring and its 1-phase wiring (undefined: cannot switch). */
  three: DeviceWiring,
  one: DeviceWiring | undefined,
  cp: CycleProblem,
  plan: DevicePlan,
  index: number,
  targetA: number,
  surplusW: number,
  out: SwitchFit,
): SwitchFit | null {
  if (!one || plan.off !== null) return null;
  const solar = plan.mode === 'pv' || plan.mode === 'minpv';
  const wattsPerA = plan.wiring.wattsPerA;
  const h3 = headroom(cp, index, targetA, three, three.wattsPerA / wattsPerA, false, probe).availableA;
  out.fits3 =
    h3 >= three.range.minA - 1e-9 && (!solar || surplusW >= three.range.minA * three.wattsPerA - 1e-6);
  const h1 = headroom(cp, index, targetA, one, one.wattsPerA / wattsPerA, false, probe).availableA;
  out.fits1 = h1 >= one.range.minA - 1e-9 && (!solar || surplusW >= one.range.minA * one.wattsPerA - 1e-6);
  return out;
}
