// The household's (or business's) base load: a BDEW standard load profile scaled to a yearly
// consumption, with a slow random wander (a standard profile is the mean of thousands of homes;
// one home never sits on it) and split over phases. The appliance layer is added on top, so its
// expected energy is taken out of the profile's yearly total (never below a third of it).
import type { RunCalendar } from '../calendar.js';
import { slpQuarters } from '../data/bdew.js';
import type { Coupling } from '../physics/phasors.js';
import type { BaseLoadSettings } from '../scenario/schema.js';
import type { Load, LoadRole } from './load.js';
import { phaseIxs, spreadBranches } from './load.js';
import { Wander } from './wander.js';

/** The wander's periods, s: minutes to hours. */
const WANDER_PERIODS_S = [240, 600, 1500, 3600, 7200];

export class BaseLoad implements Load {
  readonly name = 'base load';
  readonly role: LoadRole = 'fixed';
  readonly branches: Coupling[];
  readonly currentA: Float64Array;
  cosPhi = 1;
  powerW = 0;
  private readonly quarterW: Float32Array;
  private readonly shares: Float64Array;
  private readonly wander: Wander;
  private readonly startS: number;
  private readonly offsetS: number;
  private readonly noise: number;

  constructor(
    settings: BaseLoadSettings,
    readonly circuit: number,
    cal: RunCalendar,
    network: 'tn' | 'it',
    sitePhases: 1 | 3,
    private readonly voltageV: number,
    appliancesKWh: number,
    seed: number,
  ) {
    const annualKWh = Math.max(settings.annualKWh - appliancesKWh, settings.annualKWh / 3);
    this.quarterW = slpQuarters(settings.profile, annualKWh, cal);
    this.offsetS = cal.offsetS;
    const phases = settings.phases ? phaseIxs(settings.phases) : sitePhases === 3 ? [0, 1, 2] : [0];
    this.branches = spreadBranches(network, phases);
    this.currentA = new Float64Array(this.branches.length);
    const n = this.branches.length;
    const given = settings.shares;
    const total = given ? given.reduce((s, v) => s + v, 0) : n;
    this.shares = Float64Array.from({ length: n }, (_, i) => (given ? (given[i] ?? 0) / total : 1 / n));
    this.wander = new Wander(seed, 'base load', WANDER_PERIODS_S);
    this.startS = cal.startMs / 1000;
    this.noise = settings.noise;
  }

  /** The profile's mean power in the quarter hour of second tS, W. */
  profileW(tS: number): number {
    return this.quarterW[Math.floor((tS + this.offsetS) / 900)] ?? 0;
  }

  step(tS: number, powered: boolean): void {
    const wander = this.wander.at(this.startS + tS);
    const w = powered ? Math.max(0, this.profileW(tS) * (1 + this.noise * wander)) : 0;
    this.powerW = w;
    for (let b = 0; b < this.currentA.length; b++) this.currentA[b] = (w * this.shares[b]!) / this.voltageV;
  }
}
