// How the allocator's cycle grows with the site (issue 3: "growing linearly"): the home site of
// bench/allocate-sites.ts at 1,000 to 20,000 devices, compiled code (bench/compiled.ts), p50 of one
// allocate() cycle divided by the devices. The work per device is the same at every size; what
// changes is where its data lives. Up to about 5,000 devices a cycle's data (the topology, the plans,
// the memories, the solver's arrays, the inputs) stays in the caches; beyond, more of it comes from
// memory, and the cost per device rises (docs/benchmarks.md, session 7).
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type * as Allocate from '../src/core/allocate.js';
import type { AllocatorState } from '../src/core/state.js';
import { homeInputs, homeSite } from './allocate-sites.js';
import { compileOnce } from './compiled.js';
import { p50Ms } from './allocate.bench.js';
import type { BenchResult } from './types.js';

const SIZES = [1000, 2000, 5000, 10_000, 20_000];
const VARIANTS = 8;

export async function bench(): Promise<BenchResult[]> {
  const dist = compileOnce();
  const { allocate, topologyOf } = (await import(
    pathToFileURL(join(dist, 'core/allocate.js')).href
  )) as typeof Allocate;
  const results: BenchResult[] = [];
  for (const n of SIZES) {
    const site = homeSite(n);
    const topology = topologyOf(site);
    const inputs = Array.from({ length: VARIANTS }, (_, c) => homeInputs(topology, c));
    let state: AllocatorState = { lastMs: null, devices: {}, quarter: null, month: null };
    let nowMs = Date.parse('2026-11-24T18:00:00+01:00');
    const runs = Math.max(41, Math.round(400_000 / n));
    const ms = p50Ms(runs >> 2, runs, (i) => {
      state = allocate(site, inputs[i % VARIANTS]!, state, (nowMs += 1000)).state;
    });
    results.push({
      name: `allocate() per device, home, ${n.toLocaleString('en')} devices (compiled)`,
      value: (ms * 1e6) / n,
      unit: 'ns',
    });
  }
  return results;
}
