// The site's electrical shape, computed once per configuration (not per cycle): the circuit tree
// (main first, every parent before its children), one line per circuit and site phase, where each
// device's current flows, and the W↔A conversions. The controller then builds the solver's input
// every cycle from per-line capacities and per-device ranges (cycle.ts), reusing these arrays.
import { ROOT_CIRCUIT } from '../site/load.js';
import type { DeviceConfig, SiteConfig } from '../site/schema.js';
import { PHASES, phaseIndex, wattsPerAmp, type Phase, type PhaseValues } from '../model/units.js';
import type { SolverLoad } from './solver-types.js';

export type PhaseIx = 0 | 1 | 2;

export interface TopologyCircuit {
  id: string;
  /** null for main. */
  parent: number | null;
  /** This circuit and every circuit above it, nearest first, main last (indices). */
  path: number[];
  fuseA: number;
  /** The circuit's own margin, else the site's. */
  marginA: number;
  /** Main is metered by the P1 meter; a sub-circuit only with `metered: true`. */
  metered: boolean;
  /** Line index per site phase index (L1 = 0); a 1-phase site has L1 only, so -1 for L2, L3. */
  lines: [number, number, number];
}

export interface TopologyLine {
  /** "main L1", "garage L3", "neutral". */
  label: string;
  /** Index of the circuit, or -1 for the neutral. */
  circuit: number;
  /** Site phase index, or null for the neutral. */
  phase: PhaseIx | null;
}

/** The allowed per-phase currents of a device, as the solver takes them. */
export interface DeviceRange {
  minA: number;
  maxA: number;
  /** 0: continuous. */
  stepA: number;
  /** Discrete currents (stepped, switch), ascending, 0 implied. */
  levelsA?: number[];
}

/** Where a device's current flows when it runs on a given number of its phases. */
export interface DeviceWiring {
  /** The site phases its current flows in (on it, a 1-phase device flows in both lines it lists). */
  sitePhases: PhaseIx[];
  /** Power per amp of per-phase setpoint: V·n on tn, V between two lines on it, √3·V 3-phase on it. */
  wattsPerA: number;
  /** One load of coefficient 1 per site phase, on the device's circuit and every circuit above it. */
  loads: SolverLoad[];
  /** The lines of `loads` in order, in one typed array (headroom.ts reads it per device and cycle). */
  loadLines: Int32Array;
  /** Amps per site phase per amp of setpoint, for the neutral; undefined on it (no neutral). */
  phaseA: PhaseValues | undefined;
  /** The configuration's range converted to per-phase amps with this wiring. */
  range: DeviceRange;
  /** sitePhases as names ("L2"), for the decisions; treat as read-only. */
  phaseNames?: Phase[];
}

export interface TopologyDevice {
  id: string;
  config: DeviceConfig;
  /** Index of its circuit. */
  circuit: number;
  /** Its configured phases. */
  wiring: DeviceWiring;
  /** Chargers with phaseSwitching: the wiring on one phase (the first one listed). */
  singlePhase: DeviceWiring | undefined;
}

export interface Topology {
  config: SiteConfig;
  /** Main first, then every parent before its children (breadth first, in configuration order). */
  circuits: TopologyCircuit[];
  /** Phase lines circuit by circuit (main L1, main L2, main L3, garage L1, …), then the neutral if any. */
  lines: TopologyLine[];
  /** Index of the neutral line: tn, 3 phases and site.neutralA set; else null. */
  neutralLine: number | null;
  /** In configuration order; solver devices and allocations use the same indices. */
  devices: TopologyDevice[];
  /** The site phases that exist: [0] or [0, 1, 2]. */
  sitePhases: PhaseIx[];
  /** Device indices in ascending id order (the solver's tie order; SolverProblem.idOrder). */
  idOrder: Int32Array;
  circuitIndex(circuitId: string): number;
  deviceIndex(deviceId: string): number;
  /** The line of a circuit's phase conductor; throws TopologyError when there is none. */
  lineIndex(circuitId: string, phase: Phase): number;
}

export class TopologyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TopologyError';
  }
}

/**
 * The same text as an internalized string (V8 keeps one copy of each property key). An id read
 * from YAML is a slice of the file; looking one up in `inputs.devices` (a dictionary at 10,000
 * devices) internalizes it first, on every lookup. Made once per topology, every cycle's lookup
 * skips that: 1.4 ms of a 10,000-device cycle (docs/benchmarks.md, session 6). Same text, same
 * results: only the lookup's speed changes.
 */
export function internalized(text: string): string {
  return Object.keys({ [text]: 0 })[0] ?? text;
}

/**
 * Builds the topology of a checked configuration (from loadSiteConfig / parseSiteConfig: ids unique,
 * the tree acyclic, phases valid for the site). Call once per configuration.
 */
export function buildTopology(config: SiteConfig): Topology {
  const { site } = config;
  const sitePhases: PhaseIx[] = site.phases === 3 ? [0, 1, 2] : [0];

  const circuits: TopologyCircuit[] = [];
  const byId = new Map<string, number>();
  const lines: TopologyLine[] = [];
  const addCircuit = (
    id: string,
    parent: number | null,
    fuseA: number,
    marginA: number,
    metered: boolean,
  ) => {
    const index = circuits.length;
    const lineOf: [number, number, number] = [-1, -1, -1];
    for (const p of sitePhases) {
      lineOf[p] = lines.length;
      lines.push({ label: `${id} ${PHASES[p]}`, circuit: index, phase: p });
    }
    const path = parent === null ? [index] : [index, ...(circuits[parent]?.path ?? [])];
    circuits.push({ id: internalized(id), parent, path, fuseA, marginA, metered, lines: lineOf });
    byId.set(id, index);
  };
  addCircuit(ROOT_CIRCUIT, null, site.fuseA, site.marginA, true);
  // Breadth first from main: a parent always comes before its children.
  for (let next = 0; next < circuits.length; next++) {
    const parentId = circuits[next]?.id;
    for (const c of config.circuits) {
      if (c.parent === parentId) addCircuit(c.id, next, c.fuseA, c.marginA ?? site.marginA, c.metered);
    }
  }
  if (circuits.length !== config.circuits.length + 1) {
    throw new TopologyError('circuits do not form a tree under main (check the configuration first)');
  }

  const hasNeutral = site.network === 'tn' && site.phases === 3 && site.neutralA !== undefined;
  const neutralLine = hasNeutral ? lines.length : null;
  if (hasNeutral) lines.push({ label: 'neutral', circuit: -1, phase: null });

  const devices = config.devices.map((d): TopologyDevice => {
    const circuit = byId.get(d.circuit);
    if (circuit === undefined) throw new TopologyError(`device "${d.id}": unknown circuit "${d.circuit}"`);
    const path = circuits[circuit]?.path ?? [];
    const phases = d.phases.map(phaseIndex);
    const wire = (on: PhaseIx[]) => wiring(d, on, path, circuits, config);
    const switching = d.kind === 'charger' && d.phaseSwitching !== undefined && phases.length === 3;
    return {
      id: internalized(d.id),
      config: d,
      circuit,
      wiring: wire(phases),
      singlePhase: switching ? wire(phases.slice(0, 1)) : undefined,
    };
  });
  const deviceById = new Map(devices.map((d, i) => [d.id, i]));
  const idOrder = Int32Array.from(devices.keys()).sort((a, b) => {
    const ia = devices[a]!.id;
    const ib = devices[b]!.id;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });

  return {
    config,
    circuits,
    lines,
    neutralLine,
    devices,
    sitePhases,
    idOrder,
    circuitIndex(circuitId) {
      const i = byId.get(circuitId);
      if (i === undefined) throw new TopologyError(`unknown circuit "${circuitId}"`);
      return i;
    },
    deviceIndex(deviceId) {
      const i = deviceById.get(deviceId);
      if (i === undefined) throw new TopologyError(`unknown device "${deviceId}"`);
      return i;
    },
    lineIndex(circuitId, phase) {
      const line = circuits[this.circuitIndex(circuitId)]?.lines[phaseIndex(phase)] ?? -1;
      if (line < 0) throw new TopologyError(`circuit "${circuitId}" has no ${phase} on a 1-phase site`);
      return line;
    },
  };
}

function wiring(
  device: DeviceConfig,
  on: PhaseIx[],
  path: number[],
  circuits: TopologyCircuit[],
  config: SiteConfig,
): DeviceWiring {
  const { network, voltageV } = config.site;
  const wattsPerA = wattsPerAmp(network, voltageV, on.length);
  const loads: SolverLoad[] = [];
  for (const c of path) {
    for (const p of on) {
      const line = circuits[c]?.lines[p] ?? -1;
      if (line < 0) throw new TopologyError(`device "${device.id}": no ${PHASES[p]} on this site`);
      loads.push({ line, coefficient: 1 });
    }
  }
  let phaseA: PhaseValues | undefined;
  if (network === 'tn') {
    phaseA = [0, 0, 0];
    for (const p of on) phaseA[p] = 1;
  }
  const range = configuredRange(device, wattsPerA);
  return {
    sitePhases: on,
    wattsPerA,
    loads,
    loadLines: Int32Array.from(loads, (l) => l.line),
    phaseA,
    range,
    phaseNames: on.map((p): Phase => PHASES[p]),
  };
}

export { wattsPerAmp };

/** A total power in W as per-phase amps with this wiring. */
export function wattsToA(wiring: DeviceWiring, powerW: number): number {
  return powerW / wiring.wattsPerA;
}

/** Per-phase amps as a total power in W with this wiring. */
export function ampsToW(wiring: DeviceWiring, currentA: number): number {
  return currentA * wiring.wattsPerA;
}

/** The configured range in per-phase amps: chargers as set; powers in W converted with the wiring. */
function configuredRange(device: DeviceConfig, wattsPerA: number): DeviceRange {
  switch (device.kind) {
    case 'charger':
      return { minA: device.minA, maxA: device.maxA, stepA: device.stepA };
    case 'stepped':
    case 'switch': {
      const powersW = device.kind === 'stepped' ? device.stepsW : [device.powerW];
      const levelsA = [...new Set(powersW.filter((w) => w > 0).map((w) => w / wattsPerA))].sort(
        (a, b) => a - b,
      );
      if (levelsA.length === 0) return { minA: 0, maxA: 0, stepA: 0, levelsA };
      return { minA: levelsA[0] ?? 0, maxA: levelsA[levelsA.length - 1] ?? 0, stepA: 0, levelsA };
    }
    case 'battery':
      // Charging only: a load between 0 and its charge power. Discharge is the controller's (see docs).
      return { minA: 0, maxA: device.maxChargeW / wattsPerA, stepA: 0 };
  }
}
