// fast-check generators of whole solver situations: a random valid site (1 or 3 phases, tn or it,
// a circuit tree up to depth 4, 1–50 devices of every kind with rotations), random base loads
// (sometimes an overload), random modes' effects on ranges, budgets and the neutral.
import fc from 'fast-check';
import { PHASES, type Phase, type PhaseValues } from '../../model/units.js';
import type { SiteConfig } from '../../site/schema.js';
import { configuredRequest, powerLine, solverProblem, type DeviceRequest } from '../solver-input.js';
import type { SolverProblem } from '../solver-types.js';
import { buildTopology, type Topology } from '../topology.js';
import { aSite } from './builders.js';

export interface Situation {
  site: SiteConfig;
  topology: Topology;
  problem: SolverProblem;
}

const MAX_CIRCUITS = 8;
const MAX_DEPTH = 4;
const tenths = (min: number, max: number) => fc.integer({ min: min * 10, max: max * 10 }).map((v) => v / 10);

const deviceArb = fc.record({
  kind: fc.constantFrom('charger', 'charger', 'charger', 'stepped', 'switch', 'battery'),
  circuitPick: fc.nat(),
  phasePick: fc.nat(),
  threePhase: fc.boolean(),
  minA: fc.constantFrom(6, 6, 8, 10, 13),
  extraA: fc.integer({ min: 0, max: 26 }),
  stepA: fc.constantFrom(1, 1, 0.1),
  switching: fc.boolean(),
  priority: fc.integer({ min: 0, max: 2 }),
  stepsW: fc.array(fc.integer({ min: 0, max: 9000 }), { minLength: 1, maxLength: 3 }),
  powerW: fc.integer({ min: 300, max: 7000 }),
  chargeW: fc.integer({ min: 0, max: 11000 }),
});

const cycleArb = fc.record({
  /** Base load per line as a fraction of its fuse (negative: export). */
  baseFraction: fc.array(fc.integer({ min: -30, max: 95 }), { minLength: 40, maxLength: 40 }),
  /** One site in ten has a line over even at 0. */
  overload: fc.oneof(
    { arbitrary: fc.constant(null), weight: 9 },
    { arbitrary: fc.record({ line: fc.nat(), byA: tenths(0.1, 5) }), weight: 1 },
  ),
  forcedOff: fc.array(fc.boolean(), { minLength: 50, maxLength: 50 }),
  shedRank: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 50, maxLength: 50 }),
  capA: fc.array(fc.option(fc.integer({ min: 0, max: 20 })), { minLength: 50, maxLength: 50 }),
  onePhase: fc.array(fc.boolean(), { minLength: 50, maxLength: 50 }),
  budget: fc.option(fc.record({ powerW: fc.integer({ min: 0, max: 30000 }), mask: fc.nat() })),
  neutralBaseA: fc.tuple(tenths(-10, 20), tenths(-10, 20), tenths(-10, 20)),
});

export const situationArb: fc.Arbitrary<Situation> = fc
  .record({
    phases: fc.constantFrom(1 as const, 3 as const, 3 as const),
    it: fc.boolean(),
    neutralPercent: fc.option(fc.integer({ min: 20, max: 100 })),
    fuseA: fc.integer({ min: 10, max: 63 }),
    marginA: fc.constantFrom(0, 0.5, 1, 2),
    circuits: fc.array(
      fc.record({ parentPick: fc.nat(), fuseA: fc.integer({ min: 6, max: 40 }), margin: fc.boolean() }),
      { maxLength: MAX_CIRCUITS },
    ),
    devices: fc
      .integer({ min: 1, max: 50 })
      .chain((n) => fc.array(deviceArb, { minLength: n, maxLength: n })),
    cycle: cycleArb,
  })
  .map((g) => {
    const network = g.phases === 3 && g.it ? 'it' : 'tn';
    const depth = [0];
    const ids = ['main'];
    const circuits = g.circuits.flatMap((c, i) => {
      const candidates = ids.filter((_, k) => depth[k]! < MAX_DEPTH);
      const parent = candidates[c.parentPick % candidates.length]!;
      ids.push(`c${i}`);
      depth.push(depth[ids.indexOf(parent)]! + 1);
      return [{ id: `c${i}`, parent, fuseA: c.fuseA, ...(c.margin ? { marginA: 0 } : {}) }];
    });
    const devices = g.devices.map((d, i) => {
      const common = {
        id: `d${String(i).padStart(2, '0')}`,
        circuit: ids[d.circuitPick % ids.length]!,
        phases: phasesFor(g.phases, network, d.threePhase || d.kind === 'battery', d.phasePick),
        priority: d.priority,
      };
      switch (d.kind) {
        case 'charger': {
          const switching = d.switching && common.phases.length === 3 ? { phaseSwitching: {} } : {};
          return {
            ...common,
            kind: d.kind,
            minA: d.minA,
            maxA: d.minA + d.extraA,
            stepA: d.stepA,
            ...switching,
          };
        }
        case 'stepped':
          return { ...common, kind: d.kind, stepsW: d.stepsW };
        case 'switch':
          return { ...common, kind: d.kind, powerW: d.powerW };
        default:
          return { ...common, kind: 'battery' as const, maxChargeW: d.chargeW, maxDischargeW: 0 };
      }
    });
    const neutralA =
      network === 'tn' && g.phases === 3 && g.neutralPercent !== null
        ? { neutralA: Math.max(1, Math.round((g.fuseA * g.neutralPercent) / 100)) }
        : {};
    const site = aSite({
      site: { phases: g.phases, network, fuseA: g.fuseA, marginA: g.marginA, ...neutralA },
      circuits,
      devices,
    });
    const topology = buildTopology(site);
    return { site, topology, problem: cycleProblem(site, topology, g.cycle) };
  });

function phasesFor(sitePhases: 1 | 3, network: 'tn' | 'it', three: boolean, pick: number): Phase[] {
  if (sitePhases === 1) return ['L1'];
  const rotation = [0, 1, 2].map((k) => PHASES[(k + pick) % 3]!);
  if (three) return pick % 2 === 0 ? rotation : [rotation[0]!, rotation[2]!, rotation[1]!];
  return network === 'it' ? rotation.slice(0, 2) : rotation.slice(0, 1);
}

type Cycle = typeof cycleArb extends fc.Arbitrary<infer C> ? C : never;

function cycleProblem(site: SiteConfig, t: Topology, c: Cycle): SolverProblem {
  const capacityA = t.lines.map((l, i) => {
    if (l.phase === null) return (site.site.neutralA ?? 0) - site.site.marginA;
    const circuit = t.circuits[l.circuit]!;
    const baseA = ((c.baseFraction[i % c.baseFraction.length] ?? 0) * circuit.fuseA) / 100;
    return Math.max(0, circuit.fuseA - circuit.marginA - baseA);
  });
  if (c.overload) {
    const line = c.overload.line % capacityA.length;
    capacityA[line] = t.lines[line]!.phase === null ? 0 : -c.overload.byA;
  }
  const devices = t.devices.map((d, i): DeviceRequest => {
    const r = configuredRequest(t, i);
    const cap = c.capA[i];
    return {
      ...r,
      // A mode may lower a device's maximum (a plan, an unused offer).
      maxA: cap === null || cap === undefined ? r.maxA : Math.min(r.maxA, r.minA + cap),
      forcedOff: c.forcedOff[i] === true && i % 3 === 0,
      shedRank: c.shedRank[i] ?? 0,
      onePhase: d.singlePhase !== undefined && c.onePhase[i] === true,
    };
  });
  const extraLines = c.budget
    ? [powerLine(t, { devices }, 'budget', c.budget.powerW, (i) => ((c.budget!.mask >> (i % 30)) & 1) === 1)]
    : [];
  const neutralBaseA: PhaseValues = [c.neutralBaseA[0], c.neutralBaseA[1], c.neutralBaseA[2]];
  return solverProblem(t, { capacityA, devices, extraLines, neutralBaseA });
}
