import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { quantiseDown, ramp, type RampMemory } from './ramp.js';

const charger = { minA: 6, stepA: 1, discrete: false };
const settings = { increaseDelayS: 5, rampAPerS: 1 };
const at = (setpointA: number, raiseSinceMs: number | null = null): RampMemory => ({
  setpointA,
  rampA: setpointA,
  raiseSinceMs,
});

describe('fast down, slow up', () => {
  it('a decrease takes effect in the same cycle', () => {
    const r = ramp(7, at(16), charger, settings, 1000, 1);
    assert.deepEqual([r.setpointA, r.phase], [7, 'down']);
    assert.equal(ramp(0, at(16), charger, settings, 1000, 1).setpointA, 0);
  });

  it('an increase waits increaseDelayS, then ramps at rampAPerS per elapsed second', () => {
    let m: RampMemory = at(6);
    const seen: number[] = [];
    for (let t = 0; t <= 12; t++) {
      const r = ramp(16, m, charger, settings, t * 1000, 1);
      seen.push(r.setpointA);
      m = r;
    }
    assert.deepEqual(seen, [6, 6, 6, 6, 6, 6, 7, 8, 9, 10, 11, 12, 13]);
  });

  it('the delay restarts when the target falls back to the setpoint', () => {
    let m = ramp(16, at(6), charger, settings, 0, 1);
    m = ramp(16, m, charger, settings, 3000, 1);
    m = ramp(6, m, charger, settings, 4000, 1); // headroom gone
    assert.equal(m.raiseSinceMs, null);
    const r = ramp(16, m, charger, settings, 5000, 1);
    assert.deepEqual([r.phase, r.waitLeftS], ['waiting', 5]);
  });

  it('from 0 it jumps to the minimum (IEC 61851 allows nothing between), then ramps', () => {
    const r = ramp(16, at(0, 0), charger, settings, 5000, 1);
    assert.equal(r.setpointA, 6);
  });

  it('a slow ramp with 1 A steps still progresses (the unquantised level is kept)', () => {
    let m: RampMemory = at(6, -10_000);
    const seen: number[] = [];
    for (let t = 1; t <= 4; t++) {
      const r = ramp(16, m, charger, { increaseDelayS: 5, rampAPerS: 0.5 }, t * 1000, 1);
      seen.push(r.setpointA);
      m = r;
    }
    assert.deepEqual(seen, [6, 7, 7, 8]);
  });

  it('discrete devices (heat pump steps) jump to the target once the delay has passed', () => {
    const r = ramp(8.7, at(2.9, 0), { minA: 2.9, stepA: 0, discrete: true }, settings, 5000, 1);
    assert.deepEqual([r.setpointA, r.phase], [8.7, 'up']);
  });

  it('quantises down to the step above the minimum', () => {
    assert.equal(quantiseDown(12.99, 6, 1), 12);
    assert.equal(quantiseDown(12.99, 6, 0.1), 12.9);
    assert.equal(quantiseDown(3.33, 0, 0), 3.33);
  });

  it('never rounds up: a continuous current goes down to the mA, a stepped one to its step', () => {
    assert.equal(quantiseDown(2.19565, 0, 0), 2.195); // a heat pump's 505 W level
    assert.equal(quantiseDown(5.9996, 6, 0.1), 5.999); // under the minimum: to the mA, not to 6
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 80, noNaN: true }),
        fc.constantFrom(0, 6),
        fc.constantFrom(0, 0.1, 1),
        (x, minA, stepA) => {
          const q = quantiseDown(x, minA, stepA);
          // Down by less than one step (or one mA), and never above x but for float noise.
          assert.ok(q <= x + 1e-9, `${q} > ${x}`);
          assert.ok(x - q < Math.max(stepA, 0.001) + 1e-9, `${q} too far under ${x}`);
        },
      ),
    );
  });
});
