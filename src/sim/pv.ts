// A simple PV model for the demo: a clear-sky bell between sunrise and sunset scaled to kWp,
// with slow cloud noise. The simulator issue uses the NL hourly profile instead.
import type { Random } from './random.js';

export class PvArray {
  private cloud = 1;

  constructor(
    private readonly random: Random,
    private readonly kWp: number,
  ) {}

  /** Total AC power in W at local solar hour `hour` (0..24). */
  powerW(hour: number): number {
    this.cloud = Math.min(1, Math.max(0.2, this.cloud + (this.random() - 0.5) * 0.02));
    const sunrise = 7;
    const sunset = 19;
    if (hour <= sunrise || hour >= sunset) return 0;
    const x = (hour - sunrise) / (sunset - sunrise);
    return this.kWp * 1000 * 0.8 * Math.sin(Math.PI * x) ** 1.5 * this.cloud;
  }
}
