// Builds the solver's input for one cycle: per circuit phase the capacity left for the
// controllable devices (limit − margin − base load, at every level of the tree), the neutral, and
// budgets as extra lines in "site amps" at voltageV (coefficient = a device's W per A / V): the
// quarter-hour budget, the external limit, and the solar surplus for pv-like devices.
import type { SiteConfig } from '../site/schema.js';
import type { CircuitLoads } from './estimate.js';
import type { DevicePlan } from './modes.js';
import type { SolverDevice, SolverLine, SolverLoad, SolverProblem } from './solver-types.js';
import type { DeviceWiring, Topology } from './topology.js';

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

  // Budgets in "site amps": capacity W / V; each device on one loads it with its W per A / V.
  const lines: SolverLine[] = topology.lines.map((l, i) => ({ label: l.label, capacityA: capacityA[i]! }));
  const budgetLine = (label: string, kind: LineKind, powerW: number) => {
    lines.push({ label, capacityA: powerW / site.voltageV });
    kinds.push(kind);
    return 1 << (lines.length - 1 - topology.lines.length);
  };
  const peakBit = budgets.peakW !== null ? budgetLine(PEAK_LABEL, 'peak', budgets.peakW) : 0;
  const externalBit =
    budgets.externalW !== null ? budgetLine(EXTERNAL_LABEL, 'external', budgets.externalW) : 0;

  const surplusW = Math.max(0, budgets.surplusW);
  // Credited devices (minpv, planned, a started pv device) keep their minimum when the surplus
  // falls short, and share the surplus when it is more: together max(surplus, Σ minimums).
  let creditW = 0;
  let anySolar = false;
  let anyCandidate = false;
  for (const p of plans) {
    if (p.off === null && p.solar === 'credited') creditW += p.range.minA * p.wiring.wattsPerA;
    if (p.solar !== 'none') anySolar = true;
    if (p.solar === 'candidate' && p.off === null) anyCandidate = true;
  }
  const surplusBit = anySolar ? budgetLine(SURPLUS_LABEL, 'surplus', Math.max(surplusW, creditW)) : 0;
  // A pv device that has not started must be covered by the surplus alone, not by the credits.
  const startBit = anyCandidate ? budgetLine(`${SURPLUS_LABEL} to start`, 'surplusStart', surplusW) : 0;

  const merged = mergedLoads(topology);
  const withNeutral = topology.neutralLine !== null;
  const devices = plans.map((p, i): SolverDevice => {
    const t = topology.devices[i]!;
    const onePhase = p.wiring !== t.wiring;
    let mask = peakBit | externalBit;
    if (p.solar !== 'none') mask |= surplusBit;
    if (p.solar === 'candidate') mask |= startBit;
    const slots = (merged[2 * i + (onePhase ? 1 : 0)] ??= []);
    const loads = (slots[mask] ??= withBudgets(p.wiring, mask, topology.lines.length, site.voltageV));
    // Every field set, in one order (as solverProblem does): one object shape keeps the solver fast.
    return {
      id: t.id,
      priority: t.config.priority,
      minA: p.range.minA,
      maxA: p.range.maxA,
      stepA: p.range.stepA,
      levelsA: p.range.levelsA,
      loads,
      phaseA: withNeutral ? p.wiring.phaseA : undefined,
      forcedOff: p.off !== null,
      shedRank: p.shedRank,
    };
  });
  const problem: SolverProblem = { lines, devices, idOrder: topology.idOrder };
  if (topology.neutralLine !== null) {
    const base = loads.baseA[0] ?? [0, 0, 0];
    problem.neutral = { line: topology.neutralLine, baseA: [base[0], base[1], base[2]] };
  }
  return { problem, kinds };
}

/**
 * Per device and wiring (2·i, 2·i + 1 for one phase), its loads with the budget lines of each mask
 * (bit k: the k-th budget line): the same arrays every cycle, built once per configuration.
 */
const mergedCache = new WeakMap<Topology, SolverLoad[][][]>();
function mergedLoads(topology: Topology): SolverLoad[][][] {
  let cache = mergedCache.get(topology);
  if (!cache) {
    cache = [];
    mergedCache.set(topology, cache);
  }
  return cache;
}

function withBudgets(
  wiring: DeviceWiring,
  mask: number,
  firstBudget: number,
  voltageV: number,
): SolverLoad[] {
  if (mask === 0) return wiring.loads;
  const loads = [...wiring.loads];
  for (let k = 0; mask >> k !== 0; k++) {
    if ((mask >> k) & 1) loads.push({ line: firstBudget + k, coefficient: wiring.wattsPerA / voltageV });
  }
  return loads;
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
