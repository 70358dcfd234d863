// Table tests for the seed's situations (issue 3 "Tests and numbers"), driven over simulated
// seconds: devices follow their setpoints one cycle late, the meter reads base + devices − PV.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCharger, aSite, aStepped } from './test-support/builders.js';
import { at, decisionOf, drive } from './test-support/drive.js';

describe('seed situations', () => {
  it('1x35 A home: washing machine and dishwasher push the car down to 6 A, then it ramps back up', () => {
    const site = aSite({
      site: { phases: 1, fuseA: 35 },
      devices: [aCharger({ id: 'car', phases: ['L1'], maxA: 32 })],
    });
    const washer = (t: number) => (t >= 100 && t < 400 ? 12 : 0);
    const dishwasher = (t: number) => (t >= 150 && t < 300 ? 12 : 0);
    const steps = drive({ site, seconds: 480, baseA: (t) => [4 + washer(t) + dishwasher(t), 0, 0] });

    assert.equal(decisionOf(at(steps, 90), 'car').setpointA, 30); // 35 − 1 margin − 4 base
    // Both spikes are answered in the cycle that measures them.
    assert.equal(decisionOf(at(steps, 100), 'car').setpointA, 18);
    const spike = decisionOf(at(steps, 150), 'car');
    assert.equal(spike.setpointA, 6);
    assert.match(spike.reason, /limited by main L1: 6 A headroom/);
    // Apart from the one telegram that shows a new spike, the fuse is never over its limit − margin.
    for (const s of steps)
      if (![100, 150].includes(s.tS)) assert.ok(s.gridA[0] <= 34 + 1e-9, `${s.tS} s: ${s.gridA[0]} A`);
    // Back up slowly: nothing for increaseDelayS (5 s), then +1 A/s.
    assert.equal(decisionOf(at(steps, 404), 'car').setpointA, 18);
    assert.match(decisionOf(at(steps, 402), 'car').reason, /increase to 30 A in 3 s/);
    assert.equal(decisionOf(at(steps, 410), 'car').setpointA, 23);
    assert.match(decisionOf(at(steps, 410), 'car').reason, /ramping up to 30 A \(\+1 A\/s\)/);
    assert.equal(decisionOf(at(steps, 420), 'car').setpointA, 30);
  });

  it('3x25 A villa: the induction hob on L1 and L2 steps the heat pump down and pauses the car', () => {
    const site = aSite({
      site: { fuseA: 25 },
      devices: [
        aStepped({ id: 'heatpump', phases: ['L1', 'L2', 'L3'], stepsW: [2000, 4000, 6000], priority: 1 }),
        aCharger({ id: 'car', maxA: 16 }),
      ],
    });
    const hob = (t: number) => (t >= 100 && t < 200 ? 16 : 0);
    const steps = drive({ site, seconds: 300, baseA: (t) => [2 + hob(t), 2 + hob(t), 2] });

    const before = at(steps, 90);
    assert.equal(decisionOf(before, 'heatpump').setpointA, 8.695); // 6 kW / (3 × 230 V) = 8.6957 A, to the mA down
    assert.equal(decisionOf(before, 'car').setpointA, 13); // 24 − 2 − 8.7, rounded down
    const during = at(steps, 120);
    assert.equal(decisionOf(during, 'heatpump').setpointA, 5.797); // 4 kW: the step that fits in 6 A
    assert.equal(decisionOf(during, 'car').setpointA, 0);
    assert.match(
      decisionOf(at(steps, 100), 'car').reason,
      /paused: 0\.2 A available on main L1 < 6 A minimum/,
    );
    assert.ok(during.gridA[0] <= 24 && during.gridA[1] <= 24);
    // After the hob: the heat pump jumps back after the delay; the car resumes and ramps.
    assert.equal(decisionOf(at(steps, 205), 'heatpump').setpointA, 8.695);
    assert.equal(decisionOf(at(steps, 260), 'car').setpointA, 13);
  });

  it('six chargers on 3x63 A in two priority classes, with peak hours 17:00–21:00 at 40 A', () => {
    const ids = ['hi1', 'hi2', 'hi3', 'lo1', 'lo2', 'lo3'];
    const site = aSite({
      site: {
        fuseA: 63,
        timezone: 'Europe/Brussels',
        schedule: [{ from: '17:00', to: '21:00', limitA: 40 }],
      },
      devices: ids.map((id) => aCharger({ id, maxA: 32, priority: id.startsWith('hi') ? 1 : 0 })),
    });
    const steps = drive({
      site,
      seconds: 400,
      startIso: '2026-11-24T16:57:00+01:00',
      baseA: () => [20, 20, 20],
    });

    // Before 17:00: 42 A for the chargers; minimums first (6 × 6 A), the rest to the high class.
    const before = at(steps, 170);
    assert.deepEqual(
      ids.map((id) => decisionOf(before, id).setpointA),
      [8, 8, 8, 6, 6, 6],
    );
    assert.match(decisionOf(before, 'lo1').reason, /priority 1 served first/);
    // 17:00: 19 A left; the high class keeps its minimums, the low class pauses — in the same cycle.
    const peak = at(steps, 180);
    assert.deepEqual(
      ids.map((id) => decisionOf(peak, id).setpointA),
      [7, 6, 6, 0, 0, 0],
    );
    assert.match(decisionOf(peak, 'hi1').reason, /peak hours 17:00–21:00 40 A/);
    assert.match(decisionOf(peak, 'lo1').reason, /paused: 0 A available on main L1 < 6 A minimum/);
    for (const s of steps.filter((x) => x.tS > 180)) assert.ok(Math.max(...s.gridA) <= 39 + 1e-9);
    assert.deepEqual(peak.result.summary.scheduleLimitA, 40);
  });

  it('a 1-phase car on L2 is limited by L2 alone', () => {
    const site = aSite({
      site: { fuseA: 25 },
      devices: [aCharger({ id: 'car', phases: ['L2'], maxA: 32 })],
    });
    const steps = drive({ site, seconds: 40, baseA: () => [20, 10, 22] });
    const last = decisionOf(at(steps, 40), 'car');
    assert.equal(last.targetA, 14); // 25 − 1 − 10 on L2; L1 and L3 are nearly full but do not matter
    assert.equal(last.setpointA, 14);
    assert.deepEqual(last.phases, ['L2']);
    assert.match(last.reason, /limited by main L2: 14 A headroom/);
    assert.deepEqual(at(steps, 40).gridA, [20, 24, 22]);
  });

  it('a 3x230 V delta (it) home: a 1-phase load between L1 and L3 loads both lines', () => {
    const site = aSite({
      site: { network: 'it', fuseA: 25 },
      devices: [aCharger({ id: 'car', phases: ['L1', 'L3'], maxA: 32 })],
    });
    const steps = drive({ site, seconds: 40, baseA: () => [15, 5, 10] });
    const last = at(steps, 40);
    const car = decisionOf(last, 'car');
    assert.equal(car.targetA, 9); // L1: 24 − 15; L3 would allow 14
    assert.match(car.reason, /limited by main L1: 9 A headroom/);
    assert.deepEqual(car.phases, ['L1', 'L3']);
    assert.equal(car.powerW, 9 * 230); // P = V·I between two lines
    assert.deepEqual(last.gridA, [24, 5, 19]);
  });
});
