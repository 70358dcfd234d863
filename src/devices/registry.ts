// Every driver under its type name: its config schema (strict: a misspelt key is an error) and its
// create(config, context). An unknown type is an error that lists the known ones.
import type { z } from 'zod';
import type { DeviceDriver, DriverContext } from './driver.js';
import { ocppDriver } from './ocpp.js';
import { simDriver } from './sim.js';

export interface DriverDefinition<Config> {
  configSchema: z.ZodType<Config>;
  create(config: Config, context: DriverContext): DeviceDriver;
}

function define<Config>(definition: DriverDefinition<Config>): DriverDefinition<never> {
  return definition as unknown as DriverDefinition<never>;
}

export const DRIVERS: Readonly<Record<string, DriverDefinition<never>>> = {
  ocpp: define(ocppDriver),
  sim: define(simDriver),
};

export class UnknownDriverError extends Error {
  constructor(
    readonly deviceId: string,
    readonly driverType: string,
  ) {
    super(`device ${deviceId}: unknown driver "${driverType}" (known: ${Object.keys(DRIVERS).join(', ')})`);
    this.name = 'UnknownDriverError';
  }
}

export class DriverConfigError extends Error {
  constructor(
    readonly deviceId: string,
    readonly driverType: string,
    readonly issues: readonly { path: readonly PropertyKey[]; message: string }[],
  ) {
    const details = issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
    super(`device ${deviceId} (${driverType}): ${details}`);
    this.name = 'DriverConfigError';
  }
}

/** Validates `config` against the driver's schema and creates the driver. */
export function createDriver(
  driverType: string,
  deviceId: string,
  config: unknown,
  context: DriverContext,
): DeviceDriver {
  const definition = Object.hasOwn(DRIVERS, driverType) ? DRIVERS[driverType] : undefined;
  if (!definition) throw new UnknownDriverError(deviceId, driverType);
  const parsed = definition.configSchema.safeParse(config);
  if (!parsed.success) throw new DriverConfigError(deviceId, driverType, parsed.error.issues);
  return definition.create(parsed.data, context);
}
