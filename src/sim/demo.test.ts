// The demo end to end: simulated physics → real DSMR 5 telegrams → the real decoder → the
// allocator → simulated devices that follow late. The fuse must hold and the cars must charge.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Demo } from './demo.js';

describe('demo site through the real pipeline', () => {
  it('parses every telegram it writes, keeps the fuse, and charges the cars', () => {
    const demo = new Demo({ seed: 7, startMs: Date.UTC(2026, 5, 15, 10) });
    const fuseA = demo.config.site.fuseA;
    const seconds = 2 * 3600;
    let overloadS = 0;
    let longestOverloadS = 0;
    let run = 0;
    let maxA = 0;
    let car1OnS = 0;
    const delivered = new Map<string, number>();
    for (let i = 0; i < seconds; i++) {
      const c = demo.step();
      const worst = Math.max(...c.trueCurrentA.map(Math.abs));
      maxA = Math.max(maxA, worst);
      run = worst > fuseA ? run + 1 : 0;
      if (run > 0) overloadS++;
      longestOverloadS = Math.max(longestOverloadS, run);
      for (const d of c.result.devices) {
        assert.ok(d.reason.length > 0, `device ${d.id} has no reason at t=${c.tS}`);
        assert.ok(d.setpointA === 0 || d.setpointA >= 6 || d.id === 'heatpump', `${d.id} between 0 and 6 A`);
        delivered.set(d.id, (delivered.get(d.id) ?? 0) + d.setpointA);
        if (d.id === 'car1' && d.setpointA > 0) car1OnS++;
      }
    }
    assert.deepEqual(
      { good: demo.counters.good, bad: demo.counters.bad },
      { good: seconds, bad: 0 },
      'every simulated telegram must parse with a valid CRC',
    );
    // The cars answer 2–4 s late, so a sudden appliance can push a phase over the fuse for a few
    // seconds (a breaker's thermal model tolerates that); never for longer.
    assert.ok(longestOverloadS <= 5, `overload lasted ${longestOverloadS} s (max ${maxA.toFixed(1)} A)`);
    assert.ok(overloadS <= 60, `${overloadS} s above the fuse in ${seconds} s`);
    assert.ok(car1OnS > seconds / 4, `car1 charged only ${car1OnS} s of ${seconds}`);
  });
});
