// The demo's site: a 3x25 A home with a heat pump, an induction hob and other appliances, 5 kWp of
// PV, and two chargers (a 3-phase car charging now, a 1-phase car on solar with a minimum). Its
// meter writes real DSMR 5 telegrams; the controller reads them through the real decoder.
import type { PhaseValues } from '../model/units.js';
import { parseSiteConfig } from '../site/load.js';
import type { SiteConfig } from '../site/schema.js';
import { SimCar, SimStepped, type SimDevice } from './devices.js';
import { Household } from './household.js';
import { PvArray } from './pv.js';
import { seededRandom } from './random.js';

export const DEMO_SITE_YAML = `
site: { phases: 3, network: tn, voltageV: 230, fuseA: 25, marginA: 1, neutralA: 25, failsafeA: 6, staleAfterS: 3 }
circuits:
  - { id: carport, parent: main, fuseA: 32 }
devices:
  - { id: heatpump, kind: stepped, phases: [L1, L2, L3], stepsW: [1500, 3000, 4500], priority: 2, mode: now }
  - { id: car1, kind: charger, circuit: carport, phases: [L1, L2, L3], minA: 6, maxA: 16, priority: 1, mode: now }
  - { id: car2, kind: charger, circuit: carport, phases: [L2], minA: 6, maxA: 16, priority: 1, mode: minpv }
`;

export function demoSiteConfig(): SiteConfig {
  return parseSiteConfig(DEMO_SITE_YAML, 'demo site');
}

export interface DemoPhysics {
  /** Per-phase power the household (everything not controlled) draws now, W. */
  householdW: PhaseValues;
  pvW: number;
  appliancesOn: string[];
}

/** The demo's world, one simulated second at a time. */
export class DemoWorld {
  readonly devices: Map<string, SimDevice & { phaseIx: number[] }>;
  private readonly household: Household;
  private readonly pv: PvArray;

  constructor(
    readonly config: SiteConfig,
    seed: number,
    private readonly startHour: number,
  ) {
    const random = seededRandom(seed);
    this.household = new Household(random);
    this.pv = new PvArray(random, 5);
    const voltageV = config.site.voltageV;
    const heatWantA = (tS: number) => (Math.floor(tS / 1200) % 3 === 0 ? 0 : 4500 / (3 * voltageV));
    const phaseIx = (id: string) =>
      (config.devices.find((d) => d.id === id)?.phases ?? []).map((p) => Number(p.slice(1)) - 1);
    this.devices = new Map<string, SimDevice & { phaseIx: number[] }>([
      ['heatpump', Object.assign(new SimStepped('heatpump', 3, heatWantA), { phaseIx: phaseIx('heatpump') })],
      [
        'car1',
        Object.assign(
          new SimCar({
            id: 'car1',
            phases: 3,
            onboardMaxA: 16,
            responseDelayS: 2,
            energyWantedKWh: 40,
            voltageV,
            random,
          }),
          { phaseIx: phaseIx('car1') },
        ),
      ],
      [
        'car2',
        Object.assign(
          new SimCar({
            id: 'car2',
            phases: 1,
            onboardMaxA: 16,
            responseDelayS: 4,
            energyWantedKWh: 20,
            voltageV,
            random,
          }),
          { phaseIx: phaseIx('car2') },
        ),
      ],
    ]);
  }

  /** Advances to second tS; returns the per-phase net power at the meter (import positive) and what runs. */
  step(tS: number): { netW: PhaseValues; physics: DemoPhysics } {
    const { powerW, on } = this.household.at(tS);
    const hour = (this.startHour + tS / 3600) % 24;
    const pvW = this.pv.powerW(hour);
    const netW: PhaseValues = [powerW[0] - pvW / 3, powerW[1] - pvW / 3, powerW[2] - pvW / 3];
    const voltageV = this.config.site.voltageV;
    for (const device of this.devices.values()) {
      device.step(tS);
      device.drawA().forEach((a, i) => {
        const p = device.phaseIx[i] ?? 0;
        netW[p] = (netW[p] ?? 0) + a * voltageV;
      });
    }
    return { netW, physics: { householdW: powerW, pvW, appliancesOn: on } };
  }
}
