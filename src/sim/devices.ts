// Simulated devices for the demo: they follow setpoints the way real ones do — late, and not
// quite fully — so the controller is tested against the delays it meets in the field.
import type { Random } from './random.js';

export interface SimDevice {
  readonly id: string;
  /** The controller's setpoint: per-phase current allowed, A. */
  command(setpointA: number): void;
  /** Advance one simulated second. */
  step(tS: number): void;
  /** What the device draws now, per device phase, A. */
  drawA(): number[];
}

export interface SimCarOptions {
  id: string;
  phases: number;
  /** The onboard charger's own maximum per phase. */
  onboardMaxA: number;
  /** Seconds between a new setpoint and the car following it (IEC 61851 allows up to 5 s). */
  responseDelayS: number;
  energyWantedKWh: number;
  voltageV: number;
  random: Random;
}

/** An EV on a charger: draws ~95 % of what it is offered, after a delay, until it is full. */
export class SimCar implements SimDevice {
  private offeredA = 0;
  private pending: { atS: number; currentA: number }[] = [];
  private currentA = 0;
  private energyKWh = 0;
  private nowS = 0;

  constructor(private readonly o: SimCarOptions) {}

  get id(): string {
    return this.o.id;
  }

  command(setpointA: number): void {
    if (setpointA === this.offeredA) return;
    this.offeredA = setpointA;
    // Decreases are followed as fast as the car can; both take the response delay.
    this.pending.push({ atS: this.nowS + this.o.responseDelayS, currentA: setpointA });
  }

  step(tS: number): void {
    this.nowS = tS;
    while (this.pending.length > 0 && (this.pending[0]?.atS ?? Infinity) <= tS) {
      const next = this.pending.shift();
      if (next) this.currentA = next.currentA;
    }
    const full = this.energyKWh >= this.o.energyWantedKWh;
    const drawA = full || this.currentA < 6 ? 0 : Math.min(this.currentA, this.o.onboardMaxA) * 0.95;
    this.energyKWh += (drawA * this.o.voltageV * this.o.phases) / 3.6e6;
    this.drawn = drawA;
  }

  private drawn = 0;

  drawA(): number[] {
    return Array.from({ length: this.o.phases }, () => this.drawn);
  }

  get deliveredKWh(): number {
    return this.energyKWh;
  }
}

/** A heat pump or boiler with power steps: runs at the highest step it wants that it is allowed. */
export class SimStepped implements SimDevice {
  private allowedA = 0;
  private drawn = 0;

  constructor(
    readonly id: string,
    private readonly phases: number,
    /** What it wants to draw per phase now (its thermostat), A. */
    private readonly wantA: (tS: number) => number,
  ) {}

  command(setpointA: number): void {
    this.allowedA = setpointA;
  }

  step(tS: number): void {
    this.drawn = Math.min(this.allowedA, this.wantA(tS));
  }

  drawA(): number[] {
    return Array.from({ length: this.phases }, () => this.drawn);
  }
}
