// The demo's household: a small steady base per phase plus appliances that switch on at random
// (kettle, induction hob over two phases, oven, washing machine), because spikes, not averages,
// are what trip a breaker. The simulator issue replaces this with BDEW profiles; the shape stays.
import type { PhaseValues } from '../model/units.js';
import { exponential, type Random } from './random.js';

export interface Appliance {
  name: string;
  /** Power per site phase while running, W. */
  powerW: PhaseValues;
  /** Mean time between starts and mean run time, seconds. */
  meanGapS: number;
  meanRunS: number;
}

// Spread over the phases the way an electrician would, so that no phase overloads on the
// household alone; with the heat pump and the cars on top, it would.
export const DEMO_APPLIANCES: Appliance[] = [
  { name: 'kettle', powerW: [2200, 0, 0], meanGapS: 1800, meanRunS: 150 },
  { name: 'induction hob', powerW: [2300, 2300, 0], meanGapS: 3600, meanRunS: 900 },
  { name: 'oven', powerW: [0, 0, 3400], meanGapS: 7200, meanRunS: 1800 },
  { name: 'washing machine', powerW: [0, 2000, 0], meanGapS: 5400, meanRunS: 1200 },
];

interface Running {
  appliance: Appliance;
  nextChangeS: number;
  on: boolean;
}

export class Household {
  private readonly running: Running[];

  constructor(
    private readonly random: Random,
    private readonly baseW: PhaseValues = [180, 120, 150],
    appliances: Appliance[] = DEMO_APPLIANCES,
  ) {
    this.running = appliances.map((appliance) => ({
      appliance,
      on: false,
      nextChangeS: exponential(random, appliance.meanGapS / 4),
    }));
  }

  /** Per-phase power at simulated second t (call with increasing t); also names what runs. */
  at(tS: number): { powerW: PhaseValues; on: string[] } {
    const powerW: PhaseValues = [...this.baseW];
    const on: string[] = [];
    for (const r of this.running) {
      while (tS >= r.nextChangeS) {
        r.on = !r.on;
        r.nextChangeS += exponential(this.random, r.on ? r.appliance.meanRunS : r.appliance.meanGapS);
      }
      if (!r.on) continue;
      on.push(r.appliance.name);
      for (let p = 0; p < 3; p++) powerW[p] = (powerW[p] ?? 0) + (r.appliance.powerW[p] ?? 0);
    }
    // A little noise, as a real base load never sits still.
    for (let p = 0; p < 3; p++) powerW[p] = Math.max(0, (powerW[p] ?? 0) + (this.random() - 0.5) * 40);
    return { powerW, on };
  }
}
