// Machines in a workshop or production hall: motors that start direct on line, drawing several
// times their running current (at a poor power factor) for a few seconds. Several starting at the
// same shift start stack their start-up currents: that is what trips a hall's breaker.
import type { RunCalendar } from '../calendar.js';
import { wattsPerBranchA, type Coupling } from '../physics/phasors.js';
import { childRandom } from '../random.js';
import type { MachineSettings } from '../scenario/schema.js';
import { randomStarts, timedStarts } from './events.js';
import { phaseIxs, singleBranch, type Load, type LoadRole } from './load.js';

const WORKING_HOURS = Array.from({ length: 24 }, (_, hour) => (hour >= 7 && hour < 17 ? 1 : 0));

export class Machine implements Load {
  readonly name: string;
  readonly role: LoadRole = 'fixed';
  readonly branches: Coupling[];
  readonly currentA = new Float64Array(1);
  cosPhi: number;
  powerW = 0;
  private readonly starts: number[];
  private readonly runningA: number;
  private readonly seed: number;
  private readonly startMs: number;
  private next = 0;
  private since = -1;
  private untilS = -1;

  constructor(
    private readonly m: MachineSettings,
    readonly circuit: number,
    cal: RunCalendar,
    endS: number,
    network: 'tn' | 'it',
    voltageV: number,
    seed: number,
  ) {
    this.name = m.id;
    const branch = singleBranch(network, phaseIxs(m.phases));
    this.branches = [branch];
    this.runningA = m.powerW / (wattsPerBranchA(network, voltageV, branch) * m.powerFactor);
    this.cosPhi = m.powerFactor;
    const label = `machine ${m.id}`;
    this.seed = seed;
    this.startMs = cal.startMs;
    const onDay = (_weekday: number, dayType: number) => !m.workdaysOnly || dayType === 0;
    this.starts = [
      ...timedStarts(cal, endS, m.starts, m.jitterS, seed, label, onDay),
      ...randomStarts(cal, endS, m.extraStartsPerDay, WORKING_HOURS, 60, seed, label, onDay),
    ].sort((a, b) => a - b);
  }

  step(tS: number, powered: boolean): void {
    while (this.next < this.starts.length && this.starts[this.next]! <= tS) {
      const s = this.starts[this.next++]!;
      if (this.since < 0 && powered) {
        this.since = s;
        // Runs last between half and one and a half times the mean (a job, not a random draw's tail).
        const random = childRandom(this.seed, `machine ${this.m.id}@${this.startMs / 1000 + s}`);
        this.untilS = s + Math.round(this.m.runS * (0.5 + random()));
      }
    }
    if (this.since >= 0 && (!powered || tS >= this.untilS)) this.since = -1;
    if (this.since < 0) {
      this.currentA[0] = 0;
      this.powerW = 0;
      return;
    }
    const inrush = tS - this.since < this.m.inrushS;
    this.cosPhi = inrush ? this.m.inrushPowerFactor : this.m.powerFactor;
    const a = inrush ? this.runningA * this.m.inrushFactor : this.runningA;
    this.currentA[0] = a;
    this.powerW = (a * this.cosPhi * this.m.powerW) / (this.runningA * this.m.powerFactor);
  }
}
