// A LiveState with every value present (a 3-phase site, a meter, peak control, one device of each
// kind that has its own rows), and builders to vary it per test.
import type { LiveDevice, LiveState } from '../../../model/live.js';
import type { DeviceLimits } from '../discovery.js';

export function aDevice(overrides: Partial<LiveDevice> & Pick<LiveDevice, 'id'>): LiveDevice {
  return {
    kind: 'charger',
    circuit: 'main',
    mode: 'now',
    priority: 0,
    minA: 6,
    maxA: 16,
    configuredMaxA: 16,
    setpointA: 10,
    targetA: 12,
    phases: ['L1', 'L2', 'L3'],
    powerW: 6900,
    measuredA: [9.8, 9.9, 10.1],
    measuredPowerW: 6850,
    status: 'running',
    reason: 'limited by main L2',
    limitedBy: 'main',
    available: true,
    vehicleConnected: true,
    sessionEnergyKWh: 4.321,
    soc: 55,
    ...overrides,
  };
}

export function sampleState(overrides: Partial<LiveState> = {}): LiveState {
  const atMs = Date.UTC(2025, 5, 1, 10, 0, 0);
  return {
    cycle: 1,
    atMs,
    at: new Date(atMs).toISOString(),
    site: {
      phases: 3,
      network: 'tn',
      voltageV: 230,
      fuseA: 25,
      marginA: 1,
      limitA: 25,
      timezone: 'Europe/Brussels',
    },
    failsafe: false,
    meter: {
      source: 'tcp 127.0.0.1:2323',
      timestamp: '2025-06-01T12:00:00+02:00',
      ageS: 0.4,
      powerImportW: 3210,
      powerExportW: 0,
      voltageV: [231.2, 229.8, 230.4],
      currentA: [14, 13, 15],
      phasePowerImportW: [3210, 0, 0],
      phasePowerExportW: [0, 0, 0],
      netCurrentA: [13.9, 13.1, 14.8],
      energyImportKWh: 12345.678,
      energyExportKWh: 2345.5,
    },
    circuits: [
      {
        id: 'main',
        parent: null,
        limitA: 25,
        fuseA: 25,
        marginA: 1,
        measuredA: [13.9, 13.1, 14.8],
        baseLoadA: [4, 3, 5],
        headroomA: [9.1, 10.9, 8.2],
      },
    ],
    devices: [
      aDevice({ id: 'car1' }),
      aDevice({
        id: 'heatpump',
        kind: 'stepped',
        minA: null,
        maxA: null,
        phases: ['L1'],
        measuredA: [8, 0, 0],
        vehicleConnected: null,
        soc: null,
      }),
      aDevice({ id: 'battery', kind: 'battery', minA: null, maxA: null, vehicleConnected: null, soc: 80 }),
    ],
    gridPowerW: 3210,
    surplusW: -3210,
    pvW: 1200,
    quarterHour: { targetW: 4000, averageSoFarW: 2800.4, elapsedS: 420, allowedW: 5200 },
    monthPeakW: 4650,
    ...overrides,
  };
}

/** The configured limits the controller hands the bridge for sampleState()'s devices. */
export const SAMPLE_LIMITS: DeviceLimits[] = [
  { id: 'car1', kind: 'charger', minA: 6, maxA: 32, stepA: 0.1 },
  { id: 'heatpump', kind: 'stepped', minA: null, maxA: null },
  { id: 'battery', kind: 'battery', minA: null, maxA: null },
];
