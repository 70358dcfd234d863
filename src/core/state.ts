// What the allocator remembers between cycles. Plain JSON (records, numbers, null), so the
// controller can persist it and a test can write one by hand. allocate() never mutates it: it
// returns the next state.
import type { MonthState, QuarterState } from './peak.js';

export interface DeviceMemory {
  /** Connected at the last cycle: a change starts a new session. */
  connected: boolean;
  /** Session energy integrated from the measured (or commanded) current, kWh. */
  energyKWh: number;
  /** Last setpoint sent, per phase, A. */
  setpointA: number;
  /** Unquantised ramp level, A. */
  rampA: number;
  /** Since when the target has been above the setpoint (the increase delay's clock). */
  raiseSinceMs: number | null;
  /** When the device last started (setpoint 0 → > 0), for minOnS and its turn in a shortage. */
  onSinceMs: number | null;
  /** When the allocator last paused it (setpoint > 0 → 0), for minOffS. */
  offSinceMs: number | null;
  /** Pauses by the limits in a row, each within FLAP_WINDOW_S of the one before (hysteresis.ts). */
  pauseStreak: number;
  /**
   * The raise back-off (hysteresis.ts): the setpoint the last decrease came down from, when, and
   * how many decreases in a row came back down from a level the device had climbed back to.
   */
  dropFromA: number | null;
  dropSinceMs: number | null;
  dropStreak: number;
  /** Since when it has wanted to run but got 0 (for "paused … for 12 s"). */
  waitingSinceMs: number | null;
  /** pv mode: started on surplus; and the clock of the start or stop condition. */
  solarActive: boolean;
  solarSinceMs: number | null;
  /** An offer it does not use: since when, and the cap in force. */
  unusedSinceMs: number | null;
  unusedCapA: number | null;
  /** 1p/3p switching: phases in use, switches this session, pause after a switch, condition clock. */
  phaseCount: 1 | 3;
  switches: number;
  switchPauseUntilMs: number | null;
  switchSinceMs: number | null;
}

export interface AllocatorState {
  /** nowMs of the last cycle, null before the first. */
  lastMs: number | null;
  devices: Record<string, DeviceMemory>;
  quarter: QuarterState | null;
  month: MonthState | null;
}

/** The state of a controller that has just started: no history (see docs/algorithm.md "Cold start"). */
export function emptyState(): AllocatorState {
  return { lastMs: null, devices: {}, quarter: null, month: null };
}

/** A device's memory at the start of a session, or at a cold start with what it draws now. */
export function freshMemory(connected: boolean, drawingA: number, phaseCount: 1 | 3): DeviceMemory {
  return {
    connected,
    energyKWh: 0,
    setpointA: drawingA,
    rampA: drawingA,
    raiseSinceMs: null,
    onSinceMs: null,
    offSinceMs: null,
    pauseStreak: 0,
    dropFromA: null,
    dropSinceMs: null,
    dropStreak: 0,
    waitingSinceMs: null,
    solarActive: drawingA > 0,
    solarSinceMs: null,
    unusedSinceMs: null,
    unusedCapA: null,
    phaseCount,
    switches: 0,
    switchPauseUntilMs: null,
    switchSinceMs: null,
  };
}

/** A copy of a memory (every field listed, in one order: one object shape). */
export function copyMemory(m: DeviceMemory): DeviceMemory {
  return {
    connected: m.connected,
    energyKWh: m.energyKWh,
    setpointA: m.setpointA,
    rampA: m.rampA,
    raiseSinceMs: m.raiseSinceMs,
    onSinceMs: m.onSinceMs,
    offSinceMs: m.offSinceMs,
    pauseStreak: m.pauseStreak ?? 0,
    // A state saved before the raise back-off existed has none of its fields.
    dropFromA: m.dropFromA ?? null,
    dropSinceMs: m.dropSinceMs ?? null,
    dropStreak: m.dropStreak ?? 0,
    waitingSinceMs: m.waitingSinceMs,
    solarActive: m.solarActive,
    solarSinceMs: m.solarSinceMs,
    unusedSinceMs: m.unusedSinceMs,
    unusedCapA: m.unusedCapA,
    phaseCount: m.phaseCount,
    switches: m.switches,
    switchPauseUntilMs: m.switchPauseUntilMs,
    switchSinceMs: m.switchSinceMs,
  };
}
