// The `sim` driver: a simulated device behind the same small interface as real ones. The
// simulator (src/sim) owns the device's physics and hands the driver an endpoint through the
// context (`sim`), as the OCPP driver gets the central system through `ocpp`. Setpoints are
// clamped the way a real charger takes them; measurements come back per site phase.
import { z } from 'zod';
import { PHASES, type Phase, type PhaseValues } from '../model/units.js';
import type { DeviceDriver, DeviceState, DriverContext, PhaseSwitchCapable, Setpoint } from './driver.js';

/** What the simulator exposes of one simulated device. */
export interface SimEndpoint {
  readonly deviceId: string;
  /** The controller's setpoint: per-phase current allowed, A, on 1 or 3 phases. */
  command(currentA: number, phases: 1 | 3): void;
  /** The last setpoint it received, A. */
  readonly commandedA: number;
  /** Current drawn now per site phase (index 0 = L1), A. */
  measuredA(): PhaseValues;
  /** Chargers: a car is plugged in; null for other devices. */
  vehicleConnected(): boolean | null;
  /** Energy delivered this session (chargers) or null. */
  energyKWh(): number | null;
}

/** The simulated world's devices, by device id. */
export interface SimPlant {
  endpoint(deviceId: string): SimEndpoint | undefined;
}

/** A DriverContext that carries the simulated world. */
export interface SimDriverContext extends DriverContext {
  sim: SimPlant;
}

export const simDriverConfigSchema = z.strictObject({
  id: z.string().min(1),
  /** The site phases of the device, for state().phases. */
  phases: z.array(z.enum(PHASES)).min(1).max(3),
  /** Setpoints above this are clamped to it. */
  maxA: z.number().finite().positive().optional(),
  /** A setpoint between 0 and this is a pause (IEC 61851-1: 6 A for chargers); 0 = no minimum. */
  minA: z.number().finite().nonnegative().default(0),
});

export type SimDriverConfig = z.output<typeof simDriverConfigSchema>;

export class SimDriverError extends Error {
  constructor(deviceId: string, message: string) {
    super(`device ${deviceId} (sim): ${message}`);
    this.name = 'SimDriverError';
  }
}

export class SimDriver implements DeviceDriver, PhaseSwitchCapable {
  readonly deviceId: string;
  private readonly endpoint: SimEndpoint;
  private readonly phases: Phase[];

  constructor(
    private readonly config: SimDriverConfig,
    context: DriverContext,
  ) {
    this.deviceId = config.id;
    const plant = (context as Partial<SimDriverContext>).sim;
    if (!plant) throw new SimDriverError(config.id, 'needs the simulated world (context.sim)');
    const endpoint = plant.endpoint(config.id);
    if (!endpoint) throw new SimDriverError(config.id, 'the simulated world has no such device');
    this.endpoint = endpoint;
    this.phases = [...config.phases];
  }

  apply(setpoint: Setpoint): void {
    const { maxA, minA } = this.config;
    let currentA = Number.isFinite(setpoint.currentA) ? Math.max(0, setpoint.currentA) : 0;
    if (maxA !== undefined) currentA = Math.min(currentA, maxA);
    if (currentA < minA) currentA = 0;
    this.endpoint.command(currentA, setpoint.phases);
  }

  state(): DeviceState {
    const measuredA = this.endpoint.measuredA();
    return {
      connected: true,
      available: true,
      vehicleConnected: this.endpoint.vehicleConnected(),
      measuredA: [measuredA[0], measuredA[1], measuredA[2]],
      powerW: null,
      energyKWh: this.endpoint.energyKWh(),
      soc: null,
      follows: null,
      reason: null,
      heldA: null,
      phases: this.phases,
    };
  }

  canSwitchPhases(): boolean {
    return this.phases.length === 3;
  }

  async close(): Promise<void> {}
}

export const simDriver = {
  configSchema: simDriverConfigSchema,
  create: (config: SimDriverConfig, context: DriverContext): DeviceDriver => new SimDriver(config, context),
};
