// What the allocator says besides the setpoints: each circuit's limit, base load and headroom,
// and the inputs that did not match the configuration.
import type { CircuitLoads } from './estimate.js';
import type { AllocatorInputs, CircuitStatus } from '../../inputs.js';
import type { CycleProblem } from './problem.js';
import type { Topology } from './topology.js';

const round = (x: number) => Math.round(x * 100) / 100;

export function circuitStatus(
  topology: Topology,
  loads: CircuitLoads,
  cycle: CycleProblem,
  remaining: number[],
  mainLimitA: number,
): CircuitStatus[] {
  const phases = topology.sitePhases;
  return topology.circuits.map((c, i): CircuitStatus => {
    const measured = loads.measuredA[i];
    const base = loads.baseA[i] ?? [0, 0, 0];
    return {
      id: c.id,
      limitA: i === 0 ? mainLimitA : c.fuseA,
      measuredA: measured ? phases.map((p) => round(measured[p])) : null,
      baseLoadA: phases.map((p) => round(base[p])),
      availableA: phases.map((p) => round(cycle.problem.lines[c.lines[p]]?.capacityA ?? 0)),
      headroomA: phases.map((p) => round(remaining[c.lines[p]] ?? 0)),
    };
  });
}

/**
 * @param knownInputs how many of the configuration's devices have an entry in inputs.devices, when
 * the caller has counted them: then ids are looked up only when there are more entries than that.
 */
export function inputWarnings(topology: Topology, inputs: AllocatorInputs, knownInputs?: number): string[] {
  const warnings: string[] = [];
  let entries = 0;
  if (knownInputs !== undefined) entries = Object.keys(inputs.devices).length;
  if (knownInputs === undefined || entries > knownInputs) {
    for (const id in inputs.devices) {
      if (!knownDevice(topology, id))
        warnings.push(`input device "${id}" is not in the configuration (ignored)`);
    }
  }
  const phases = topology.sitePhases.length;
  const grid = inputs.grid.netCurrentA;
  if (grid && grid.length < phases) {
    warnings.push(
      `grid.netCurrentA has ${grid.length} values for a ${phases}-phase site (missing ones read 0)`,
    );
  }
  for (const c of topology.circuits.slice(1)) {
    if (c.metered && !inputs.circuits?.[c.id]) {
      warnings.push(`circuit "${c.id}" is metered but its reading is missing: counted as unmetered`);
    }
  }
  for (const id of Object.keys(inputs.circuits ?? {})) {
    if (!topology.circuits.some((c) => c.id === id && c.metered)) {
      warnings.push(`input circuit "${id}" is not a metered circuit in the configuration (ignored)`);
    }
  }
  return warnings;
}

const deviceIds = new WeakMap<Topology, Set<string>>();
function knownDevice(topology: Topology, id: string): boolean {
  let ids = deviceIds.get(topology);
  if (!ids) {
    ids = new Set(topology.devices.map((d) => d.id));
    deviceIds.set(topology, ids);
  }
  return ids.has(id);
}
