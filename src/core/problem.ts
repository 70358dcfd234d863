// Builds the solver's input for one cycle: per circuit phase the capacity left for the
// controllable devices (limit − margin − base load, at every level of the tree), the neutral, and
// budgets as extra lines in "site amps" at voltageV (coefficient = a device's W per A / V): the
// quarter-hour budget, the external limit, and the solar surplus for pv-like devices.
import type { SiteConfig } from '../site/schema.js';
import type { CircuitLoads } from './estimate.js';
import type { DevicePlan } from './modes.js';
import { solverProblem, type DeviceRequest, type ExtraLine } from './solver-input.js';
import type { SolverProblem } from './solver-types.js';
import type { Topology } from './topology.js';

export type LineKind = 'phase' | 'neutral' | 'peak' | 'external' | 'surplus' | 'surplusStart';

export interface Budgets {
  /** W the devices together may draw under the quarter-hour budget (allowed − base), or null. */
  peakW: number | null;
  /** The external limit for the devices together, W, or null. */
  externalW: number | null;
  /** Export available to pv-like devices (what they draw now included), W. */
  surplusW: number;
}

export interface CycleProblem {
  problem: SolverProblem;
  kinds: LineKind[];
}

export const SURPLUS_LABEL = 'solar surplus';
export const PEAK_LABEL = 'quarter-hour budget';
export const EXTERNAL_LABEL = 'external limit';

export function buildProblem(
  config: SiteConfig,
  topology: Topology,
  loads: CircuitLoads,
  plans: DevicePlan[],
  mainLimitA: number,
  budgets: Budgets,
): CycleProblem {
  const { site } = config;
  const kinds: LineKind[] = [];
  const capacityA = topology.lines.map((line) => {
    if (line.phase === null) {
      kinds.push('neutral');
      return (site.neutralA ?? 0) - site.marginA;
    }
    kinds.push('phase');
    const circuit = topology.circuits[line.circuit];
    const limitA = line.circuit === 0 ? mainLimitA : (circuit?.fuseA ?? 0);
    return limitA - (circuit?.marginA ?? 0) - (loads.baseA[line.circuit]?.[line.phase] ?? 0);
  });

  const extraLines: ExtraLine[] = [];
  const powerLine = (label: string, kind: LineKind, powerW: number, on: (p: DevicePlan) => boolean) => {
    const lineLoads: ExtraLine['loads'] = [];
    plans.forEach((p, i) => {
      if (on(p)) lineLoads.push({ device: i, coefficient: p.wiring.wattsPerA / site.voltageV });
    });
    extraLines.push({ label, capacityA: powerW / site.voltageV, loads: lineLoads });
    kinds.push(kind);
  };
  if (budgets.peakW !== null) powerLine(PEAK_LABEL, 'peak', budgets.peakW, () => true);
  if (budgets.externalW !== null) powerLine(EXTERNAL_LABEL, 'external', budgets.externalW, () => true);

  const surplusW = Math.max(0, budgets.surplusW);
  // Credited devices (minpv, planned, a started pv device) keep their minimum when the surplus
  // falls short, and share the surplus when it is more: together max(surplus, Σ minimums).
  let creditW = 0;
  for (const p of plans) {
    if (p.off === null && p.solar === 'credited') creditW += p.range.minA * p.wiring.wattsPerA;
  }
  if (plans.some((p) => p.solar !== 'none')) {
    powerLine(SURPLUS_LABEL, 'surplus', Math.max(surplusW, creditW), (p) => p.solar !== 'none');
  }
  if (plans.some((p) => p.solar === 'candidate' && p.off === null)) {
    // A pv device that has not started must be covered by the surplus alone, not by the credits.
    powerLine(`${SURPLUS_LABEL} to start`, 'surplusStart', surplusW, (p) => p.solar === 'candidate');
  }

  const devices = plans.map((p, i): DeviceRequest => {
    const request: DeviceRequest = {
      minA: p.range.minA,
      maxA: p.range.maxA,
      stepA: p.range.stepA,
      priority: topology.devices[i]?.config.priority ?? 0,
      shedRank: p.shedRank,
      forcedOff: p.off !== null,
      onePhase: p.wiring !== topology.devices[i]?.wiring,
    };
    if (p.range.levelsA) request.levelsA = p.range.levelsA;
    return request;
  });
  const base = loads.baseA[0] ?? [0, 0, 0];
  const problem = solverProblem(topology, {
    capacityA,
    neutralBaseA: [base[0], base[1], base[2]],
    devices,
    extraLines,
  });
  return { problem, kinds };
}

/** Per line: capacity left once the devices draw currentA (negative when over; the neutral from usedA). */
export function remainingA(problem: SolverProblem, currentA: number[], usedA: number[]): number[] {
  const left = problem.lines.map((l) => l.capacityA);
  problem.devices.forEach((d, i) => {
    const x = currentA[i] ?? 0;
    if (x === 0) return;
    for (const load of d.loads) left[load.line] = (left[load.line] ?? 0) - x * load.coefficient;
  });
  if (problem.neutral) {
    const n = problem.neutral.line;
    left[n] = (problem.lines[n]?.capacityA ?? 0) - (usedA[n] ?? 0);
  }
  return left;
}
