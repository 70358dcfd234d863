import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  effectiveMinOffS,
  FLAP_WINDOW_S,
  MAX_OFF_FACTOR,
  nextPauseStreak,
  offTimeLeftS,
  shedRank,
  turnLeftS,
} from './hysteresis.js';
import { aCharger, aSite } from './test-support/builders.js';
import { drive } from './test-support/drive.js';

describe('pause and turn clocks', () => {
  it('minimum off time counts from the pause', () => {
    assert.equal(offTimeLeftS(null, 10_000, 60), 0);
    assert.equal(offTimeLeftS(0, 10_000, 60), 50);
    assert.equal(offTimeLeftS(0, 70_000, 60), 0);
  });

  it('a started device keeps its turn for max(minOnS, rotateAfterS)', () => {
    assert.equal(turnLeftS(0, 100_000, { minOnS: 60, minOffS: 60, rotateAfterS: 900 }), 800);
    assert.equal(turnLeftS(0, 100_000, { minOnS: 300, minOffS: 60, rotateAfterS: 0 }), 200);
    assert.equal(turnLeftS(null, 100_000, { minOnS: 300, minOffS: 60, rotateAfterS: 0 }), 0);
  });

  it('most session energy is shed first, but never a device within its turn before the others', () => {
    assert.ok(shedRank(12, false) > shedRank(3, false));
    assert.ok(shedRank(50, true) < shedRank(0, false));
  });
});

describe('anti-flapping: repeated pauses lengthen the minimum off time', () => {
  it('doubles minOffS per pause of a streak, up to 8 times, and forgets after a quiet spell', () => {
    assert.equal(effectiveMinOffS(60, 1), 60);
    assert.equal(effectiveMinOffS(60, 2), 120);
    assert.equal(effectiveMinOffS(60, 4), 480);
    assert.equal(effectiveMinOffS(60, 9), 60 * MAX_OFF_FACTOR);
    assert.equal(nextPauseStreak(0, null, 1_000), 1);
    assert.equal(nextPauseStreak(2, 0, (FLAP_WINDOW_S - 1) * 1000), 3);
    assert.equal(nextPauseStreak(5, 0, FLAP_WINDOW_S * 1000), 1);
    assert.equal(offTimeLeftS(0, 10_000, 60, 3), 230);
  });

  it('a hob thermostat cycling every 30 s no longer stops and starts the car every minute', () => {
    // 1x25 A: the car's 6 A minimum fits only while the hob (17 A) is off; the hob cycles 30 s
    // on / 30 s off for the first 40 minutes, then the kitchen is quiet.
    const site = aSite({
      site: { phases: 1, fuseA: 25, marginA: 1 },
      devices: [aCharger({ phases: ['L1'] })],
    });
    const hobOn = (tS: number) => tS < 2400 && Math.floor(tS / 30) % 2 === 0;
    const steps = drive({ site, seconds: 3600, baseA: (tS) => [hobOn(tS) ? 20 : 3, 0, 0] });
    const starts = (from: number, to: number) =>
      steps.filter((s, i) => {
        const prev = steps[i - 1]?.result.devices[0]?.setpointA ?? 0;
        return s.tS >= from && s.tS < to && prev <= 0 && (s.result.devices[0]?.setpointA ?? 0) > 0;
      }).length;
    // With a fixed 60 s off time the car would restart about every 60–90 s: some 30 starts in
    // 40 minutes. The growing off time leaves a handful.
    assert.ok(starts(0, 2400) <= 8, `${starts(0, 2400)} starts while the hob cycles`);
    assert.ok(starts(0, 2400) >= 2, 'the car still gets its turns between pauses');
    // Safety is untouched: the limit holds whenever the car runs.
    for (const s of steps) assert.ok(s.gridA[0] <= 25 + 16, `grid ${s.gridA[0]} A at ${s.tS} s`);
    // Once the hob is quiet the car runs on.
    const last = steps.at(-1)?.result.devices[0];
    assert.ok((last?.setpointA ?? 0) >= 6, `car at ${last?.setpointA} A after the kitchen is quiet`);
  });
});
