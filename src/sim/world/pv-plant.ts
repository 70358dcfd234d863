// A PV installation: the NL hourly profile (kW per kWp, 2019, UTC hours) for the same day of the
// year and hour, rescaled to a yearly yield, interpolated between hour midpoints, times a cloud
// factor that wanders by the second (passing clouds). Feeds: its current is negative.
import { hourOf, type RunCalendar } from '../calendar.js';
import { pvAnnualKWhPerKWp, pvNetherlands } from '../data/weather.js';
import type { Coupling } from '../physics/phasors.js';
import { wattsPerBranchA } from '../physics/phasors.js';
import type { PvSettings } from '../scenario/schema.js';
import { phaseIxs, singleBranch, type Load, type LoadRole } from './load.js';
import { Wander } from './wander.js';

/** Passing clouds: periods from a minute to half an hour. */
const CLOUD_PERIODS_S = [45, 90, 180, 400, 900, 1800];

/** The profile's kW per kWp for each calendar hour of the run, rescaled to the yearly yield. */
export function pvHours(cal: RunCalendar, annualKWhPerKWp: number): Float32Array {
  const profile = pvNetherlands();
  const scale = annualKWhPerKWp / pvAnnualKWhPerKWp();
  const alignedMs = cal.startMs - cal.offsetS * 1000;
  const out = new Float32Array(cal.hours);
  for (let h = 0; h < cal.hours; h++) {
    const d = new Date(alignedMs + h * 3_600_000);
    const doy = Math.min(
      365,
      (Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) /
        86_400_000 +
        1,
    );
    out[h] = profile[(doy - 1) * 24 + d.getUTCHours()]! * scale;
  }
  return out;
}

export class PvPlant implements Load {
  readonly name = 'pv';
  readonly role: LoadRole = 'pv';
  readonly branches: Coupling[];
  readonly currentA = new Float64Array(1);
  cosPhi = 1;
  powerW = 0;
  private readonly hours: Float32Array;
  private readonly wattsPerA: number;
  private readonly clouds: Wander;
  private readonly startS: number;

  constructor(
    private readonly pv: PvSettings,
    readonly circuit: number,
    private readonly cal: RunCalendar,
    network: 'tn' | 'it',
    voltageV: number,
    seed: number,
  ) {
    const branch = singleBranch(network, phaseIxs(pv.phases));
    this.branches = [branch];
    this.wattsPerA = wattsPerBranchA(network, voltageV, branch);
    this.hours = pvHours(cal, pv.annualKWhPerKWp);
    this.clouds = new Wander(seed, 'pv', CLOUD_PERIODS_S);
    this.startS = cal.startMs / 1000;
  }

  /** Clear-profile output at second tS (no clouds), W. */
  profileW(tS: number): number {
    const h = hourOf(this.cal, tS);
    const f = (tS + this.cal.offsetS) / 3600 - h - 0.5;
    const other = this.hours[Math.min(this.cal.hours - 1, Math.max(0, f < 0 ? h - 1 : h + 1))]!;
    const here = this.hours[h]!;
    return (here + (other - here) * Math.abs(f)) * this.pv.kWp * 1000;
  }

  step(tS: number, powered: boolean): void {
    const base = powered ? this.profileW(tS) : 0;
    const cloud = base > 0 ? this.clouds.at(this.startS + tS) : 0;
    const w = base > 0 ? base * Math.min(1.15, Math.max(0.2, 1 + this.pv.cloudNoise * cloud)) : 0;
    this.powerW = -w;
    this.currentA[0] = -w / this.wattsPerA;
  }
}
