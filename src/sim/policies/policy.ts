// How a policy meets the world: it reads the meter (real telegrams, when it wants them) and sends
// setpoints through the devices' drivers — the `sim` driver from the registry, the same interface
// real devices use.
import type { DeviceDriver, DriverContext } from '../../devices/driver.js';
import { createDriver } from '../../devices/registry.js';
import type { SimDriverContext } from '../../devices/sim.js';
import type { DeviceConfig } from '../../site/schema.js';
import type { Scenario } from '../scenario/load.js';
import type { World } from '../world/world.js';

export interface Policy {
  /** Every how many seconds it reads a telegram (1: every second; 0: never). */
  readonly telegramEveryS: number;
  /** One control cycle after second tS's physics; `telegram` when it asked for one. */
  cycle(tS: number, telegram: Buffer | null): void;
  /** The quarter-hour target in force (W), or null. */
  readonly targetW: number | null;
  /** Telegrams decoded, and refused (must stay 0). */
  readonly telegrams: number;
  readonly telegramErrors: number;
}

export interface PolicyContext {
  scenario: Scenario;
  world: World;
  /** One driver per configured device, in configuration order. */
  drivers: DeviceDriver[];
  startMs: number;
  /**
   * A sub-meter on a `metered: true` circuit (CT clamps on Modbus in the field, read directly, not
   * through P1): per site phase the line current's magnitude with the sign of its active part, A.
   */
  subMeterA(circuit: number): number[];
}

const quiet = { debug() {}, info() {}, warn() {} };

/** The drivers of every configured device: `sim` drivers created through the registry. */
export function simDrivers(scenario: Scenario, world: World, nowMs: () => number): DeviceDriver[] {
  const context: SimDriverContext = {
    log: quiet,
    emit() {},
    clock: { now: nowMs, sleep: async () => undefined },
    sim: world,
  };
  return scenario.site.devices.map((d) =>
    createDriver('sim', d.id, driverConfig(d), context satisfies DriverContext),
  );
}

function driverConfig(d: DeviceConfig): unknown {
  return d.kind === 'charger'
    ? { id: d.id, phases: d.phases, maxA: d.maxA, minA: d.minA }
    : { id: d.id, phases: d.phases };
}

/** The most a device may be given, per phase, A. */
export function deviceMaxA(d: DeviceConfig, wattsPerA: number): number {
  switch (d.kind) {
    case 'charger':
      return d.maxA;
    case 'stepped':
      return Math.max(0, ...d.stepsW) / wattsPerA;
    case 'switch':
      return d.powerW / wattsPerA;
    case 'battery':
      return d.maxChargeW / wattsPerA;
  }
}
