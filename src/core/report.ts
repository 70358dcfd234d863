// What the allocator says besides the setpoints: each circuit's limit, base load and headroom,
// and the inputs that did not match the configuration.
import type { CircuitLoads } from './estimate.js';
import type { AllocatorInputs, CircuitStatus } from './inputs.js';
import type { CycleProblem } from './problem.js';
import type { Topology } from './topology.js';

const round = (x: number) => Math.round(x * 100) / 100;

export function circuitStatus(
  topology: Topology,
  loads: CircuitLoads,
  cycle: CycleProblem,
  mainLimitA: number,
): CircuitStatus[] {
  const phases = topology.sitePhases;
  const { capacity } = cycle.work;
  const remaining = cycle.remainingA;
  const circuits = topology.circuits;
  const out = new Array<CircuitStatus>(circuits.length);
  for (let i = 0; i < circuits.length; i++) {
    const c = circuits[i]!;
    const lines = c.lines;
    out[i] = {
      id: c.id,
      limitA: i === 0 ? mainLimitA : c.fuseA,
      measuredA: loads.hasMeasured[i] === 1 ? perPhase(phases, loads.measuredA, 3 * i) : null,
      baseLoadA: perPhase(phases, loads.baseA, 3 * i),
      availableA: perPhase(phases, capacity, 0, lines),
      headroomA: perPhase(phases, remaining, 0, lines),
    };
  }
  return out;
}

/**
 * round(values[at + index(p)]) for each site phase p, index(p) = p or lines[p]: a 1- or 3-element
 * array made at its size (a site has phase L1 alone, or all three).
 */
function perPhase(
  phases: readonly number[],
  values: Float64Array,
  at: number,
  lines?: readonly number[],
): number[] {
  if (phases.length === 3) {
    return [
      roundAt(values, at, phases[0]!, lines),
      roundAt(values, at, phases[1]!, lines),
      roundAt(values, at, phases[2]!, lines),
    ];
  }
  const out: number[] = [];
  for (let k = 0; k < phases.length; k++) out.push(roundAt(values, at, phases[k]!, lines));
  return out;
}

function roundAt(values: Float64Array, at: number, p: number, lines?: readonly number[]): number {
  return round(values[at + (lines ? lines[p]! : p)] ?? 0);
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
  const circuits = topology.circuits;
  for (let i = 1; i < circuits.length; i++) {
    const c = circuits[i]!;
    if (c.metered && !inputs.circuits?.[c.id]) {
      warnings.push(`circuit "${c.id}" is metered but its reading is missing: counted as unmetered`);
    }
  }
  if (inputs.circuits) {
    for (const id of Object.keys(inputs.circuits)) {
      if (!meteredCircuit(topology, id)) {
        warnings.push(`input circuit "${id}" is not a metered circuit in the configuration (ignored)`);
      }
    }
  }
  return warnings;
}

function meteredCircuit(topology: Topology, id: string): boolean {
  for (const c of topology.circuits) if (c.id === id && c.metered) return true;
  return false;
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
