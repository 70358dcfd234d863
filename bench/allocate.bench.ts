// The allocator's cost on a hard site: 10 to 10,000 devices (the largest in 1,000 circuits under 34
// groups under main), tight fuses so that most lines saturate and minimums get shed, every kind of
// device (1- and 3-phase chargers in 1 A and 0.1 A steps, heat pumps with levels, batteries), three
// priority classes, a neutral limit and a quarter-hour budget line. Three figures per size:
//   - the topology, built once per configuration;
//   - the solver alone, solve(), one cycle;
//   - allocate(), one full cycle with warm state (bench/cycle.bench.ts has the controller's own site).
// Goal: ≤ 10 ms per cycle at 10,000 devices, growing linearly.
import { allocate } from '../src/core/allocate.js';
import type { AllocatorInputs } from '../src/core/inputs.js';
import { powerLine, solverProblem } from '../src/core/solver-input.js';
import { solve } from '../src/core/solver.js';
import { emptyState, type AllocatorState } from '../src/core/state.js';
import { buildTopology, type Topology } from '../src/core/topology.js';
import { parseSiteConfig } from '../src/site/load.js';
import type { BenchResult } from './types.js';

const SIZES = [10, 100, 1000, 10_000];
const ROTATIONS = [['L1', 'L2', 'L3'], ['L2', 'L3', 'L1'], ['L3', 'L1', 'L2'], ['L1'], ['L2'], ['L3']];

function device(d: number, circuit: string) {
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

function site(n: number) {
  const circuits = Math.max(1, Math.ceil(n / 10));
  const groups = Math.max(1, Math.ceil(circuits / 30));
  return parseSiteConfig(
    JSON.stringify({
      // Tight: about 7 A per device at main, 40 A for 10 devices of up to 32 A on each circuit.
      site: { phases: 3, fuseA: 7 * n + 20, neutralA: 2 * n + 20 },
      circuits: [
        ...Array.from({ length: groups }, (_, g) => ({ id: `g${g}`, fuseA: 9 * (n / groups) + 20 })),
        ...Array.from({ length: circuits }, (_, c) => ({ id: `c${c}`, parent: `g${c % groups}`, fuseA: 40 })),
      ],
      devices: Array.from({ length: n }, (_, d) => device(d, `c${d % circuits}`)),
    }),
    `<bench ${n}>`,
  );
}

/** A cycle's solver input: base loads vary with the cycle, shedRank rotates, some devices are off. */
function problem(t: Topology, cycle: number) {
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

function inputs(t: Topology, cycle: number): AllocatorInputs {
  const n = t.devices.length;
  const base = 2 * n + 0.5 * n * Math.sin(cycle / 5);
  const measured: AllocatorInputs['devices'] = {};
  for (const [d, dev] of t.devices.entries()) {
    measured[dev.id] = { measuredA: dev.wiring.sitePhases.map(() => 6 + ((d + cycle) % 5)) };
  }
  return { grid: { netCurrentA: [base, base * 0.9, base * 1.1] }, devices: measured };
}

/** The best of five rounds of `runs` calls, in ms per call: the least disturbed by other work. */
function timeMs(runs: number, run: (i: number) => void): number {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) run(round * runs + i);
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6 / runs);
  }
  return best;
}

export async function bench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const n of SIZES) {
    const config = site(n);
    const label = `${n.toLocaleString('en')} devices, ${Math.ceil(n / 10).toLocaleString('en')} circuits`;
    const runs = n >= 10_000 ? 4 : n >= 1000 ? 10 : 60;
    const goal = n === 10_000 ? { goal: '≤ 10' } : {};

    const topology = buildTopology(config);
    const topologyMs = timeMs(1, () => buildTopology(config));
    results.push({ name: `topology (once per config), ${label}`, value: topologyMs, unit: 'ms' });

    const problems = Array.from({ length: 8 }, (_, c) => problem(topology, c));
    const solveMs = timeMs(runs, (i) => solve(problems[i % problems.length]!));
    results.push({ name: `solve(), ${label}`, value: solveMs, unit: 'ms', ...goal });

    let state: AllocatorState = emptyState();
    let nowMs = Date.parse('2026-11-24T18:00:00+01:00');
    const cycleInputs = Array.from({ length: 8 }, (_, c) => inputs(topology, c));
    for (let c = 0; c < 3; c++) state = allocate(topology, cycleInputs[c]!, state, (nowMs += 1000)).state;
    const allocateMs = timeMs(runs, (i) => {
      state = allocate(topology, cycleInputs[i % cycleInputs.length]!, state, (nowMs += 1000)).state;
    });
    results.push({ name: `allocate() cycle, ${label}`, value: allocateMs, unit: 'ms', ...goal });
  }
  return results;
}
