// Every cycle, the controller turns its capacities and device ranges into the solver's input with
// solverProblem(): cheap, it reuses the topology's per-device loads. Indices stay aligned: solver
// device i is topology.devices[i], solver line i < topology.lines.length is topology.lines[i], and
// extra lines (budgets) follow in the order given.
import type { PhaseValues } from '../model/units.js';
import type { SolverDevice, SolverLine, SolverLoad, SolverProblem } from './solver-types.js';
import type { DeviceRange, DeviceWiring, Topology } from './topology.js';

/** What the controller decided for one device this cycle. */
export interface DeviceRequest extends DeviceRange {
  priority: number;
  /** Within a priority class the larger shedRank is paused first in a shortage. */
  shedRank: number;
  /** Gets 0 this cycle (mode off, not connected, inside its minimum off time). */
  forcedOff: boolean;
  /** A phase-switching charger running on one phase this cycle (its first listed phase). */
  onePhase?: boolean;
}

/** A budget as a line of its own: the quarter-hour peak budget, an external limit, PV surplus. */
export interface ExtraLine {
  label: string;
  capacityA: number;
  /** The devices on it (topology indices) and their amps on it per amp of setpoint. */
  loads: { device: number; coefficient: number }[];
}

export interface CycleInput {
  /**
   * Per topology line: the amps left for the devices, fuse − margin − base load (may be negative);
   * for the neutral line, the neutral's limit itself (the base load comes in neutralBaseA).
   */
  capacityA: ArrayLike<number>;
  /** Signed base-load current per site phase at main (import positive); needed with a neutral line. */
  neutralBaseA?: PhaseValues;
  /** One per topology device, same order. */
  devices: DeviceRequest[];
  extraLines?: ExtraLine[];
}

export class SolverSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SolverSetupError';
  }
}

/** The wiring a device runs with this cycle. */
export function activeWiring(topology: Topology, device: number, request?: DeviceRequest): DeviceWiring {
  const t = topology.devices[device];
  if (!t) throw new SolverSetupError(`no device ${device}`);
  return request?.onePhase && t.singlePhase ? t.singlePhase : t.wiring;
}

/** The request the configuration alone gives: its range, priority, shedRank 0, not forced off. */
export function configuredRequest(topology: Topology, device: number): DeviceRequest {
  const t = topology.devices[device];
  if (!t) throw new SolverSetupError(`no device ${device}`);
  return { ...t.wiring.range, priority: t.config.priority, shedRank: 0, forcedOff: false };
}

/**
 * A power budget (W) as a line: capacity W / voltageV in "site amps", each included device loading
 * it with its watts per amp / voltageV (3 on a 3-phase tn device, √3 on a 3-phase it device).
 */
export function powerLine(
  topology: Topology,
  cycle: Pick<CycleInput, 'devices'>,
  label: string,
  powerW: number,
  include: (device: number) => boolean,
): ExtraLine {
  const { voltageV } = topology.config.site;
  const loads: ExtraLine['loads'] = [];
  topology.devices.forEach((_, i) => {
    if (!include(i)) return;
    loads.push({ device: i, coefficient: activeWiring(topology, i, cycle.devices[i]).wattsPerA / voltageV });
  });
  return { label, capacityA: powerW / voltageV, loads };
}

export function solverProblem(topology: Topology, cycle: CycleInput): SolverProblem {
  const lineCount = topology.lines.length;
  if (cycle.capacityA.length !== lineCount) {
    throw new SolverSetupError(`capacityA has ${cycle.capacityA.length} entries for ${lineCount} lines`);
  }
  if (cycle.devices.length !== topology.devices.length) {
    throw new SolverSetupError(`${cycle.devices.length} requests for ${topology.devices.length} devices`);
  }
  const lines: SolverLine[] = topology.lines.map((l, i) => ({
    label: l.label,
    capacityA: cycle.capacityA[i]!,
  }));
  const extra: SolverLoad[][] = [];
  for (const [k, line] of (cycle.extraLines ?? []).entries()) {
    lines.push({ label: line.label, capacityA: line.capacityA });
    for (const { device, coefficient } of line.loads) {
      if (!(device >= 0 && device < topology.devices.length)) {
        throw new SolverSetupError(`extra line "${line.label}": no device ${device}`);
      }
      (extra[device] ??= []).push({ line: lineCount + k, coefficient });
    }
  }
  const devices = cycle.devices.map((request, i): SolverDevice => {
    const wiring = activeWiring(topology, i, request);
    const more = extra[i];
    // Every field set, in one order: one object shape keeps the solver's loops fast.
    return {
      id: topology.devices[i]!.id,
      priority: request.priority,
      minA: request.minA,
      maxA: request.maxA,
      stepA: request.stepA,
      levelsA: request.levelsA,
      loads: more ? [...wiring.loads, ...more] : wiring.loads,
      phaseA: topology.neutralLine !== null ? wiring.phaseA : undefined,
      forcedOff: request.forcedOff,
      shedRank: request.shedRank,
    };
  });
  const problem: SolverProblem = { lines, devices, idOrder: topology.idOrder };
  if (topology.neutralLine !== null) {
    if (!cycle.neutralBaseA)
      throw new SolverSetupError('the site has a neutral limit: neutralBaseA is needed');
    problem.neutral = { line: topology.neutralLine, baseA: cycle.neutralBaseA };
  }
  return problem;
}
