import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Backoff, backoffCeilingMs, backoffDelayMs, type BackoffPolicy } from './backoff.js';

const policy: BackoffPolicy = { initialMs: 500, maxMs: 30_000, factor: 2, floorMs: 100 };

describe('backoff', () => {
  it('doubles the ceiling from 0.5 s and caps it at 30 s', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 7, 100].map((n) => backoffCeilingMs(policy, n));
    assert.deepEqual(ceilings, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('draws uniformly between the floor and the ceiling (full jitter)', () => {
    assert.equal(
      backoffDelayMs(policy, 3, () => 0),
      100,
    );
    assert.equal(
      backoffDelayMs(policy, 3, () => 0.5),
      2050,
    );
    assert.equal(
      backoffDelayMs(policy, 3, () => 0.999999),
      4000,
    );
  });

  it('stays within [floor, cap] for any attempt and any draw', () => {
    fc.assert(
      fc.property(
        fc.nat(10_000),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, draw) => {
          const delayMs = backoffDelayMs(policy, attempt, () => draw);
          return delayMs >= policy.floorMs && delayMs <= policy.maxMs;
        },
      ),
    );
  });

  it('counts failures and starts over after reset', () => {
    const backoff = new Backoff(policy, () => 1);
    assert.deepEqual([backoff.next(), backoff.next(), backoff.next()], [500, 1000, 2000]);
    assert.equal(backoff.attempt, 3);
    backoff.reset();
    assert.equal(backoff.next(), 500);
  });

  it('keeps the floor below a ceiling smaller than it', () => {
    const tiny: BackoffPolicy = { initialMs: 10, maxMs: 40, factor: 2, floorMs: 100 };
    assert.equal(
      backoffDelayMs(tiny, 0, () => 0),
      10,
    );
  });
});
