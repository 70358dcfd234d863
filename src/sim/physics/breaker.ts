// A miniature circuit breaker per IEC 60898-1, one pole per line. Thermal release: the bimetal's
// heat θ (in units of the heat at rated current) follows θ' = ((I/In)² − θ)/τ and trips at
// θ ≥ 1.4² — so 1.13·In never trips and 1.45·In trips in τ·ln(2.1025/0.1425) ≈ 404 s at τ = 150 s
// (the standard asks for < 1 h). Magnetic release: instantaneous at 5·In (B), 10·In (C), 20·In (D).
//
// After a trip the breaker stays open for `resetAfterS` — its loads draw nothing — and is then
// closed again, cold (θ = 0): a person walked to the panel. Every trip counts.
import type { BreakerCurve } from '../scenario/schema.js';

export const TRIP_HEAT = 1.4 * 1.4;
export const MAGNETIC_MULTIPLE: Record<BreakerCurve, number> = { B: 5, C: 10, D: 20 };

export interface BreakerOptions {
  ratedA: number;
  curve: BreakerCurve;
  tauS: number;
  resetAfterS: number;
  /** Poles: 1 or 3. */
  poles: number;
}

export type TripKind = 'thermal' | 'magnetic';

/** Seconds until a cold breaker trips at a constant current (Infinity if never): the closed form. */
export function thermalTripTimeS(currentA: number, ratedA: number, tauS: number): number {
  const x = (currentA / ratedA) ** 2;
  return x <= TRIP_HEAT ? Infinity : -tauS * Math.log(1 - TRIP_HEAT / x);
}

export class Breaker {
  /** Heat per pole, in units of the heat at rated current. */
  readonly heat: Float64Array;
  /** Closed again at this second (inclusive); -1 while closed. */
  openUntilS = -1;
  trips = 0;
  private readonly decay: number;
  private readonly magneticA: number;

  constructor(readonly o: BreakerOptions) {
    this.heat = new Float64Array(o.poles);
    // Exact for a current constant over the step: θ ← x + (θ − x)·e^(−dt/τ).
    this.decay = Math.exp(-1 / o.tauS);
    this.magneticA = MAGNETIC_MULTIPLE[o.curve] * o.ratedA;
  }

  get closed(): boolean {
    return this.openUntilS < 0;
  }

  /**
   * One second at these pole currents (A). Returns the pole that tripped and how, or null. An open
   * breaker recloses (cold) once its reset time has passed.
   */
  step(tS: number, poleA: Float64Array, at: number): { pole: number; kind: TripKind } | null {
    if (!this.closed) {
      if (tS < this.openUntilS) return null;
      this.openUntilS = -1;
      this.heat.fill(0);
    }
    let tripped: { pole: number; kind: TripKind } | null = null;
    for (let p = 0; p < this.o.poles; p++) {
      const a = poleA[at + p]!;
      if (tripped === null && a >= this.magneticA) tripped = { pole: p, kind: 'magnetic' };
      const x = (a / this.o.ratedA) ** 2;
      const h = x + (this.heat[p]! - x) * this.decay;
      this.heat[p] = h;
      if (tripped === null && h >= TRIP_HEAT) tripped = { pole: p, kind: 'thermal' };
    }
    if (tripped) {
      this.trips++;
      this.openUntilS = tS + 1 + this.o.resetAfterS;
    }
    return tripped;
  }

  /** The hottest pole as a share of the trip threshold (1 = trips). */
  heatShare(): number {
    let max = 0;
    for (let p = 0; p < this.o.poles; p++) max = Math.max(max, this.heat[p]!);
    return max / TRIP_HEAT;
  }
}
