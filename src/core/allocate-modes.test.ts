// Modes over time: pv start/stop clocks, minpv, planned, 1p/3p switching, unused offers, batteries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aBattery, aCharger, aSite } from './test-support/builders.js';
import { at, decisionOf, drive } from './test-support/drive.js';

describe('solar modes', () => {
  it('pv: starts after the surplus has covered the minimum for startDelayS, stops after importing for stopDelayS', () => {
    const site = aSite({ site: { fuseA: 25 }, devices: [aCharger({ id: 'car', maxA: 16, mode: 'pv' })] });
    // 690 W base; 6 kW of PV until 200 s (5.3 kW surplus ≥ 4.14 kW at 3 × 6 A), then 3 kW.
    const steps = drive({ site, seconds: 700, baseA: () => [1, 1, 1], pvW: (t) => (t < 200 ? 6000 : 3000) });
    const starting = decisionOf(at(steps, 30), 'car');
    assert.deepEqual([starting.targetA, starting.setpointA], [7, 0]);
    assert.equal(starting.reason, 'solar: 5.3 kW surplus ≥ 4.1 kW, starting in 30 s');
    assert.equal(decisionOf(at(steps, 59), 'car').setpointA, 0);
    assert.equal(decisionOf(at(steps, 60), 'car').setpointA, 6);
    const running = decisionOf(at(steps, 100), 'car');
    assert.deepEqual([running.setpointA, running.reason], [7, 'solar: 5.3 kW surplus']);
    assert.ok(
      at(steps, 100).gridA.every((a) => a <= 0),
      'charging from surplus only',
    );
    // The surplus falls short: it keeps its minimum for stopDelayS (300 s), then stops.
    const stopping = decisionOf(at(steps, 300), 'car');
    assert.equal(stopping.setpointA, 6);
    assert.match(
      stopping.reason,
      /^solar: 2\.3 kW surplus < 4\.1 kW minimum, importing 1\.8 kW > 0\.3 kW: stopping in 200 s/,
    );
    assert.equal(decisionOf(at(steps, 499), 'car').setpointA, 6);
    assert.equal(decisionOf(at(steps, 500), 'car').setpointA, 0);
    assert.equal(decisionOf(at(steps, 600), 'car').reason, 'solar: 2.3 kW surplus < 4.1 kW minimum');
  });

  it('minpv: its minimum always (from the grid if need be), the surplus when it is more', () => {
    const site = aSite({ site: { fuseA: 25 }, devices: [aCharger({ id: 'car', maxA: 16, mode: 'minpv' })] });
    const steps = drive({ site, seconds: 200, baseA: () => [1, 1, 1], pvW: (t) => (t < 100 ? 0 : 8000) });
    const dark = decisionOf(at(steps, 90), 'car');
    assert.equal(dark.setpointA, 6);
    assert.equal(dark.reason, 'solar: 0.0 kW surplus < 4.1 kW: at minimum 6 A');
    const sunny = decisionOf(at(steps, 190), 'car');
    assert.equal(sunny.setpointA, 10); // (8000 − 690) / 690 = 10.6 → 10
    assert.ok(at(steps, 190).gridA.every((a) => a <= 0));
  });

  it('planned: at least the average current that meets the plan by its departure', () => {
    const site = aSite({
      site: { fuseA: 25, timezone: 'Europe/Brussels' },
      devices: [
        aCharger({
          id: 'car',
          phases: ['L1'],
          maxA: 32,
          mode: 'planned',
          plan: { energyKWh: 30, by: '07:00' },
        }),
      ],
    });
    // 22:00 → 07:00 is 9 h: 30 kWh / 9 h / 230 V = 14.5 A on one phase → 15 A.
    const steps = drive({ site, seconds: 30, startIso: '2026-11-24T22:00:00+01:00', baseA: () => [1, 1, 1] });
    const car = decisionOf(at(steps, 30), 'car');
    assert.equal(car.targetA, 15);
    assert.match(car.reason, /^plan needs ≥ 15 A/);
  });

  it('planned, once the energy is in: as pv', () => {
    const site = aSite({
      site: { fuseA: 25 },
      devices: [aCharger({ id: 'car', maxA: 16, mode: 'planned', plan: { energyKWh: 5, by: '07:00' } })],
    });
    const steps = drive({ site, seconds: 5, baseA: () => [1, 1, 1], extra: () => ({}) });
    assert.ok(decisionOf(at(steps, 5), 'car').setpointA > 0);
    const done = drive({
      site,
      seconds: 5,
      baseA: () => [1, 1, 1],
      extra: () => ({ devices: { car: { energyKWh: 6 } } }),
    });
    assert.equal(decisionOf(at(done, 5), 'car').reason, 'solar: 0.0 kW surplus < 4.1 kW minimum');
  });

  it('a battery in pv mode charges from the surplus, continuously', () => {
    const site = aSite({
      site: { fuseA: 25 },
      devices: [aBattery({ id: 'battery', mode: 'minpv', maxChargeW: 5000 })],
    });
    const steps = drive({ site, seconds: 120, baseA: () => [1, 1, 1], pvW: () => 3000 });
    const b = decisionOf(at(steps, 120), 'battery');
    assert.ok(Math.abs(b.setpointA - 2310 / 690) < 0.01, String(b.setpointA));
    assert.ok(at(steps, 120).gridA.every((a) => Math.abs(a) < 0.01));
  });
});

describe('1p/3p switching', () => {
  it('drops to one phase when the surplus covers 1.4 kW but not 4.1 kW, back to three when it does; at most maxSwitchesPerSession', () => {
    const site = aSite({
      site: { fuseA: 25 },
      devices: [aCharger({ id: 'car', maxA: 16, mode: 'pv', phaseSwitching: { maxSwitchesPerSession: 2 } })],
    });
    const pvW = (t: number) => (t < 300 ? 3000 : t < 600 ? 8000 : 3000);
    const steps = drive({ site, seconds: 900, baseA: () => [1, 1, 1], pvW });
    const pending = decisionOf(at(steps, 30), 'car');
    assert.match(pending.reason, /switching to 1 phase in 30 s/);
    const switched = decisionOf(at(steps, 60), 'car');
    assert.deepEqual(switched.phases, ['L1']);
    assert.equal(switched.reason, 'switching to 1 phase: paused 30 s (switch 1 of 2 this session)');
    // After the pause and the pv start delay: one phase at 2.3 kW / 230 V = 10 A.
    const one = decisionOf(at(steps, 200), 'car');
    assert.deepEqual([one.phases, one.setpointA], [['L1'], 10]);
    // More sun: back to three phases after delayS.
    const three = decisionOf(at(steps, 500), 'car');
    assert.deepEqual([three.phases, three.setpointA], [['L1', 'L2', 'L3'], 10]);
    // Less sun again, but no switches left.
    const capped = decisionOf(at(steps, 700), 'car');
    assert.deepEqual(capped.phases, ['L1', 'L2', 'L3']);
    assert.match(capped.reason, /1 phase would fit, but no switches left \(2 of 2\)/);
  });

  it('drops to one phase when the 3-phase minimum does not fit under a fuse but the 1-phase one does', () => {
    const site = aSite({
      site: { fuseA: 25 },
      devices: [aCharger({ id: 'car', maxA: 16, phases: ['L2', 'L3', 'L1'], phaseSwitching: {} })],
    });
    const steps = drive({ site, seconds: 120, baseA: () => [20, 5, 20] });
    assert.equal(decisionOf(at(steps, 30), 'car').setpointA, 0);
    const one = decisionOf(at(steps, 120), 'car');
    assert.deepEqual([one.phases, one.setpointA], [['L2'], 16]);
  });
});

describe('unused offers', () => {
  it('a car drawing 4 A of 8 A offered is capped after a minute; the other car gets the rest, and it is given back', () => {
    const site = aSite({
      site: { fuseA: 17 },
      devices: [aCharger({ id: 'a', maxA: 16 }), aCharger({ id: 'b', maxA: 16 })],
    });
    const steps = drive({
      site,
      seconds: 400,
      baseA: () => [0, 0, 0],
      devices: { a: { wantsA: (t) => (t < 300 ? 4 : 16) } },
    });
    assert.deepEqual(
      ['a', 'b'].map((id) => decisionOf(at(steps, 30), id).setpointA),
      [8, 8],
    );
    const capped = decisionOf(at(steps, 100), 'a');
    assert.equal(capped.setpointA, 6); // 4 + 1 A, but never under its 6 A minimum
    assert.equal(capped.reason, 'drawing 4 A of 6 A offered: capped at 6 A, the rest to others');
    assert.equal(decisionOf(at(steps, 100), 'b').setpointA, 10);
    // It draws more again: the cap goes, fair shares come back.
    assert.deepEqual(
      ['a', 'b'].map((id) => decisionOf(at(steps, 400), id).setpointA),
      [8, 8],
    );
  });

  it('the cap follows the draw down cycle after cycle (a capped range is made again when the cap moves)', () => {
    const site = aSite({ site: { fuseA: 40 }, devices: [aCharger({ id: 'car', maxA: 16 })] });
    const steps = drive({
      site,
      seconds: 400,
      baseA: () => [0, 0, 0],
      devices: { car: { wantsA: (t) => (t < 200 ? 9 : 7) } },
    });
    assert.equal(decisionOf(at(steps, 30), 'car').setpointA, 16);
    for (const t of [150, 190]) assert.equal(decisionOf(at(steps, t), 'car').setpointA, 10, `at ${t} s`);
    for (const t of [250, 390]) assert.equal(decisionOf(at(steps, t), 'car').setpointA, 8, `at ${t} s`);
  });
});
