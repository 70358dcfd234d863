// allocate() cycle by cycle: fail-safe, overload, shortage and turns, cold start, reasons.
// Modes and budgets are in allocate-modes.test.ts and allocate-budgets.test.ts; the seed's
// situations in scenarios.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocate } from './allocate.js';
import type { AllocatorInputs } from './inputs.js';
import { emptyState } from './state.js';
import { aCharger, aCircuit, aSite, aStepped } from './test-support/builders.js';
import { at, decisionOf, drive } from './test-support/drive.js';

const T0 = Date.parse('2026-11-24T10:00:00+01:00');
const one = (id: string, r: ReturnType<typeof allocate>) => {
  const d = r.devices.find((x) => x.id === id);
  if (!d) throw new Error(id);
  return d;
};

describe('fail-safe', () => {
  const site = aSite({ site: { fuseA: 25 }, devices: [aCharger({ id: 'car', maxA: 16 })] });
  const running = drive({ site, seconds: 30, baseA: () => [2, 2, 2] });
  const state = at(running, 30).result.state;

  it('stale meter data → every device to its fail-safe current in one cycle', () => {
    assert.equal(decisionOf(at(running, 30), 'car').setpointA, 16);
    const stale: AllocatorInputs = {
      grid: { netCurrentA: [18, 18, 18], ageS: 4.1 },
      devices: { car: { measuredA: [16, 16, 16] } },
    };
    const r = allocate(site, stale, state, T0 + 31_000);
    assert.equal(one('car', r).setpointA, 6);
    assert.equal(one('car', r).status, 'failsafe');
    assert.equal(one('car', r).reason, 'fail-safe: meter data 4.1 s old → 6 A');
    assert.equal(r.summary.failsafe, true);
  });

  it('no meter data at all is stale too', () => {
    const r = allocate(site, { grid: { netCurrentA: null }, devices: {} }, state, T0 + 31_000);
    assert.equal(one('car', r).reason, 'fail-safe: no meter data → 6 A');
  });

  it('never raises: a paused device stays paused, a step device takes the highest step under the fail-safe', () => {
    const s = aSite({
      site: { failsafeA: 6 },
      devices: [
        aCharger({ id: 'car', maxA: 16 }),
        aStepped({ id: 'boiler', phases: ['L1'], stepsW: [690, 1380, 2760] }),
      ],
    });
    const before = allocate(
      s,
      { grid: { netCurrentA: [30, 30, 30] }, devices: { car: { measuredA: [0, 0, 0] } } },
      emptyState(),
      T0,
    );
    assert.equal(one('car', before).setpointA, 0);
    const r = allocate(
      s,
      { grid: { netCurrentA: [30, 30, 30], ageS: 10 }, devices: {} },
      before.state,
      T0 + 1000,
    );
    assert.equal(one('car', r).setpointA, 0);
    const boiler = allocate(
      s,
      { grid: { netCurrentA: null }, devices: {} },
      { ...r.state, devices: { ...r.state.devices, boiler: { ...r.state.devices.boiler!, setpointA: 12 } } },
      T0 + 2000,
    );
    assert.equal(one('boiler', boiler).setpointA, 6); // 1380 W on 230 V; 2760 W would be 12 A
  });

  it('when the data comes back, increases wait and ramp again', () => {
    const stale = allocate(site, { grid: { netCurrentA: null }, devices: {} }, state, T0 + 31_000);
    const back = allocate(
      site,
      { grid: { netCurrentA: [8, 8, 8] }, devices: { car: { measuredA: [6, 6, 6] } } },
      stale.state,
      T0 + 32_000,
    );
    assert.equal(one('car', back).targetA, 16);
    assert.equal(one('car', back).setpointA, 6);
    assert.match(one('car', back).reason, /increase to 16 A in 5 s/);
  });
});

describe('overload and shortage', () => {
  it('a measured overload cuts a device in the same cycle, even inside its minimum on time', () => {
    const site = aSite({ site: { fuseA: 25 }, devices: [aCharger({ id: 'car', maxA: 16, minOnS: 600 })] });
    const steps = drive({ site, seconds: 40, baseA: (t) => (t < 30 ? [2, 2, 2] : [20, 2, 2]) });
    assert.equal(decisionOf(at(steps, 29), 'car').setpointA, 16);
    const cut = decisionOf(at(steps, 30), 'car');
    assert.equal(cut.setpointA, 0);
    // The estimate: 36 A measured on L1 − 16 A of car = 20 A base; 24 − 20 = 4 A < 6 A.
    assert.equal(cut.reason, 'paused: 4 A available on main L1 < 6 A minimum for 0 s');
  });

  it('base load alone over a fuse: every device off, and the reason says by how much', () => {
    const site = aSite({ site: { fuseA: 25 }, devices: [aCharger({ id: 'car', phases: ['L2'], maxA: 16 })] });
    const r = allocate(site, { grid: { netCurrentA: [27, 3, 3] }, devices: {} }, emptyState(), T0);
    assert.equal(one('car', r).setpointA, 0);
    assert.match(one('car', r).reason, /^cut: main L1 over its limit by 3 A with every device off/);
  });

  it('in a shortage a device in its turn keeps running; the newcomer waits, then they take turns', () => {
    const site = aSite({
      site: { fuseA: 16, rotateAfterS: 300 },
      devices: [aCharger({ id: 'a', maxA: 16 }), aCharger({ id: 'b', maxA: 16 })],
    });
    const steps = drive({
      site,
      seconds: 1300,
      stepS: 5,
      baseA: () => [6, 6, 6],
      devices: { b: { connected: (t) => t >= 100 } },
    });
    // a started alone; b arrives with less energy but a keeps its turn (300 s from its start).
    assert.equal(decisionOf(at(steps, 150), 'a').setpointA, 9);
    const waiting = decisionOf(at(steps, 150), 'b');
    assert.equal(waiting.setpointA, 0);
    assert.match(waiting.reason, /^paused: 0 A available on main L1 < 6 A minimum for 50 s; shortage/);
    // After a's turn, the one with less session energy runs; and so on.
    assert.equal(decisionOf(at(steps, 310), 'b').setpointA > 0, true);
    assert.equal(decisionOf(at(steps, 310), 'a').setpointA, 0);
    const runs = (id: string) => steps.filter((s) => decisionOf(s, id).setpointA > 0).length;
    assert.ok(runs('a') > 60 && runs('b') > 60, `a ran ${runs('a')}, b ran ${runs('b')} steps`);
    // Never both at once (room for one minimum only), never more than the fuse allows.
    for (const s of steps) assert.ok(s.gridA[0] <= 15 + 1e-9, `${s.tS}: ${s.gridA[0]}`);
  });

  it('a device paused by the limits stays off for minOffS', () => {
    const site = aSite({ site: { fuseA: 25 }, devices: [aCharger({ id: 'car', maxA: 16, minOffS: 120 })] });
    const steps = drive({ site, seconds: 200, baseA: (t) => (t >= 30 && t < 40 ? [22, 2, 2] : [2, 2, 2]) });
    assert.equal(decisionOf(at(steps, 30), 'car').setpointA, 0);
    assert.equal(decisionOf(at(steps, 30), 'car').limitedBy, 'main L1', 'paused by the limits: the line');
    assert.equal(decisionOf(at(steps, 100), 'car').reason, 'paused: minimum off time, 50 s left');
    assert.equal(decisionOf(at(steps, 100), 'car').limitedBy, null, 'held off by the clock: no line');
    assert.equal(decisionOf(at(steps, 149), 'car').setpointA, 0);
    assert.ok(decisionOf(at(steps, 160), 'car').setpointA >= 6);
  });
});

describe('cold start', () => {
  const site = aSite({ site: { fuseA: 25 }, devices: [aCharger({ id: 'car', maxA: 16 })] });

  it('takes what a device draws as its last setpoint and ramps from there', () => {
    const r = allocate(
      site,
      { grid: { netCurrentA: [12, 12, 12] }, devices: { car: { measuredA: [10.4, 10, 10] } } },
      emptyState(),
      T0,
    );
    assert.deepEqual([one('car', r).targetA, one('car', r).setpointA], [16, 10]);
  });

  it('a device drawing nothing may start at its minimum at once', () => {
    const r = allocate(
      site,
      { grid: { netCurrentA: [2, 2, 2] }, devices: { car: { measuredA: [0, 0, 0] } } },
      emptyState(),
      T0,
    );
    assert.deepEqual([one('car', r).targetA, one('car', r).setpointA], [16, 6]);
  });
});

describe('circuits and reasons', () => {
  it('a metered sub-circuit: its own meter sets its base load; the reason names it and the numbers', () => {
    const site = aSite({
      site: { fuseA: 40 },
      circuits: [aCircuit({ id: 'garage', fuseA: 20, metered: true })],
      devices: [aCharger({ id: 'car', circuit: 'garage', phases: ['L3'], maxA: 16, minA: 6 })],
    });
    const inputs: AllocatorInputs = {
      grid: { netCurrentA: [5, 5, 13] },
      circuits: { garage: { netCurrentA: [0, 0, 10.8] } },
      devices: { car: { measuredA: [0] } },
    };
    const r = allocate(site, inputs, emptyState(), T0);
    assert.equal(one('car', r).targetA, 8); // 20 − 1 − 10.8 = 8.2 → 8
    assert.match(one('car', r).reason, /^limited by garage L3: 8\.2 A headroom/);
    assert.equal(one('car', r).limitedBy, 'garage L3');
    const garage = r.circuits.find((c) => c.id === 'garage');
    assert.deepEqual(garage?.availableA, [19, 19, 8.2]);
    assert.deepEqual(garage?.headroomA, [19, 19, 0.2]);
  });

  it('an unmetered sub-circuit counts its devices only; main still sees everything', () => {
    const site = aSite({
      site: { fuseA: 25 },
      circuits: [aCircuit({ id: 'garage', fuseA: 16 })],
      devices: [
        aCharger({ id: 'a', circuit: 'garage', maxA: 16 }),
        aCharger({ id: 'b', circuit: 'garage', maxA: 16 }),
      ],
    });
    const r = allocate(site, { grid: { netCurrentA: [2, 2, 2] }, devices: {} }, emptyState(), T0);
    // garage: 16 − 1 = 15 A for two cars → 7.5 each, rounded down to 7; the solver hands the
    // amp that rounding freed to the first in id order.
    assert.deepEqual([one('a', r).targetA, one('b', r).targetA], [8, 7]);
    assert.match(one('a', r).reason, /^limited by garage L1: 15 A headroom shared by 2/);
  });

  it('the neutral of a tn site limits 1-phase loads (phasor sum, power factor 1)', () => {
    const site = aSite({
      site: { fuseA: 40, neutralA: 20 },
      devices: [aCharger({ id: 'car', phases: ['L1'], maxA: 32 })],
    });
    const r = allocate(site, { grid: { netCurrentA: [0, 0, 0] }, devices: {} }, emptyState(), T0);
    assert.equal(one('car', r).targetA, 19); // neutral 20 − 1 margin
    assert.match(one('car', r).reason, /^limited by neutral: 19 A limit/);
  });

  it('says why for devices that are off or away', () => {
    const site = aSite({
      devices: [aCharger({ id: 'off', mode: 'off', maxA: 16 }), aCharger({ id: 'away', maxA: 16 })],
    });
    const r = allocate(
      site,
      { grid: { netCurrentA: [0, 0, 0] }, devices: { away: { connected: false } } },
      emptyState(),
      T0,
    );
    assert.deepEqual([one('off', r).reason, one('off', r).status], ['mode off', 'off']);
    assert.deepEqual([one('away', r).reason, one('away', r).status], ['not connected', 'disconnected']);
    assert.deepEqual([one('off', r).limitedBy, one('away', r).limitedBy], [null, null]);
  });

  // Up to 64 devices the state's record is built at once, above that when read (allocate.ts
  // nextState): both must serialise the same memories and give the same next cycle.
  for (const n of [2, 65]) {
    it(`is deterministic, and its state survives JSON (${n} devices)`, () => {
      const ids = Array.from({ length: n }, (_, i) => `car${i}`);
      const site = aSite({
        site: { fuseA: 6 * n },
        devices: ids.map((id) => aCharger({ id, maxA: 16 })),
      });
      const inputs: AllocatorInputs = {
        grid: { netCurrentA: [9, 4, 7] },
        devices: { car0: { measuredA: [6, 6, 6] } },
      };
      const first = allocate(site, inputs, emptyState(), T0);
      assert.deepEqual(allocate(site, inputs, emptyState(), T0), first);
      const again = JSON.parse(JSON.stringify(first.state)) as typeof first.state;
      assert.deepEqual(Object.keys(again.devices), ids);
      assert.equal(again.devices['car0']!.setpointA, first.devices[0]!.setpointA);
      assert.deepEqual(
        allocate(site, inputs, again, T0 + 1000),
        allocate(site, inputs, first.state, T0 + 1000),
      );
      // A copy with one memory changed is read as it is, not as the state it was copied from.
      const car0 = { ...first.state.devices['car0']!, setpointA: 0, rampA: 0, onSinceMs: null };
      const changed = { ...first.state, devices: { ...first.state.devices, car0 } };
      const next = allocate(site, inputs, changed, T0 + 1000);
      assert.deepEqual(next, allocate(site, inputs, JSON.parse(JSON.stringify(changed)), T0 + 1000));
      assert.notDeepEqual(next.devices[0], allocate(site, inputs, first.state, T0 + 1000).devices[0]);
    });
  }

  it('warns about inputs that do not match the configuration', () => {
    const site = aSite({ devices: [aCharger({ id: 'car', maxA: 16 })] });
    const r = allocate(site, { grid: { netCurrentA: [1, 1] }, devices: { bike: {} } }, emptyState(), T0);
    assert.deepEqual(r.warnings, [
      'input device "bike" is not in the configuration (ignored)',
      'grid.netCurrentA has 2 values for a 3-phase site (missing ones read 0)',
    ]);
  });

  it('warns the same on a large site, whose result makes its devices and warnings when read', () => {
    const devices = Array.from({ length: 80 }, (_, i) => aCharger({ id: `car${i}`, maxA: 16 }));
    const site = aSite({ site: { fuseA: 400 }, devices });
    const inputs = { grid: { netCurrentA: [1, 1] }, devices: { car3: { measuredA: [6] }, bike: {} } };
    const r = allocate(site, inputs, emptyState(), T0);
    assert.ok(r.decisionTable !== null, 'a large site keeps its decisions in columns');
    assert.deepEqual(r.warnings, [
      'input device "bike" is not in the configuration (ignored)',
      'grid.netCurrentA has 2 values for a 3-phase site (missing ones read 0)',
    ]);
    assert.strictEqual(r.devices.length, 80);
    assert.strictEqual(r.devices, r.devices, 'made once');
    const json = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json).sort(), ['circuits', 'devices', 'state', 'summary', 'warnings']);
    assert.deepEqual(json.devices, r.devices);
  });
});
