// Where current flows: one line per circuit and site phase, each with the headroom (A) the base
// load leaves under its limit (fuse − margin) at every step, and where each session's current goes.
// The conventions match the allocator's topology (src/core/topology.ts): on tn a phase carries
// P/V; on it (3x230 V, no neutral) a line carries √3·P/V of the power attributed to it, exact for
// balanced loads, and a 1-phase car between two lines draws P = V·I in both. A car's current counts
// as offered (drawn ÷ drawShare): the limits hold what a controller allocates (contract 2, rule 1).
// On tn the base load's reactive current leaves √(limit² − reactive²) for in-phase current.
import { mainLimit } from '../../core/schedule.js';
import { ROOT_CIRCUIT } from '../../site/load.js';
import type { ChargerConfig, Mode, SiteConfig } from '../../site/schema.js';
import { OptimumInputError } from './errors.js';
import type { TimeGrid } from './time-grid.js';
import type { OptimumInput, OptimumSession } from './types.js';

export interface SiteLine {
  /** "main L1", "garage L3". */
  label: string;
  /** Limit − base current per step, A; negative where the base alone is over. */
  headroomA: Float64Array;
}

export interface SessionWiring {
  session: OptimumSession;
  /** Lines the car's current flows in: every phase it uses, on its charger's circuit and those above. */
  lines: number[];
  /** A per kW on each of those lines. */
  aPerKW: number;
  maxKW: number;
  /** The charger's minimum (IEC 61851-1: 6 A) as power. */
  minKW: number;
  /** The charger's mode as it bears on the optimum. */
  mode: Mode;
}

export interface SiteLines {
  lines: SiteLine[];
  sessions: SessionWiring[];
  /** Steps at which some line's headroom is negative, and the first such line and step. */
  overloadSteps: number;
  firstOverload: { line: string; step: number } | null;
}

const PHASE_NAMES = ['L1', 'L2', 'L3'];

/** A per W of the power attributed to one line. */
function linePerW(site: SiteConfig['site']): number {
  return site.network === 'it' ? Math.sqrt(3) / site.voltageV : 1 / site.voltageV;
}

/** W per A of per-phase current for a load on n lines (as wattsPerAmp in core/topology). */
function wattsPerA(site: SiteConfig['site'], lineCount: number): number {
  if (site.network === 'tn') return site.voltageV * lineCount;
  return lineCount >= 3 ? Math.sqrt(3) * site.voltageV : site.voltageV;
}

export function siteLines(input: OptimumInput, grid: TimeGrid): SiteLines {
  const { site: config, steps } = input;
  const { site } = config;
  const phases = site.phases === 3 ? [0, 1, 2] : [0];
  const perW = linePerW(site);
  const circuits = [
    { id: ROOT_CIRCUIT, parent: null as string | null, fuseA: site.fuseA, marginA: site.marginA },
    ...config.circuits.map((c) => ({
      id: c.id,
      parent: c.parent,
      fuseA: c.fuseA,
      marginA: c.marginA ?? site.marginA,
    })),
  ];
  const mainLimitA = new Float64Array(steps).fill(site.fuseA);
  for (let t = 0; t < steps && site.schedule.length > 0; t++) {
    const at = grid.stepStartMs(t);
    if (at !== null) mainLimitA[t] = mainLimit(site, at).limitA;
  }

  const lines: SiteLine[] = [];
  const lineOf = new Map<string, number>();
  for (const c of circuits) {
    const base = c.id === ROOT_CIRCUIT ? undefined : input.circuitBaseW?.[c.id];
    for (const p of phases) {
      const headroomA = new Float64Array(steps);
      const baseW = c.id === ROOT_CIRCUIT ? mainBaseW(input, p) : base?.[p];
      const reactive = site.network === 'tn' ? input.reactiveA?.[c.id]?.[p] : undefined;
      for (let t = 0; t < steps; t++) {
        const limitA = (c.id === ROOT_CIRCUIT ? (mainLimitA[t] ?? site.fuseA) : c.fuseA) - c.marginA;
        headroomA[t] = inPhaseRoomA(limitA, reactive?.[t] ?? 0) - (baseW ? (baseW[t] ?? 0) * perW : 0);
      }
      lineOf.set(`${c.id}/${p}`, lines.length);
      lines.push({ label: `${c.id} ${PHASE_NAMES[p]}`, headroomA });
    }
  }

  let overloadSteps = 0;
  let firstOverload: SiteLines['firstOverload'] = null;
  for (let t = 0; t < steps; t++) {
    const over = lines.find((l) => (l.headroomA[t] ?? 0) < 0);
    if (!over) continue;
    overloadSteps++;
    firstOverload ??= { line: over.label, step: t };
  }

  const parentOf = new Map(circuits.map((c) => [c.id, c.parent]));
  const sessions = input.sessions.map((s, i) =>
    wire(s, i, config, parentOf, lineOf, phases, input.ignoreModes),
  );
  return { lines, sessions, overloadSteps, firstOverload };
}

/**
 * Of a line's limit, what active current fits beside a reactive current: √(limit² − reactive²).
 * √(L² − r²) is concave in r, so with the step's average reactive current this is at least the
 * step's average of the per-second room: the program stays a bound.
 */
function inPhaseRoomA(limitA: number, reactiveA: number): number {
  if (reactiveA === 0) return limitA;
  return Math.sqrt(Math.max(0, limitA * limitA - reactiveA * reactiveA));
}

/** The main's base on one phase: the uncontrolled load less this phase's share of the PV. */
function mainBaseW(input: OptimumInput, phase: number): Float64Array {
  const base = input.baseW[phase] ?? new Float64Array(input.steps);
  if (!input.pvPhases.includes(phase)) return base;
  const share = 1 / input.pvPhases.length;
  return base.map((w, t) => w - (input.pvW[t] ?? 0) * share);
}

function wire(
  session: OptimumSession,
  index: number,
  config: SiteConfig,
  parentOf: Map<string, string | null>,
  lineOf: Map<string, number>,
  phases: number[],
  ignoreModes = false,
): SessionWiring {
  const where = `sessions[${index}]`;
  const device = config.devices.find((d) => d.id === session.deviceId);
  if (!device || device.kind !== 'charger') {
    throw new OptimumInputError(where, `"${session.deviceId}" is not a charger in the site configuration`);
  }
  const charger: ChargerConfig = device;
  const distinct = new Set(session.sitePhases).size === session.sitePhases.length;
  if (!distinct || session.sitePhases.length === 0 || session.sitePhases.some((p) => !phases.includes(p))) {
    throw new OptimumInputError(
      where,
      `sitePhases ${JSON.stringify(session.sitePhases)} are not phases of the site`,
    );
  }
  const lines: number[] = [];
  for (let c: string | null = charger.circuit; c !== null; c = parentOf.get(c) ?? null) {
    for (const p of session.sitePhases) {
      const line = lineOf.get(`${c}/${p}`);
      if (line === undefined) throw new OptimumInputError(where, `circuit "${c}" has no phase ${p}`);
      lines.push(line);
    }
    if (c === ROOT_CIRCUIT) break;
  }
  const wPerA = wattsPerA(config.site, session.sitePhases.length);
  // Offered current counts against the lines; the car draws drawShare of it.
  const drawShare = session.drawShare ?? 1;
  if (!(drawShare > 0 && drawShare <= 1)) {
    throw new OptimumInputError(where, `drawShare ${session.drawShare} is not in (0, 1]`);
  }
  return {
    session,
    lines,
    aPerKW: 1000 / (wPerA * drawShare),
    maxKW: (Math.min(charger.maxA * drawShare, session.maxA) * wPerA) / 1000,
    minKW: (charger.minA * drawShare * wPerA) / 1000,
    mode: ignoreModes ? 'now' : charger.mode,
  };
}
