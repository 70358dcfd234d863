// What a controllable appliance (heat pump, boiler, battery) has in common towards the
// controller: it takes a per-phase current setpoint (one control cycle late), turns it into the
// power it may use, and reports what it draws per site phase.
import type { SimEndpoint } from '../../devices/sim.js';
import type { PhaseValues } from '../../model/units.js';
import { wattsPerAmp } from '../../core/topology.js';
import type { DeviceConfig } from '../../site/schema.js';
import type { Coupling } from '../physics/phasors.js';
import { phaseIxs, singleBranch, type LoadRole } from './load.js';

export abstract class FlexibleDevice implements SimEndpoint {
  abstract readonly role: LoadRole;
  readonly name: string;
  readonly branches: Coupling[];
  readonly currentA = new Float64Array(1);
  cosPhi = 1;
  powerW = 0;
  /** Power per A of per-phase setpoint, W (the allocator's wattsPerA). */
  readonly wattsPerA: number;
  /** The power levels it can run at, W, ascending (0 implied). */
  readonly levelsW: number[];
  protected commandA = 0;
  /** The setpoint in force this second (last cycle's command). */
  protected allowedW = 0;
  private readonly measured: PhaseValues = [0, 0, 0];
  private readonly lines: number[];

  constructor(
    readonly deviceId: string,
    device: DeviceConfig,
    readonly circuit: number,
    network: 'tn' | 'it',
    voltageV: number,
  ) {
    this.name = deviceId;
    const phases = phaseIxs(device.phases);
    this.branches = [singleBranch(network, phases)];
    this.lines = phases;
    this.wattsPerA = wattsPerAmp(network, voltageV, phases.length);
    this.levelsW =
      device.kind === 'stepped'
        ? [...device.stepsW].sort((a, b) => a - b)
        : device.kind === 'switch'
          ? [device.powerW]
          : device.kind === 'battery'
            ? [device.maxChargeW]
            : [device.maxA * this.wattsPerA];
  }

  command(currentA: number): void {
    this.commandA = currentA;
  }

  get commandedA(): number {
    return this.commandA;
  }

  measuredA(): PhaseValues {
    const a = Math.max(0, this.currentA[0]!);
    this.measured[0] = this.measured[1] = this.measured[2] = 0;
    for (const p of this.lines) this.measured[p as 0] = a;
    return this.measured;
  }

  vehicleConnected(): boolean | null {
    return null;
  }

  energyKWh(): number | null {
    return null;
  }

  /** The highest level within the allowed power (1 % tolerance for the setpoint's rounding), W. */
  protected allowedLevelW(wantedW: number): number {
    let best = 0;
    for (const l of this.levelsW) if (l <= wantedW && l <= this.allowedW * 1.01 + 1) best = l;
    return best;
  }

  /** Takes last cycle's command into force; call first in step(). */
  protected latch(): void {
    this.allowedW = this.commandA * this.wattsPerA;
  }

  /** Sets the current from the power drawn now at power factor cosPhi. */
  protected draw(powerW: number, cosPhi = 1, currentFactor = 1): void {
    this.powerW = powerW;
    this.cosPhi = cosPhi;
    this.currentA[0] = (powerW / (this.wattsPerA * cosPhi)) * currentFactor;
  }
}
