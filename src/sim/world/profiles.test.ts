// The profile data as the world uses it: a year of each profile gives back the yearly figure it
// was scaled to, and the ElaadNL sessions stay within what the statistics and the run allow.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { localToUtcMs, runCalendar } from '../calendar.js';
import { slpQuarters, SLP_PROFILES } from '../data/bdew.js';
import { pvHours } from './pv-plant.js';
import { heatDemandW } from './heat.js';
import { evSessions } from './sessions.js';
import { parseScenario } from '../scenario/load.js';

const YEAR_S = 365 * 86_400;
const year = runCalendar(localToUtcMs('2025-01-01', 'Europe/Amsterdam'), YEAR_S, 'Europe/Amsterdam');
const sum = (a: Float32Array, n: number) => a.slice(0, n).reduce((s, v) => s + v, 0);

describe('profiles over a year', () => {
  for (const name of SLP_PROFILES) {
    it(`${name} scaled to 4,000 kWh gives 4,000 kWh (±3 %)`, () => {
      const kWh = (sum(slpQuarters(name, 4000, year), 365 * 96) * 0.25) / 1000;
      assert.ok(Math.abs(kWh / 4000 - 1) < 0.03, `${name}: ${kWh.toFixed(0)} kWh`);
    });
  }

  it('PV rescaled to 900 kWh/kWp gives 900 kWh per kWp (±1 %)', () => {
    const kWh = sum(pvHours(year, 900), 8760);
    assert.ok(Math.abs(kWh / 900 - 1) < 0.01, `${kWh.toFixed(1)} kWh/kWp`);
  });

  it('heat demand over the temperature year is the yearly heat demand', () => {
    const hp = parseScenario(`site: { phases: 3, fuseA: 25 }
devices: [{ id: hp, kind: stepped, phases: [L1, L2, L3], stepsW: [2000] }]
sim: { name: x, start: '2025-01-01', days: 1, heatPumps: [{ device: hp, annualHeatKWh: 12000 }] }
`).sim.heatPumps[0]!;
    const kWh = sum(heatDemandW(year, hp), 8760) / 1000;
    assert.ok(Math.abs(kWh / 12000 - 1) < 0.01, `${kWh.toFixed(0)} kWh`);
  });
});

describe('ElaadNL sessions', () => {
  const scenario = parseScenario(`site: { phases: 3, fuseA: 25 }
devices: [{ id: car, kind: charger, phases: [L1, L2, L3], maxA: 16 }]
sim: { name: x, start: '2025-01-01', days: 1, evs: [{ charger: car, sessionsPerDay: 1, car: { batteryKWh: 60 } }] }
`);
  const ev = scenario.sim.evs[0]!;
  const sessions = evSessions(ev, year, YEAR_S, 7);

  it('are ordered, inside the run, no longer than the battery, and reproducible from the seed', () => {
    assert.ok(sessions.length > 250, `${sessions.length} sessions`);
    let free = 0;
    for (const s of sessions) {
      assert.ok(s.arrivalS >= free && s.departureS > s.arrivalS && s.departureS <= YEAR_S);
      assert.ok(s.energyKWh > 0 && s.energyKWh <= 60);
      assert.ok(s.responseDelayS >= 1 && s.responseDelayS <= 5);
      free = s.departureS;
    }
    assert.deepEqual(evSessions(ev, year, YEAR_S, 7), sessions);
    assert.notDeepEqual(evSessions(ev, year, YEAR_S, 8), sessions);
  });

  it('follow the private statistics: median energy ~20 kWh, median stay ~11 h, evening arrivals', () => {
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const kWh = median(sessions.map((s) => s.energyKWh));
    const hours = median(sessions.map((s) => (s.departureS - s.arrivalS) / 3600));
    assert.ok(kWh > 15 && kWh < 25, `median ${kWh.toFixed(1)} kWh`);
    assert.ok(hours > 8 && hours < 14, `median stay ${hours.toFixed(1)} h`);
    const evening = sessions.filter((s) => {
      const hour = year.localHour[Math.floor(s.arrivalS / 3600)]!;
      return hour >= 15 && hour < 21;
    }).length;
    assert.ok(evening / sessions.length > 0.5, `${evening} of ${sessions.length} arrive 15:00–21:00`);
  });
});
