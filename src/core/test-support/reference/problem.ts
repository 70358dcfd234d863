// Builds the solver's input for one cycle: per circuit phase the capacity left for the
// controllable devices (limit − margin − base load, at every level of the tree), the neutral, and
// budgets as extra lines in "site amps" at voltageV (coefficient = a device's W per A / V): the
// quarter-hour budget, the external limit, and the solar surplus for pv-like devices.
import type { SiteConfig } from '../../../site/schema.js';
import type { CircuitLoads } from './estimate.js';
import type { DevicePlan } from './modes.js';
import type { SolverDevice, SolverLine, SolverLoad, SolverProblem } from './solver-types.js';
import { idsAreFixed } from './solver-order.js';
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

/**
 * The solver's input for this cycle. Its devices are the topology's own SolverDevice objects,
 * refilled in place every call: use the problem within the cycle, before the next buildProblem.
 */
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
  const devices = solverDevices(topology);
  for (let i = 0; i < plans.length; i++) {
    const p = plans[i]!;
    const t = topology.devices[i]!;
    const onePhase = p.wiring !== t.wiring;
    let mask = peakBit | externalBit;
    if (p.solar !== 'none') mask |= surplusBit;
    if (p.solar === 'candidate') mask |= startBit;
    const slots = (merged[2 * i + (onePhase ? 1 : 0)] ??= []);
    const loads = (slots[mask] ??= withBudgets(p.wiring, mask, topology.lines.length, site.voltageV));
    // Every field set in place: the same objects every cycle (the solver keeps none of them).
    const d = devices[i]!;
    d.minA = p.range.minA;
    d.maxA = p.range.maxA;
    d.stepA = p.range.stepA;
    d.levelsA = p.range.levelsA;
    d.loads = loads;
    d.phaseA = withNeutral ? p.wiring.phaseA : undefined;
    d.forcedOff = p.off !== null;
    d.shedRank = p.shedRank;
  }
  const problem: SolverProblem = { lines, devices, idOrder: topology.idOrder };
  if (topology.neutralLine !== null) {
    const base = loads.baseA[0] ?? [0, 0, 0];
    problem.neutral = { line: topology.neutralLine, baseA: [base[0], base[1], base[2]] };
  }
  return { problem, kinds };
}

/**
 * The solver devices of a topology, one object per device made once (every field, in one order:
 * one object shape keeps the solver fast) and refilled each cycle by buildProblem.
 */
const devicesCache = new WeakMap<Topology, SolverDevice[]>();
function solverDevices(topology: Topology): SolverDevice[] {
  let devices = devicesCache.get(topology);
  if (!devices) {
    devices = topology.devices.map((t): SolverDevice => ({
      id: t.id,
      priority: t.config.priority,
      minA: 0,
      maxA: 0,
      stepA: 0,
      levelsA: undefined,
      loads: t.wiring.loads,
      phaseA: undefined,
      forcedOff: true,
      shedRank: 0,
    }));
    devicesCache.set(topology, devices);
    idsAreFixed(devices);
  }
  return devices;
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

export interface LineTotals {
  /** Per line: capacity left once the devices draw their currents (negative when over; the neutral from usedA). */
  remainingA: number[];
  /** Per line: how many devices got current on it, and the highest priority among them. */
  sharing: number[];
  topPriority: number[];
}

/** One pass over the devices' loads for what every line has left and who shares it. */
export function lineTotals(problem: SolverProblem, currentA: number[], usedA: number[]): LineTotals {
  const lines = problem.lines;
  const count = lines.length;
  const left = new Array<number>(count);
  const sharing = new Array<number>(count).fill(0);
  const top = new Array<number>(count).fill(-Infinity);
  for (let l = 0; l < count; l++) left[l] = lines[l]!.capacityA;
  const devices = problem.devices;
  for (let i = 0; i < devices.length; i++) {
    const x = currentA[i] ?? 0;
    if (x === 0) continue;
    const d = devices[i]!;
    const loads = d.loads;
    for (let k = 0; k < loads.length; k++) {
      const load = loads[k]!;
      const line = load.line;
      left[line] = left[line]! - x * load.coefficient;
      if (x > 0) {
        sharing[line] = sharing[line]! + 1;
        if (d.priority > top[line]!) top[line] = d.priority;
      }
    }
  }
  if (problem.neutral) {
    const n = problem.neutral.line;
    left[n] = (lines[n]?.capacityA ?? 0) - (usedA[n] ?? 0);
  }
  return { remainingA: left, sharing, topPriority: top };
}
