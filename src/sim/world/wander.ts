// Slow random wander as a function of absolute time: a sum of sinusoids with random phases and
// periods around the given ones (variance 1). Being a function of the instant, not of a random
// stream stepped second by second, any window of a run sees exactly what the whole run saw there.
import { childRandom } from '../random.js';

export class Wander {
  private readonly omega: Float64Array;
  private readonly phase: Float64Array;
  private readonly amplitude: number;

  constructor(seed: number, label: string, periodsS: readonly number[]) {
    const random = childRandom(seed, `wander ${label}`);
    this.omega = Float64Array.from(periodsS, (p) => (2 * Math.PI) / (p * (0.8 + 0.4 * random())));
    this.phase = Float64Array.from(periodsS, () => 2 * Math.PI * random());
    this.amplitude = Math.sqrt(2 / periodsS.length);
  }

  /** The wander at absolute second `absS` (Unix time). */
  at(absS: number): number {
    let sum = 0;
    for (let k = 0; k < this.omega.length; k++) sum += Math.sin(this.omega[k]! * absS + this.phase[k]!);
    return sum * this.amplitude;
  }
}
