// The live state after a cycle (src/model/live.ts), built from what the loop has at hand: the site
// model in force, the allocator's answer, the last reading and every driver's report. Pure: the
// loop calls it once per cycle and puts the result on the bus (state.updated).
import type { AllocationResult } from '../core/allocate.js';
import type { AllocatorState } from '../core/state.js';
import type { DeviceState } from '../devices/driver.js';
import type { LiveCircuit, LiveDevice, LiveMeter, LiveState } from '../model/live.js';
import type { Reading } from '../model/reading.js';
import type { SiteConfig } from '../site/schema.js';

export interface LiveStateInput {
  cycle: number;
  atMs: number;
  site: SiteConfig;
  result: AllocationResult;
  allocator: AllocatorState;
  /** The last telegram, its age and the meter's name; null before the first. */
  meter: { reading: Reading; ageS: number; source: string } | null;
  /** The configuration as loaded: the ceilings run-time changes cannot raise. */
  configured?: SiteConfig;
  /** Per device, in the site's device order: the driver's report and the current sent. */
  devices: readonly { id: string; state: DeviceState; appliedA: number; controlled: boolean }[];
  pvW: number | null;
}

const round = (x: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export function buildLiveState(input: LiveStateInput): LiveState {
  const { site, result } = input;
  const s = site.site;
  const main = result.circuits.find((c) => c.id === 'main');
  const limitA = main?.limitA ?? s.fuseA;
  const reading = input.meter?.reading ?? null;
  const importW = reading?.powerImportW ?? null;
  const exportW = reading?.powerExportW ?? null;
  return {
    cycle: input.cycle,
    atMs: input.atMs,
    at: new Date(input.atMs).toISOString(),
    site: {
      phases: s.phases,
      network: s.network,
      voltageV: s.voltageV,
      fuseA: s.fuseA,
      marginA: s.marginA,
      limitA,
      timezone: s.timezone,
    },
    failsafe: result.summary.failsafe,
    meter: input.meter ? liveMeter(input.meter) : null,
    circuits: liveCircuits(site, result),
    devices: liveDevices(input),
    gridPowerW: importW === null && exportW === null ? null : round((importW ?? 0) - (exportW ?? 0), 1),
    surplusW: round(result.summary.surplusW, 1),
    pvW: input.pvW === null ? null : round(input.pvW, 1),
    quarterHour: result.summary.quarterHour,
    monthPeakW: reading?.capacity?.monthPeakW ?? monthPeakOf(input.allocator),
  };
}

function monthPeakOf(state: AllocatorState): number | null {
  return state.month && state.month.peakW > 0 ? state.month.peakW : null;
}

function liveMeter(meter: { reading: Reading; ageS: number; source: string }): LiveMeter {
  const r = meter.reading;
  const sum = (t: { t1: number | null; t2: number | null }): number | null =>
    t.t1 === null && t.t2 === null ? null : round((t.t1 ?? 0) + (t.t2 ?? 0), 3);
  return {
    source: meter.source,
    timestamp: r.timestamp,
    ageS: round(meter.ageS, 3),
    powerImportW: r.powerImportW,
    powerExportW: r.powerExportW,
    voltageV: r.phases.map((p) => p.voltageV),
    currentA: r.phases.map((p) => p.currentA),
    phasePowerImportW: r.phases.map((p) => p.powerImportW),
    phasePowerExportW: r.phases.map((p) => p.powerExportW),
    netCurrentA: r.phases.map((p) => (p.netCurrentA === null ? null : round(p.netCurrentA))),
    energyImportKWh: sum(r.energyImportKWh),
    energyExportKWh: sum(r.energyExportKWh),
  };
}

function liveCircuits(site: SiteConfig, result: AllocationResult): LiveCircuit[] {
  const configured = new Map(site.circuits.map((c) => [c.id, c]));
  return result.circuits.map((c) => {
    const circuit = configured.get(c.id);
    return {
      id: c.id,
      parent: circuit ? circuit.parent : null,
      limitA: c.limitA,
      fuseA: circuit ? circuit.fuseA : site.site.fuseA,
      marginA: circuit?.marginA ?? site.site.marginA,
      measuredA: c.measuredA ? c.measuredA.map((a) => round(a)) : null,
      baseLoadA: c.baseLoadA.map((a) => round(a)),
      headroomA: c.headroomA.map((a) => round(a)),
    };
  });
}

function liveDevices(input: LiveStateInput): LiveDevice[] {
  const decisions = new Map(input.result.devices.map((d) => [d.id, d]));
  const memories = input.allocator.devices;
  const configs = new Map(input.site.devices.map((d) => [d.id, d]));
  const loaded = new Map((input.configured ?? input.site).devices.map((d) => [d.id, d]));
  const voltageV = input.site.site.voltageV;
  return input.devices.flatMap(({ id, state, appliedA, controlled }) => {
    const config = configs.get(id);
    const decision = decisions.get(id);
    if (!config || !decision) return [];
    const measuredA = state.measuredA ? state.measuredA.map((a) => round(a)) : null;
    const measuredPowerW =
      state.powerW ?? (measuredA ? round(measuredA.reduce((sum, a) => sum + a, 0) * voltageV, 1) : null);
    const charger = config.kind === 'charger';
    return [
      {
        id,
        kind: config.kind,
        circuit: config.circuit,
        mode: config.mode,
        priority: config.priority,
        minA: charger ? config.minA : null,
        maxA: charger ? config.maxA : null,
        configuredMaxA: ceiling(loaded.get(id)),
        setpointA: round(appliedA),
        targetA: round(decision.targetA),
        phases: decision.phases,
        powerW: round(decision.powerW, 1),
        measuredA,
        measuredPowerW,
        status: decision.status,
        reason: controlled
          ? decision.reason
          : `held at its fail-safe current: ${state.reason ?? 'unavailable'}`,
        limitedBy: decision.limitedBy,
        available: state.available,
        vehicleConnected: state.vehicleConnected,
        sessionEnergyKWh: state.energyKWh ?? (memories[id] ? round(memories[id].energyKWh, 3) : null),
        soc: state.soc,
      },
    ];
  });
}

function ceiling(config: SiteConfig['devices'][number] | undefined): number | null {
  return config?.kind === 'charger' ? config.maxA : null;
}
