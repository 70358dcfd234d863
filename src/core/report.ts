// What the allocator says besides the setpoints: each circuit's limit, base load and headroom,
// and the inputs that did not match the configuration.
import type { CircuitLoads } from './estimate.js';
import type { AllocatorInputs, CircuitStatus } from './inputs.js';
import type { CycleProblem } from './problem.js';
import type { Topology } from './topology.js';

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * A topology's statuses of the last cycle and their numbers: a circuit's array whose numbers did
 * not change is handed out again, and so is its status when nothing in it changed (results are
 * read-only, as states are). At 10,000 devices in 1,000 circuits, new arrays and numbers for every
 * circuit were about a fifth of the memory a cycle allocates; most circuits' base load and
 * available current stay the same from one second to the next.
 */
interface Kept {
  status: (CircuitStatus | undefined)[];
  /** Per circuit: measured, base, available, headroom (3 values each, at 12·i + 3·f + k). */
  numbers: Float64Array;
}
const kept = new WeakMap<Topology, Kept>();

const MEASURED = 0;
const BASE = 1;
const AVAILABLE = 2;
const HEADROOM = 3;

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
  let last = kept.get(topology);
  if (!last) {
    last = {
      status: new Array<CircuitStatus | undefined>(circuits.length),
      numbers: new Float64Array(12 * circuits.length),
    };
    kept.set(topology, last);
  }
  const out = new Array<CircuitStatus>(circuits.length);
  for (let i = 0; i < circuits.length; i++) {
    const c = circuits[i]!;
    const lines = c.lines;
    const before = last.status[i];
    const limitA = i === 0 ? mainLimitA : c.fuseA;
    const measuredA =
      loads.hasMeasured[i] === 1
        ? perPhase(last.numbers, i, MEASURED, before?.measuredA ?? null, phases, loads.measuredA, 3 * i)
        : null;
    const baseLoadA = perPhase(last.numbers, i, BASE, before?.baseLoadA ?? null, phases, loads.baseA, 3 * i);
    const availableA = perPhase(
      last.numbers,
      i,
      AVAILABLE,
      before?.availableA ?? null,
      phases,
      capacity,
      0,
      lines,
    );
    const headroomA = perPhase(
      last.numbers,
      i,
      HEADROOM,
      before?.headroomA ?? null,
      phases,
      remaining,
      0,
      lines,
    );
    if (
      before !== undefined &&
      Object.is(before.limitA, limitA) &&
      before.measuredA === measuredA &&
      before.baseLoadA === baseLoadA &&
      before.availableA === availableA &&
      before.headroomA === headroomA
    ) {
      out[i] = before;
      continue;
    }
    const status: CircuitStatus = { id: c.id, limitA, measuredA, baseLoadA, availableA, headroomA };
    last.status[i] = status;
    out[i] = status;
  }
  return out;
}

/**
 * round(values[at + index(p)]) for each site phase p, index(p) = p or lines[p]: `before` again when
 * it holds the same numbers (kept at 12·circuit + 3·field), else a new array of 1 or 3 elements.
 */
function perPhase(
  numbers: Float64Array,
  circuit: number,
  field: number,
  before: number[] | null,
  phases: readonly number[],
  values: Float64Array,
  at: number,
  lines?: readonly number[],
): number[] {
  const keep = 12 * circuit + 3 * field;
  let same = before !== null && before.length === phases.length;
  for (let k = 0; k < phases.length; k++) {
    const v = roundAt(values, at, phases[k]!, lines);
    if (!Object.is(numbers[keep + k], v)) {
      same = false;
      numbers[keep + k] = v;
    }
  }
  if (same) return before!;
  if (phases.length === 3) return [numbers[keep]!, numbers[keep + 1]!, numbers[keep + 2]!];
  return [numbers[keep]!];
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
