// When the demo's cars come and go. Real homes see a car or two a day; the demo compresses that so
// a visitor sees a session start, a car leave and another arrive within minutes. Seeded, so a run
// is reproducible from its seed.
import type { Random } from '../random.js';

export interface CarPlan {
  /** The car's name, also its id tag: "car1". */
  carId: string;
  stationId: string;
  /** The onboard charger: phases, its own maximum per phase, and how late it follows a new offer. */
  phases: 1 | 3;
  onboardMaxA: number;
  responseDelayS: number;
  /** Seconds after the demo's start when the car first arrives. */
  firstArrivalS: number;
  /** Each visit lasts, and each absence, and each visit's energy need: uniform in [min, max]. */
  stayS: readonly [number, number];
  awayS: readonly [number, number];
  energyKWh: readonly [number, number];
}

export type CarEvent =
  { type: 'arrive'; plan: CarPlan; energyWantedKWh: number } | { type: 'leave'; plan: CarPlan };

/** The demo's two cars: car1 is there from the start, car2 turns up after a minute. */
export const DEMO_CARS: readonly CarPlan[] = [
  {
    carId: 'car1',
    stationId: 'CP-1',
    phases: 3,
    onboardMaxA: 16,
    responseDelayS: 2,
    firstArrivalS: 0,
    stayS: [8 * 60, 20 * 60],
    awayS: [2 * 60, 5 * 60],
    energyKWh: [2, 8],
  },
  {
    carId: 'car2',
    stationId: 'CP-2',
    phases: 1,
    onboardMaxA: 16,
    responseDelayS: 4,
    firstArrivalS: 60,
    stayS: [10 * 60, 25 * 60],
    awayS: [3 * 60, 8 * 60],
    energyKWh: [3, 10],
  },
];

interface Next {
  plan: CarPlan;
  atS: number;
  arriving: boolean;
}

export class CarSchedule {
  #next: Next[];

  constructor(
    plans: readonly CarPlan[],
    private readonly random: Random,
  ) {
    this.#next = plans.map((plan) => ({ plan, atS: plan.firstArrivalS, arriving: true }));
  }

  /** The events due at or before second tS, in time order; call with increasing tS. */
  due(tS: number): CarEvent[] {
    const events: { atS: number; event: CarEvent }[] = [];
    for (const next of this.#next) {
      while (next.atS <= tS) {
        const { plan } = next;
        if (next.arriving) {
          const energyWantedKWh = Math.round(this.#between(plan.energyKWh) * 10) / 10;
          events.push({ atS: next.atS, event: { type: 'arrive', plan, energyWantedKWh } });
          next.atS += Math.round(this.#between(plan.stayS));
        } else {
          events.push({ atS: next.atS, event: { type: 'leave', plan } });
          next.atS += Math.round(this.#between(plan.awayS));
        }
        next.arriving = !next.arriving;
      }
    }
    return events.sort((a, b) => a.atS - b.atS).map((e) => e.event);
  }

  #between([min, max]: readonly [number, number]): number {
    return min + (max - min) * this.random();
  }
}
