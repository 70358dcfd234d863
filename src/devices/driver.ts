// The one small interface every device driver implements (OCPP, Modbus, MQTT, sim, SG Ready), plus
// optional abilities detected at run time by type guards. Drivers take commands and report state;
// the controller owns every decision.
import type { Clock } from '../model/clock.js';
import type { Logger } from '../model/logger.js';
import type { Phase, PhaseValues } from '../model/units.js';
import type { Csms } from '../protocols/ocpp/csms.js';

export interface Setpoint {
  /** Per phase. 0 pauses; chargers get 0 or at least their minimum (IEC 61851-1: 6 A). */
  currentA: number;
  phases: 1 | 3;
}

export interface DeviceState {
  /** The device (or its station) is reachable now. */
  connected: boolean;
  /** It can take setpoints now: reachable, not faulted, phases known. */
  available: boolean;
  /** Chargers: an EV is plugged in; null when the device cannot tell. */
  vehicleConnected: boolean | null;
  /** Measured current per site phase (index 0 = L1), mapped through the device's rotation; null when unknown. */
  measuredA: PhaseValues | null;
  powerW: number | null;
  energyKWh: number | null;
  soc: number | null;
  /**
   * Does it draw what it is allowed (within a tolerance, after a grace period)? false: it ignores
   * its limits, so count `measuredA` as base load; null: nothing to judge yet.
   */
  follows: boolean | null;
  /** Why it is unavailable or not following; null when all is well. */
  reason: string | null;
  /**
   * While unreachable: the current per phase it is assumed to hold (its last limit until that would
   * have expired, then its fail-safe current). null while connected.
   */
  heldA: number | null;
  /** The site phases its phases sit on (resolved from the station for `phases: auto`); null when unknown. */
  phases: Phase[] | null;
}

export interface DeviceDriver {
  readonly deviceId: string;
  /**
   * Takes the controller's setpoint. Call it every control cycle, changed or not: a driver whose
   * apply() goes quiet for a whole profile duration lets its device fall back to fail-safe.
   * Never blocks; delivery is the driver's business.
   */
  apply(setpoint: Setpoint): void;
  state(): DeviceState;
  close(): Promise<void>;
}

/** Can put its device at the fail-safe current on request (on SIGTERM, before exit). */
export interface FailsafeCapable {
  /** Rejects, naming the device, when the device did not confirm. */
  failsafe(): Promise<void>;
}

/** Honours `phases: 1` in a setpoint (switches a session between 3 and 1 phases). */
export interface PhaseSwitchCapable {
  canSwitchPhases(): boolean;
}

export function isFailsafeCapable(driver: DeviceDriver): driver is DeviceDriver & FailsafeCapable {
  return typeof (driver as Partial<FailsafeCapable>).failsafe === 'function';
}

export function isPhaseSwitchCapable(driver: DeviceDriver): driver is DeviceDriver & PhaseSwitchCapable {
  return typeof (driver as Partial<PhaseSwitchCapable>).canSwitchPhases === 'function';
}

export type DeviceEvent =
  | { type: 'device.ignoresLimit'; deviceId: string; reason: string; limitA: number; measuredA: number }
  | { type: 'device.followsLimit'; deviceId: string };

export type { Clock, Logger };

/** The one context every driver's create() gets. */
export interface DriverContext {
  log: Logger;
  emit(event: DeviceEvent): void;
  clock: Clock;
  /** The central system, when the configuration has an `ocpp:` section. */
  ocpp?: Csms;
}
