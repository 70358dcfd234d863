// The demo house without the controller: who comes and goes when, what the appliances, the sun,
// the heat pump and the cars add up to per phase, and the one-line status.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LiveState } from '../../model/live.js';
import { FakeClock } from '../../protocols/ocpp/test-support/fake-clock.js';
import { silentLogger } from '../../runtime/log.js';
import { seededRandom } from '../random.js';
import { CarSchedule, DEMO_CARS, type CarEvent } from './schedule.js';
import { DEMO_STATIONS } from './site.js';
import { SimStation } from './station.js';
import { statusLine } from './status.js';
import { HEAT_PUMP_ID, LiveWorld } from './world.js';

const NOON_AMSTERDAM = Date.parse('2025-06-04T10:00:00.000Z');

function world(startMs = NOON_AMSTERDAM): { world: LiveWorld; stations: SimStation[] } {
  const clock = new FakeClock(startMs);
  const stations = DEMO_STATIONS.map(
    (s) => new SimStation({ ...s, voltageV: 230, clock, log: silentLogger }),
  );
  const w = new LiveWorld({
    seed: 1,
    startMs,
    timezone: 'Europe/Amsterdam',
    voltageV: 230,
    stations: stations.map((station, i) => ({ station, sitePhases: DEMO_STATIONS[i]!.sitePhases })),
  });
  return { world: w, stations };
}

describe('live demo: the cars’ schedule', () => {
  it('has car1 from the start and car2 after a minute, then alternates visits and absences within bounds', () => {
    const schedule = new CarSchedule(DEMO_CARS, seededRandom(3));
    const log: { tS: number; event: CarEvent }[] = [];
    for (let tS = 0; tS <= 4 * 3600; tS++) for (const event of schedule.due(tS)) log.push({ tS, event });
    assert.deepEqual(
      log.slice(0, 2).map((l) => [l.tS, l.event.type, l.event.plan.carId]),
      [
        [0, 'arrive', 'car1'],
        [60, 'arrive', 'car2'],
      ],
    );
    for (const plan of DEMO_CARS) {
      const mine = log.filter((l) => l.event.plan === plan);
      assert.ok(mine.length >= 12, `${plan.carId} comes and goes`);
      mine.forEach((l, i) => {
        assert.equal(l.event.type, i % 2 === 0 ? 'arrive' : 'leave');
        if (i === 0) return;
        const gapS = l.tS - mine[i - 1]!.tS;
        const [min, max] = l.event.type === 'leave' ? plan.stayS : plan.awayS;
        assert.ok(gapS >= min && gapS <= max + 1, `${plan.carId}: ${gapS} s`);
      });
    }
  });
});

describe('live demo: the house', () => {
  it('adds household, hob, sun, heat pump and cars up per phase', () => {
    const { world: w, stations } = world();
    const heatPump = w.endpoint(HEAT_PUMP_ID)!;
    heatPump.command(4.5, 3);
    const before = w.advanceTo(NOON_AMSTERDAM + 149_000);
    assert.ok(!before.appliancesOn.includes('induction hob'));
    assert.ok(before.pvW > 1000, `PV at noon: ${before.pvW} W`);
    assert.equal(before.heatPumpA, 4.5, 'the heat pump runs at what it is allowed, below what it wants');
    assert.deepEqual(heatPump.measuredA(), [4.5, 4.5, 4.5]);
    assert.notEqual(stations[0]!.car, null, 'car1 is plugged in');
    assert.notEqual(stations[1]!.car, null, 'car2 arrived after a minute');

    const hob = w.advanceTo(NOON_AMSTERDAM + 150_000);
    assert.ok(hob.appliancesOn.includes('induction hob'));
    for (const p of [0, 1] as const) assert.ok(hob.householdW[p] >= 2300, `hob on L${p + 1}`);
    for (let p = 0; p < 3; p++) {
      const expectedW = hob.householdW[p]! - hob.pvW / 3 + hob.heatPumpA * 230; // offline stations: no session, no draw
      assert.ok(Math.abs(hob.netW[p]! - expectedW) < 1e-6);
      assert.ok(Math.abs(hob.currentA[p]! - hob.netW[p]! / 230) < 1e-9);
    }
  });

  it('steps each second once, and skips ahead after a long pause instead of replaying it', () => {
    const { world: w } = world();
    let steps = 0;
    w.onStep(() => steps++);
    w.advanceTo(NOON_AMSTERDAM + 10_500);
    w.advanceTo(NOON_AMSTERDAM + 10_900);
    assert.equal(steps, 11);
    w.advanceTo(NOON_AMSTERDAM + 3_600_000);
    assert.equal(steps, 12);
    assert.equal(w.snapshot.tS, 3600);
  });

  it('has no sun at midnight', () => {
    const { world: w } = world(Date.parse('2025-06-04T22:00:00.000Z'));
    assert.equal(w.advanceTo(Date.parse('2025-06-04T22:00:05.000Z')).pvW, 0);
  });
});

describe('live demo: the status line', () => {
  it('shows the phases against the limit, each device, the sun and what is on', () => {
    const state = {
      atMs: NOON_AMSTERDAM,
      failsafe: false,
      site: { timezone: 'Europe/Amsterdam', limitA: 25 },
      meter: { netCurrentA: [19.64, -2, 7] },
      devices: [
        { id: 'heatpump', status: 'running', setpointA: 6.52 },
        { id: 'car1', status: 'running', setpointA: 12 },
        { id: 'car2', status: 'disconnected', setpointA: 0 },
      ],
    } as unknown as LiveState;
    const { world: w } = world();
    const snapshot = { ...w.snapshot, pvW: 2345, appliancesOn: ['kettle'] };
    assert.equal(
      statusLine(state, snapshot),
      '12:00:00  L1  19.6 A  L2    -2 A  L3     7 A of 25 A | heatpump 6.5 A · car1 12 A · car2 – | PV 2.3 kW | kettle',
    );
  });
});
