// The demo's house, second by second in real time: a household with its appliances (the induction
// hob over L1 and L2 among them), 5 kWp of PV on a 3-phase inverter, a heat pump that the
// controller steers through the `sim` driver, and the cars at the two OCPP stations. What it adds
// up to per phase is what the meter measures (meter.ts) and what the main fuse carries.
import { localTime } from '../../model/local-time.js';
import { phaseIndex, type Phase, type PhaseValues } from '../../model/units.js';
import type { SimEndpoint, SimPlant } from '../../devices/sim.js';
import { SimCar, SimStepped } from '../devices.js';
import { DEMO_APPLIANCES, Household, type Appliance } from '../household.js';
import { PvArray } from '../pv.js';
import { childRandom } from '../random.js';
import { CarSchedule, DEMO_CARS, type CarPlan } from './schedule.js';
import type { SimStation } from './station.js';

export interface WorldStation {
  station: SimStation;
  /** The site phase of each of the station's phases. */
  sitePhases: readonly Phase[];
}

export interface LiveWorldOptions {
  seed: number;
  /** Second 0 of the world. */
  startMs: number;
  /** For the sun: PV follows the local time of day. */
  timezone: string;
  voltageV: number;
  stations: readonly WorldStation[];
  cars?: readonly CarPlan[];
  pvKWp?: number;
}

/** One second of the world. Per-phase arrays are by site phase (0 = L1). */
export interface WorldSnapshot {
  tS: number;
  atMs: number;
  /** Everything the controller cannot steer, the hob included, W. */
  householdW: PhaseValues;
  appliancesOn: string[];
  pvW: number;
  /** The heat pump's current per phase, A. */
  heatPumpA: number;
  /** Each station's car, per site phase, A. */
  carsA: Record<string, PhaseValues>;
  /** Net active power at the connection, import positive, W. */
  netW: PhaseValues;
  /** What the main fuse carries per phase, signed (import positive), A. */
  currentA: PhaseValues;
}

const HOB = DEMO_APPLIANCES.find((a) => a.name === 'induction hob')!;
// Busier than an average home, and each appliance runs half as long, so that something switches
// within minutes. The hob is not left to chance: it is the load that matters most here (two
// phases at once, for minutes).
const APPLIANCES: Appliance[] = DEMO_APPLIANCES.filter((a) => a !== HOB).map((a) => ({
  ...a,
  meanGapS: a.meanGapS / 2,
  meanRunS: a.meanRunS / 2,
}));
/** Dinner: the hob from 2.5 minutes in, for 6 minutes, every half hour. */
const hobOn = (tS: number): boolean => tS >= 150 && (tS - 150) % 1800 < 360;

/** The heat pump's thermostat: a 20-minute cycle of 5 min at 4.5 kW, 9 min at 3 kW, 6 min off. */
export const HEAT_PUMP_STEPS_W = [1500, 3000, 4500] as const;
function heatPumpWantsW(tS: number): number {
  const s = tS % 1200;
  return s < 300 ? 4500 : s < 840 ? 3000 : 0;
}

export const HEAT_PUMP_ID = 'heatpump';

export class LiveWorld implements SimPlant {
  readonly startMs: number;
  readonly #o: LiveWorldOptions;
  readonly #household: Household;
  readonly #pv: PvArray;
  readonly #schedule: CarSchedule;
  readonly #heatPump: SimStepped;
  readonly #heatPumpEndpoint: SimEndpoint;
  readonly #listeners = new Set<(snapshot: WorldSnapshot) => void>();
  #snapshot: WorldSnapshot;

  constructor(options: LiveWorldOptions) {
    this.#o = options;
    this.startMs = options.startMs;
    const { seed, voltageV } = options;
    this.#household = new Household(childRandom(seed, 'household'), undefined, APPLIANCES);
    this.#pv = new PvArray(childRandom(seed, 'pv'), options.pvKWp ?? 5);
    this.#schedule = new CarSchedule(options.cars ?? DEMO_CARS, childRandom(seed, 'cars'));
    for (const plan of options.cars ?? DEMO_CARS) this.#station(plan.stationId);
    const heatPump = new SimStepped(HEAT_PUMP_ID, 3, (tS) => heatPumpWantsW(tS) / (3 * voltageV));
    let commandedA = 0;
    this.#heatPump = heatPump;
    this.#heatPumpEndpoint = {
      deviceId: HEAT_PUMP_ID,
      command(currentA) {
        commandedA = currentA;
        heatPump.command(currentA);
      },
      get commandedA() {
        return commandedA;
      },
      measuredA: () => {
        const a = heatPump.drawA()[0] ?? 0;
        return [a, a, a];
      },
      vehicleConnected: () => null,
      energyKWh: () => null,
    };
    this.#snapshot = this.#empty(-1);
  }

  /** The world as of its last second. */
  get snapshot(): WorldSnapshot {
    return this.#snapshot;
  }

  /** The `sim` driver's view of the devices it steers (the heat pump). */
  endpoint(deviceId: string): SimEndpoint | undefined {
    return deviceId === HEAT_PUMP_ID ? this.#heatPumpEndpoint : undefined;
  }

  /** Called after every simulated second; returns the unsubscriber. */
  onStep(listener: (snapshot: WorldSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Steps every whole second up to `nowMs` (idempotent); after a long pause it skips ahead. */
  advanceTo(nowMs: number): WorldSnapshot {
    const targetS = Math.floor((nowMs - this.startMs) / 1000);
    // A laptop that slept an hour: do not replay the hour in one go.
    if (targetS - this.#snapshot.tS > 60) this.#snapshot = { ...this.#snapshot, tS: targetS - 1 };
    while (this.#snapshot.tS < targetS) this.#step(this.#snapshot.tS + 1);
    return this.#snapshot;
  }

  #step(tS: number): void {
    const { voltageV } = this.#o;
    const atMs = this.startMs + tS * 1000;
    for (const event of this.#schedule.due(tS)) {
      const { station } = this.#station(event.plan.stationId);
      if (event.type === 'leave') station.unplug();
      else station.plugIn(this.#car(event.plan, event.energyWantedKWh));
    }
    const { powerW, on } = this.#household.at(tS);
    if (hobOn(tS)) {
      for (let p = 0; p < 3; p++) powerW[p as 0 | 1 | 2] += HOB.powerW[p as 0 | 1 | 2];
      on.push(HOB.name);
    }
    const pvW = this.#pv.powerW(localTime(atMs, this.#o.timezone).minuteOfDay / 60);
    this.#heatPump.step(tS);
    const heatPumpA = this.#heatPump.drawA()[0] ?? 0;
    const netW: PhaseValues = [0, 1, 2].map(
      (p) => powerW[p as 0 | 1 | 2] - pvW / 3 + heatPumpA * voltageV,
    ) as PhaseValues;
    const carsA: Record<string, PhaseValues> = {};
    for (const { station, sitePhases } of this.#o.stations) {
      const site: PhaseValues = [0, 0, 0];
      station.step(tS).forEach((a, i) => {
        const phase = sitePhases[i];
        if (phase) site[phaseIndex(phase)] += a;
      });
      carsA[station.id] = site;
      for (let p = 0; p < 3; p++) netW[p as 0 | 1 | 2] += site[p as 0 | 1 | 2] * voltageV;
    }
    const currentA = netW.map((w) => w / voltageV) as PhaseValues;
    this.#snapshot = {
      tS,
      atMs,
      householdW: powerW,
      appliancesOn: on,
      pvW,
      heatPumpA,
      carsA,
      netW,
      currentA,
    };
    for (const listener of this.#listeners) listener(this.#snapshot);
  }

  #car(plan: CarPlan, energyWantedKWh: number) {
    const car = new SimCar({
      id: plan.carId,
      phases: plan.phases,
      onboardMaxA: plan.onboardMaxA,
      responseDelayS: plan.responseDelayS,
      energyWantedKWh,
      voltageV: this.#o.voltageV,
      random: childRandom(this.#o.seed, plan.carId),
    });
    return { car, idTag: plan.carId.toUpperCase(), energyWantedKWh };
  }

  #station(stationId: string): WorldStation {
    const found = this.#o.stations.find((s) => s.station.id === stationId);
    if (!found)
      throw new Error(`live demo: a car is planned at station ${stationId}, which the world does not have`);
    return found;
  }

  #empty(tS: number): WorldSnapshot {
    return {
      tS,
      atMs: this.startMs + tS * 1000,
      householdW: [0, 0, 0],
      appliancesOn: [],
      pvW: 0,
      heatPumpA: 0,
      carsA: {},
      netW: [0, 0, 0],
      currentA: [0, 0, 0],
    };
  }
}
