// The allocator's cost per cycle at 10 to 10,000 devices (the largest in 1,000 circuits), on the
// two sites of bench/allocate-sites.ts ("home": the everyday site; "hard": tight fuses, shedding,
// every kind of device, a neutral limit). Per size:
//   - the topology, built once per configuration (not per cycle);
//   - solve() alone on the hard site;
//   - allocate(), one full cycle with warm state (estimate, budgets, modes, the solver, ramps,
//     1p/3p switching and a reason for every device), on both sites.
//   - allocate() on a 3-device home (the simulator's case, issue 4): µs per cycle, p50 of batches.
// Each figure is the median (p50) of many calls after a warm-up, through tsx, in one process that
// holds every size's sites and solver problems. The goal (≤ 10 ms per allocate() cycle at 10,000
// devices) is timed as a daemon runs it, compiled and in a process of its own, by
// bench/allocate-scaling.bench.ts; these rows give the ladder from 10 to 10,000 devices.
// allocate() fills the solver's typed arrays itself; the solve() rows are the object entry
// (SolverProblem in, SolverAllocation out).
import { allocate } from '../src/core/allocate.js';
import type { AllocatorInputs } from '../src/core/inputs.js';
import { solve } from '../src/core/solver.js';
import { emptyState, type AllocatorState } from '../src/core/state.js';
import { buildTopology, type Topology } from '../src/core/topology.js';
import type { SiteConfig } from '../src/site/schema.js';
import { hardInputs, hardProblem, hardSite, homeInputs, homeSite } from './allocate-sites.js';
import type { BenchResult } from './types.js';

const SIZES = [10, 100, 1000, 10_000];
/** Distinct inputs cycled through, so that base loads, draws and shed orders keep changing. */
const VARIANTS = 8;

/** The median time of `runs` calls after `warm` untimed ones, in ms. */
export function p50Ms(warm: number, runs: number, run: (i: number) => void): number {
  for (let i = 0; i < warm; i++) run(i);
  const times = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    run(warm + i);
    times[i] = Number(process.hrtime.bigint() - started) / 1e6;
  }
  times.sort();
  return times[runs >> 1]!;
}

/**
 * p50 of one allocate() cycle with warm state, one second apart. With `readAll`, the cycle also
 * reads every decision's setpoint and reason and the warnings: a large site's result makes those
 * when first read (src/core/decisions.ts), so this is the cycle's cost for a caller that uses all.
 */
export function cycleMs(
  topology: Topology,
  inputs: (t: Topology, cycle: number) => AllocatorInputs,
  runs: number,
  readAll = false,
): number {
  const prepared = Array.from({ length: VARIANTS }, (_, c) => inputs(topology, c));
  let state: AllocatorState = emptyState();
  let nowMs = Date.parse('2026-11-24T18:00:00+01:00');
  let read = 0;
  const ms = p50Ms(Math.max(5, runs >> 2), runs, (i) => {
    const result = allocate(topology, prepared[i % VARIANTS]!, state, (nowMs += 1000));
    if (readAll) {
      for (const d of result.devices) read += d.setpointA + d.reason.length;
      read += result.warnings.length;
    }
    state = result.state;
  });
  if (readAll && !(read > 0)) throw new Error('the bench read no decisions');
  return ms;
}

/** p50 of one allocate() cycle in µs, over batches of cycles (a cycle is too short to time alone). */
export function cycleUs(topology: Topology, inputs: (t: Topology, cycle: number) => AllocatorInputs): number {
  const prepared = Array.from({ length: VARIANTS }, (_, c) => inputs(topology, c));
  let state: AllocatorState = emptyState();
  let nowMs = Date.parse('2026-11-24T18:00:00+01:00');
  const batch = 2000;
  return (
    p50Ms(3, 15, () => {
      for (let i = 0; i < batch; i++) {
        state = allocate(topology, prepared[i % VARIANTS]!, state, (nowMs += 1000)).state;
      }
    }) *
    (1000 / batch)
  );
}

function topologyMs(config: SiteConfig): number {
  return p50Ms(1, 5, () => buildTopology(config));
}

export async function bench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [
    {
      name: 'allocate() cycle, home, 3 devices',
      value: cycleUs(buildTopology(homeSite(3)), homeInputs),
      unit: 'µs',
    },
  ];
  for (const n of SIZES) {
    const label = `${n.toLocaleString('en')} devices`;
    const runs = n >= 10_000 ? 41 : n >= 1000 ? 101 : 501;

    const hard = hardSite(n);
    const hardTopology = buildTopology(hard);
    results.push({ name: `topology (once per config), hard, ${label}`, value: topologyMs(hard), unit: 'ms' });
    const problems = Array.from({ length: VARIANTS }, (_, c) => hardProblem(hardTopology, c));
    const solveMs = p50Ms(VARIANTS, runs, (i) => solve(problems[i % VARIANTS]!));
    results.push({ name: `solve(), hard, ${label}`, value: solveMs, unit: 'ms' });
    results.push({
      name: `allocate() cycle, hard, ${label}`,
      value: cycleMs(hardTopology, hardInputs, runs),
      unit: 'ms',
    });

    const homeTopology = buildTopology(homeSite(n));
    results.push({
      name: `allocate() cycle, home, ${label}`,
      value: cycleMs(homeTopology, homeInputs, runs),
      unit: 'ms',
    });
    if (n === 10_000) {
      for (const [site, topology, inputs] of [
        ['hard', hardTopology, hardInputs],
        ['home', homeTopology, homeInputs],
      ] as const) {
        results.push({
          name: `allocate() cycle + every decision and warning read, ${site}, ${label}`,
          value: cycleMs(topology, inputs, runs, true),
          unit: 'ms',
        });
      }
    }
  }
  return results;
}
