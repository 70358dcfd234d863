// The live state: what the controller knows after each cycle, in one JSON-friendly snapshot.
// It is the contract between the control loop and everything that shows or keeps it: the HTTP API
// (GET /api/state), the WebSocket feed, the dashboard, the history store, MQTT and the metrics.
// Units are in the names; per-phase arrays are indexed by site phase (0 = L1).
import type { Phase } from './units.js';

export type LiveDeviceStatus = 'running' | 'paused' | 'off' | 'disconnected' | 'failsafe';
export type LiveMode = 'off' | 'now' | 'minpv' | 'pv' | 'planned';

export interface LiveCircuit {
  id: string;
  /** null for the connection itself ("main"). */
  parent: string | null;
  /** Limit in force per phase before the margin (the fuse, a schedule's or the API's lower limit). */
  limitA: number;
  fuseA: number;
  marginA: number;
  /** Measured current per site phase (the grid meter for main, a sub-meter when metered), else null. */
  measuredA: number[] | null;
  /** Base load per site phase (measured minus the controllable devices' estimate). */
  baseLoadA: number[];
  /** Left under limit − margin per site phase once the devices draw their targets (empty in fail-safe). */
  headroomA: number[];
}

export interface LiveDevice {
  id: string;
  kind: 'charger' | 'stepped' | 'switch' | 'battery';
  circuit: string;
  mode: LiveMode;
  priority: number;
  /** Chargers, per phase; null for kinds without amps limits. */
  minA: number | null;
  /** The maximum in force (run-time changes included), and the configured one it cannot exceed. */
  maxA: number | null;
  configuredMaxA: number | null;
  /** The current sent this cycle, per phase, and what the constraints allow at steady state. */
  setpointA: number;
  targetA: number;
  /** Site phases in use now. */
  phases: Phase[];
  /** The power the setpoint stands for, W. */
  powerW: number;
  /** Measured current per site phase (index 0 = L1), null when the device does not report it. */
  measuredA: number[] | null;
  measuredPowerW: number | null;
  status: LiveDeviceStatus;
  reason: string;
  limitedBy: string | null;
  /** Reachable and taking setpoints. */
  available: boolean;
  /** Chargers: a car is plugged in; null when unknown. */
  vehicleConnected: boolean | null;
  /** Energy this session, kWh (the device's meter, else the allocator's estimate). */
  sessionEnergyKWh: number | null;
  soc: number | null;
}

export interface LiveMeter {
  /** Names the source ("tcp 127.0.0.1:2323"). */
  source: string;
  /** The telegram's own time (ISO 8601), null when it has none. */
  timestamp: string | null;
  ageS: number;
  powerImportW: number | null;
  powerExportW: number | null;
  /** Per site phase. */
  voltageV: (number | null)[];
  currentA: (number | null)[];
  /** Per site phase, W (DSMR 1-0:21.7.0 … / 1-0:22.7.0 …). */
  phasePowerImportW: (number | null)[];
  phasePowerExportW: (number | null)[];
  netCurrentA: (number | null)[];
  energyImportKWh: number | null;
  energyExportKWh: number | null;
}

export interface LiveState {
  /** Sequence number of the cycle since start. */
  cycle: number;
  /** When the cycle ran (controller clock, ms since the epoch) and the same as ISO 8601. */
  atMs: number;
  at: string;
  site: {
    phases: 1 | 3;
    network: 'tn' | 'it';
    voltageV: number;
    fuseA: number;
    marginA: number;
    /** The main limit in force (the fuse, a schedule entry or a lower limit set at run time). */
    limitA: number;
    timezone: string;
  };
  /** Every device at its fail-safe current (stale meter). */
  failsafe: boolean;
  meter: LiveMeter | null;
  /** main first, then the configured circuits in tree order. */
  circuits: LiveCircuit[];
  devices: LiveDevice[];
  /** Import (positive) or export (negative) at the connection, W. */
  gridPowerW: number | null;
  /** Surplus the pv-like devices may use, W (negative while importing). */
  surplusW: number;
  /** PV production when known (simulated sites, a PV inverter), W. */
  pvW: number | null;
  quarterHour: {
    targetW: number;
    averageSoFarW: number;
    elapsedS: number;
    allowedW: number;
  } | null;
  /** The month's highest closed quarter-hour average import so far (the meter's, else our own), W. */
  monthPeakW: number | null;
}
