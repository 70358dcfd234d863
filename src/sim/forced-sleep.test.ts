// Cars lost to a pause no controller can avoid (forced-sleep.ts), and the no-wake die (world/ev.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { optimumInput } from './optimum-input.js';
import { loadScenario, type Scenario } from './scenario/load.js';
import { neverWakes } from './world/ev.js';
import type { EvSession } from './world/sessions.js';

const hall = loadScenario(new URL('../../scenarios/5-production-hall.yaml', import.meta.url).pathname);
const withNoWake = (s: Scenario, p: number): Scenario => ({
  ...s,
  sim: { ...s.sim, evs: s.sim.evs.map((e) => ({ ...e, noWakeProbability: p })) },
});
const span = { start: '2026-02-02T06:00', days: 0.25 };

describe('forced sleep', () => {
  it('ends a no-wake car’s session for the optimum where the machines alone leave less than its minimum for longer than it stays awake', () => {
    // From about 07:11 (local) all four machines run: 94.6 A on the hall's 100 A breaker (3 A
    // margin), 80.4 A active and 49.8 A reactive, so √(97² − 49.8²) − 80.4 = 2.8 A fit beside them
    // — less than the 5.7 A a car draws at 6 A — for over half an hour. A car that never wakes is
    // asleep 900 s (+ its response delay) after that began; the program must not charge it later.
    const lost = optimumInput(withNoWake(hall, 1), span).sessions;
    const kept = optimumInput(withNoWake(hall, 0), span).sessions;
    assert.equal(kept.length, 2);
    for (const [i, s] of lost.entries()) {
      const k = kept[i]!;
      assert.equal(k.departureS, 21_600, 'without no-wake cars nothing changes');
      assert.ok(
        s.departureS > 4_200 + 900 && s.departureS < 4_300 + 900 + 6,
        `${s.deviceId} ends at ${s.departureS} s`,
      );
    }
  });

  it('draws the no-wake die per session, the same in every window of the run', () => {
    const ev = hall.sim.evs[0]!;
    const session = (arrivalS: number, arrivedS: number): EvSession => ({
      deviceId: 'van1',
      arrivalS,
      departureS: arrivalS + 3600,
      energyKWh: 10,
      responseDelayS: 2,
      arrivedS,
    });
    const certain = { ...ev, noWakeProbability: 1 };
    const never = { ...ev, noWakeProbability: 0 };
    assert.equal(neverWakes(5, session(0, 0), 1_000, certain), true);
    assert.equal(neverWakes(5, session(0, 0), 1_000, never), false);
    // A run from 1,000 s where the car came at −400 s (clipped to 0), and one from 0 where it came at 600 s.
    const draws = (p: number) => {
      const e = { ...ev, noWakeProbability: p };
      return [neverWakes(5, session(0, -400), 1_000, e), neverWakes(5, session(600, 600), 0, e)];
    };
    for (const p of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      const [a, b] = draws(p);
      assert.equal(a, b, `p = ${p}`);
    }
  });
});
