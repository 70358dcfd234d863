// One full controller cycle, allocate(): estimate, budgets, modes, the solver, ramps and reasons
// for every device. Sites of 10 to 10,000 chargers in a tree of circuits (10 per circuit, the
// largest in 1,000 circuits), warm state, a varying base load. Goal: ≤ 10 ms at 10,000 devices.
import { allocate } from '../src/core/allocate.js';
import type { AllocatorInputs } from '../src/core/inputs.js';
import { emptyState, type AllocatorState } from '../src/core/state.js';
import { parseSiteConfig } from '../src/site/load.js';
import type { BenchResult } from './types.js';

const ROTATIONS = [
  ['L1', 'L2', 'L3'],
  ['L2', 'L3', 'L1'],
  ['L3', 'L1', 'L2'],
  ['L1'],
  ['L2'],
  ['L3'],
] as const;

function site(devices: number) {
  const circuits = Math.max(1, Math.ceil(devices / 10));
  const groups = Math.max(1, Math.ceil(circuits / 30));
  const config = {
    site: { phases: 3, fuseA: 10 * devices, peak: { targetW: 2300 * devices } },
    circuits: [
      ...Array.from({ length: groups }, (_, g) => ({ id: `g${g}`, fuseA: 20 * devices })),
      ...Array.from({ length: circuits }, (_, c) => ({ id: `c${c}`, parent: `g${c % groups}`, fuseA: 63 })),
    ],
    devices: Array.from({ length: devices }, (_, d) => ({
      id: `d${d}`,
      kind: 'charger',
      circuit: `c${d % circuits}`,
      phases: ROTATIONS[d % ROTATIONS.length],
      maxA: 16 + (d % 17),
      priority: d % 3,
      mode: d % 7 === 0 ? 'minpv' : 'now',
      ...(d % 12 === 0 ? { phaseSwitching: {} } : {}),
    })),
  };
  return parseSiteConfig(JSON.stringify(config), `<bench ${devices}>`);
}

function inputs(devices: number, cycle: number): AllocatorInputs {
  const base = 3 * devices + 0.5 * devices * Math.sin(cycle / 5);
  const measured: AllocatorInputs['devices'] = {};
  for (let d = 0; d < devices; d++) measured[`d${d}`] = { measuredA: [6 + ((d + cycle) % 5)] };
  return { grid: { netCurrentA: [base, base * 0.9, base * 1.1] }, devices: measured };
}

export async function bench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const n of [10, 100, 1000, 10_000]) {
    const config = site(n);
    let state: AllocatorState = emptyState();
    let nowMs = Date.parse('2026-11-24T10:00:00+01:00');
    const warm = n >= 10_000 ? 5 : 20;
    const cycles = n >= 10_000 ? 20 : n >= 1000 ? 50 : 300;
    const prepared = Array.from({ length: warm + cycles }, (_, c) => inputs(n, c));
    for (let c = 0; c < warm; c++) {
      state = allocate(config, prepared[c]!, state, (nowMs += 1000)).state;
    }
    const started = process.hrtime.bigint();
    for (let c = warm; c < warm + cycles; c++) {
      state = allocate(config, prepared[c]!, state, (nowMs += 1000)).state;
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6 / cycles;
    const circuits = Math.ceil(n / 10);
    results.push({
      name: `allocate() cycle, ${n.toLocaleString('en')} devices in ${circuits.toLocaleString('en')} circuits`,
      value: ms,
      unit: 'ms',
      ...(n === 10_000 ? { goal: '≤ 10' } : {}),
    });
  }
  return results;
}
