// The stochastic appliance layer: kettle, oven, induction hob, washing machine, dryer and
// dishwasher, each with a program of power stages (heating elements cycling on a thermostat) and
// a daily rhythm. Spikes, not averages, trip breakers: this is where they come from.
import type { RunCalendar } from '../calendar.js';
import type { Coupling } from '../physics/phasors.js';
import type { ApplianceSettings } from '../scenario/schema.js';
import { randomStarts } from './events.js';
import { phaseIxs, spreadBranches, type Load, type LoadRole } from './load.js';

/** One stage: this long at this total power, optionally cycling on/off (a thermostat). */
interface Stage {
  s: number;
  w: number;
  onS?: number;
  offS?: number;
}

interface Kind {
  perDay: number;
  /** Relative chance of a start in each local hour. */
  hours: number[];
  program: Stage[];
}

const h = (...peaks: [number, number][]): number[] => {
  const w = new Array<number>(24).fill(0.05);
  for (const [hour, weight] of peaks) w[hour] = weight;
  return w;
};

export const APPLIANCES: Record<ApplianceSettings['kind'], Kind> = {
  kettle: {
    perDay: 3,
    hours: h([7, 3], [8, 2], [12, 1.5], [16, 1], [19, 1.5], [20, 1.5], [21, 1]),
    program: [{ s: 150, w: 2200 }],
  },
  oven: {
    perDay: 0.4,
    hours: h([12, 0.5], [17, 3], [18, 2]),
    program: [
      { s: 600, w: 3400 },
      { s: 2400, w: 3400, onS: 30, offS: 45 },
    ],
  },
  inductionHob: {
    perDay: 1,
    hours: h([7, 0.3], [12, 1], [17, 3], [18, 3], [19, 1]),
    program: [
      { s: 900, w: 7200 },
      { s: 900, w: 3600, onS: 20, offS: 10 },
      { s: 600, w: 1400 },
    ],
  },
  washingMachine: {
    perDay: 0.6,
    hours: h([8, 1], [9, 1.5], [10, 1.5], [11, 1], [14, 1], [18, 1], [19, 1], [20, 1]),
    program: [
      { s: 900, w: 2000 },
      { s: 2400, w: 200 },
      { s: 600, w: 450 },
    ],
  },
  dryer: {
    perDay: 0.4,
    hours: h([10, 1], [11, 1.5], [12, 1], [15, 1], [20, 1.5], [21, 1]),
    program: [
      { s: 4800, w: 2500, onS: 240, offS: 60 },
      { s: 600, w: 300 },
    ],
  },
  dishwasher: {
    perDay: 0.8,
    hours: h([13, 1], [19, 2], [20, 3], [21, 2], [22, 1]),
    program: [
      { s: 300, w: 150 },
      { s: 1200, w: 2000 },
      { s: 1800, w: 100 },
      { s: 900, w: 2000 },
      { s: 600, w: 50 },
    ],
  },
};

function stageEnergyKWh(stage: Stage): number {
  const duty = stage.onS && stage.offS ? stage.onS / (stage.onS + stage.offS) : 1;
  return (stage.s * stage.w * duty) / 3.6e6;
}

/** Expected energy of the appliance layer per year, kWh (taken out of the base profile). */
export function appliancesAnnualKWh(settings: readonly ApplianceSettings[]): number {
  return settings.reduce((sum, a) => {
    const kind = APPLIANCES[a.kind];
    const perUse = kind.program.reduce((s, st) => s + stageEnergyKWh(st), 0) * a.powerScale;
    return sum + (a.perDay ?? kind.perDay) * 365 * perUse;
  }, 0);
}

export class Appliance implements Load {
  readonly role: LoadRole = 'fixed';
  readonly branches: Coupling[];
  readonly currentA: Float64Array;
  cosPhi = 1;
  powerW = 0;
  private readonly starts: number[];
  private readonly program: Stage[];
  private readonly lengthS: number;
  private next = 0;
  private runningSince = -1;

  constructor(
    readonly name: string,
    settings: ApplianceSettings,
    readonly circuit: number,
    cal: RunCalendar,
    endS: number,
    network: 'tn' | 'it',
    private readonly voltageV: number,
    seed: number,
  ) {
    const kind = APPLIANCES[settings.kind];
    this.program = kind.program.map((s) => ({ ...s, w: s.w * settings.powerScale }));
    this.lengthS = this.program.reduce((sum, s) => sum + s.s, 0);
    this.branches = spreadBranches(network, phaseIxs(settings.phases));
    this.currentA = new Float64Array(this.branches.length);
    const label = `appliance ${name}`;
    this.starts = randomStarts(
      cal,
      endS,
      settings.perDay ?? kind.perDay,
      kind.hours,
      this.lengthS,
      seed,
      label,
    );
  }

  step(tS: number, powered: boolean): void {
    while (this.next < this.starts.length && this.starts[this.next]! <= tS) {
      this.runningSince = this.starts[this.next++]!;
    }
    let w = 0;
    if (this.runningSince >= 0) {
      let into = tS - this.runningSince;
      if (into >= this.lengthS || !powered) this.runningSince = -1;
      else {
        for (const stage of this.program) {
          if (into >= stage.s) {
            into -= stage.s;
            continue;
          }
          const on = !stage.onS || !stage.offS || into % (stage.onS + stage.offS) < stage.onS;
          w = on ? stage.w : 0;
          break;
        }
      }
    }
    this.powerW = w;
    const perBranchA = w / this.branches.length / this.voltageV;
    for (let b = 0; b < this.currentA.length; b++) this.currentA[b] = perBranchA;
  }
}
