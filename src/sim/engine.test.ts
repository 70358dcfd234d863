// The engine on small made-up sites: what a trip does to the loads below it, a home battery on a
// sunny day, and that a window of a run sees the same world as the whole run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runScenario } from './engine.js';
import { parseScenario } from './scenario/load.js';

const OVERLOADED = `site: { phases: 1, fuseA: 16, marginA: 1 }
devices:
  - { id: car, kind: charger, phases: [L1], maxA: 32 }
sim:
  name: overloaded
  start: '2026-01-12T18:00'
  days: 0.25
  breakers: { resetAfterS: 300 }
  evs:
    - charger: car
      sessions: [{ arrive: '18:00', leave: '23:59', energyKWh: 40 }]
      car: { phases: 1, maxA: 32 }
`;

describe('engine', () => {
  it('after a trip the circuit is off for resetAfterS, then closes and trips again', () => {
    const run = runScenario(parseScenario(OVERLOADED), { policy: 'uncontrolled' });
    // 30.4 A on a 16 A breaker: x = 3.61, the closed form says 118 s; the car answers after 1–5 s.
    assert.ok(run.trips.length >= 2, JSON.stringify(run.trips));
    const [first, second] = run.trips as [(typeof run.trips)[0], (typeof run.trips)[0]];
    assert.equal(first.kind, 'thermal');
    assert.ok(first.atS > 100 && first.atS < 130, `first trip at ${first.atS} s`);
    assert.ok(second.atS - first.atS > 300, 'open for resetAfterS before the next trip');
    assert.ok(run.kpis.outageSeconds >= 300 * run.trips.length - 300);
    assert.equal(run.kpis.trips, run.trips.length);
  });

  it('ampshare keeps the same site under its fuse', () => {
    const run = runScenario(parseScenario(OVERLOADED), { policy: 'ampshare' });
    assert.equal(run.kpis.trips, 0);
    assert.ok(run.kpis.maxPhaseCurrentA! <= 16, `${run.kpis.maxPhaseCurrentA} A`);
    assert.ok(run.kpis.evDeliveredKWh > 10, `${run.kpis.evDeliveredKWh} kWh`);
  });

  it('a home battery soaks up the PV surplus and covers the evening', () => {
    const site = (battery: boolean) => `site: { phases: 3, fuseA: 25 }
devices: ${battery ? '[{ id: battery, kind: battery, phases: [L1, L2, L3], maxChargeW: 5000, maxDischargeW: 5000 }]' : '[]'}
sim:
  name: battery
  start: '2026-06-15'
  days: 1
  baseLoad: { profile: H25, annualKWh: 3500 }
  pv: { kWp: 6, phases: [L1, L2, L3] }
  batteries: ${battery ? '[{ device: battery, capacityKWh: 10, initialSoc: 0.1 }]' : '[]'}
`;
    const withBattery = runScenario(parseScenario(site(true)), { policy: 'uncontrolled' }).kpis;
    const without = runScenario(parseScenario(site(false)), { policy: 'uncontrolled' }).kpis;
    assert.ok(
      withBattery.pvSelfConsumption! > without.pvSelfConsumption! + 0.2,
      `${withBattery.pvSelfConsumption} vs ${without.pvSelfConsumption}`,
    );
    assert.ok(withBattery.costEUR < without.costEUR);
  });

  it('a window of a run sees the same world as the whole run', () => {
    const scenario = parseScenario(`site: { phases: 3, fuseA: 25 }
devices: [{ id: car, kind: charger, phases: [L1, L2, L3], maxA: 16 }]
sim:
  name: window
  start: '2026-01-12'
  days: 4
  evs: [{ charger: car, sessionsPerDay: 1 }]
`);
    const whole = runScenario(scenario, { policy: 'uncontrolled' });
    const window = runScenario(scenario, { policy: 'uncontrolled', start: '2026-01-13T12:00', days: 2 });
    const offsetS = 36 * 3600;
    const inWindow = whole.sessions.filter((s) => s.arrivalS > offsetS && s.arrivalS < offsetS + 2 * 86_400);
    assert.ok(inWindow.length >= 1);
    assert.deepEqual(
      window.sessions.filter((s) => s.arrivalS > 0).map((s) => [s.arrivalS + offsetS, s.requestedKWh]),
      inWindow.map((s) => [s.arrivalS, s.requestedKWh]),
    );
  });
});
