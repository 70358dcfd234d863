// The world of a scenario: every load built from the `sim` section, placed on its circuit, with an
// endpoint for each controllable device (what the `sim` driver talks to).
import type { SimEndpoint, SimPlant } from '../../devices/sim.js';
import { topologyOf } from '../../core/allocate.js';
import type { Topology } from '../../core/topology.js';
import type { BatteryConfig } from '../../site/schema.js';
import type { RunCalendar } from '../calendar.js';
import type { Scenario } from '../scenario/load.js';
import { Appliance, appliancesAnnualKWh } from './appliances.js';
import { BaseLoad } from './base-load.js';
import { HomeBattery, type GridSensor } from './battery.js';
import { ChargerLoad } from './ev.js';
import type { FlexibleDevice } from './flexible.js';
import { Boiler, HeatPump } from './heat.js';
import type { Load } from './load.js';
import { Machine } from './machines.js';
import { PvPlant } from './pv-plant.js';
import { evSessions, type EvSession } from './sessions.js';

export interface World extends SimPlant {
  topology: Topology;
  loads: Load[];
  chargers: ChargerLoad[];
  flexible: (FlexibleDevice & Load)[];
  /** Every session of the run, ordered by charger then arrival. */
  sessions: EvSession[];
  pv: PvPlant | null;
  grid: GridSensor;
}

export function buildWorld(scenario: Scenario, cal: RunCalendar, endS: number): World {
  const { site, sim } = scenario;
  const topology = topologyOf(site);
  const { network, voltageV, phases } = site.site;
  const seed = sim.seed;
  const circuit = (id: string) => topology.circuitIndex(id);
  const device = (id: string) => {
    const d = site.devices.find((x) => x.id === id);
    if (!d) throw new Error(`scenario ${scenario.name}: no device "${id}"`);
    return d;
  };
  const loads: Load[] = [];
  if (sim.baseLoad) {
    const b = sim.baseLoad;
    const appliancesKWh = appliancesAnnualKWh(sim.appliances);
    loads.push(new BaseLoad(b, circuit(b.circuit), cal, network, phases, voltageV, appliancesKWh, seed));
  }
  sim.appliances.forEach((a, i) => {
    const name = `${a.kind}${sim.appliances.filter((x) => x.kind === a.kind).length > 1 ? ` ${i + 1}` : ''}`;
    loads.push(new Appliance(name, a, circuit(a.circuit), cal, endS, network, voltageV, seed));
  });
  for (const m of sim.machines)
    loads.push(new Machine(m, circuit(m.circuit), cal, endS, network, voltageV, seed));
  const pv = sim.pv ? new PvPlant(sim.pv, circuit(sim.pv.circuit), cal, network, voltageV, seed) : null;
  if (pv) loads.push(pv);

  const sessions: EvSession[] = [];
  const chargers = sim.evs.map((ev) => {
    const d = device(ev.charger);
    if (d.kind !== 'charger') throw new Error(`scenario ${scenario.name}: "${d.id}" is not a charger`);
    const own = evSessions(ev, cal, endS, seed);
    sessions.push(...own);
    return new ChargerLoad(d.id, d, ev, own, circuit(d.circuit), network, voltageV, seed, cal.startMs);
  });
  const grid: GridSensor = { netW: 0 };
  const flexible: (FlexibleDevice & Load)[] = [
    ...sim.heatPumps.map((h) => {
      const d = device(h.device);
      return new HeatPump(h, d, circuit(d.circuit), cal, network, voltageV);
    }),
    ...sim.boilers.map((b) => {
      const d = device(b.device);
      return new Boiler(b, d, circuit(d.circuit), cal, network, voltageV);
    }),
    ...sim.batteries.map((b) => {
      const d = device(b.device) as BatteryConfig;
      return new HomeBattery(b, d, circuit(d.circuit), network, voltageV, grid);
    }),
  ];
  loads.push(...chargers, ...flexible);
  const endpoints = new Map<string, SimEndpoint>([
    ...chargers.map((c): [string, SimEndpoint] => [c.deviceId, c]),
    ...flexible.map((f): [string, SimEndpoint] => [f.deviceId, f]),
  ]);
  return {
    topology,
    loads,
    chargers,
    flexible,
    sessions,
    pv,
    grid,
    endpoint: (id) => endpoints.get(id),
  };
}
