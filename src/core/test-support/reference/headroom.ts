// What one device could still get once the others have their targets: the least, over the lines
// it loads, of (capacity left + its own share) / its coefficient. Used for the numbers in
// "paused: 3.1 A available …" and for 1p/3p switching (the same question with other wiring).
import type { DevicePlan } from './modes.js';
import type { SwitchFit } from './phase-switch.js';
import type { LineKind } from './problem.js';
import type { SolverLoad, SolverProblem } from './solver-types.js';
import type { DeviceWiring, TopologyDevice } from './topology.js';

export interface Headroom {
  availableA: number;
  /** The line that gives the least, or null when no line bounds it. */
  line: number | null;
}

/**
 * @param wiringLoads the phase-line loads to ask about (the device's own, or another wiring's)
 * @param budgetScale budget coefficients of the other wiring relative to the present one
 * @param withSurplus include the solar surplus lines
 */
export function headroom(
  problem: SolverProblem,
  kinds: LineKind[],
  remaining: number[],
  device: number,
  currentA: number,
  wiringLoads: readonly SolverLoad[],
  budgetScale: number,
  withSurplus: boolean,
): Headroom {
  const own = problem.devices[device]?.loads ?? [];
  let availableA = Infinity;
  let bound: number | null = null;
  // The least (left on the line + its own share) / coefficient: plain loops, this runs per device.
  for (let pass = 0; pass < 2; pass++) {
    const list = pass === 0 ? wiringLoads : own;
    for (let j = 0; j < list.length; j++) {
      const load = list[j]!;
      const line = load.line;
      let coefficient = load.coefficient;
      if (pass === 1) {
        const kind = kinds[line];
        if (kind === 'peak' || kind === 'external') coefficient *= budgetScale;
        else if (!(withSurplus && (kind === 'surplus' || kind === 'surplusStart'))) continue;
      }
      if (coefficient <= 0) continue;
      let ownCoefficient = 0;
      for (let m = 0; m < own.length; m++) {
        if (own[m]!.line === line) {
          ownCoefficient = own[m]!.coefficient;
          break;
        }
      }
      const a = ((remaining[line] ?? 0) + currentA * ownCoefficient) / coefficient;
      if (a < availableA) {
        availableA = a;
        bound = line;
      }
    }
  }
  const best: Headroom = { availableA, line: bound };
  return best;
}

/**
 * For a charger that can switch phases: whether its minimum fits with three phases and with one,
 * given what the others take. pv and minpv devices also need the surplus to cover that minimum
 * (so a surplus between 1.4 and 4.1 kW at 6 A means one phase).
 */
export function switchFit(
  device: TopologyDevice,
  cycle: { problem: SolverProblem; kinds: LineKind[] },
  remaining: number[],
  plan: DevicePlan,
  index: number,
  targetA: number,
  surplusW: number,
): SwitchFit | null {
  const one = device.singlePhase;
  if (!one || plan.off !== null) return null;
  const fits = (w: DeviceWiring) => {
    const h = headroom(
      cycle.problem,
      cycle.kinds,
      remaining,
      index,
      targetA,
      w.loads,
      w.wattsPerA / plan.wiring.wattsPerA,
      false,
    );
    const solarOk =
      plan.mode !== 'pv' && plan.mode !== 'minpv' ? true : surplusW >= w.range.minA * w.wattsPerA - 1e-6;
    return h.availableA >= w.range.minA - 1e-9 && solarOk;
  };
  return { fits3: fits(device.wiring), fits1: fits(one) };
}
