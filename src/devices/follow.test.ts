import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allowedA, judgeFollowing, pruneHistory, type LimitChange } from './follow.js';
import { clampSetpointA } from './ocpp.js';

describe('clampSetpointA', () => {
  const cases: [number, number][] = [
    [0, 0],
    [-3, 0],
    [Number.NaN, 0],
    [4, 0],
    [5.99, 0],
    [6, 6],
    [6.04, 6],
    [10.26, 10.2],
    [16, 16],
    [32, 16],
  ];
  for (const [requestA, expected] of cases) {
    it(`${requestA} A → ${expected} A (min 6, max 16)`, () =>
      assert.equal(clampSetpointA(requestA, 6, 16), expected));
  }

  it('a configured minimum above 6 A pauses below it', () => assert.equal(clampSetpointA(7.5, 8, 16), 0));

  // Within float noise (1e-9 A): 10.3 stays 10.3 although 10.3 * 10 is 103.00000000000001.
  it('is 0 or within [6, max], never above the request, in tenths', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 80, noNaN: true }),
        fc.double({ min: 6, max: 63, noNaN: true }),
        (a, max) => {
          const out = clampSetpointA(a, 6, max);
          assert.ok(out === 0 || (out >= 6 && out <= max + 1e-9), `${a} → ${out}`);
          assert.ok(out <= Math.max(a, 0) + 1e-9);
          assert.ok(Math.abs(out * 10 - Math.round(out * 10)) < 1e-9);
        },
      ),
    );
  });
});

describe('following limits', () => {
  const policy = { graceMs: 30_000, toleranceA: 2 };
  const history: LimitChange[] = [
    { atMs: 0, currentA: 16 },
    { atMs: 100_000, currentA: 6 },
  ];

  it('a lower limit is held against the device only after the grace period', () => {
    assert.equal(allowedA(history, 110_000, policy.graceMs), 16);
    assert.equal(allowedA(history, 130_001, policy.graceMs), 6);
    assert.deepEqual(judgeFollowing(history, 16, 110_000, policy), {
      follows: true,
      allowedA: 16,
      measuredA: 16,
    });
    assert.deepEqual(judgeFollowing(history, 16, 131_000, policy), {
      follows: false,
      allowedA: 6,
      measuredA: 16,
    });
    assert.deepEqual(judgeFollowing(history, 8, 131_000, policy), {
      follows: true,
      allowedA: 6,
      measuredA: 8,
    });
  });

  it('a higher limit counts at once; nothing to judge before the first limit', () => {
    const up: LimitChange[] = [
      { atMs: 0, currentA: 6 },
      { atMs: 50_000, currentA: 16 },
    ];
    assert.equal(allowedA(up, 50_000, policy.graceMs), 16);
    assert.equal(judgeFollowing([], 16, 0, policy), null);
  });

  it('a ramp down every second still catches a device that ignores it', () => {
    const ramp: LimitChange[] = Array.from({ length: 60 }, (_, i) => ({
      atMs: i * 1000,
      currentA: 16 - i / 6,
    }));
    const verdict = judgeFollowing(ramp, 16, 59_500, policy);
    assert.equal(verdict?.follows, false);
  });

  it('pruning keeps the limit in force at the start of the window', () => {
    const pruned = pruneHistory([...history, { atMs: 200_000, currentA: 10 }], 220_000, policy.graceMs);
    assert.deepEqual(pruned, [
      { atMs: 100_000, currentA: 6 },
      { atMs: 200_000, currentA: 10 },
    ]);
    assert.equal(allowedA(pruned, 220_000, policy.graceMs), 10);
  });
});
