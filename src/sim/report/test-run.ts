// A synthetic SimRun for the report's tests: a 3-phase site with a garage circuit, two chargers,
// PV, a quarter-hour target, three sessions and a trip; `samples` sets the trace's length.
import { siteConfigSchema } from '../../site/schema.js';
import type { OptimumResult } from '../optimum/types.js';
import type { Kpis, SimRun } from '../run-types.js';

export function aRun(
  over: { samples?: number; stepS?: number; policy?: Kpis['policy']; name?: string } = {},
): SimRun {
  const samples = over.samples ?? 2880;
  const stepS = over.stepS ?? 30;
  const site = siteConfigSchema.parse({
    site: { phases: 3, fuseA: 25 },
    circuits: [{ id: 'garage', fuseA: 16 }],
    devices: [
      { id: 'car1', kind: 'charger', circuit: 'garage', phases: ['L1', 'L2', 'L3'], maxA: 16 },
      { id: 'car2', kind: 'charger', phases: ['L2'], maxA: 32, mode: 'pv' },
    ],
  });
  const wave = (scale: number, phase = 0) =>
    Float32Array.from({ length: samples }, (_, i) => scale * (0.5 + 0.4 * Math.sin(i / 200 + phase)));
  const series = (scale: number) => [0, 1, 2].map((p) => wave(scale, p));
  const quarters = Math.ceil((samples * stepS) / 900);
  const kpis: Kpis = {
    scenario: over.name ?? '2-villa-3x25',
    policy: over.policy ?? 'ampshare',
    simulatedSeconds: samples * stepS,
    trips: 1,
    overloadSeconds: 3,
    maxPhaseCurrentA: 26.2,
    evRequestedKWh: 45,
    evDeliveredKWh: 42,
    evSessionsMissed: 1,
    evSessionsMissedBasis: 'optimum',
    pvSelfConsumption: 0.8125,
    peak15mW: 9100,
    startStops: 4,
    costEUR: 12.34,
    evSessions: 3,
    outageSeconds: 0,
    telegrams: samples * stepS,
    telegramErrors: 0,
    wallMs: 1000,
  };
  const optimum: OptimumResult = {
    status: 'optimal',
    sessionKWh: [20, 10, 15],
    evDeliveredKWh: 45,
    peak15mW: 8200,
    pvSelfConsumption: 0.9,
    costEUR: 10.5,
    solveMs: 12,
    variables: 100,
    constraints: 80,
    baseOverloadSteps: 0,
    evW: new Float64Array(quarters),
    quarterImportW: Float64Array.from({ length: quarters }, (_, q) => 5000 + 2000 * Math.sin(q / 10)),
    windows: 2,
  };
  return {
    kpis,
    scenario: {
      name: kpis.scenario,
      file: 'scenarios/2-villa-3x25.yaml',
      startIso: '2026-06-15T00:00:00.000Z',
      days: (samples * stepS) / 86_400,
      seed: 7,
    },
    site,
    startMs: Date.UTC(2026, 5, 14, 22),
    stepS,
    samples,
    circuits: [
      {
        id: 'main',
        fuseA: 25,
        maxA: series(28),
        meanA: series(18),
        neutralMaxA: wave(6),
        thermalMax: wave(0.5),
      },
      {
        id: 'garage',
        fuseA: 16,
        maxA: series(16),
        meanA: series(12),
        neutralMaxA: null,
        thermalMax: wave(0.3),
      },
    ],
    devices: [
      { id: 'car1', kind: 'charger', maxA: 16, setpointA: wave(16), drawA: wave(15) },
      { id: 'car2', kind: 'charger', maxA: 32, setpointA: wave(10, 2), drawA: wave(9, 2) },
    ],
    pvW: wave(4000, 1),
    gridW: Float32Array.from({ length: samples }, (_, i) => 3000 * Math.sin(i / 300)),
    quarters: {
      startMs: Date.UTC(2026, 5, 14, 22),
      averageW: Float32Array.from({ length: quarters }, (_, q) => 6000 + 2500 * Math.sin(q / 8)),
      targetW: new Float32Array(quarters).fill(8000),
    },
    sessions: [
      {
        deviceId: 'car1',
        arrivalS: 3600,
        departureS: 30_000,
        requestedKWh: 20,
        deliveredKWh: 20,
        optimumKWh: 20,
        boundKWh: 20,
        missed: false,
        asleep: false,
      },
      {
        deviceId: 'car2',
        arrivalS: 36_000,
        departureS: 50_000,
        requestedKWh: 10,
        deliveredKWh: 7,
        optimumKWh: 10,
        boundKWh: 10,
        missed: true,
        asleep: false,
      },
      {
        deviceId: 'car1',
        arrivalS: 60_000,
        departureS: 80_000,
        requestedKWh: 15,
        deliveredKWh: 15,
        optimumKWh: 15,
        boundKWh: 15,
        missed: false,
        asleep: false,
      },
    ],
    trips: [{ atS: 20_000, circuit: 'main', phase: 0, kind: 'thermal', currentA: 27.9 }],
    optimum,
  };
}
