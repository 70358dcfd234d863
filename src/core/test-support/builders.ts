// Small builders for tests: a valid site or device with sensible defaults, overridden per test.
//   aSite({ site: { fuseA: 35 }, devices: [aCharger({ id: 'car', maxA: 16 })] })
// Config builders go through the real schema and semantic checks (parseSiteConfig), so a test can
// never run on a configuration the program would refuse. Solver builders make solver inputs directly.
import type { z } from 'zod';
import { parseSiteConfig } from '../../site/load.js';
import {
  deviceSchema,
  type siteConfigSchema,
  type BatteryConfig,
  type ChargerConfig,
  type CircuitConfig,
  type DeviceConfig,
  type SiteConfig,
  type SteppedConfig,
  type SwitchConfig,
} from '../../site/schema.js';
import type { SolverDevice, SolverLine, SolverLoad } from '../solver-types.js';

type SiteInput = z.input<typeof siteConfigSchema>;
type DeviceInput = z.input<typeof deviceSchema>;
type KindInput<K extends DeviceConfig['kind']> = Partial<Omit<Extract<DeviceInput, { kind: K }>, 'kind'>>;

export interface SiteOverrides {
  site?: Partial<SiteInput['site']>;
  circuits?: NonNullable<SiteInput['circuits']>;
  devices?: (DeviceConfig | DeviceInput)[];
}

/**
 * A checked site: 3 phases, tn, 230 V, 25 A main fuse, 1 A margin, no circuits, no devices unless
 * given. Throws the loader's ConfigError when the result would be refused at start-up.
 */
export function aSite(overrides: SiteOverrides = {}): SiteConfig {
  const raw = {
    site: { phases: 3, fuseA: 25, ...overrides.site },
    circuits: overrides.circuits ?? [],
    devices: overrides.devices ?? [],
  };
  // JSON is YAML: the same path as a file on disk, semantic checks included.
  return parseSiteConfig(JSON.stringify(raw), '<aSite>');
}

/** A circuit under main (unless parent is given). */
export function aCircuit(overrides: Partial<CircuitConfig> & { id: string }): CircuitConfig {
  return { parent: 'main', fuseA: 16, metered: false, ...overrides };
}

let counter = 0;
function nextId(prefix: string): string {
  counter += 1;
  return `${prefix}${counter}`;
}

function device<T extends DeviceConfig>(kind: T['kind'], prefix: string, overrides: object): T {
  return deviceSchema.parse({ kind, id: nextId(prefix), ...overrides }) as T;
}

/** A 3-phase charger (L1, L2, L3) on main: 6–16 A in 1 A steps, priority 0, mode now. */
export function aCharger(overrides: KindInput<'charger'> = {}): ChargerConfig {
  return device('charger', 'car', { phases: ['L1', 'L2', 'L3'], maxA: 16, ...overrides });
}

/** A 1-phase stepped device on L1 (a boiler with 1 and 2 kW elements). */
export function aStepped(overrides: KindInput<'stepped'> = {}): SteppedConfig {
  return device('stepped', 'stepped', { phases: ['L1'], stepsW: [1000, 2000], ...overrides });
}

/** A 1-phase 2 kW switch on L1. */
export function aSwitch(overrides: KindInput<'switch'> = {}): SwitchConfig {
  return device('switch', 'switch', { phases: ['L1'], powerW: 2000, ...overrides });
}

/** A 3-phase battery, 5 kW either way. */
export function aBattery(overrides: KindInput<'battery'> = {}): BatteryConfig {
  return device('battery', 'battery', {
    phases: ['L1', 'L2', 'L3'],
    maxChargeW: 5000,
    maxDischargeW: 5000,
    ...overrides,
  });
}

// Solver inputs.

/** A solver line: aLine(16) or aLine(16, 'garage L3'). */
export function aLine(capacityA: number, label = `line ${capacityA} A`): SolverLine {
  return { label, capacityA };
}

/**
 * A solver device: 6–16 A in 1 A steps, priority 0, on line 0 with coefficient 1.
 * `on` is shorthand for loads with coefficient 1: aSolverDevice({ id: 'a', on: [0, 2] }).
 */
export function aSolverDevice(
  overrides: Partial<SolverDevice> & { id?: string; on?: number[] } = {},
): SolverDevice {
  const { on, ...rest } = overrides;
  const loads: SolverLoad[] = on
    ? on.map((line) => ({ line, coefficient: 1 }))
    : [{ line: 0, coefficient: 1 }];
  return {
    id: nextId('dev'),
    priority: 0,
    minA: 6,
    maxA: 16,
    stepA: 1,
    loads,
    forcedOff: false,
    shedRank: 0,
    ...rest,
  };
}
