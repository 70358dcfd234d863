// Site-wide budgets: quarter-hour peak control, monthPeak, and the external limit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocate } from './allocate.js';
import type { AllocatorInputs } from './inputs.js';
import { emptyState } from './state.js';
import { aCharger, aSite } from './test-support/builders.js';
import { at, decisionOf, drive } from './test-support/drive.js';

const T0 = Date.parse('2026-11-24T10:00:00+01:00');
const car = (r: ReturnType<typeof allocate>) => r.devices.find((d) => d.id === 'car')!;

describe('quarter-hour peak control', () => {
  const site = aSite({
    site: { fuseA: 25, peak: { targetW: 8000, marginW: 100 } },
    devices: [aCharger({ id: 'car', maxA: 16 })],
  });
  const inputs = (quarterHour?: AllocatorInputs['quarterHour']): AllocatorInputs => ({
    grid: { netCurrentA: [1, 1, 1], powerImportW: 690 },
    devices: { car: { measuredA: [0, 0, 0] } },
    ...(quarterHour ? { quarterHour } : {}),
  });

  it('budgets the rest of the quarter: a heavy start leaves the car less near the end', () => {
    // At the start: 7.9 kW − 0.69 kW base = 7.21 kW for the car → 10 A.
    const start = allocate(site, inputs({ energyKWh: 0, elapsedS: 0 }), emptyState(), T0);
    assert.equal(car(start).targetA, 10);
    // 1.75 kWh after 780 s: (7900·900 − 1750·3600) / 120 = 6750 W; − 690 W base → 8 A.
    const late = allocate(site, inputs({ energyKWh: 1.75, elapsedS: 780 }), emptyState(), T0 + 780_000);
    assert.equal(car(late).targetA, 8);
    assert.equal(
      car(late).reason,
      'quarter-hour budget 6.1 kW for the devices (target 8.0 kW, 120 s left in the quarter); ramping up to 8 A (+1 A/s)',
    );
    assert.equal(late.summary.quarterHour?.allowedW, 6750);
  });

  it('over budget: every device pauses until the quarter ends', () => {
    const over = allocate(site, inputs({ energyKWh: 2.0, elapsedS: 840 }), emptyState(), T0 + 840_000);
    assert.equal(car(over).targetA, 0);
  });

  it('keeps the measured quarter-hour average under the target, integrating the meter itself', () => {
    const s = aSite({
      site: { fuseA: 25, peak: { targetW: 6000, marginW: 100 } },
      devices: [aCharger({ id: 'car', maxA: 16 })],
    });
    // A 4 kW heater for the first 6 minutes, then 0.69 kW.
    const steps = drive({
      site: s,
      seconds: 1200,
      startIso: '2026-11-24T10:00:00+01:00',
      baseA: (t) => (t < 360 ? [5.797, 5.797, 5.797] : [1, 1, 1]),
    });
    assert.equal(decisionOf(at(steps, 100), 'car').setpointA, 0); // 1.9 kW left < 4.14 kW minimum
    // After the heater: (5900·900 − 400 Wh·3600) / 540 s = 7.17 kW → 9 A.
    assert.equal(decisionOf(at(steps, 400), 'car').targetA, 9);
    // The next quarter starts afresh: 5.9 − 0.69 kW → 7 A.
    assert.equal(decisionOf(at(steps, 1000), 'car').targetA, 7);
    const first = steps.filter((x) => x.tS < 900);
    const averageW =
      first.reduce((sum, x) => sum + (x.gridA[0] + x.gridA[1] + x.gridA[2]) * 230, 0) / first.length;
    assert.ok(averageW <= 6000, `quarter average ${averageW.toFixed(0)} W`);
  });

  it('monthPeak: the month’s highest quarter so far, never below 2.5 kW', () => {
    const s = aSite({
      site: { fuseA: 25, peak: { targetW: 'monthPeak' } },
      devices: [aCharger({ id: 'car', phases: ['L1'], maxA: 32 })],
    });
    const low: AllocatorInputs = {
      grid: {
        netCurrentA: [1, 0, 0],
        powerImportW: 230,
        capacity: { monthPeakW: 1200, averageDemandW: 230 },
      },
      devices: {},
    };
    const r = allocate(s, low, emptyState(), T0);
    assert.equal(r.summary.quarterHour?.targetW, 2500);
    assert.equal(car(r).targetA, 9); // (2400 − 230) / 230 = 9.4
    const high = allocate(
      s,
      { ...low, grid: { ...low.grid, capacity: { monthPeakW: 4600, averageDemandW: 230 } } },
      emptyState(),
      T0,
    );
    assert.equal(high.summary.quarterHour?.targetW, 4600);
    assert.equal(car(high).targetA, 18); // (4500 − 230) / 230 = 18.6
  });
});

describe('external limit', () => {
  const site = aSite({ site: { fuseA: 25 }, devices: [aCharger({ id: 'car', maxA: 16 })] });
  const base: AllocatorInputs = { grid: { netCurrentA: [1, 1, 1] }, devices: {} };

  it('a total in W for the controllable devices together', () => {
    const r = allocate(site, { ...base, externalLimit: { totalW: 4200 } }, emptyState(), T0);
    assert.equal(car(r).targetA, 6); // 4200 W / 690 W per A = 6.1
    assert.match(car(r).reason, /^limited by external limit: 4\.2 kW/);
  });

  it('a total in A: the sum over the devices’ phases, at voltageV', () => {
    const r = allocate(site, { ...base, externalLimit: { totalA: 27 } }, emptyState(), T0);
    assert.equal(car(r).targetA, 9); // 27 A over 3 phases
  });

  it('too little for the minimum: paused, and the reason says so', () => {
    const r = allocate(site, { ...base, externalLimit: { totalW: 2000 } }, emptyState(), T0);
    assert.equal(car(r).targetA, 0);
    assert.match(car(r).reason, /^paused: 2\.9 A available on external limit < 6 A minimum/);
  });
});
