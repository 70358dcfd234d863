// What the allocator reads each cycle and what it answers. JSON-friendly: the CLI reads these
// shapes from input.json and prints the output as is (contract 2, docs/algorithm.md "Inputs").
import type { Phase } from '../model/units.js';

export interface GridInput {
  /** Signed net current per site phase (import positive), e.g. Reading.phases[i].netCurrentA; null = no data. */
  netCurrentA: number[] | null;
  /** Age of the reading in seconds (stale above site.staleAfterS). */
  ageS?: number;
  /** Instantaneous import and export power (DSMR 1-0:1.7.0 / 1-0:2.7.0); else derived from the currents. */
  powerImportW?: number | null;
  powerExportW?: number | null;
  /** Belgian capacity-tariff registers from the telegram (e-MUCS 1-0:1.4.0 and 1-0:1.6.0). */
  capacity?: { averageDemandW?: number | null; monthPeakW?: number | null } | null;
}

export interface DeviceInput {
  /** A car plugged in, a heat pump reachable. Default true. */
  connected?: boolean;
  /** Measured current per device phase (in the order of the device's `phases`); absent = not reported. */
  measuredA?: number[];
  /** Energy delivered this session (else the allocator integrates its own estimate). */
  energyKWh?: number;
  /** State of charge 0..100, informative. */
  soc?: number;
}

export interface AllocatorInputs {
  /** Wall-clock time of the reading (ISO 8601 with offset); default: the cycle's nowMs. */
  time?: string;
  grid: GridInput;
  devices: Record<string, DeviceInput>;
  /** Sub-meters of circuits configured `metered: true`. */
  circuits?: Record<string, { netCurrentA: number[] }>;
  /** Grid-operator dimming (§14a style): a total for all controllable devices together. */
  externalLimit?: { totalA?: number; totalW?: number };
  /** Import energy so far in the running quarter hour, when a meter supplies it. */
  quarterHour?: { energyKWh?: number; elapsedS?: number };
  /** PV production, informative (the surplus itself is read from the grid meter). */
  pvW?: number;
}

export type DeviceStatus = 'running' | 'paused' | 'off' | 'disconnected' | 'failsafe';

export interface DeviceDecision {
  id: string;
  /** Steady-state per-phase current this cycle's constraints allow (what ramps and timers settle to). */
  targetA: number;
  /** Per-phase current to send now (after fast-down/slow-up, timers and fail-safe). */
  setpointA: number;
  /** The site phases the device draws on now (one phase after a 1p switch). */
  phases: Phase[];
  /** The power that setpoint stands for, W. */
  powerW: number;
  status: DeviceStatus;
  reason: string;
  /** Label of the constraint that bound the target ("garage L3", "quarter-hour budget"), if any. */
  limitedBy: string | null;
}

/**
 * Read-only, as the whole result: a status, or one of its arrays, whose numbers did not change
 * since the last cycle is the same object as in the last cycle's result (report.ts).
 */
export interface CircuitStatus {
  id: string;
  /** The limit in force per phase (fuse, or the schedule's limit for main), before the margin. */
  limitA: number;
  /** Measured current per site phase (main: the grid meter; metered circuits: their meter), else null. */
  measuredA: number[] | null;
  /** Base load per site phase: measured minus the controllable devices' conservative estimate (0 unmetered). */
  baseLoadA: number[];
  /** Per site phase, what the devices below it could draw: limit − margin − base load. */
  availableA: number[];
  /** Per site phase, what is left under limit − margin once the targets are drawn. Empty in fail-safe. */
  headroomA: number[];
}

export interface AllocationSummary {
  failsafe: boolean;
  /** Quarter-hour peak control, when configured. */
  quarterHour: { targetW: number; averageSoFarW: number; elapsedS: number; allowedW: number } | null;
  /** Export available to pv-like devices (W): what is exported plus what they draw; negative while importing. */
  surplusW: number;
  /** The main fuse limit from the schedule, when an entry is active. */
  scheduleLimitA: number | null;
}
