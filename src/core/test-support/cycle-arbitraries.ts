// fast-check generators of whole allocator runs for differential tests: a random site (1 or 3
// phases, tn or it, a neutral, a tree of circuits some of them metered, a quarter-hour peak, a
// schedule, devices of every kind in every mode with 1p/3p switching and plans) and a run of
// cycles over it (base loads and PV that move, devices that follow their setpoints late or draw
// less, plug in and out, report energy or nothing, stale and missing meter data, budgets, time
// jumps across quarter hours and months, inputs that do not match the configuration).
import fc from 'fast-check';
import { PHASES, phaseIndex, type Phase } from '../../model/units.js';
import type { SiteConfig } from '../../site/schema.js';
import type { AllocatorInputs, DeviceInput } from '../inputs.js';
import { aSite } from './builders.js';

const MODES = ['off', 'now', 'now', 'minpv', 'pv', 'planned'] as const;

/** arb once in `every` draws, else null. */
function rarely<T>(arb: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary: fc.constant(null), weight: every - 1 }, { arbitrary: arb, weight: 1 });
}

const deviceArb = fc.record({
  kind: fc.constantFrom('charger', 'charger', 'charger', 'stepped', 'switch', 'battery'),
  circuitPick: fc.nat(),
  phasePick: fc.nat(),
  threePhase: fc.boolean(),
  minA: fc.constantFrom(6, 6, 8),
  extraA: fc.integer({ min: 0, max: 26 }),
  stepA: fc.constantFrom(1, 1, 0.1),
  switching: fc.boolean(),
  priority: fc.integer({ min: 0, max: 2 }),
  mode: fc.constantFrom(...MODES),
  stepsW: fc.array(fc.integer({ min: 0, max: 9000 }), { minLength: 1, maxLength: 3 }),
  powerW: fc.integer({ min: 300, max: 7000 }),
  chargeW: fc.integer({ min: 0, max: 11000 }),
  minOnS: fc.constantFrom(0, 3, 60),
  minOffS: fc.constantFrom(0, 4, 60),
  startDelayS: fc.constantFrom(0, 3, 60),
  stopDelayS: fc.constantFrom(0, 5, 300),
  planKWh: fc.integer({ min: 1, max: 40 }),
  planBy: fc.constantFrom('07:30', '11:00', '18:15'),
  failsafeA: fc.option(fc.constantFrom(0, 6, 10), { nil: undefined }),
  switchDelayS: fc.constantFrom(0, 3, 60),
  maxSwitches: fc.integer({ min: 0, max: 4 }),
});

const siteArb = fc.record({
  phases: fc.constantFrom(1 as const, 3 as const, 3 as const),
  it: fc.boolean(),
  neutralPercent: fc.option(fc.integer({ min: 30, max: 100 })),
  fuseA: fc.integer({ min: 20, max: 63 }),
  marginA: fc.constantFrom(0, 0.5, 1),
  increaseDelayS: fc.constantFrom(0, 2, 5),
  rampAPerS: fc.constantFrom(0.5, 1, 3),
  rotateAfterS: fc.constantFrom(0, 10, 900),
  timezone: fc.constantFrom('Europe/Brussels', 'Europe/Amsterdam', 'UTC'),
  peak: fc.option(
    fc.record({
      targetW: fc.oneof(fc.constant('monthPeak' as const), fc.integer({ min: 2000, max: 20000 })),
      minimumW: fc.constantFrom(0, 2500, 2500, 2500),
    }),
  ),
  schedule: fc.array(
    fc.record({
      from: fc.constantFrom('00:00', '09:00', '10:00', '22:00'),
      to: fc.constantFrom('00:00', '10:30', '11:00', '06:00'),
      limitA: fc.integer({ min: 6, max: 40 }),
      weekdays: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
  circuits: fc.array(
    fc.record({
      parentPick: fc.nat(),
      fuseA: fc.integer({ min: 10, max: 40 }),
      metered: fc.boolean(),
      margin: fc.boolean(),
    }),
    { maxLength: 4 },
  ),
  devices: fc.array(deviceArb, { minLength: 1, maxLength: 8 }),
});

type SiteGen = typeof siteArb extends fc.Arbitrary<infer S> ? S : never;

function phasesFor(sitePhases: 1 | 3, network: 'tn' | 'it', three: boolean, pick: number): Phase[] {
  if (sitePhases === 1) return ['L1'];
  const rotation = [0, 1, 2].map((k) => PHASES[(k + pick) % 3]!);
  if (three) return pick % 2 === 0 ? rotation : [rotation[0]!, rotation[2]!, rotation[1]!];
  return network === 'it' ? rotation.slice(0, 2) : rotation.slice(0, 1);
}

function siteOf(g: SiteGen): SiteConfig {
  const network = g.phases === 3 && g.it ? 'it' : 'tn';
  const ids = ['main'];
  const circuits = g.circuits.map((c, i) => {
    const parent = ids[c.parentPick % ids.length]!;
    ids.push(`c${i}`);
    return { id: `c${i}`, parent, fuseA: c.fuseA, metered: c.metered, ...(c.margin ? { marginA: 0 } : {}) };
  });
  const devices = g.devices.map((d, i) => {
    const common = {
      id: `d${i}`,
      circuit: ids[d.circuitPick % ids.length]!,
      phases: phasesFor(g.phases, network, d.threePhase || d.kind === 'battery', d.phasePick),
      priority: d.priority,
      mode: d.mode,
      minOnS: d.minOnS,
      minOffS: d.minOffS,
      solar: { startDelayS: d.startDelayS, stopDelayS: d.stopDelayS },
      ...(d.mode === 'planned' ? { plan: { energyKWh: d.planKWh, by: d.planBy } } : {}),
      ...(d.failsafeA !== undefined ? { failsafeA: d.failsafeA } : {}),
    };
    switch (d.kind) {
      case 'charger': {
        const switching =
          d.switching && common.phases.length === 3
            ? {
                phaseSwitching: {
                  delayS: d.switchDelayS,
                  pauseS: 2,
                  maxSwitchesPerSession: d.maxSwitches,
                },
              }
            : {};
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
  return aSite({
    site: {
      phases: g.phases,
      network,
      fuseA: g.fuseA,
      marginA: g.marginA,
      increaseDelayS: g.increaseDelayS,
      rampAPerS: g.rampAPerS,
      rotateAfterS: g.rotateAfterS,
      timezone: g.timezone,
      ...neutralA,
      ...(g.peak ? { peak: g.peak } : {}),
      schedule: g.schedule.map((s) => ({
        from: s.from,
        to: s.to,
        limitA: s.limitA,
        ...(s.weekdays ? { days: ['mon' as const, 'tue' as const, 'sat' as const] } : {}),
      })),
    },
    circuits,
    devices,
  });
}

/** What happens in one cycle besides the physics: the clock, the meter, the devices, budgets. */
const stepArb = fc.record({
  /** Seconds since the last cycle (mostly 1; sometimes a pause, a long gap or none). */
  dtS: fc.oneof(
    { arbitrary: fc.constant(1), weight: 12 },
    { arbitrary: fc.constantFrom(2, 7, 20, 30), weight: 3 },
    { arbitrary: fc.constantFrom(0, 61, 400, 1000, 40 * 86400), weight: 1 },
  ),
  baseA: fc.tuple(
    fc.integer({ min: -20, max: 30 }),
    fc.integer({ min: -20, max: 30 }),
    fc.integer({ min: -20, max: 30 }),
  ),
  /** The base load jumps to baseA when 0 (else it holds); what the devices want, when wantsJump is 0. */
  jump: fc.integer({ min: 0, max: 7 }),
  wantsJump: fc.integer({ min: 0, max: 40 }),
  pvW: fc.constantFrom(0, 0, 1500, 4000, 9000),
  meter: fc.oneof(
    { arbitrary: fc.constant('ok'), weight: 30 },
    { arbitrary: fc.constantFrom('stale', 'none', 'short'), weight: 1 },
  ),
  powers: fc.boolean(),
  noTime: fc.boolean(),
  unplug: rarely(fc.nat(), 15),
  wants: fc.array(
    fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 32 })),
    { minLength: 8, maxLength: 8 },
  ),
  unmetered: fc.array(fc.constantFrom(false, false, false, true), { minLength: 8, maxLength: 8 }),
  energyKWh: rarely(fc.integer({ min: 0, max: 30 }), 6),
  externalLimit: rarely(
    fc.record({
      totalA: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
      totalW: fc.option(fc.integer({ min: 0, max: 20000 }), { nil: undefined }),
    }),
    5,
  ),
  quarterHour: rarely(fc.record({ energyKWh: fc.constantFrom(0, 0.1, 0.5, 1), elapsedS: fc.nat(900) }), 8),
  capacity: rarely(
    fc.record({
      averageDemandW: fc.option(fc.integer({ min: 0, max: 9000 })),
      monthPeakW: fc.option(fc.integer({ min: 0, max: 9000 })),
    }),
    6,
  ),
  strayInput: fc.boolean(),
  subMeterMissing: fc.boolean(),
  /** Hand the next cycle a state that went through JSON (not allocate()'s own objects). */
  viaJson: rarely(fc.constant(true), 10),
});

export type CycleStep = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;

export interface AllocatorRun {
  site: SiteConfig;
  startMs: number;
  steps: CycleStep[];
}

export const allocatorRunArb: fc.Arbitrary<AllocatorRun> = fc.record({
  site: siteArb.map(siteOf),
  startMs: fc.constantFrom(
    Date.parse('2026-11-24T10:00:00+01:00'),
    Date.parse('2026-03-29T01:59:30+01:00'),
    Date.parse('2026-06-30T23:58:00+02:00'),
  ),
  steps: fc.array(stepArb, { minLength: 20, maxLength: 100 }),
});

/**
 * Turns a run into the inputs of each cycle, given what the previous cycle sent: each device draws
 * its last setpoint (or less, or nothing when unplugged) on the phases it was told.
 */
export class RunPhysics {
  private baseA: [number, number, number] = [3, 3, 3];
  private readonly plugged: boolean[];
  private wants: (number | null)[] = [];
  private unmetered: boolean[] = [];
  private sent = new Map<string, { setpointA: number; phases: Phase[] }>();
  nowMs: number;

  constructor(
    private readonly run: AllocatorRun,
    private readonly index = 0,
  ) {
    this.nowMs = run.startMs;
    this.plugged = run.site.devices.map(() => true);
  }

  inputs(step: CycleStep): AllocatorInputs {
    const { site } = this.run;
    const phases = site.site.phases;
    this.nowMs += step.dtS * 1000;
    if (step.jump === 0) this.baseA = [...step.baseA];
    if (step.wantsJump === 0 || this.wants.length === 0) {
      this.wants = step.wants;
      this.unmetered = step.unmetered;
    }
    if (step.unplug !== null) {
      const k = step.unplug % this.plugged.length;
      this.plugged[k] = !this.plugged[k];
    }
    const grid = [...this.baseA];
    const pvA = step.pvW / (site.site.voltageV * phases);
    for (let p = 0; p < phases; p++) grid[p]! -= pvA;
    const devices: Record<string, DeviceInput> = {};
    const circuitA = new Map<string, number[]>();
    site.devices.forEach((d, i) => {
      const connected = this.plugged[i]!;
      const told = this.sent.get(d.id);
      const wants = this.wants[i % this.wants.length] ?? Infinity;
      const draw = connected && told ? Math.min(told.setpointA, wants) : 0;
      const on = told?.phases ?? d.phases;
      for (const p of on) grid[phaseIndex(p)]! += draw;
      const own = circuitA.get(d.circuit) ?? [0, 0, 0];
      for (const p of on) own[phaseIndex(p)]! += draw;
      circuitA.set(d.circuit, own);
      const input: DeviceInput = { connected };
      if (!this.unmetered[i % this.unmetered.length]) {
        input.measuredA = d.phases.map((p) => (on.includes(p) ? draw : 0));
      }
      if (step.energyKWh !== null && i === this.index % site.devices.length) input.energyKWh = step.energyKWh;
      devices[d.id] = input;
    });
    if (step.strayInput) devices.stranger = { measuredA: [3] };
    const inputs: AllocatorInputs = {
      grid: { netCurrentA: grid.slice(0, phases).map((v) => Math.round(v * 1000) / 1000), ageS: 0.4 },
      devices,
    };
    if (!step.noTime) inputs.time = new Date(this.nowMs).toISOString();
    if (step.meter === 'stale') inputs.grid.ageS = 9;
    if (step.meter === 'none') inputs.grid.netCurrentA = null;
    if (step.meter === 'short') inputs.grid.netCurrentA = inputs.grid.netCurrentA!.slice(0, 1);
    if (step.powers) {
      const netW = grid.slice(0, phases).reduce((s, v) => s + v, 0) * site.site.voltageV;
      inputs.grid.powerImportW = Math.max(0, netW);
      inputs.grid.powerExportW = Math.max(0, -netW);
    }
    if (step.capacity) inputs.grid.capacity = step.capacity;
    if (step.externalLimit) inputs.externalLimit = step.externalLimit;
    if (step.quarterHour) inputs.quarterHour = step.quarterHour;
    const metered = site.circuits.filter((c) => c.metered);
    if (metered.length > 0) {
      inputs.circuits = {};
      for (const [k, c] of metered.entries()) {
        if (step.subMeterMissing && k === 0) continue;
        const own = circuitA.get(c.id) ?? [0, 0, 0];
        inputs.circuits[c.id] = { netCurrentA: own.slice(0, phases).map((v, p) => v + this.baseA[p]! / 4) };
      }
      if (step.strayInput) inputs.circuits.nowhere = { netCurrentA: [1, 1, 1] };
    }
    return inputs;
  }

  /** What the cycle told the devices (they follow it next cycle). */
  follow(decisions: readonly { id: string; setpointA: number; phases: Phase[] }[]): void {
    this.sent = new Map(decisions.map((d) => [d.id, { setpointA: d.setpointA, phases: d.phases }]));
  }
}
