// Small builders of LiveState for the store's tests and benchmark: only what the store reads is
// worth setting; the rest is a plausible 3-phase site.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../model/clock.js';
import type { LiveDevice, LiveState } from '../../model/live.js';

export function aDevice(overrides: Partial<LiveDevice> & { id: string }): LiveDevice {
  return {
    kind: 'stepped',
    circuit: 'main',
    mode: 'now',
    priority: 1,
    minA: null,
    maxA: null,
    configuredMaxA: null,
    setpointA: 0,
    targetA: 0,
    phases: ['L1'],
    powerW: 0,
    measuredA: null,
    measuredPowerW: null,
    status: 'running',
    reason: 'test',
    limitedBy: null,
    available: true,
    vehicleConnected: null,
    sessionEnergyKWh: null,
    soc: null,
    ...overrides,
  };
}

export function aCharger(overrides: Partial<LiveDevice> & { id: string }): LiveDevice {
  return aDevice({
    kind: 'charger',
    minA: 6,
    maxA: 16,
    configuredMaxA: 16,
    phases: ['L1', 'L2', 'L3'],
    ...overrides,
  });
}

export interface StateSpec {
  atMs: number;
  /** Import positive, export negative; null: no meter data. */
  gridPowerW?: number | null;
  pvW?: number | null;
  /** The meter's net current per phase. */
  phaseA?: number[];
  limitA?: number;
  devices?: LiveDevice[];
  timezone?: string;
  cycle?: number;
}

export function aState(spec: StateSpec): LiveState {
  const gridPowerW = spec.gridPowerW === undefined ? 1000 : spec.gridPowerW;
  const phaseA = spec.phaseA ?? [1, 2, 3];
  return {
    cycle: spec.cycle ?? 0,
    atMs: spec.atMs,
    at: new Date(spec.atMs).toISOString(),
    site: {
      phases: 3,
      network: 'tn',
      voltageV: 230,
      fuseA: 25,
      marginA: 1,
      limitA: spec.limitA ?? 25,
      timezone: spec.timezone ?? 'Europe/Brussels',
    },
    failsafe: false,
    meter: {
      source: 'test',
      timestamp: null,
      ageS: 0,
      powerImportW: gridPowerW === null ? null : Math.max(0, gridPowerW),
      powerExportW: gridPowerW === null ? null : Math.max(0, -gridPowerW),
      voltageV: [230, 230, 230],
      currentA: phaseA.map(Math.abs),
      phasePowerImportW: phaseA.map((a) => Math.max(0, a * 230)),
      phasePowerExportW: phaseA.map((a) => Math.max(0, -a * 230)),
      netCurrentA: phaseA,
      energyImportKWh: null,
      energyExportKWh: null,
    },
    circuits: [],
    devices: spec.devices ?? [],
    gridPowerW,
    surplusW: gridPowerW === null ? 0 : -gridPowerW,
    pvW: spec.pvW ?? null,
    quarterHour: null,
    monthPeakW: null,
  };
}

/** A clock the test moves. */
export function fakeClock(startMs: number): Clock & { set(ms: number): void } {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    sleep: async () => undefined,
    set: (ms) => void (nowMs = ms),
  };
}

/** A fresh temporary directory and its removal. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ampshare-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
