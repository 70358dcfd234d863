// Slow random wander as a function of absolute time: a sum of sinusoids with random phases and
// periods around the given ones (variance 1). Being a function of the instant, not of a random
// stream stepped second by second, any window of a run sees exactly what the whole run saw there.
import { childRandom } from '../random.js';

export class Wander {
  private readonly periodS: Float64Array;
  private readonly omega: Float64Array;
  private readonly phase: Float64Array;
  private readonly amplitude: number;

  constructor(seed: number, label: string, periodsS: readonly number[]) {
    const random = childRandom(seed, `wander ${label}`);
    this.periodS = Float64Array.from(periodsS, (p) => p * (0.8 + 0.4 * random()));
    this.omega = this.periodS.map((p) => (2 * Math.PI) / p);
    this.phase = Float64Array.from(periodsS, () => 2 * Math.PI * random());
    this.amplitude = Math.sqrt(2 / periodsS.length);
  }

  /** The wander at absolute second `absS` (Unix time). */
  at(absS: number): number {
    let sum = 0;
    // The instant within each period first (% on doubles is exact): sin of ω·1.8e9 takes V8's
    // slow argument reduction, ~75 ns a call against ~20 ns below 2π.
    for (let k = 0; k < this.omega.length; k++) {
      sum += Math.sin(this.omega[k]! * (absS % this.periodS[k]!) + this.phase[k]!);
    }
    return sum * this.amplitude;
  }
}
