// The two sites bench/allocate.bench.ts measures, 10 to 10,000 devices (the largest in 1,000
// circuits under 34 groups under main), and their per-cycle inputs:
//   - "home": the controller's everyday site. Chargers in 1- and 3-phase rotations, three priority
//     classes, some in minpv, some with 1p/3p switching, a quarter-hour budget; room for most.
//   - "hard": the solver's worst case. Tight fuses so that most lines saturate and about 40 % of the
//     devices are shed, every kind of device (chargers in 1 A and 0.1 A steps, heat pumps with
//     levels, batteries), a neutral limit and a budget line.
import type { AllocatorInputs } from '../src/core/inputs.js';
import { powerLine, solverProblem } from '../src/core/solver-input.js';
import type { SolverProblem } from '../src/core/solver-types.js';
import type { Topology } from '../src/core/topology.js';
import type { SiteConfig } from '../src/site/schema.js';
import { parseSiteConfig } from '../src/site/load.js';

const ROTATIONS = [['L1', 'L2', 'L3'], ['L2', 'L3', 'L1'], ['L3', 'L1', 'L2'], ['L1'], ['L2'], ['L3']];

function tree(n: number, groupFuseA: (groups: number) => number, circuitFuseA: number) {
  const circuits = Math.max(1, Math.ceil(n / 10));
  const groups = Math.max(1, Math.ceil(circuits / 30));
  return [
    ...Array.from({ length: groups }, (_, g) => ({ id: `g${g}`, fuseA: groupFuseA(groups) })),
    ...Array.from({ length: circuits }, (_, c) => ({
      id: `c${c}`,
      parent: `g${c % groups}`,
      fuseA: circuitFuseA,
    })),
  ];
}

const circuitOf = (n: number, d: number) => `c${d % Math.max(1, Math.ceil(n / 10))}`;

export function homeSite(n: number): SiteConfig {
  const config = {
    site: { phases: 3, fuseA: 10 * n, peak: { targetW: 2300 * n } },
    circuits: tree(n, () => 20 * n, 63),
    devices: Array.from({ length: n }, (_, d) => ({
      id: `d${d}`,
      kind: 'charger',
      circuit: circuitOf(n, d),
      phases: ROTATIONS[d % ROTATIONS.length],
      maxA: 16 + (d % 17),
      priority: d % 3,
      mode: d % 7 === 0 ? 'minpv' : 'now',
      ...(d % 12 === 0 ? { phaseSwitching: {} } : {}),
    })),
  };
  return parseSiteConfig(JSON.stringify(config), `<bench home ${n}>`);
}

export function homeInputs(t: Topology, cycle: number): AllocatorInputs {
  const n = t.devices.length;
  const base = 3 * n + 0.5 * n * Math.sin(cycle / 5);
  const devices: AllocatorInputs['devices'] = {};
  for (let d = 0; d < n; d++) devices[`d${d}`] = { measuredA: [6 + ((d + cycle) % 5)] };
  return { grid: { netCurrentA: [base, base * 0.9, base * 1.1] }, devices };
}

function hardDevice(d: number, circuit: string) {
  const common = { id: `d${String(d).padStart(5, '0')}`, circuit, priority: d % 3 };
  if (d % 10 === 7)
    return { ...common, kind: 'stepped', phases: ['L1', 'L2', 'L3'], stepsW: [2000, 4000, 6000] };
  if (d % 10 === 9)
    return { ...common, kind: 'battery', phases: ['L2'], maxChargeW: 3000, maxDischargeW: 3000 };
  return {
    ...common,
    kind: 'charger',
    phases: ROTATIONS[d % ROTATIONS.length],
    maxA: 16 + (d % 17),
    stepA: d % 4 === 0 ? 0.1 : 1,
  };
}

export function hardSite(n: number): SiteConfig {
  const config = {
    // Tight: about 7 A per device at main, 40 A for 10 devices of up to 32 A on each circuit.
    site: { phases: 3, fuseA: 7 * n + 20, neutralA: 2 * n + 20 },
    circuits: tree(n, (groups) => 9 * (n / groups) + 20, 40),
    devices: Array.from({ length: n }, (_, d) => hardDevice(d, circuitOf(n, d))),
  };
  return parseSiteConfig(JSON.stringify(config), `<bench hard ${n}>`);
}

/** A cycle's solver input: base loads vary with the cycle, shedRank rotates, some devices are off. */
export function hardProblem(t: Topology, cycle: number): SolverProblem {
  const capacityA = t.lines.map((l, i) => {
    if (l.phase === null) return (t.config.site.neutralA ?? 0) - t.config.site.marginA;
    const c = t.circuits[l.circuit]!;
    return c.fuseA - c.marginA - 0.2 * c.fuseA * (1 + Math.sin(cycle / 3 + i));
  });
  const devices = t.devices.map((d, i) => {
    const { minA, maxA, stepA, levelsA } = d.wiring.range;
    return {
      minA,
      maxA,
      stepA,
      levelsA,
      priority: d.config.priority,
      shedRank: (i * 7919 + cycle) % 97,
      forcedOff: (i + cycle) % 23 === 0,
    };
  });
  const budget = powerLine(t, { devices }, 'quarter-hour budget', 1200 * t.devices.length, () => true);
  const base = 0.5 * t.devices.length;
  return solverProblem(t, {
    capacityA,
    devices,
    extraLines: [budget],
    neutralBaseA: [base, 0.8 * base, 0.6 * base],
  });
}

export function hardInputs(t: Topology, cycle: number): AllocatorInputs {
  const n = t.devices.length;
  const base = 2 * n + 0.5 * n * Math.sin(cycle / 5);
  const devices: AllocatorInputs['devices'] = {};
  for (const [d, dev] of t.devices.entries()) {
    devices[dev.id] = { measuredA: dev.wiring.sitePhases.map(() => 6 + ((d + cycle) % 5)) };
  }
  return { grid: { netCurrentA: [base, base * 0.9, base * 1.1] }, devices };
}

/** Input variants per site file (the child cycles through them). */
const FILE_VARIANTS = 8;

/**
 * A site and its input variants as bench/allocate-child.mjs and bench/allocate-duel.mjs read them
 * (JSON): the scaling bench's goal rows and ladder, and bench/allocate-site-file.ts for duels.
 */
export function siteFileJson(
  name: 'home' | 'hard',
  n: number,
  topologyOf: (site: SiteConfig) => Topology,
): string {
  const site = name === 'home' ? homeSite(n) : hardSite(n);
  const inputs = name === 'home' ? homeInputs : hardInputs;
  const topology = topologyOf(site);
  return JSON.stringify({
    site,
    inputs: Array.from({ length: FILE_VARIANTS }, (_, c) => inputs(topology, c)),
  });
}
